"""An article as it arrives — a file with a header, pasted text, a web page, a feed item —
made into one shape: title, source, date, URL and body text."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from digests.dates import DateError, parse_date
from digests.extraction.segment import (
    outlet,
    split_byline,
    split_dateline,
    split_header,
    written_date,
)

_ISO_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")
MAX_TITLE = 300


class InputError(ValueError):
    """The input is not an article that can be read; the message says why."""


@dataclass(frozen=True)
class ArticleInput:
    title: str
    source: str
    body: str
    published: date | None = None
    url: str | None = None
    dateline: str | None = None  # "BRATISLAVA, June 20, 2024 (Agency) —", kept out of body

    def to_json(self) -> dict[str, Any]:
        """The article part of ``newsbot ingest --json`` (the body is left out)."""
        return {
            "title": self.title,
            "source": self.source,
            "date": self.published.isoformat() if self.published else None,
            "url": self.url,
        }

    def with_defaults(
        self, *, title: str | None, source: str | None, published: date | None, url: str | None
    ) -> ArticleInput:
        """Values given by whoever ingests it win over what the text says about itself."""
        return replace(
            self,
            title=title or self.title,
            source=source or self.source,
            published=published or self.published,
            url=url or self.url,
        )


def read_date(raw: str | None) -> date | None:
    """A date as headers and feeds write it (2024-05-15, 2024-05-15T08:00:00Z, 15 May 2024)."""
    if not raw:
        return None
    text = raw.strip()
    found = _ISO_PREFIX.match(text)
    try:
        return parse_date(found.group() if found else text)
    except DateError:
        return written_date(text)


def _first_line_title(body: str) -> tuple[str | None, str]:
    """A short first line without closing punctuation reads as a headline — also one that
    ends in a quoted phrase (…would be "a target"), not one that ends a quoted sentence."""
    first, sep, rest = body.strip().partition("\n")
    first = first.strip()
    end = first.rstrip("\"”’'»")
    if sep and rest.strip() and 3 <= len(first) <= MAX_TITLE and end and end[-1] not in ".!?:;,":
        return first, rest.strip()
    return None, body.strip()


def _lead_title(body: str) -> str:
    """No headline at all: the first words of the text stand in for one."""
    words = body.split()
    title = " ".join(words[:12])
    return title + ("…" if len(words) > 12 else "")


def from_text(
    text: str,
    *,
    title: str | None = None,
    source: str | None = None,
    published: date | None = None,
    url: str | None = None,
    default_source: str = "unknown source",
) -> ArticleInput:
    """Plain text, with or without a header; the arguments override the header."""
    if "\x00" in text:
        raise InputError("That is not text (it contains NUL bytes); give a text or HTML file.")
    if _looks_like_html(text):
        return from_html(text, url=url).with_defaults(
            title=title, source=source, published=published, url=url
        )
    meta, body = split_header(text)
    found_title = meta.get("title")
    first_line = None
    if not found_title and not title:
        found_title, body = _first_line_title(body)
        first_line = found_title
    # Under the headline, a block of short lines may say when and by whom.
    byline, body = split_byline(body)
    if first_line and "title" in byline:
        # The first line named the outlet, the headline came under it.
        found_title = byline.pop("title")
        byline.setdefault("source", outlet(first_line))
    byline.pop("title", None)
    meta = {**byline, **meta}
    # Wire copy opens with a dateline: its date and agency fill what no header gave.
    dateline, body = split_dateline(body.strip())
    if not body.strip():
        raise InputError("The article has no text after its header.")
    return ArticleInput(
        title=(title or found_title or _lead_title(body))[:MAX_TITLE],
        source=source
        or meta.get("source")
        or (dateline.agency if dateline else None)
        or default_source,
        body=body,
        published=published
        or read_date(meta.get("date"))
        or (dateline.published if dateline else None),
        url=url or meta.get("url"),
        dateline=dateline.text.strip() if dateline else None,
    )


# The most words a section's label above a web page's headline has ("Defence", "World news").
_KICKER_WORDS = 3


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or (
        "<body" in head or "<article" in head or "<p>" in head
    )


def from_html(html: str, *, url: str | None = None, source: str | None = None) -> ArticleInput:
    """A web page: the article text without menus, ads and footers (trafilatura)."""
    import trafilatura  # imported here: lxml is heavy and most inputs are text

    body = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    )
    if not body or len(body.split()) < 5:
        # Short pages defeat the precision heuristics; take every paragraph then.
        body = trafilatura.extract(html, url=url, include_comments=False, favor_recall=True)
    if not body or not body.strip():
        raise InputError("No article text found on that page.")
    meta = trafilatura.extract_metadata(html, default_url=url)
    title = (meta.title if meta and meta.title else None) or None
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    if title and title.strip() in paragraphs[:3]:
        # The headline is kept as the title, not as text; a kicker above it ("Defence")
        # is a section's name, no part of the article either.
        at = paragraphs.index(title.strip())
        if all(len(p.split()) <= _KICKER_WORDS for p in paragraphs[:at]):
            paragraphs = paragraphs[at + 1 :]
    text = "\n\n".join(paragraphs)
    if not title:
        title, text = _first_line_title(text)
    byline, text = split_byline(text)
    dateline, text = split_dateline(text)
    outlet = (
        source
        or (meta.sitename if meta and meta.sitename else None)
        or byline.get("source")
        or _host(url)
    )
    return ArticleInput(
        title=(title or _lead_title(text))[:MAX_TITLE],
        source=outlet or (dateline.agency if dateline else None) or "unknown source",
        body=text,
        published=read_date(meta.date if meta else None)
        or read_date(byline.get("date"))
        or (dateline.published if dateline else None),
        url=url,
        dateline=dateline.text.strip() if dateline else None,
    )


def _host(url: str | None) -> str | None:
    if not url:
        return None
    found = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", url, re.IGNORECASE)
    return found.group(1).removeprefix("www.") if found else None
