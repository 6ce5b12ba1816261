"""``newsbot ask`` on an up-to-date SQLite file reads the table with sqlite3 alone
(bot.storage.plain_reads): it must read exactly what the full path reads, and step
aside whenever the full path has work to do (migrations, seeds)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.core.newsbot import NewsBot
from bot.storage.plain_reads import read_answer_inputs, sqlite_file
from bot.storage.reads import article_vocabulary, load_table
from tests.conftest import PG_URL, ROOT, ChatBot

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="the plain reader is for SQLite files")

QUESTIONS = [
    "What is Germany's position?",
    "Who opposes training in Ukraine?",
    "Was the UK invited?",
    "When is the EUMAM mandate revised?",
    "What is the position of the Baltic states?",
    "What did Estonia say before?",
]


def full_path(bot: NewsBot):
    with bot.session() as session:
        return load_table(session), article_vocabulary(session)


def test_reads_what_the_orm_reads_seeded_and_after_changes(bot, settings):
    assert read_answer_inputs(settings.database_url, settings.seeds_dir) == full_path(bot)
    chat = ChatBot(bot)
    for line in (
        'stance set Estonia supports summary="Agreed to send instructors." '
        'quote="Estonia will send instructors." source="ERR" date=2024-06-12',
        'stance set Estonia mixed summary="Instructors, but not in Ukraine."',
        "track update eumam-revision status=agreed",
    ):
        assert "error" not in chat.docs(line)[0].kind, line
    plain = read_answer_inputs(settings.database_url, settings.seeds_dir)
    assert plain is not None
    assert plain == full_path(bot)
    estonia = next(s for s in plain[0].stances if s.actor == "estonia")
    assert estonia.stance == "mixed" and [p.stance for p in estonia.previous][:1] == ["supports"]


def test_steps_aside_when_the_full_path_has_work(bot, settings, tmp_path):
    url, seeds = settings.database_url, settings.seeds_dir
    assert read_answer_inputs(url, seeds) is not None
    other_seeds = tmp_path / "seeds"
    other_seeds.mkdir()
    (other_seeds / "story.toml").write_text("# another story\n")
    assert read_answer_inputs(url, other_seeds) is None  # seeds changed: load them first
    path = sqlite_file(url)
    assert path is not None
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0003'")
    assert read_answer_inputs(url, seeds) is None  # behind the scripts: migrate first
    assert read_answer_inputs(str(tmp_path / "missing.db"), seeds) is None
    assert read_answer_inputs("postgresql+psycopg://u@h/db", seeds) is None


def test_urls_it_reads():
    assert sqlite_file("sqlite:///newsbot.db") == Path("newsbot.db")
    assert sqlite_file("sqlite:////srv/news/bot.db") == Path("/srv/news/bot.db")
    assert sqlite_file("data/newsbot.db") == Path("data/newsbot.db")
    for other in ("sqlite://", "sqlite:///:memory:", "sqlite:///x.db?timeout=5", "mysql://h/db"):
        assert sqlite_file(other) is None


def test_ask_answers_alike_on_both_paths_and_without_sqlalchemy(bot, settings, capsys):
    url = settings.database_url
    args = ["--db", url, "ask", "--json"]
    plain = []
    for question in QUESTIONS:
        assert main([*args, question]) == 0
        plain.append(json.loads(capsys.readouterr().out))
    path = sqlite_file(url)
    assert path is not None
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 0")  # as if prepared with other seeds
    full = []
    for question in QUESTIONS:
        assert main([*args, question]) == 0
        full.append(json.loads(capsys.readouterr().out))
    assert plain == full
    # A one-shot ask loads only what answering needs: no database toolkit, no chat
    # SDKs, no feed or page readers, no typo matcher for a question spelt right, and
    # (once the library data is cached) no locale library.
    heavy = (
        "sqlalchemy alembic discord slack_bolt slack_sdk trafilatura feedparser numpy "
        "matplotlib apscheduler babel rapidfuzz pycountry dateparser dotenv"
    ).split()
    code = (
        "import sys; from bot.cli.main import main; "
        f"main(['--db', {url!r}, 'ask', 'What is Germany\\'s position?']); "
        f"print('loaded:', [m for m in {heavy!r} if m in sys.modules])"
    )
    for _ in range(2):  # the first run may gather the library data into the cache
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "NEWSBOT_SEEDS_DIR": str(settings.seeds_dir)},
            timeout=60,
        )
    assert "Germany" in done.stdout, done.stderr
    assert done.stdout.strip().endswith("loaded: []"), done.stdout
