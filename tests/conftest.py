"""Fixtures: a real database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set),
a bot seeded from ``seeds/`` with a clock the test controls, and a chat helper."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

# The library data cache (digests.cache) of this run, not the user's (subprocesses too):
# set before the project is imported, as importing it reads the calendar names.
os.environ.setdefault("NEWSBOT_CACHE_DIR", tempfile.mkdtemp(prefix="newsbot-test-cache-"))

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from bot.cli.main import main
from bot.commands.dispatch import dispatch
from bot.config.settings import Settings
from bot.core.newsbot import NewsBot
from bot.core.request import Request
from bot.storage.engine import make_engine, upgrade
from bot.storage.models import Base
from bot.storage.seed import load_seeds
from digests.document import Document
from digests.render import to_text

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("TEST_DATABASE_URL")

# Fixtures of the platform fakes (tests/fakes/), for the tests of each adapter.
pytest_plugins = ["fakes.slack_fixtures"]


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 28, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated and seeded once per run; each test starts from a copy of it."""
    if PG_URL:
        schema = f"t_{uuid.uuid4().hex[:12]}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in PG_URL else "?"
        url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
        upgrade_and_dispose(url)
        try:
            yield url
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
        return
    path = tmp_path_factory.mktemp("template") / "newsbot.db"
    url = f"sqlite:///{path}"
    upgrade_and_dispose(url, seed=True)
    yield str(path)


def upgrade_and_dispose(url: str, *, seed: bool = False) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine)
        if seed:
            with engine.begin() as conn, Session(conn) as session:
                load_seeds(session, ROOT / "seeds")
                session.flush()
    finally:
        engine.dispose()


@pytest.fixture
def db_url(tmp_path: Path, template_db: str) -> Iterator[str]:
    """A fresh database for each test: seeded on SQLite (a file copy), empty on PostgreSQL
    (every table emptied), where the bot then seeds it as on a first start."""
    if not PG_URL:
        target = tmp_path / "newsbot.db"
        shutil.copyfile(template_db, target)
        yield f"sqlite:///{target}"
        return
    engine = create_engine(template_db)
    try:
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()
    yield template_db


@pytest.fixture
def newsbot(db_url, tmp_path, monkeypatch, capsys):
    """Runs ``newsbot ARGS`` in this process; returns (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ("DATABASE_URL", "NEWSBOT_SEEDS_DIR", "NEWSBOT_ADMINS"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--db", db_url, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


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
        return dispatch(self.bot, request)

    def say(self, text: str, *, user: str = "alice", channel: str | None = None) -> str:
        return "\n\n".join(to_text(d) for d in self.docs(text, user=user, channel=channel))


@pytest.fixture
def chat(bot: NewsBot) -> ChatBot:
    return ChatBot(bot)


# The tables a command could change (the audit log apart): a failed or refused command
# must leave every row of them as it was.
CHANGEABLE_TABLES = (
    "tracked_items",
    "item_revisions",
    "stances",
    "stance_revisions",
    "actors",
    "articles",
    "subscriptions",
    "digest_schedules",
    "outbox",
    "proposals",
    "feeds",
    "feed_entries",
    "ingest_settings",
    "article_fingerprints",
    "stories",
    "story_follows",
)


@dataclass
class Snapshot:
    """Every row of every table a command could change, as text: take one before a
    command and compare it with one taken after to show that nothing changed."""

    bot: NewsBot

    def __call__(self, *, audit: bool = True) -> dict[str, list[tuple[str, ...]]]:
        # audit=False for a refusal, which changes nothing but is itself audited.
        names = CHANGEABLE_TABLES + (("audit_log",) if audit else ())
        out = {}
        with self.bot.session() as session:
            for name in names:
                rows = session.execute(Base.metadata.tables[name].select()).all()
                out[name] = sorted((tuple(repr(v) for v in row) for row in rows), key=repr)
        return out


@pytest.fixture
def snapshot(bot: NewsBot) -> Snapshot:
    return Snapshot(bot)
