"""Checks every typed field goes through before anything is written: text, names, dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from bot.domain.errors import ChangeError
from digests.dates import DateError, parse_date

MAX_FIELD = {
    "name": 200,
    "status": 50,
    "label": 100,
    "notes": 2000,
    "source": 500,
    "description": 2000,
    "summary": 1000,
    "quote": 2000,
    "title": 500,
}
_KEY = re.compile(r"[^a-z0-9]+")
# Invisible characters that only hide or reorder text: zero-width spaces, the word joiner,
# the byte-order mark, and the bidirectional embeddings, overrides and isolates (which can
# make a stored name display as something else). Zero-width (non-)joiners stay: scripts and
# emoji need them.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Dates people type into the bot; anything outside is a typo (0001-01-01, 9999-12-31).
MIN_YEAR, MAX_YEAR = 1900, 2199


def slugify(text: str) -> str:
    return _KEY.sub("-", text.casefold()).strip("-")[:100]


def strip_invisible(text: str) -> str:
    """Text without the invisible characters that hide or reorder it, in NFC form."""
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))


def has_control(text: str, allowed: str = "") -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def check_text(name: str, value: str, *, required: bool = False, limit: int | None = None) -> str:
    """A user-typed field, cleaned and checked; raises ChangeError with a readable reason."""
    value = strip_invisible(value)
    if has_control(value, "\n\t" if name in ("notes", "description") else ""):
        raise ChangeError(
            f"{name} contains control characters (invisible codes such as NUL or ESC); "
            "retype it as plain text.",
            field=name,
        )
    value = " ".join(value.split()) if name not in ("notes", "description") else value.strip()
    if required and not value:
        raise ChangeError(f"{name} must not be empty.", field=name)
    limit = limit or MAX_FIELD.get(name, 500)
    if len(value) > limit:
        raise ChangeError(
            f"{name} is {len(value):,} characters long; the limit is {limit:,}.", field=name
        )
    return value


def check_date(name: str, raw: str, *, not_after: date | None = None) -> date:
    """A typed date (2024-11-15, 15 Nov 2024), within sane years and, if given, not later
    than ``not_after``; raises ChangeError saying what is wrong."""
    text = unicodedata.normalize("NFKC", strip_invisible(raw)).strip()
    if has_control(text):
        raise ChangeError(f"{name} contains control characters; use YYYY-MM-DD.", field=name)
    try:
        value = parse_date(text)
    except DateError as exc:
        raise ChangeError(f"{name}: {exc}", field=name) from exc
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ChangeError(
            f"{name} {value.isoformat()} is out of range: "
            f"use a year from {MIN_YEAR} to {MAX_YEAR}.",
            field=name,
        )
    if not_after is not None and value > not_after:
        raise ChangeError(
            f"{name} {value.isoformat()} is in the future (today is {not_after.isoformat()}).",
            field=name,
        )
    return value
