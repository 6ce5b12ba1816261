"""The console as a person uses it: ``newsbot run`` in a pseudo-terminal.

What the bot draws is read back through a terminal emulator (pyte), so the tests see the
screen a person sees: arrow-key history (kept between runs), Tab completion, a pasted
article stored as one article, and an alert that arrives while a line is half typed —
printed above the prompt, the half-typed line still there.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.storage.models import Article, TrackedItem

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

ROOT = Path(__file__).resolve().parent.parent
UP = "\x1b[A"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
ARTICLE = (
    "Title: Estonia weighs sending troops to western Ukraine\n"
    "Published: 2024-05-15\n"
    "Source: Follow-up sample\n"
    "\n"
    "Estonia is seriously considering sending soldiers to western Ukraine to take over "
    "rear-area tasks such as training, an adviser to President Alar Karis said on Monday.\n"
    "\n"
    "Defence Minister Hanno Pevkur made clear on Wednesday that Tallinn would not act on "
    'its own. "Estonia is certainly not going to do something alone," Pevkur said.\n'
)


class Screen:
    """``newsbot run`` in a pseudo-terminal, and the screen it draws."""

    def __init__(self, db_url: str, cwd: Path, history: Path) -> None:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DISCORD_", "SLACK_", "NEWSBOT_", "DATABASE_URL"))
        }
        env.update(
            PYTHONPATH=str(ROOT),
            TERM="xterm",
            NEWSBOT_CONSOLE_HISTORY=str(history),
            NEWSBOT_CONSOLE_USER="alice",
            NEWSBOT_DELIVERY_INTERVAL="0.2",
            # No cursor-position requests: the emulator here does not answer them.
            PROMPT_TOOLKIT_NO_CPR="1",
        )
        self.screen = pyte.Screen(120, 60)
        self.stream = pyte.Stream(self.screen)
        self.proc = pexpect.spawn(
            sys.executable,
            ["-m", "bot", "--db", db_url, "run"],
            env=env,
            cwd=str(cwd),
            encoding="utf-8",
            dimensions=(60, 120),
            timeout=60,
        )

    def pump(self) -> None:
        while True:
            try:
                chunk = self.proc.read_nonblocking(65536, timeout=0.05)
            except pexpect.TIMEOUT:
                return
            except pexpect.EOF:
                return
            self.stream.feed(chunk)

    def lines(self) -> list[str]:
        self.pump()
        return [line.rstrip() for line in self.screen.display]

    def text(self) -> str:
        return "\n".join(self.lines())

    def prompt_line(self) -> str:
        """The line the cursor is on (the prompt and what is typed)."""
        self.pump()
        return self.screen.display[self.screen.cursor.y].rstrip()

    def wait(self, condition: Callable[[], bool], timeout: float = 60.0) -> None:
        """Until ``condition`` holds (an upper bound so a broken build fails, not hangs)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
        raise AssertionError("the screen never showed it:\n" + self.text())

    def wait_for(self, text: str, timeout: float = 60.0) -> None:
        self.wait(lambda: text in self.text(), timeout)

    def at_prompt(self, typed: str = "") -> None:
        self.wait(lambda: self.prompt_line() == f"you> {typed}".rstrip())

    def send(self, keys: str) -> None:
        self.proc.send(keys)

    def quit(self) -> None:
        self.send("quit\r")
        self.proc.expect(pexpect.EOF)
        self.proc.close()


@pytest.fixture
def terminal(db_url, tmp_path):
    opened: list[Screen] = []

    def start() -> Screen:
        screen = Screen(db_url, tmp_path, tmp_path / "history")
        opened.append(screen)
        screen.at_prompt()
        return screen

    yield start
    for screen in opened:
        if screen.proc.isalive():
            screen.proc.terminate(force=True)


def test_history_is_kept_between_runs_and_tab_completes(terminal, tmp_path):
    term = terminal()
    term.send("whoami\r")
    term.wait_for("You are alice (an admin).")
    term.at_prompt()
    term.quit()
    assert "whoami" in (tmp_path / "history").read_text()

    term = terminal()  # a new run: the arrow brings back the last one's lines
    term.send(UP)
    term.at_prompt("quit")
    term.send(UP)
    term.at_prompt("whoami")
    term.send("\x15")  # Ctrl-U: the line is empty again
    term.at_prompt()
    # Tab completes a command, its sub-command, then a tracked item.
    term.send("tra\t")
    term.at_prompt("track")
    term.send(" upd\t")
    term.at_prompt("track update")
    term.send(" eumam-rev\t")
    term.at_prompt("track update eumam-revision")
    # ... and an actor's name.
    term.send("\x15stance show Esto\t")
    term.at_prompt("stance show Estonia")
    term.send("\x15")
    term.quit()


def test_a_pasted_article_is_one_article(terminal, bot):
    term = terminal()
    term.send("ingest\r")
    term.wait_for("Paste the article now")
    # A bracketed paste (what a terminal sends for a paste), then Enter on a blank line.
    term.send(PASTE_START + ARTICLE + PASTE_END + "\r")
    term.wait_for("Added “Estonia weighs sending troops to western Ukraine”")
    term.at_prompt()
    # Typed out key by key instead (a terminal without bracketed paste): the blank lines
    # between paragraphs do not end it, the closing blank line does.
    term.send("ingest\r")
    term.wait_for("Paste the article now")
    second = (
        "Title: Latvia weighs sending troops to western Ukraine\n"
        "Published: 2024-05-20\n"
        "\n"
        "Latvia's government said on Tuesday that it would study the French proposal.\n"
        "\n"
        "Prime Minister Evika Silina told reporters in Riga that no decision had been taken.\n"
    )
    term.send(second.replace("\n", "\r") + "\r")
    term.wait_for("Added “Latvia weighs sending troops to western Ukraine”")
    term.at_prompt()
    term.quit()
    with bot.session() as session:
        titles = [a.title for a in session.scalars(select(Article)) if a.added_by != "seed"]
    assert sorted(titles) == [
        "Estonia weighs sending troops to western Ukraine",
        "Latvia weighs sending troops to western Ukraine",
    ]
    with bot.session() as session:
        bodies = [a.body for a in session.scalars(select(Article)) if a.added_by != "seed"]
    # Every paragraph of each, the ones after the blank lines too.
    assert any("Pevkur" in body and "Alar Karis" in body for body in bodies)
    assert any("French proposal" in body and "Riga" in body for body in bodies)


def test_an_alert_arrives_above_the_half_typed_line(terminal, bot, chat):
    term = terminal()
    term.send("What is Germ")
    term.at_prompt("What is Germ")
    # A change made elsewhere (another process, the shell): the console is subscribed.
    chat.say("track update eumam-revision status=agreed source=wire")
    term.wait_for("[🔔 ALERT] Tracked item changed: EUMAM mandate revision")
    lines = term.lines()
    alert_row = next(i for i, line in enumerate(lines) if "🔔 ALERT" in line)
    prompt_row = term.screen.cursor.y
    assert alert_row < prompt_row  # above the prompt
    assert term.prompt_line() == "you> What is Germ"  # the half-typed line, kept
    term.send("any's position?\r")
    term.wait_for("Germany: opposes")
    term.at_prompt()
    term.quit()
    with bot.session() as session:
        status = session.scalars(
            select(TrackedItem.status).where(TrackedItem.key == "eumam-revision")
        ).one()
    assert status == "agreed"
