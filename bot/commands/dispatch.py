"""From a chat message to replies: a command or a question, admin rights, and every
error as a message (never a traceback in the chat)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from bot.commands.answers import ask
from bot.commands.command import Command, Outcome, Reply, author
from bot.commands.items import item_line
from bot.commands.parsing import (
    UsageError,
    clean_request_text,
    parse,
    printable,
    readable,
    reject_unknown_options,
)
from bot.commands.table import ALIASES, COMMANDS, lookup
from bot.domain.audit import audit
from bot.domain.errors import AlreadyDecided, ChangeError, NothingChanged, StaleChange
from bot.observability import metrics
from digests.dates import DateError
from digests.document import Document, message

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request

_log = logging.getLogger(__name__)

MAX_REQUEST_CHARS = 20_000


def dispatch(bot: NewsBot, request: Request) -> list[Document]:
    """Every platform's way in: the documents to post in reply to one message."""
    return run(bot, request).docs


def run(bot: NewsBot, request: Request) -> Reply:
    """The reply to one message, with what it came to (for buttons and forms, which act
    on the outcome rather than show it)."""
    return _guarded(bot, request, lambda: _dispatch(bot, request))


def invoke(
    bot: NewsBot, request: Request, name: str, words: list[str], options: dict[str, str]
) -> Reply:
    """A command whose words and options come apart already (a form's fields), with the
    rights, errors and outcome of the same command typed; ``request.text`` is what the
    audit log shows of it."""
    command = COMMANDS[name]
    first = words[0].lower() if words else ""
    return _guarded(bot, request, lambda: _run(bot, request, command, first, words, options))


def _guarded(bot: NewsBot, request: Request, work: Callable[[], Reply]) -> Reply:
    started = time.perf_counter()
    try:
        return work()
    except Exception:  # never a traceback in the chat; the session rolled everything back
        _log.exception("command failed: %r", request.text[:200])
        failed = message(
            "Something went wrong handling that, and nothing was changed. "
            "Try again, or type `help`.",
            kind="error",
        )
        return Reply([failed], Outcome.FAILED)
    finally:
        metrics.REQUEST_SECONDS.observe(time.perf_counter() - started)


def _dispatch(bot: NewsBot, request: Request) -> Reply:
    text = clean_request_text(request.text)
    if not printable(text).strip():
        return Reply([message("Say something: a question, or `help` for the commands.")])
    if len(text) > MAX_REQUEST_CHARS:
        too_long = message(
            f"That message is {len(text):,} characters long; the limit is "
            f"{MAX_REQUEST_CHARS:,}. For a long article, use `newsbot ingest FILE`.",
            kind="error",
        )
        return Reply([too_long], Outcome.INVALID)
    head, _, rest = text.partition(" ")
    command = lookup(head.lstrip("/!"))
    name = head.lstrip("/!").lower()
    if command is None:
        suggestion = _suggest(name)
        # A slash, or a short line very like a command, was meant as a command; anything
        # else is a question.
        if head.startswith(("/", "!")) or (
            suggestion and "?" not in text and len(text.split()) <= 6 and suggestion[1] >= 80
        ):
            hint = f" Did you mean `{suggestion[0]}`?" if suggestion and suggestion[1] >= 70 else ""
            unknown = message(
                f"Unknown command `{head}`.{hint} Type `help` for the list.", kind="error"
            )
            return Reply([unknown], Outcome.INVALID)
        return Reply(ask(bot, request, [], {}, question=printable(text)))
    first = rest.split(maxsplit=1)[0].strip("\"'").lower() if rest.split() else ""
    if command.free_text:
        return _run(bot, request, command, first, [], {})
    # The rest is split into words and options only once rights are checked.
    return _run(bot, request, command, first, None, None, rest)


def _run(
    bot: NewsBot,
    request: Request,
    command: Command,
    first: str,
    words: list[str] | None,
    options: dict[str, str] | None,
    typed: str = "",
) -> Reply:
    """Rights first, then the handler; every error it raises becomes a message."""
    action = _admin_action(command, first)
    if action is not None and not request.is_admin:
        return Reply([_refuse(bot, request, action, command.name == "audit")], Outcome.REFUSED)
    try:
        if words is None or options is None:
            words, options = parse(typed)
        if command.options is not None:
            reject_unknown_options(options, command.options, f"Usage: {command.usage}")
        out = command.run(bot, request, words, options)
        return out if isinstance(out, Reply) else Reply(out)
    except (UsageError, ChangeError, DateError) as exc:
        return Reply([message(f"{exc}", kind="error")], _outcome_of(exc), exc)
    except StaleChange as exc:
        return Reply([_stale_message(exc, bot.today())], Outcome.STALE, exc)
    except (StaleDataError, IntegrityError) as exc:
        _log.info("concurrent change refused", exc_info=True)
        clash = message(
            "That was changed by someone else at the same moment. Nothing of yours "
            "was saved: look at it again and retry.",
            kind="error",
        )
        return Reply([clash], Outcome.STALE, exc)


def _outcome_of(exc: Exception) -> Outcome:
    if isinstance(exc, AlreadyDecided):
        return Outcome.ALREADY_DECIDED
    if isinstance(exc, NothingChanged):
        return Outcome.NOTHING_CHANGED
    return Outcome.INVALID


def _admin_action(command: Command, first: str) -> str | None:
    """The name of the admin-only action this request asks for (``first``: the word after
    the command's name), or None if anyone may."""
    if command.admin:
        return command.name
    if first in command.admin_subcommands:
        return f"{command.name} {first}"
    return None


def _stale_message(exc: StaleChange, today: date) -> Document:
    return message(
        f"That item was changed meanwhile; now: {item_line(exc.item, today)} "
        f"(version {exc.version}). Nothing of yours was saved: look at it again and retry "
        f"with version={exc.version}.",
        kind="error",
    )


def _suggest(name: str) -> tuple[str, float] | None:
    """The command most like a typed name, and how alike (0-100)."""
    if not name:
        return None
    # Plain edit-distance likeness: the default (WRatio) rates a short word inside a
    # longer name as alike ("foo" in "follow").
    found = process.extractOne(name, list(COMMANDS) + list(ALIASES), scorer=fuzz.ratio)
    return (ALIASES.get(found[0], found[0]), found[1]) if found else None


def _refuse(bot: NewsBot, request: Request, action: str, reads: bool = False) -> Document:
    """A polite refusal, itself kept in the audit log with what was typed."""
    typed = readable(request.text)[:500]
    with bot.session() as session:
        audit(session, author(bot, request), action, None, {"text": typed}, allowed=False)
    why = (
        "the audit log is for admins only"
        if reads
        else f"`{action}` changes what everyone sees, so only admins can use it"
    )
    return message(
        f"Sorry — {why}. Ask an admin of this bot, or just ask me a question.",
        kind="refusal",
    )
