"""The console: a chat with the bot in a terminal, no tokens needed.

Scheduled digests and alerts for the console channel arrive in the same session,
printed above the prompt by the delivery thread. In a terminal the prompt is
prompt_toolkit's (``terminal.py``: editing, history, completion, pastes); with input
from a pipe or a file, lines are read one by one, as a script expects.

``ingest`` on a line of its own (or with only ``key=value`` options) reads the article
that follows, up to a blank line, and stores it as one article: pasted text is not
taken for one question per line.
"""

from __future__ import annotations

import logging
import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from sqlalchemy import select

from bot.commands.dispatch import dispatch
from bot.core.newsbot import NewsBot
from bot.core.request import Request
from bot.domain.audit import audit
from bot.domain.author import Author
from bot.platforms.console.pictures import save_pictures
from bot.storage.models import Subscription
from digests.document import Context, Document, Paragraph, message
from digests.render import to_text

_log = logging.getLogger(__name__)

PLATFORM = "console"
WORKSPACE = "local"
CHANNEL = "console"
PROMPT = "you> "
ARTICLE_HINT = "Paste the article now (a first line `Title: …` names it); end it with a blank line."


class ConsoleTransport:
    """Prints documents for the console channel; safe to call from the scheduler thread."""

    platform = PLATFORM

    def __init__(self, out: TextIO | None = None, *, chart_dir: Path | None = None) -> None:
        self.out = out or sys.stdout
        self.chart_dir = chart_dir or Path("charts")  # where a digest's map is saved
        self.lock = threading.Lock()
        self.prompt_shown = False

    def width(self) -> int:
        return min(shutil.get_terminal_size((100, 24)).columns, 110)

    def show(self, document: Document, *, prefix: str = "") -> None:
        text = to_text(save_pictures(document, self.chart_dir), width=self.width())
        with self.lock:
            lead = "\n" if self.prompt_shown else ""
            self.out.write(f"{lead}{prefix}{text}\n\n")
            if self.prompt_shown:
                self.out.write(PROMPT)
            self.out.flush()

    def send(self, workspace: str, channel: str, document: Document) -> None:
        label = {"alert": "🔔 ALERT", "digest": "🗞  DIGEST"}.get(document.kind, "")
        self.show(document, prefix=f"[{label}] " if label else "")


