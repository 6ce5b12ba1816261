"""The console: a chat in the terminal, with alerts arriving in the same session."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.platforms.console.chat import Console, ConsoleTransport
from bot.storage.models import AuditEntry, Subscription, TrackedItem
from digests.document import message

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def console(bot):
    transport = ConsoleTransport(out=io.StringIO())
    return Console(bot, transport)


def said(console: Console) -> str:
    out = console.transport.out
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def status(bot, key="eumam-revision") -> str:
    with bot.session() as session:
        return session.scalars(select(TrackedItem.status).where(TrackedItem.key == key)).one()


def test_a_question_gets_the_answer_with_its_quote(console):
    assert console.handle_line("What is Germany's position?\n")
    out = said(console)
    assert "Germany: opposes" in out
    assert "WELT AM SONNTAG" in out


def test_the_console_user_from_the_settings_is_an_admin(bot, console):
    console.handle_line("whoami")
    assert "You are alice (an admin)." in said(console)
    console.handle_line("track update eumam-revision status=agreed")
    assert "scheduled → agreed" in said(console)
    assert status(bot) == "agreed"


def test_as_bob_makes_a_non_admin_who_is_refused(bot, console):
    console.handle_line("as bob")
    assert "You are bob (not an admin)." in said(console)
    console.handle_line("whoami")
    assert "You are bob (not an admin)." in said(console)
    console.handle_line("track update eumam-revision status=agreed")
    assert "Sorry" in said(console)
    assert status(bot) == "scheduled"
    with bot.session() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.platform, entry.user, entry.allowed) == ("console", "bob", False)
    console.handle_line("as alice")
    console.handle_line("track update eumam-revision status=agreed")
    assert status(bot) == "agreed"


def test_a_bad_user_name_gets_the_usage(console):
    console.handle_line("as b@d!")
    assert "Usage: as USER" in said(console)
    console.handle_line("as")
    assert "Usage: as USER" in said(console)
    assert console.user == "alice"


def test_a_question_that_starts_with_as_is_a_question(console):
    console.handle_line("As for Germany, where does it stand?")
    out = said(console)
    assert "Germany" in out
    assert "Usage" not in out
    assert console.user == "alice"


def test_quit_and_exit_leave(console):
    assert console.handle_line("quit") is False
    assert console.handle_line("EXIT\n") is False
    assert console.handle_line("") is True
    assert said(console) == ""  # an empty line says nothing


def test_run_reads_lines_until_quit(bot):
    transport = ConsoleTransport(out=io.StringIO())
    stdin = io.StringIO("help\nas bob\nschedule daily 08:00\nquit\ntrack list\n")
    Console(bot, transport, stdin=stdin).run()
    out = transport.out.getvalue()
    assert "newsbot — console" in out  # the banner
    assert "help track" in out or "track list" in out
    assert "You are bob" in out
    assert "Sorry" in out
    assert "[eumam-revision]" not in out  # nothing after quit


def test_run_ends_at_the_end_of_input(bot):
    transport = ConsoleTransport(out=io.StringIO())
    Console(bot, transport, stdin=io.StringIO("whoami\n")).run()
    assert "You are alice" in transport.out.getvalue()


def test_the_console_subscribes_itself_once(bot, console):
    console.autosubscribe()
    console.autosubscribe()
    with bot.session() as session:
        subs = session.scalars(select(Subscription)).all()
        assert [(s.platform, s.channel) for s in subs] == [("console", "console")]


def test_alerts_are_labelled_and_redraw_the_prompt(console):
    console.transport.prompt_shown = True
    console.transport.send("local", "console", message("EUMAM changed", kind="alert"))
    out = said(console)
    assert out.startswith("\n[🔔 ALERT] EUMAM changed")
    assert out.endswith("you> ")


def test_a_real_console_session_answers_and_shows_the_alert(db_url, tmp_path):
    """``newsbot run`` with no tokens: the answer and the alert for a change made in the
    session arrive in the same output."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DISCORD_", "SLACK_", "NEWSBOT_", "DATABASE_URL"))
    }
    env.update(PYTHONPATH=str(ROOT), NEWSBOT_DELIVERY_INTERVAL="0.2", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "--db", db_url, "run"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=env,
    )
    chunks: list[str] = []
    alert_seen = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            chunks.append(line)
            if "ALERT" in line:
                alert_seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert proc.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # a crash shows in stderr below
            proc.stdin.write("What is Germany's position?\n")
            proc.stdin.write("track update eumam-revision status=agreed source=test\n")
            proc.stdin.flush()
        # Wait for the delivery worker to print the alert, or for the process to end
        # (a generous upper bound, not a timing assertion).
        for _ in range(600):
            if alert_seen.wait(timeout=0.1) or proc.poll() is not None:
                break
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.write("quit\n")
            proc.stdin.flush()
            proc.stdin.close()
        proc.wait(timeout=60)
        err = proc.stderr.read() if proc.stderr else ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reader.join(timeout=10)
    out = "".join(chunks)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "Germany: opposes" in out
    assert "scheduled → agreed" in out  # the reply to the change
    assert "[🔔 ALERT] Tracked item changed: EUMAM mandate revision" in out
    alert = out[out.index("[🔔 ALERT]") :]
    assert "scheduled → agreed" in alert
    assert "console:console" in alert  # who
    assert "Source: test" in alert
    assert out.count("[🔔 ALERT]") == 1  # delivered once


def test_ingest_then_lines_up_to_a_blank_one_is_one_article(bot):
    """From a pipe: ``ingest`` on its own line, the article, a blank line — one article,
    then the chat goes on."""
    transport = ConsoleTransport(out=io.StringIO())
    stdin = io.StringIO(
        "ingest\n"
        "Title: Estonia weighs sending troops to western Ukraine\n"
        "Estonia is considering sending soldiers to western Ukraine, an adviser said.\n"
        "Defence Minister Hanno Pevkur said Tallinn would not act on its own.\n"
        "\n"
        "whoami\n"
    )
    Console(bot, transport, stdin=stdin).run()
    out = transport.out.getvalue()
    assert "Paste the article now" in out
    assert "Added “Estonia weighs sending troops to western Ukraine”" in out
    assert "You are alice" in out  # the line after the blank one is a turn again
    assert "No position recorded for Title" not in out  # no line was taken for a question
    from bot.storage.models import Article

    with bot.session() as session:
        (article,) = [a for a in session.scalars(select(Article)) if a.added_by != "seed"]
    assert "Pevkur" in article.body


def test_ingest_with_nothing_after_it_changes_nothing(bot, snapshot):
    before = snapshot(audit=False)
    transport = ConsoleTransport(out=io.StringIO())
    Console(bot, transport, stdin=io.StringIO("ingest\n")).run()
    assert "Nothing to ingest" in transport.out.getvalue()
    assert snapshot(audit=False) == before
