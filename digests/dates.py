"""Reading and writing dates the way people do."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from digests.text import fold, month_numbers
from digests.text.calendar_names import month_abbreviation

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Month names in English and German, every form Babel knows ("Nov", "Sept", "März").
_MONTHS = {**month_numbers("de"), **month_numbers("en")}
_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
# "15 Nov 2024", "15. März 2024", "November 15, 2024".
_WRITTEN = re.compile(
    rf"^(?:(?P<day>\d{{1,2}})\.?\s+(?P<month>{_MONTH})\.?|(?P<month2>{_MONTH})\.?\s+"
    rf"(?P<day2>\d{{1,2}}),?)\s+(?P<year>\d{{4}})$"
)


class DateError(ValueError):
    """A date that could not be read; the message says what is expected."""


def parse_date(text: str) -> date:
    """ISO dates (2024-11-15) and the common written forms in English and German
    (15 Nov 2024, November 15, 2024, 15. März 2024, 15.11.2024)."""
    value = text.strip()
    if _ISO.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise DateError(f"'{text}' is not a real date.") from exc
    written = _WRITTEN.match(fold(value))
    if written:
        day = written.group("day") or written.group("day2")
        month = _MONTHS[written.group("month") or written.group("month2")]
        try:
            return date(int(written.group("year")), month, int(day))
        except ValueError as exc:
            raise DateError(f"'{text}' is not a real date.") from exc
    for fmt in ("%d.%m.%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(value.replace(",", ""), fmt).date()
        except ValueError:
            continue
    raise DateError(f"'{text}' is not a date I can read: use YYYY-MM-DD, e.g. 2024-11-15.")


def human_date(value: date | None) -> str:
    """ "9 Jun 2024": Babel's "d MMM yyyy" in English, written out from its month names
    (importing Babel to format would cost a one-shot command ~0.1 s)."""
    if not value:
        return "undated"
    return f"{value.day} {month_abbreviation(value.month)} {value.year:04d}"


def relative(due: date, today: date) -> str:
    """'in 3 days', 'today', '2 years ago'."""
    return _relative_days((due - today).days)


@lru_cache(maxsize=4096)
def _relative_days(days: int) -> str:
    # Babel's formatting costs ~50 µs and a list of deadlines asks for the same few
    # spans over and over.
    if days == 0:
        return "today"
    from babel.dates import format_timedelta  # only deadlines need it: see human_date

    span = format_timedelta(timedelta(days=abs(days)), granularity="day", locale="en")
    return f"in {span}" if days > 0 else f"{span} ago"


def due_phrase(due: date | None, label: str | None, today: date) -> str:
    """How a deadline reads in a digest: 'November 2024 (by 30 Nov 2024, 2 years ago)'."""
    if due is None:
        return label or "no date set"
    when = f"by {human_date(due)}, {relative(due, today)}"
    return f"{label} ({when})" if label else when
