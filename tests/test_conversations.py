"""Conversation context: follow-ups per user, channel and thread, with expiry; mentions
and platform tokens; the change log as answers; ``newsbot chat``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import ChatBot, Clock

from bot.core.conversations import CONTEXT_TTL, ConversationKey, Conversations
from bot.core.newsbot import NewsBot
from digests.answer_records import LastTurn
from digests.mentions import strip_mentions
from digests.periods import read_period
from digests.render import to_text
from digests.text import words

ROOT = Path(__file__).resolve().parent.parent


def stances(bot: NewsBot, text: str, key: ConversationKey) -> dict[str, str]:
    answer = bot.answer(text, key)
    return {h.actor.name: h.record.stance for h in answer.stances}


def key(user: str = "ana", channel: str = "c1", thread: str | None = None) -> ConversationKey:
    return ConversationKey("test", "w1", channel, thread, user)


# ------------------------------------------------------------------ context
def test_and_x_asks_the_last_question_of_x(bot: NewsBot) -> None:
    assert stances(bot, "Was Germany invited?", key()) == {"Germany": "opposes"}
    answer = bot.answer("and Poland?", key())
    text = to_text(answer.document)
    assert [h.actor.name for h in answer.stances] == ["Poland"]
    assert "Yes: Poland was invited" in text


def test_why_and_since_when_are_about_the_last_actors(bot: NewsBot) -> None:
    bot.answer("Where does Spain stand?", key())
    why = bot.answer("why?", key())
    assert [h.actor.name for h in why.stances] == ["Spain"]
    assert "escalation" in to_text(why.document)
    since = to_text(bot.answer("since when?", key()).document)
    assert "Spain opposes since 9 Jun 2024" in since


def test_they_stands_for_the_list_just_given(bot: NewsBot) -> None:
    bot.answer("Who opposes the mission?", key())
    answer = bot.answer("were they invited?", key())
    text = to_text(answer.document)
    assert "United States was invited" in text
    assert "Germany was not invited" in text


def test_context_never_crosses_users_channels_or_expiry(bot: NewsBot, clock: Clock) -> None:
    bot.answer("What is France's position?", key("ana"))
    assert stances(bot, "why?", key("ben")) == {}
    assert stances(bot, "why?", key("ana", channel="c2")) == {}
    assert stances(bot, "why?", key("ana")) == {"France": "supports"}
    clock.advance(seconds=CONTEXT_TTL.total_seconds() + 1)
    assert stances(bot, "why?", key("ana")) == {}


def test_a_thread_continues_the_channel_and_keeps_its_own_context(bot: NewsBot) -> None:
    bot.answer("What is Italy's position?", key())
    # A reply in a new thread (a Discord reply, a Slack thread on the answer) goes on.
    assert stances(bot, "and Spain?", key(thread="t1")) == {"Spain": "opposes"}
    bot.answer("What is Hungary's position?", key(thread="t2"))
    assert stances(bot, "and Poland?", key(thread="t1")) == {"Poland": "unknown"}


def test_chat_requests_carry_context_per_user(chat: ChatBot) -> None:
    assert "Germany: opposes" in chat.say("What is Germany's position?", user="alice")
    assert "Italy: opposes" in chat.say("and Italy?", user="alice")
    # Bob has said nothing yet: alice's conversation is not his.
    assert "Reasons" not in chat.say("why?", user="bob")
    assert "Reasons: Italy" in chat.say("why?", user="alice")


def test_the_store_forgets_expired_turns() -> None:
    store = Conversations(ttl=timedelta(minutes=5))
    now = datetime(2026, 1, 1, tzinfo=UTC)
    store.put(key(), LastTurn("What is Germany's position?"), now)
    assert store.get(key(), now + timedelta(minutes=4)) is not None
    assert store.get(key(), now + timedelta(minutes=6)) is None
    assert store.get(key("ben"), now) is None


# ------------------------------------------------------------------ mentions
@pytest.mark.parametrize(
    "typed",
    [
        "What is Germany's position? cc @maria",
        "What is Germany's position? <@U123>",
        "<@!4242> What is Germany's position?",
        "What is Germany's position? <!channel>",
        "<#C1|newsroom> What is Germany's position? @here",
        "fyi <@U1|maria>, <@U2>: What is Germany's position?",
    ],
)
def test_mentions_are_not_words_of_the_question(bot: NewsBot, typed: str) -> None:
    answer = bot.answer(typed)
    assert [(h.actor.name, h.record.stance) for h in answer.stances] == [("Germany", "opposes")]
    assert "no position recorded" not in to_text(answer.document).lower()


def test_an_email_address_is_not_a_mention() -> None:
    assert (
        strip_mentions("ask maria@example.com about Spain") == "ask maria@example.com about Spain"
    )


# ------------------------------------------------------------------ changes
def test_what_changed_is_net_per_field_with_who_and_source(chat: ChatBot, clock: Clock) -> None:
    chat.say("track update eumam-revision status=postponed source=Politico")
    clock.advance(minutes=5)
    chat.say("track update eumam-revision status=agreed source=Reuters")
    chat.say("track update coalition-launch status=launched")
    chat.say("track update coalition-launch status=announced")  # undone: no net change
    reply = chat.say("what changed since yesterday?")
    assert "status: scheduled → agreed" in reply
    assert "postponed →" not in reply and "→ postponed" not in reply
    assert "Launch of the trainer coalition" not in reply
    assert "Reuters" in reply and "alice" in reply
    assert "net of 2 edits" in reply
    clock.advance(days=3)
    quiet = chat.say("Was hat sich seit gestern geändert?")
    assert "No change" in quiet
    assert "EUMAM mandate revision" in quiet  # the last change on record is named


def test_ask_answers_what_changed_without_context(bot: NewsBot, chat: ChatBot) -> None:
    chat.say(
        'stance set Poland supports summary="Backs it now." quote="We will join" source=Reuters'
    )
    answer = bot.answer("what's new?")
    assert [h.actor.name for h in answer.stances] == ["Poland"]
    assert "unknown → supports" in to_text(answer.document)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("since yesterday", datetime(2026, 11, 27, tzinfo=UTC)),
        ("seit gestern", datetime(2026, 11, 27, tzinfo=UTC)),
        ("in the last 24 hours", datetime(2026, 11, 27, 9, tzinfo=UTC)),
        ("this week", datetime(2026, 11, 23, tzinfo=UTC)),
        ("since monday", datetime(2026, 11, 23, tzinfo=UTC)),
        ("since 3 june", datetime(2026, 6, 3, tzinfo=UTC)),
        ("in den letzten 2 tagen", datetime(2026, 11, 26, 9, tzinfo=UTC)),
    ],
)
def test_periods_read_from_words(text: str, start: datetime) -> None:
    now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)  # a Saturday
    period = read_period(words(text), now)
    assert period is not None and period.start == start


# ------------------------------------------------------------------ newsbot chat
def _newsbot(db_url: str, *args: str, stdin: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "bot", "--db", db_url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


def test_newsbot_chat_json_carries_context_and_marks_commands(db_url: str, tmp_path: Path) -> None:
    turns = ["What is Germany's position?", "und Italien?", "track list", "why?", ""]
    done = _newsbot(db_url, "chat", "--json", stdin="\n".join(turns), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["kind"] for r in rows] == ["answer", "answer", "command", "answer"]
    for r in rows:
        assert set(r) == {"question", "answer", "stances", "items", "kind"}
    assert [s["actor"] for s in rows[1]["stances"]] == ["Italy"]
    assert "EUMAM mandate revision" in rows[2]["answer"]
    # The command does not break the conversation: "why?" is still about Italy.
    assert [s["actor"] for s in rows[3]["stances"]] == ["Italy"]


def test_newsbot_chat_refuses_an_unknown_story(db_url: str, tmp_path: Path) -> None:
    done = _newsbot(db_url, "chat", "--story", "no-such-story", stdin="hi\n", cwd=tmp_path)
    assert done.returncode == 2
    assert "no story 'no-such-story'" in done.stderr
    ok = _newsbot(db_url, "chat", "--story", "training-mission", stdin="Germany?\n", cwd=tmp_path)
    assert ok.returncode == 0 and "Germany: opposes" in ok.stdout


def test_newsbot_ask_stays_context_free(db_url: str, tmp_path: Path) -> None:
    done = _newsbot(
        db_url, "ask", "--json", stdin="What is Germany's position?\nwhy?\n", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert [s["actor"] for s in first["stances"]] == ["Germany"]
    assert second["stances"] == []
