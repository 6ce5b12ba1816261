"""The Alembic migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.storage.engine import make_engine, upgrade
from bot.storage.models import Base


def test_migrations_match_the_models(db_url):
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        upgrade(engine)  # a second start finds nothing to do
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            assert diff == []
            assert set(Base.metadata.tables) <= set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def test_the_cheap_schema_check_knows_alembics_head():
    """Start-up compares the database with the heads read from the scripts' source, and
    only loads Alembic when they differ: those heads must be Alembic's own."""
    from alembic.script import ScriptDirectory

    from bot.storage.engine import alembic_config, head_revisions

    assert head_revisions() == frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_a_new_database_is_behind_and_upgrade_brings_it_to_head(tmp_path):
    from bot.storage.engine import at_head, stored_revisions

    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        assert stored_revisions(engine) == frozenset()
        assert not at_head(engine)
        upgrade(engine)
        assert at_head(engine)
    finally:
        engine.dispose()


def test_head_revisions_of_a_merge_and_of_unreadable_scripts(tmp_path):
    from bot.storage.engine import head_revisions

    (tmp_path / "a.py").write_text('revision = "a"\ndown_revision = None\n')
    (tmp_path / "b.py").write_text('revision: str = "b"\ndown_revision: str | None = "a"\n')
    (tmp_path / "c.py").write_text("revision = 'c'\ndown_revision = 'a'  # a branch\n")
    assert head_revisions(tmp_path) == {"b", "c"}
    (tmp_path / "m.py").write_text('revision = "m"\ndown_revision = ("b", "c")\n')
    assert head_revisions(tmp_path) == {"m"}
    (tmp_path / "x.py").write_text("revision = make_id()\n")
    assert head_revisions(tmp_path) is None  # not readable: Alembic decides
