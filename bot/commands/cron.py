"""A typed schedule (a time, a crontab line, a zone name) as a checked APScheduler trigger."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.commands.parsing import UsageError

if TYPE_CHECKING:
    from apscheduler.triggers.cron import CronTrigger

MAX_CRON_CHARS = 100

_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # cron numbers them 0-6 (7 = sun)
_APS_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # APScheduler's order
_FULL_DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
# A weekday's crontab number by its short or full name.
_DAY_NUMBERS = {name: n for n, full in enumerate(_FULL_DAYS) for name in (full[:3], full)}


def cron_for(kind: str, rest: list[str]) -> str:
    """The APScheduler cron expression for ``schedule daily|weekdays HH:MM`` or
    ``schedule cron "M H DOM MON DOW"`` (whose weekdays count as in crontab)."""
    if kind in ("daily", "weekdays"):
        if len(rest) != 1:
            raise UsageError(f"Give one time, e.g. `schedule {kind} 08:00`.")
        hh, sep, mm = unicodedata.normalize("NFKC", rest[0]).partition(":")
        if not (
            sep
            and hh.isascii()
            and hh.isdigit()
            and mm.isascii()
            and mm.isdigit()
            and len(mm) == 2
            and 0 <= int(hh) < 24
            and 0 <= int(mm) < 60
        ):
            raise UsageError(f"“{rest[0]}” is not a time: use HH:MM, e.g. 08:00 or 17:30.")
        return f"{int(mm)} {int(hh)} * * {'mon-fri' if kind == 'weekdays' else '*'}"
    expr = " ".join(" ".join(rest).split())
    if len(expr.split()) != 5:
        raise UsageError(
            "A cron expression has five fields: minute hour day month weekday, "
            'e.g. `schedule cron "0 8 * * 1-5"` (quote it).'
        )
    if len(expr) > MAX_CRON_CHARS:
        raise UsageError(f"That cron expression is over {MAX_CRON_CHARS} characters long.")
    minute, hour, dom, month, dow = expr.split()
    if dom != "*" and dow != "*":
        # Classic cron fires when EITHER matches, APScheduler when BOTH do: refuse the
        # ambiguity rather than post on days nobody expected.
        raise UsageError(
            "Give a day of the month or a weekday, not both "
            '(e.g. `"0 8 1 * *"` or `"0 8 * * mon"`).'
        )
    return f"{minute} {hour} {dom} {month} {_weekdays(dow)}"


def _weekdays(field: str) -> str:
    """A crontab weekday field (0 or 7 = Sunday, 1 = Monday, names) as APScheduler names.

    APScheduler's ``from_crontab`` counts 0 = Monday, so "1-5" would mean Tuesday to
    Saturday there; names mean the same in both.
    """
    days: set[int] = set()
    for part in field.lower().split(","):
        span, _, step_text = part.partition("/")
        if step_text and not step_text.isdigit():
            raise UsageError(f"“{part}” is not a weekday step: use e.g. `*/2` or `1-5/2`.")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise UsageError(f"“{part}”: a step must be 1 or more.")
        if span == "*":
            first, last = 0, 6
        else:
            low, dash, high = span.partition("-")
            first = _cron_day(low)
            last = _cron_day(high) if dash else (6 if step_text else first)
            if dash and high.strip() in ("7", "sun") and first > 0:
                last = 7  # "5-7" is Friday to Sunday
            if last < first:
                raise UsageError(f"“{span}” runs backwards: write the earlier day first.")
        days.update(d % 7 for d in range(first, last + 1, step))
    if len(days) == 7:
        return "*"
    order = sorted(_APS_DAYS.index(_CRON_DAYS[d]) for d in days)
    runs: list[list[int]] = []
    for i in order:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return ",".join(
        _APS_DAYS[r[0]] if len(r) == 1 else f"{_APS_DAYS[r[0]]}-{_APS_DAYS[r[-1]]}" for r in runs
    )


def _cron_day(text: str) -> int:
    """One crontab weekday: 0-7 or a name (lower case), as its crontab number."""
    text = text.strip()
    if text.isascii() and text.isdigit() and 0 <= int(text) <= 7:
        return int(text)
    if text in _DAY_NUMBERS:
        return _DAY_NUMBERS[text]
    raise UsageError(f"“{text}” is not a weekday: use 0-7 (0 and 7 are Sunday) or mon … sun.")


def time_zone(name: str) -> str:
    """The canonical IANA name for a typed zone ("europe/berlin", "Berlin" → Europe/Berlin)."""
    text = name.strip()
    # Zone names become file paths inside zoneinfo: nothing that could leave its folder.
    if text and "\x00" not in text and not text.startswith(("/", ".")) and ".." not in text:
        try:
            ZoneInfo(text)
            return text
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
        folded = text.casefold().replace(" ", "_")
        zones = available_timezones()
        for zone in sorted(zones):
            if zone.casefold() == folded:
                return zone
        for zone in sorted(zones):
            if zone.casefold().endswith("/" + folded):
                return zone
    raise UsageError(
        f"“{name}” is not a time zone I know; use a name like Europe/Berlin, America/New_York "
        "or UTC."
    )


def check_schedule(cron: str, tz: str) -> CronTrigger:
    """The trigger for a cron expression in a zone; UsageError if either is invalid."""
    from apscheduler.triggers.cron import CronTrigger  # slow to import: only when needed

    try:
        # A typed zone was checked already; this catches a bad default (NEWSBOT_TIMEZONE).
        zone = ZoneInfo(time_zone(tz))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(
            f"“{tz}” is not a time zone I know; use a name like Europe/Berlin or UTC."
        ) from exc
    try:
        return CronTrigger.from_crontab(cron, timezone=zone)
    except ValueError as exc:
        raise UsageError(f"“{cron}” is not a valid cron expression: {exc}.") from exc
