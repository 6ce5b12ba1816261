"""What a new story is about, read from its own first articles.

The topic's keywords are the articles' most distinctive terms: term frequency in the new
articles against document frequency in every other stored article (TF-IDF), counted by
snowball stem in the articles' own language and shown as the word the articles use
most. The title the admin typed adds its words (usually English), so a question in
English finds a story read from German articles. The tracked items are the events the
articles date ("the vote on 14 March"), named by their event noun (bot/ingest/data).
"""

from __future__ import annotations

import calendar as pycalendar
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from digests.actors import ActorResolver
from digests.extraction import ArticleInput
from digests.extraction.cues import lexicon, normalise, stance_cues
from digests.extraction.items import FoundDate, find_dates
from digests.extraction.people import ROLE_WORDS
from digests.text import (
    STOPWORDS,
    fold,
    language_of,
    month_names,
    month_numbers,
    stem,
    stopwords,
    words,
)

DATA = Path(__file__).resolve().parent / "data"
TOPIC_TERMS = 10  # keywords read from the articles, besides the title's words


@cache
def event_nouns() -> frozenset[str]:
    lines = (DATA / "events.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@dataclass(frozen=True)
class TopicNaming:
    language: str  # the articles' language ("en", "de")
    terms: tuple[str, ...]  # the distinctive words, most distinctive first
    keywords: tuple[str, ...]  # the terms and the title's words, each once


def name_topic(
    title: str,
    articles: Sequence[ArticleInput],
    background: Iterable[str],
    resolver: ActorResolver | None = None,
) -> TopicNaming:
    """The new story's topic words; ``background``: the text of every other article."""
    text = "\n".join(f"{a.title}\n{a.body}" for a in articles)
    tokens = words(text)
    lang = language_of(tokens)
    # Each article in its own language: a story read from German and English reports
    # keeps the topic's words of both, and the function words of neither.
    langs = [language_of(words(f"{a.title}\n{a.body}")) for a in articles] or [lang]
    skip = _names(resolver, text) | _common_words(*dict.fromkeys(langs)) | _roles(text)
    counts: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = {}
    for article, article_lang in zip(articles, langs, strict=False):
        for w in words(f"{article.title}\n{article.body}"):
            if len(w) < 3 or w.isdigit() or w in skip or _states_a_stance(w, article_lang):
                continue
            s = stem(w, lang)
            counts[s] += 1
            surface.setdefault(s, Counter())[w] += 1
    docs = [set(stem(w, lang) for w in words(t)) for t in background]
    n = len(docs) + 1

    def tf_idf(s: str) -> float:
        df = sum(1 for d in docs if s in d)
        return (1 + math.log(counts[s])) * (math.log((n + 1) / (df + 1)) + 1)

    ranked = sorted(counts, key=lambda s: (-tf_idf(s), s))
    # A term said once is chance, unless the articles are that short.
    repeated = [s for s in ranked if counts[s] > 1] or ranked
    terms = tuple(surface[s].most_common(1)[0][0] for s in repeated[:TOPIC_TERMS])
    own = tuple(w for w in words(title) if w not in STOPWORDS and len(w) > 1)
    return TopicNaming(lang, terms, tuple(dict.fromkeys((*own, *terms))))


def _common_words(*langs: str) -> set[str]:
    out = set(STOPWORDS) | set(stopwords("en")) | set(reporting_words())
    for lang in (*langs, "en"):
        out |= set(stopwords(lang))
        out |= {w for m in month_names(lang) for w in words(m)}
    return out


@cache
def reporting_words() -> frozenset[str]:
    lines = (DATA / "reporting.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(w) for line in lines if not line.startswith("#") for w in line.split())


def _states_a_stance(word: str, lang: str) -> bool:
    """A word that is itself a stance cue ("supports", "rejects", "ablehnen") says where
    someone stands, not what about."""
    return bool(stance_cues(normalise(word), lexicon(lang)) or stance_cues(normalise(word)))


def _roles(text: str) -> set[str]:
    """Words of who speaks ("minister", "secretary"): a title is not a topic."""
    return set(ROLE_WORDS)


def _names(resolver: ActorResolver | None, text: str) -> set[str]:
    """The words of the actors the articles name: who speaks is not what it is about."""
    if resolver is None:
        return set()
    out: set[str] = set()
    for m in resolver.find(text):
        out.update(words(m.name))
        out.update(words(m.text))  # as the article writes it ("Frankreich", "Dutch")
        if m.key:
            out.update(words(m.key.replace("-", " ")))
    return out


@dataclass(frozen=True)
class DatedEvent:
    name: str  # "EU summit"
    due: date
    label: str | None  # "March 2025" when only the month was given
    quote: str  # the sentence that dates it, verbatim


def dated_events(article: ArticleInput, sentences: Iterable[str]) -> list[DatedEvent]:
    """The events the article's sentences date, first mention of each name kept."""
    nouns = event_nouns()
    out: dict[str, DatedEvent] = {}
    for sentence in sentences:
        dates = find_dates(sentence, article.published) or calendar_dates(
            sentence, article.published
        )
        for at, found in dates:
            name = _event_before(sentence[:at], nouns) or _event_after(sentence[at:], nouns)
            if name is None or name.casefold() in out:
                continue
            out[name.casefold()] = DatedEvent(name, found.value, found.label, sentence)
    return list(out.values())


@cache
def _calendar_pattern() -> re.Pattern[str]:
    names = sorted(
        {n for lang in ("en", "de") for n in month_numbers(lang, wide_only=True)},
        key=len,
        reverse=True,
    )
    month = "|".join(re.escape(n) for n in names)
    return re.compile(
        rf"\b(?:(?P<day>\d{{1,2}})\.?\s+(?P<month>{month})(?:\s+(?P<year>\d{{4}}))?"
        rf"|(?P<month2>{month})\s+(?P<day2>\d{{1,2}})(?:,?\s+(?P<year2>\d{{4}}))?\b"
        rf"|(?P<month3>{month})\s+(?P<year3>\d{{4}}))\b"
    )


def calendar_dates(sentence: str, published: date | None) -> list[tuple[int, FoundDate]]:
    """Calendar dates however they are led in ("scheduled for 14 May 2024", "am 3. März"):
    a day and month (the year from the article's date when not given), or a month and
    year (its last day, labelled with the month)."""
    numbers = {**month_numbers("de", wide_only=True), **month_numbers("en", wide_only=True)}
    out: list[tuple[int, FoundDate]] = []
    for found in _calendar_pattern().finditer(fold(sentence)):
        g = found.groupdict()
        name = g["month"] or g["month2"] or g["month3"]
        month = numbers[name]
        day = int(g["day"] or g["day2"] or 0)
        year_text = g["year"] or g["year2"] or g["year3"]
        if year_text:
            year = int(year_text)
        elif published is not None:
            year = published.year + (1 if (month, day) < (published.month, published.day) else 0)
        else:
            continue
        last = pycalendar.monthrange(year, month)[1]
        if day and 1 <= day <= last:
            out.append((found.start(), FoundDate(date(year, month, day), None)))
        elif not day:
            label = f"{pycalendar.month_name[month]} {year}"
            out.append((found.start(), FoundDate(date(year, month, last), label)))
    return out


def _event_before(text: str, nouns: frozenset[str]) -> str | None:
    """The event noun nearest before the date ("the summit on 14 March"), with up to two
    words before it that are not function words ("EU summit")."""
    tokens = re.findall(r"[^\W_]+(?:[-'’][^\W_]+)*", text)
    for i in range(len(tokens) - 1, max(-1, len(tokens) - 10), -1):
        if tokens[i].casefold() in nouns:
            lead: list[str] = []
            for word in reversed(tokens[max(0, i - 2) : i]):
                if word.casefold() in STOPWORDS or word.isdigit():
                    break
                lead.insert(0, word)
            return _phrase([*lead, tokens[i]])
    return None


def _event_after(text: str, nouns: frozenset[str]) -> str | None:
    tokens = re.findall(r"[^\W_]+", text)[:8]
    for word in tokens:
        if word.casefold() in nouns:
            return _phrase([word])
    return None


def _phrase(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return text[0].upper() + text[1:]
