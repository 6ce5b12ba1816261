"""topic lexicon: the verbs and glossary of a story's topic, as data

Revision ID: 0005t
Revises: 0005_seen_events
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005t"
down_revision = "0005_seen_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("topics") as batch:
        batch.add_column(sa.Column("lexicon", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("topics") as batch:
        batch.drop_column("lexicon")
