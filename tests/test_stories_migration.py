"""Migration 0005s carries a database made before stories over: every row becomes the
first story's, and the bot then answers from it as before."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from conftest import PG_URL, ROOT
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from bot.config.settings import Settings
from bot.core.newsbot import NewsBot
from bot.storage.engine import alembic_config, make_engine, upgrade
from bot.storage.models import Article, Story, Topic, TrackedItem


@pytest.fixture
def empty_url(tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all, on the backend under test."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    schema = f"m_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _upgrade_to(url: str, revision: str) -> None:
    engine = make_engine(url)
    try:
        cfg = alembic_config(engine)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        engine.dispose()


def test_a_database_from_before_stories_becomes_the_first_story(empty_url, clock):
    _upgrade_to(empty_url, "0004")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO topics (key, name, keywords) "
                    "VALUES ('training-mission', 'trainers', '[]')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO tracked_items (key, name, status, aliases, evidence, "
                    "updated_at, version) VALUES ('old-item', 'An old item', 'open', '[]', "
                    "'[]', CURRENT_TIMESTAMP, 1)"
                )
            )
        upgrade(engine)
        with Session(engine) as session:
            story = session.scalars(select(Story)).one()
            assert story.key == "trainers-coalition"
            assert story.status == "active"
            assert session.scalar(select(Topic.story_id)) == story.id
            assert session.scalar(select(TrackedItem.story_id)) == story.id
    finally:
        engine.dispose()
    # The bot seeds what is missing into that story, and answers from it as before.
    settings = Settings(database_url=empty_url, seeds_dir=ROOT / "seeds")
    bot = NewsBot(settings, clock=clock)
    try:
        with bot.session() as session:
            assert len(session.scalars(select(Story)).all()) == 1
            assert {a.story_id for a in session.scalars(select(Article))} == {story.id}
        assert "old-item" in {i.key for i in bot.answerer().table.items}
        assert bot.answer("What is Germany's position?").stances[0].actor.name == "Germany"
    finally:
        bot.engine.dispose()


def test_an_empty_database_gets_its_story_from_the_seeds(empty_url, clock):
    bot = NewsBot(Settings(database_url=empty_url, seeds_dir=ROOT / "seeds"), clock=clock)
    try:
        with bot.session() as session:
            story = session.scalars(select(Story)).one()
            assert (story.key, story.title) == (
                "trainers-coalition",
                "Macron's coalition to send Western military trainers to Ukraine",
            )
            assert {t.story_id for t in session.scalars(select(Topic))} == {story.id}
    finally:
        bot.engine.dispose()
