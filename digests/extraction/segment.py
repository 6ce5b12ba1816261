"""The first stage: an article's text cut into what it says about itself and what it says.

A header ("Title: …", "Published: …", "Source: …", or the German "Titel:", "Datum:",
"Quelle:") and a wire dateline ("BRATISLAVA, June 20, 2024 (Agency) —", "BERLIN,
12. Juni 2024 (Agentur) –") are read for the title, date and source and kept out of the
body: a dateline's city is where the copy was filed, never who acts in its first sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel.dates import get_month_names

from digests.dates import DateError, parse_date
from digests.text import month_numbers as folded_months

# Header lines, in the languages the lexicons cover; each maps to one field.
HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "titel": "title",
    "überschrift": "title",
    "published": "date",
    "date": "date",
    "datum": "date",
    "veröffentlicht": "date",
    "source": "source",
    "outlet": "source",
    "quelle": "source",
    "url": "url",
    "link": "url",
}
_HEADER = re.compile(
    r"^(" + "|".join(HEADER_KEYS) + r")\s*:\s*(.*\S)\s*$",
    re.IGNORECASE,
)
LANGUAGES = ("en", "de")


@cache
def month_numbers() -> dict[str, int]:
    """Month names and their abbreviations, in every language read, to 1-12 (Babel's data)."""
    out: dict[str, int] = {}
    for lang in LANGUAGES:
        out.update(folded_months(lang))  # folded forms too: "marz", "maerz"
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=lang).items():
                out[name.casefold().rstrip(".")] = number
    return out


