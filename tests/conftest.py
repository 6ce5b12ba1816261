"""Fixtures: a real database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set),
a bot seeded from ``seeds/`` with a clock the test controls, and a chat helper."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.core import NewsBot, Request
from bot.settings import Settings
from digests.document import Document
from digests.render import to_text

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("TEST_DATABASE_URL")


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 28, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for each test."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'newsbot.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
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


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(
        database_url=db_url,
        seeds_dir=ROOT / "seeds",
        admins=frozenset({"test:alice", "console:alice"}),
        console_user="alice",
    )


@pytest.fixture
def bot(settings: Settings, clock: Clock) -> Iterator[NewsBot]:
    newsbot = NewsBot(settings, clock=clock)
    yield newsbot
    newsbot.engine.dispose()


@dataclass
class ChatBot:
    """Push text in, read the replies as text (errbot's testbot, for newsbot)."""

    bot: NewsBot
    platform: str = "test"
    workspace: str = "w1"
    channel: str = "c1"

    def docs(self, text: str, *, user: str = "alice", channel: str | None = None) -> list[Document]:
        is_admin = self.bot.settings.is_admin(self.platform, user)
        request = Request(
            self.platform, self.workspace, channel or self.channel, user, is_admin, text
        )
        return self.bot.handle(request)

    def say(self, text: str, *, user: str = "alice", channel: str | None = None) -> str:
        return "\n\n".join(to_text(d) for d in self.docs(text, user=user, channel=channel))


@pytest.fixture
def chat(bot: NewsBot) -> ChatBot:
    return ChatBot(bot)
