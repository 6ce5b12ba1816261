"""How a setting's text becomes its value.

A reader takes the variable's (non-empty, stripped) text and returns the value, or raises
``Malformed`` with the form it expects, phrased to follow "NAME must be …": the settings
add the variable's name and what it got.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# SQLAlchemy's URL parser is imported by the two readers below only for a URL it must
# read: a one-shot command on a SQLite file (newsbot ask) never loads SQLAlchemy.

Reader = Callable[[str], Any]


class Malformed(ValueError):
    """The expected form, e.g. "a whole number"."""


def text(raw: str) -> str:
    return raw


def optional(raw: str) -> str | None:
    return raw or None


def path(raw: str) -> Path:
    return Path(raw).expanduser()


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def flag(raw: str) -> bool:
    value = raw.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise Malformed("true or false (also yes/no, on/off, 1/0)")


def names(raw: str) -> frozenset[str]:
    """``slack:U123, discord:4567`` → {"slack:U123", "discord:4567"}."""
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


def admins(raw: str) -> frozenset[str]:
    """``slack:U012ABC, discord:4567, console:alice`` (``platform:*`` for everyone there)."""
    found = names(raw)
    if any(not re.fullmatch(r"[a-z]+:\S+", n) for n in found):
        raise Malformed("a comma-separated list of platform:user (slack:U012ABC,console:alice)")
    return found


def role_ids(raw: str) -> frozenset[str]:
    found = names(raw)
    if any(not n.isdigit() for n in found):
        raise Malformed("a comma-separated list of numeric role ids")
    return found


def channels(raw: str) -> str:
    """``slack:T0123/C0456,webhook:ops/alerts``: kept as written, checked here."""
    for part in (p.strip() for p in raw.split(",")):
        if part and not re.fullmatch(r"[a-z]+:[^/\s]+/\S+", part):
            raise Malformed(
                "a comma-separated list of platform:workspace/channel (slack:T0123/C0456)"
            )
    return raw


def lower_names(raw: str) -> frozenset[str]:
    return frozenset(n.lower() for n in names(raw))


def whole(least: int) -> Reader:
    def read(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise Malformed("a whole number") from None
        if value < least:
            raise Malformed(f"a whole number, {least} or more")
        return value

    return read


def _number(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise Malformed("a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise Malformed("a number")
    return value


def seconds(raw: str) -> float:
    try:
        value = _number(raw)
    except Malformed:
        raise Malformed("a number of seconds") from None
    if value < 0:
        raise Malformed("a number of seconds, zero or more")
    return value


def fraction(raw: str) -> float:
    try:
        value = _number(raw)
    except Malformed:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise Malformed("a number from 0 to 1")
    return value


def factor(raw: str) -> float:
    try:
        value = _number(raw)
    except Malformed:
        value = 0.0
    if value < 1.0:
        raise Malformed("a number, 1 or more (2 doubles each wait)")
    return value


def port(raw: str) -> int:
    if not raw.isdigit() or int(raw) > 65535:
        raise Malformed("a whole number from 0 to 65535 (a TCP port)")
    return int(raw)


def choice(*options: str) -> Reader:
    def read(raw: str) -> str:
        value = raw.lower()
        if value not in options:
            raise Malformed("one of " + ", ".join(options))
        return value

    return read


_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def log_level(raw: str) -> str:
    value = raw.upper()
    if value not in _LEVELS or not isinstance(logging.getLevelName(value), int):
        raise Malformed("one of " + ", ".join(_LEVELS))
    return value


def timezone(raw: str) -> str:
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise Malformed("a time zone name such as UTC or Europe/Berlin") from None
    return raw


def shard_count(raw: str) -> int:
    """Unset → no sharding, ``auto`` → 0 (Discord decides), N → N."""
    if raw.lower() == "auto":
        return 0
    if not raw.isdigit() or int(raw) < 1:
        raise Malformed("a whole number of shards or auto")
    return int(raw)


def snowflake(raw: str) -> str:
    if not raw.isdigit():
        raise Malformed("the application's numeric id (General Information in the portal)")
    return raw


def _url(raw: str, schemes: tuple[str, ...], form: str) -> str:
    try:
        parts = urlsplit(raw)
    except ValueError:
        raise Malformed(form) from None
    if parts.scheme.lower() not in schemes or not parts.netloc:
        raise Malformed(form)
    return raw


def http_url(raw: str) -> str:
    return _url(raw, ("http", "https"), "an http:// or https:// URL")


def ws_url(raw: str) -> str:
    return _url(raw, ("ws", "wss"), "a ws:// or wss:// URL")


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(raw: str) -> bool:
    """``scheme://…`` (``sqlite://`` included), as opposed to a file's path."""
    return bool(_SCHEME.match(raw))


_PLAIN_SQLITE = re.compile(r"^sqlite:///[^?#]*$")


def database(raw: str) -> str:
    """A SQLAlchemy URL, or a plain path meaning that SQLite file."""
    if not is_url(raw):
        return raw  # a path: Settings makes it a sqlite:/// URL
    if _PLAIN_SQLITE.match(raw):
        return raw  # a SQLite file's URL: nothing in it SQLAlchemy could refuse
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(raw)
    except (ArgumentError, ValueError):
        raise Malformed(
            "a database URL (e.g. postgresql+psycopg://user:password@host/newsbot) "
            "or the path of a SQLite file"
        ) from None
    return raw


def url_password(url: str) -> str | None:
    """The password inside a database URL, if it has one."""
    if "@" not in url:
        return None  # no user info, so no password
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).password
    except (ArgumentError, ValueError):
        return None