@cache
def month_pattern() -> str:
    """A regex alternative of every month name (longest first, so "June" beats "Jun")."""
    names = sorted(month_numbers(), key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


def _day_and_month(named: bool = False) -> str:
    """A day and a month name either way round ("20 June", "12. Juni", "June 20,"), with
    the groups ``d1``/``m1``/``m2``/``d2`` when ``named``."""
    m = month_pattern()
    d1, m1, m2, d2 = ("(?P<d1>", "(?P<m1>", "(?P<m2>", "(?P<d2>") if named else ("(?:",) * 4
    return rf"(?:{d1}\d{{1,2}})\.?\s+{m1}{m})\.?|{m2}{m})\.?\s+{d2}\d{{1,2}}),?)"


@cache
def _written_date() -> re.Pattern[str]:
    return re.compile(
        rf"^\s*{_day_and_month(named=True)}\s+(?P<y>(?:19|20)\d\d)\s*$"
        r"|^\s*(?P<iso>\d{4}-\d{2}-\d{2})\s*$",
        re.IGNORECASE,
    )


@cache
def _month_day() -> re.Pattern[str]:
    return re.compile(rf"^\s*{_day_and_month()}\s*$", re.IGNORECASE)


def written_date(text: str) -> date | None:
    """ "June 20, 2024", "20 June 2024", "12. Juni 2024", "2024-06-20" → a date; else None."""
    found = _written_date().match(text)
    if found is None:
        return None
    try:
        if found.group("iso"):
            return date.fromisoformat(found.group("iso"))
        month = month_numbers()[(found.group("m1") or found.group("m2")).casefold()]
        day = int(found.group("d1") or found.group("d2"))
        return date(int(found.group("y")), month, day)
    except ValueError:
        return None


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Header lines at the top (any of title, date, source, url), then the body."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines) and (found := _HEADER.match(lines[i].strip())):
        meta[HEADER_KEYS[found.group(1).casefold()]] = found.group(2).strip()
        i += 1
    if not meta:
        return {}, text.strip()
    return meta, "\n".join(lines[i:]).strip()


@cache
def _date_inside() -> re.Pattern[str]:
    return re.compile(
        rf"\b{_day_and_month()}\s+(?:19|20)\d\d\b"
        r"|\b\d{1,2}\.\d{1,2}\.(?:19|20)\d\d\b|\b\d{4}-\d{2}-\d{2}\b",
        re.IGNORECASE,
    )


def date_inside(text: str) -> date | None:
    """The first date written anywhere in a short line ("Wednesday, September 11, 2024",
    "Port Louis/London, 14. November 2024", "24.09.2024, 18:15 Uhr"); else None. Where it
    stands is found here, what it says is read by ``parse_date``."""
    found = _date_inside().search(text)
    if found is None:
        return None
    try:
        return parse_date(found.group())
    except DateError:
        return None


# A line of the block under a headline, not prose: short and not ended like a sentence.
_BLOCK_LINE = 160
_BYLINE = re.compile(r"^(?:by|von)\s", re.IGNORECASE)


# The most words an outlet's name has, with its section ("Rhine-Main Financial Wire").
_OUTLET_WORDS = 6


# What parts a line of the block: a bar, or a dash or a middle dot between spaces.
_PARTS = re.compile(r"\s*\|\s*|\s+[–—·]\s+")


def outlet(line: str) -> str:
    """An outlet's name from a line that may add its section or city after a comma, a
    dash or a middle dot ("Rheinland-Kurier · Wirtschaft", "Westfälischer Anzeiger –
    Politik", "Rhine-Main Financial Wire, Frankfurt")."""
    return _PARTS.split(line.strip(), maxsplit=1)[0].split(",")[0].strip()


def split_byline(text: str) -> tuple[dict[str, str], str]:
    """The short lines under a headline that say when, where and by whom ("Tuesday,
    February 13, 2024" / "Potomac Wire Service, Washington"; "Brüssel, 25. September 2024
    | Nordwestdeutsche Rundschau, Ressort Politik | Von unserer Korrespondentin …";
    "Quelle: …"): read for the date and the source, and kept out of the body; a line too
    long for an outlet's name is the headline (under a first line that named the outlet).
    A block is one only when it holds a date or a header line; else the text is left as
    it is."""
    lines = text.strip().split("\n")
    block: list[str] = []
    for line in lines[:3]:
        line = line.strip()
        if not line or len(line) > _BLOCK_LINE or line[-1] in '.!?"”':
            break
        block.append(line)
    meta: dict[str, str] = {}
    for line in block:
        if found := _HEADER.match(line):
            key = HEADER_KEYS[found.group(1).casefold()]
            value = found.group(2).strip()
            meta.setdefault(key, outlet(value) if key == "source" else value)
            continue
        parts = _PARTS.split(line)
        if len(parts) == 1 and date_inside(line) is None and len(line.split()) > _OUTLET_WORDS:
            # Too long for an outlet's name: the headline, under an outlet's line
            # ("Rheinland-Kurier · Wirtschaft" / "Sanktionen gegen Russland: …").
            meta.setdefault("title", line)
            continue
        for part in (p.strip() for p in parts):
            when = date_inside(part)
            if when is not None:
                meta.setdefault("date", when.isoformat())
            elif part and not _BYLINE.match(part):
                meta.setdefault("source", outlet(part))
    if "date" not in meta and not any(_HEADER.match(line) for line in block):
        return {}, text.strip()
    return meta, "\n".join(lines[len(block) :]).strip()


@dataclass(frozen=True)
class Dateline:
    place: str  # "BRATISLAVA", as printed
    published: date | None
    agency: str | None
    text: str  # the whole dateline, as printed


# A place in capitals (a city, "SAN JOSE", "THE HAGUE"), then optionally a date and an
# agency in brackets, then a dash: the opening of wire copy.
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÄÖÜÉ][A-ZÄÖÜÉ'.-]+(?:\s+[A-ZÄÖÜÉ][A-ZÄÖÜÉ'.-]+){0,3})"
    r"(?:\s*,\s*(?P<date>[^()—–\n]{4,30}?))?"
    r"(?:\s*\((?P<agency>[^()\n]{2,60})\))?"
    r"\s*(?:—|–|--|-)\s+(?=\S)"
)


def split_dateline(body: str) -> tuple[Dateline | None, str]:
    """A wire dateline at the start of the body, and the body after it."""
    found = _DATELINE.match(body)
    if found is None or len(found.group("place")) < 3:
        return None, body
    raw_date = found.group("date")
    when = written_date(raw_date) if raw_date else None
    if raw_date and when is None and not _month_day().match(raw_date):
        # "PARIS, the city of light -" is prose, not a dateline; "TALLINN, Oct 2 (…) —"
        # is one whose year the copy leaves out: a place and an agency, no date.
        return None, body
    agency = found.group("agency")
    line = Dateline(found.group("place"), when, agency.strip() if agency else None, found.group())
    return line, body[found.end() :]
