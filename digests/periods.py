"""The stretch of time a "what changed?" question asks about, read from its words.

"since Monday", "this week", "in the last 24 hours", "seit gestern", "since 3 June",
"today": each becomes the moment the period starts, relative to the answer's "now".
Days start at midnight UTC, as the change log's timestamps are kept. Words, not
sentences: any phrasing built from them reads alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

WEEKDAYS = {
    **dict.fromkeys(("monday", "mon", "montag"), 0),
    **dict.fromkeys(("tuesday", "tue", "tues", "dienstag"), 1),
    **dict.fromkeys(("wednesday", "wed", "mittwoch"), 2),
    **dict.fromkeys(("thursday", "thu", "thurs", "donnerstag"), 3),
    **dict.fromkeys(("friday", "fri", "freitag"), 4),
    **dict.fromkeys(("saturday", "sat", "samstag"), 5),
    **dict.fromkeys(("sunday", "sun", "sonntag"), 6),
}
MONTHS = {
    **dict.fromkeys(("january", "jan", "januar"), 1),
    **dict.fromkeys(("february", "feb", "februar"), 2),
    **dict.fromkeys(("march", "mar", "marz", "maerz"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("may", "mai"), 5),
    **dict.fromkeys(("june", "jun", "juni"), 6),
    **dict.fromkeys(("july", "jul", "juli"), 7),
    **dict.fromkeys(("august", "aug"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("october", "oct", "okt", "oktober"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("december", "dec", "dez", "dezember"), 12),
}
UNITS = {
    **dict.fromkeys(("hour", "hours", "hrs", "hr", "h", "stunde", "stunden"), timedelta(hours=1)),
    **dict.fromkeys(("day", "days", "tag", "tage", "tagen"), timedelta(days=1)),
    **dict.fromkeys(("week", "weeks", "woche", "wochen"), timedelta(weeks=1)),
    **dict.fromkeys(("month", "months", "monat", "monate", "monaten"), timedelta(days=30)),
}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "ten": 10,
    "einem": 1,
    "einer": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "funf": 5,
    "sieben": 7,
}
_LAST = frozenset(("last", "past", "previous", "letzten", "letzte", "vergangenen", "vergangene"))
_THIS = frozenset(("this", "diese", "dieser", "diesem", "current"))
_SINCE = frozenset(("since", "from", "after", "seit", "ab"))


_DAYS = ("yesterday", "gestern", "today", "heute", "tonight", "overnight")
# Every word a period's reading starts at.
_OPENERS = frozenset((*_DAYS, *_LAST, *_THIS, *_SINCE, "on"))


@dataclass(frozen=True)
class Period:
    start: datetime
    label: str  # "since Monday 3 Jun", for the answer's heading


def _midnight(day: datetime) -> datetime:
    return datetime.combine(day.date(), time(), tzinfo=UTC)


def read_period(ws: list[str], now: datetime) -> Period | None:
    """The period the folded words ``ws`` name, or None."""
    if _OPENERS.isdisjoint(ws):  # most questions name no period: one set test
        return None
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    today = _midnight(now)
    for i, w in enumerate(ws):
        nxt = ws[i + 1] if i + 1 < len(ws) else ""
        after = ws[i + 2] if i + 2 < len(ws) else ""
        if w in ("yesterday", "gestern"):
            return Period(today - timedelta(days=1), "since yesterday")
        if w in ("today", "heute", "tonight"):
            return Period(today, "today")
        if w in ("overnight",):
            return Period(now - timedelta(hours=12), "overnight")
        if w in _LAST:
            # "the last 24 hours", "past three days", "last week", "letzten 2 Tagen"
            count = int(nxt) if nxt.isdigit() else _NUMBER_WORDS.get(nxt)
            unit_word = after if count is not None else nxt
            unit = UNITS.get(unit_word)
            if unit is not None:
                n = count or 1
                if count is None and unit_word in ("week", "woche"):
                    # "since last week": from the Monday of the week before.
                    start = today - timedelta(days=today.weekday() + 7)
                    return Period(start, "since last week")
                label = f"{n} {unit_word}" if count is not None else unit_word
                return Period(now - n * unit, f"in the last {label}")
        if w in _THIS and nxt in ("week", "woche"):
            return Period(today - timedelta(days=today.weekday()), "this week")
        if w in _THIS and nxt in ("month", "monat"):
            return Period(today.replace(day=1), "this month")
        if w in _THIS and nxt in ("morning", "morgen"):
            return Period(today, "this morning")
        if w in _SINCE or w == "on":
            day = WEEKDAYS.get(nxt)
            if day is not None:
                back = (today.weekday() - day) % 7
                start = today - timedelta(days=back)
                return Period(start, f"since {nxt.capitalize()}")
            date_start = _date_after(ws[i + 1 : i + 4], now)
            if date_start is not None:
                return Period(date_start, f"since {date_start:%-d %b %Y}")
    return None


def _date_after(ws: list[str], now: datetime) -> datetime | None:
    """ "3 june", "june 3", "3 juni 2024", "3rd of june" → that day (the last such
    day on or before ``now`` when no year is given)."""
    day = month = year = None
    for w in ws:
        digits = w.rstrip("stndrh") if w[:1].isdigit() else w
        if digits.isdigit():
            value = int(digits)
            if value > 31:
                year = value
            elif day is None:
                day = value
        elif w in MONTHS and month is None:
            month = MONTHS[w]
        elif w not in ("of", "the"):
            break
    if month is None:
        return None
    try:
        when = datetime(year or now.year, month, day or 1, tzinfo=UTC)
    except ValueError:
        return None
    if year is None and when > now:
        when = when.replace(year=when.year - 1)
    return when
