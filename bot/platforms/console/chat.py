"""The console: a chat with the bot in a terminal, no tokens needed.

Scheduled digests and alerts for the console channel arrive in the same session,
printed above the prompt by the scheduler's thread.
"""

from __future__ import annotations

import logging
import shutil
import sys
import threading
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
        """Handles one typed line; False when the user wants to leave."""
        text = line.strip()
        if not text:
            return True
        words = text.split()
        if text.lower() in ("quit", "exit", ":q"):
            return False
        if text.lower() == "whoami":
            self._show_user()
            return True
        if words[0].lower() == "as" and len(words) <= 2:
            # "as NAME" switches user; "As of June, who supports it?" is a question.
            self._switch_user(words[1] if len(words) == 2 else "")
            return True
        for doc in dispatch(self.bot, self.request(text)):
            self.transport.show(doc)
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

    def run(self) -> None:
        role = "admin" if self.bot.settings.is_admin(PLATFORM, self.user) else "not an admin"
        self.transport.show(message_banner(self.user, role))
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
            try:
                if not self.handle_line(line):
                    return
            except Exception:  # keep the chat alive; the log has the details
                _log.exception("console command failed")
                self.transport.show(
                    message(
                        "Something went wrong handling that; nothing was changed.", kind="error"
                    )
                )


def message_banner(user: str, role: str) -> Document:
    return Document(
        title="newsbot — console",
        blocks=[
            Paragraph(
                "Ask about the story (“What is Germany's position?”) or type `help`. `quit` leaves."
            ),
            Context(
                f"You are {user} ({role}); `as NAME` switches user. Alerts and scheduled "
                "digests for this console appear here."
            ),
        ],
    )