class Console:
    def __init__(
        self, bot: NewsBot, transport: ConsoleTransport, stdin: TextIO | None = None
    ) -> None:
        self.bot = bot
        self.transport = transport
        self.stdin = stdin or sys.stdin
        self.user = bot.settings.console_user
        # Reads the body of an article after a bare ``ingest``; None at the end of input.
        self.read_article: Callable[[], str | None] = self._read_article_lines

    def request(self, text: str) -> Request:
        return Request(
            platform=PLATFORM,
            workspace=WORKSPACE,
            channel=CHANNEL,
            user=self.user,
            is_admin=self.bot.settings.is_admin(PLATFORM, self.user),
            text=text,
        )

    def autosubscribe(self) -> None:
        """The console is its own channel: it gets alerts unless told not to."""
        if not self.bot.settings.console_autosubscribe:
            return
        with self.bot.session() as session:
            exists = session.scalar(
                select(Subscription.id).where(
                    Subscription.platform == PLATFORM, Subscription.channel == CHANNEL
                )
            )
            if exists is None:
                session.add(
                    Subscription(
                        platform=PLATFORM,
                        workspace=WORKSPACE,
                        channel=CHANNEL,
                        created_by="console:system",
                        created_at=self.bot.clock(),
                    )
                )
                audit(
                    session,
                    Author(PLATFORM, WORKSPACE, CHANNEL, "system", self.bot.clock()),
                    "subscribe",
                    CHANNEL,
                    {"reason": "console started"},
                )

    def handle_line(self, line: str) -> bool:
        """Handles one typed line (or a pasted block); False when the user wants to leave."""
        text = line.strip()
        if not text:
            return True
        words = text.split()
        if words[0].lower() == "ingest":
            return self._ingest(text)
        if "\n" in text:
            # A pasted block that is not an article: each line is a turn of its own.
            return all(self.handle_line(part) for part in text.splitlines())
        if text.lower() in ("quit", "exit", ":q"):
            return False
        if text.lower() == "whoami":
            self._show_user()
            return True
        if words[0].lower() == "as" and len(words) <= 2:
            # "as NAME" switches user; "As of June, who supports it?" is a question.
            self._switch_user(words[1] if len(words) == 2 else "")
            return True
        self._dispatch(text)
        return True

    def _dispatch(self, text: str) -> None:
        for doc in dispatch(self.bot, self.request(text)):
            self.transport.show(doc)

    def _ingest(self, text: str) -> bool:
        """``ingest`` with the article on the same line(s) goes as it is; a bare
        ``ingest`` (or one with only options) reads the article that follows."""
        head, _, body = text.partition("\n")
        head = head.rstrip()
        rest = head.split()[1:]
        if body.strip():
            # The article came with the command (a bracketed paste): the space keeps
            # the command word apart from the text for the dispatcher.
            self._dispatch(f"{head} \n{body}")
            return True
        if not all("=" in word for word in rest):
            self._dispatch(text)  # a URL or a feed command
            return True
        self.transport.show(message(ARTICLE_HINT))
        article = self.read_article()
        if article is None or not article.strip():
            self.transport.show(message("Nothing to ingest: no article was pasted."))
            return article is not None
        self._dispatch(f"{head} \n{article.strip()}")
        return True

    def _read_article_lines(self) -> str | None:
        """From a pipe or a file: the lines up to the first blank one (leading blank
        lines skipped); None if the input ends before any."""
        lines: list[str] = []
        while True:
            line = self.stdin.readline()
            if not line:
                return "\n".join(lines) if lines else None
            if not line.strip():
                if lines:
                    return "\n".join(lines)
                continue
            lines.append(line.rstrip("\n"))

    def safely(self, line: str) -> bool:
        """``handle_line``, with any failure told to the user instead of ending the chat."""
        try:
            return self.handle_line(line)
        except Exception:  # keep the chat alive; the log has the details
            _log.exception("console command failed")
            self.transport.show(
                message("Something went wrong handling that; nothing was changed.", kind="error")
            )
            return True

    def _switch_user(self, name: str) -> None:
        if not name or len(name) > 64 or not name.replace("-", "").replace("_", "").isalnum():
            self.transport.show(
                message("Usage: as USER (letters, digits, - and _), e.g. `as bob`.", kind="error")
            )
            return
        self.user = name
        self._show_user()

    def _show_user(self) -> None:
        role = "an admin" if self.bot.settings.is_admin(PLATFORM, self.user) else "not an admin"
        self.transport.show(message(f"You are {self.user} ({role})."))

    def interactive(self) -> bool:
        """A person at a terminal (not a pipe, a file or a test's stream)."""
        try:
            return self.stdin is sys.stdin and sys.stdin.isatty() and sys.stdout.isatty()
        except (AttributeError, ValueError):
            return False

    def run(self) -> None:
        role = "admin" if self.bot.settings.is_admin(PLATFORM, self.user) else "not an admin"
        self.transport.show(message_banner(self.user, role))
        if self.interactive():
            # prompt_toolkit is loaded only for a person at a terminal (start-up cost).
            from bot.platforms.console.terminal import Terminal

            terminal = Terminal(self, PROMPT)
            self.read_article = terminal.read_article
            terminal.run()
            return
        while True:
            with self.transport.lock:
                self.transport.out.write(PROMPT)
                self.transport.out.flush()
                self.transport.prompt_shown = True
            line = self.stdin.readline()
            with self.transport.lock:
                self.transport.prompt_shown = False
            if not line:
                self.transport.out.write("\n")
                return
            if not self.safely(line):
                return


def message_banner(user: str, role: str) -> Document:
    return Document(
        title="newsbot — console",
        blocks=[
            Paragraph(
                "Ask about the story (“What is Germany's position?”) or type `help`. `quit` leaves."
            ),
            Context(
                f"You are {user} ({role}); `as NAME` switches user. Alerts and scheduled "
                "digests for this console appear here. Tab completes, ↑ recalls earlier "
                "lines; `ingest`, then paste an article and end it with a blank line."
            ),
        ],
    )
