"""The console in a real terminal: line editing, history, completion, pastes, alerts.

prompt_toolkit draws the prompt. Everything the bot prints while a prompt is up (an alert
from a delivery thread, a scheduled digest) goes through its ``patch_stdout`` proxy,
which lifts the prompt, prints above it and draws it again with the half-typed line as
it was. History is kept in a file between runs (``NEWSBOT_CONSOLE_HISTORY``).

Pastes: a bracketed paste (what terminals send when the program asks for it, and
prompt_toolkit does) lands in the line as one piece, line breaks included, so
``ingest`` followed by a pasted article is one article. A paste a terminal types out
key by key instead (no bracketed paste) is kept together too: after ``ingest`` on its
own, the article is read until a blank line that nothing more follows at once — a
paste's paragraph breaks are followed by the rest of the paste within the same moment,
the person's closing Enter is not.
"""

from __future__ import annotations

import logging
import re
import select
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document as Line
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.patch_stdout import patch_stdout

from bot.commands.table import COMMANDS

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.platforms.console.chat import Console

_log = logging.getLogger(__name__)

ARTICLE_PROMPT = "... "
# Words the console itself understands, beside the command table.
CONSOLE_WORDS = ("quit", "exit", "whoami", "as")
# How long a blank line waits to see whether more pasted text follows it.
PASTE_GAP = 0.05


def history_for(path: str) -> History:
    """The history file, created with its folder; in memory when "off" or unwritable."""
    if path.strip().lower() in ("", "off", "none", "false", "no"):
        return InMemoryHistory()
    file = Path(path).expanduser()
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.touch(exist_ok=True)
    except OSError as exc:
        _log.warning("console history not kept: cannot write %s (%s)", file, exc)
        return InMemoryHistory()
    return FileHistory(str(file))


def subcommands(usage: str, name: str) -> list[str]:
    """The fixed words after the command's name in its usage: ``track list | track show
    ITEM …`` → ["list", "show"]."""
    found: list[str] = []
    for m in re.finditer(rf"\b{re.escape(name)}\s+([a-z][a-z-]*)\b", usage):
        if m.group(1) not in found:
            found.append(m.group(1))
    return found


class NewsbotCompleter(Completer):
    """Tab completes commands (and their sub-commands) first, then tracked items and
    actors, from the table as it is now."""

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot
        self.commands = sorted({*COMMANDS, *CONSOLE_WORDS})
        self.subs = {name: subcommands(c.usage, name) for name, c in COMMANDS.items()}

    def _names(self) -> list[str]:
        table = self.bot.answerer().table
        names = [i.key for i in table.items]
        names += [a.name for a in table.actors]
        return names

    def get_completions(
        self, document: Line, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        before = document.text_before_cursor
        if "\n" in before:
            return
        words = before.split()
        partial = "" if before.endswith((" ", "\t")) or not words else words[-1]
        done = words if not partial else words[:-1]
        if not done:
            candidates = self.commands
        elif len(done) == 1 and self.subs.get(done[0].lower()):
            candidates = self.subs[done[0].lower()] + self._names()
        else:
            candidates = self._names()
        low = partial.lower()
        for word in candidates:
            if word.lower().startswith(low) and word != partial:
                yield Completion(word, start_position=-len(partial))


def _more_input_waiting(event: KeyPressEvent) -> bool:
    """Are more keys already here (a paste typed out key by key)?"""
    if event.app.key_processor.input_queue:
        return True
    try:
        stream = event.app.input
        fileno = stream.fileno()
    except (AttributeError, NotImplementedError, ValueError, OSError):
        return False
    try:
        ready, _, _ = select.select([fileno], [], [], PASTE_GAP)
    except (OSError, ValueError):
        return False
    return bool(ready)


def article_bindings() -> KeyBindings:
    """Enter adds a line; on a blank line with nothing more pasted after it, it ends the
    article. Esc Enter ends it at once."""
    kb = KeyBindings()

    @kb.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        blank = not buffer.document.current_line.strip()
        if blank and buffer.text.strip() and not _more_input_waiting(event):
            buffer.validate_and_handle()
        else:
            buffer.newline(copy_margin=False)

    @kb.add("escape", "enter")
    def _done(event: KeyPressEvent) -> None:
        event.current_buffer.validate_and_handle()

    return kb


class Terminal:
    """Reads the console's lines with prompt_toolkit; the rest is the ``Console``'s."""

    def __init__(self, console: Console, prompt: str) -> None:
        self.console = console
        self.prompt = prompt
        self.session: PromptSession[str] = PromptSession(
            history=history_for(console.bot.settings.console_history),
            completer=NewsbotCompleter(console.bot),
            complete_while_typing=False,
            enable_history_search=False,
        )
        # Articles stay out of the history: arrow-up brings back commands and questions.
        self.articles: PromptSession[str] = PromptSession(
            history=InMemoryHistory(), key_bindings=article_bindings(), multiline=True
        )

    def read_article(self) -> str | None:
        try:
            return self.articles.prompt(ARTICLE_PROMPT, prompt_continuation=ARTICLE_PROMPT)
        except (EOFError, KeyboardInterrupt):
            return None

    def run(self) -> None:
        transport = self.console.transport
        before = transport.out
        with patch_stdout(raw=True):
            # Whatever the bot prints from now on goes above the prompt.
            transport.out = sys.stdout
            try:
                while True:
                    try:
                        line = self.session.prompt(self.prompt)
                    except KeyboardInterrupt:
                        continue  # Ctrl-C clears the line, as in a shell
                    except EOFError:
                        break
                    if not self.console.safely(line):
                        break
            finally:
                transport.out = before
