"""From typed text to words and options, and the checks every command shares.

The same grammar serves every platform and the shell (``newsbot track update …``):
positional words, then ``key=value`` or ``--key value`` options, quotes for spaces.
"""

from __future__ import annotations

import shlex
import unicodedata
from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING

from bot.domain.checks import check_date, strip_invisible

if TYPE_CHECKING:
    from bot.domain.author import Author


class UsageError(ValueError):
    """The command was typed wrong; the message says how to type it."""


def clean_request_text(text: str) -> str:
    """The typed text without invisible characters; NUL and other control codes become
    spaces in questions (commands that store text refuse them with a reason)."""
    return strip_invisible(text).strip()


def printable(text: str) -> str:
    """The text with control codes as spaces: safe to answer, echo or audit."""
    if text.isprintable():  # the usual case: no control code (category Cc) in it
        return text
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)


def readable(raw: str) -> str:
    """A request's whole typed text as it may be answered or kept in the audit log."""
    return printable(clean_request_text(raw))


def parse(text: str) -> tuple[list[str], dict[str, str]]:
    """Words and options: ``a b key=value --flag x --bare`` → (["a", "b"], {...})."""
    text = text.replace("“", '"').replace("”", '"').replace("„", '"')
    try:
        tokens = shlex.split(text)
    except ValueError as exc:
        raise UsageError(f"I could not read that: {exc} (check your quotes).") from exc
    words: list[str] = []
    options: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.startswith("--") and len(token) > 2:
            name, eq, value = token[2:].partition("=")
            if not eq:
                if (
                    i + 1 < len(tokens)
                    and not tokens[i + 1].startswith("--")
                    and "=" not in tokens[i + 1]
                ):
                    value = tokens[i + 1]
                    i += 1
                else:
                    value = "true"
            options[name.replace("-", "_").lower()] = value
        elif "=" in token and not token.startswith("="):
            name, _, value = token.partition("=")
            options[name.strip().lower()] = value
        else:
            words.append(token)
        i += 1
    return words, options


def subcommand(
    words: list[str], choices: tuple[str, ...], default: str, usage: str
) -> tuple[str, list[str]]:
    """The subcommand (``list`` in ``track list``) and the words after it."""
    if not words:
        return default, []
    head = words[0].lower()
    if head in choices:
        return head, words[1:]
    raise UsageError(f"Unknown subcommand `{words[0]}`. Usage: {usage}")


def reject_unknown_options(options: dict[str, str], known: Collection[str], hint: str) -> None:
    """Refuse an option the command would not read: a typo must not be silently ignored."""
    unknown = set(options) - set(known)
    if unknown:
        raise UsageError(f"Unknown option {', '.join(sorted(unknown))}; {hint}")


def optional_date(options: dict[str, str], who: Author) -> date | None:
    """The ``date=…`` option, if given: when something was said or published, so never
    later than today."""
    raw = options.get("date")
    return check_date("date", raw, not_after=who.at.date()) if raw else None
