"""What a new story is about, read from its own first articles.

The topic's keywords are the articles' most distinctive terms: term frequency in the new
articles against document frequency in every other stored article (TF-IDF), counted by
snowball stem in the articles' own language and shown as the word the articles use
most, and the nouns the articles' stance cues take as objects ("backs the agreement"),
however common elsewhere. The title the admin typed adds its words (usually English), so a
question in English finds a story read from German articles. The tracked items are the events the
articles date ("the vote on 14 March"), named by their event noun (bot/ingest/data).
"""

from __future__ import annotations

import calendar as pycalendar
import math
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path

from digests.actors import ActorResolver
from digests.extraction import ArticleInput
from digests.extraction.cues import lexicon, normalise, stance_cues
from digests.extraction.items import FoundDate, find_dates
from digests.extraction.mentions import BODY_NOUNS
from digests.extraction.people import ROLE_WORDS, split_role
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
TOPIC_TERMS = 15  # keywords read from the articles, besides the title's words
# A word in more than this share of the other stored articles is no story's own, once
# there are enough of them to tell.
COMMON_SHARE = 0.5
MIN_BACKGROUND = 4


@cache
def event_nouns() -> frozenset[str]:
    lines = (DATA / "events.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@cache
def _deployments() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    raw = tomllib.loads((DATA / "deployments.toml").read_text(encoding="utf-8"))
    return (
        frozenset(fold(n) for n in raw["nouns"]),
        frozenset(fold(t) for t in raw["talks"]),
        tuple(raw["verbs"]),
    )


def topic_lexicon(title: str) -> dict[str, list[str]]:
    """The topic's own vocabulary beyond its keywords (``Topic.lexicon``): where the title
    says the story sends people somewhere ("The Kenya-led security mission in Haiti"), the
    verbs of sending, as the first story's seed gives them. Only the title: the articles'
    words would take "entry into force" for a force."""
    nouns, talks, verbs = _deployments()
    named = [fold(w) for w in re.findall(r"[\w-]+", title)]
    for n, w in enumerate(named):
        # A compound by its last part ("Bundeswehr-Einsatz"), a talk by the word before.
        if w.rsplit("-", 1)[-1] in nouns and (n == 0 or named[n - 1] not in talks):
            return {"verbs": list(verbs)}
    return {}


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
    # Each article's names on their own: the resolver reads an article in its language
    # ("Deutschland" in a German report among English ones).
    names = set().union(*(_names(resolver, f"{a.title}\n{a.body}") for a in articles))
    names |= _people(resolver, text)
    names |= _organisations(articles, langs)
    common_words = _common_words(*dict.fromkeys(langs))
    bodies = {w for lang in dict.fromkeys(langs) for w in _bodies(lang)}
    skip = names | common_words | _roles(text) | set(BODY_NOUNS) | bodies
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
    # A word most of the other stories' articles use tells this story from none of them
    # ("world", "general"), however often these articles say it.
    common = (
        {s for s in counts if sum(1 for d in docs if s in d) > COMMON_SHARE * len(docs)}
        if len(docs) >= MIN_BACKGROUND
        else set()
    )

    def tf_idf(s: str) -> float:
        df = sum(1 for d in docs if s in d)
        return (1 + math.log(counts[s])) * (math.log((n + 1) / (df + 1)) + 1)

    ranked = sorted((s for s in counts if s not in common), key=lambda s: (-tf_idf(s), s))
    # A term said once is chance, unless the articles are that short.
    repeated = [s for s in ranked if counts[s] > 1] or ranked
    terms = tuple(surface[s].most_common(1)[0][0] for s in repeated[:TOPIC_TERMS])
    # What the articles' stances are about ("Albania backs the agreement", "Spanien lehnt
    # das Modell ab") is the topic's own noun however many other stories use it too: a
    # plain word ("deal", "Abkommen") that other stories' articles say as well falls out
    # of the distinctive terms, and with it every position stated about it.
    objects = _stance_objects(articles, langs, lang, skip)
    terms += tuple(
        surface[s].most_common(1)[0][0]
        for s in sorted(objects, key=lambda s: (-counts[s], s))
        if counts[s] > 1 and s not in common and surface[s].most_common(1)[0][0] not in terms
    )
    # The title's words pass the same test as the articles': "Race for the next NATO
    # secretary general" is about the race and NATO, not "next" or "general".
    own = tuple(
        w
        for w in words(title)
        if w not in STOPWORDS and len(w) > 1 and w not in common_words and not w.isdigit()
    )
    return TopicNaming(lang, terms, tuple(dict.fromkeys((*own, *terms))))


def _stance_objects(
    articles: Sequence[ArticleInput], langs: Sequence[str], lang: str, skip: set[str]
) -> set[str]:
    """The stems of the nouns a stance cue of the articles takes as its object: the word
    after the article that follows the cue's verb, when it is no name ("backs the
    agreement", "rejected any takeover", "lehnt das Modell ab")."""
    out: set[str] = set()
    for article, article_lang in zip(articles, langs, strict=False):
        lex = lexicon(article_lang)
        # "condemned the government": a body that speaks is who, not what about.
        bodies = BODY_NOUNS | lex.words.get("speaking_bodies", frozenset())
        for sentence in re.split(r"(?<=[.!?])\s+", f"{article.title}\n{article.body}"):
            text = normalise(sentence)
            for hit in stance_cues(text, lex):
                after = words(text[hit.start :])[1:4]
                for article_word, w in pairwise(after):
                    if article_word not in _OBJECT_ARTICLES:
                        continue
                    named = w in skip or w in bodies or len(w) < 3
                    if not named and not _states_a_stance(w, article_lang):
                        out.add(stem(w, lang))
                    break
    return out


# The articles before a stance's object ("the deal", "das Abkommen"), and the words that
# stand for one ("rejected any takeover", "lehnt eine Übernahme ab").
_OBJECT_ARTICLES = frozenset(
    {"the", "der", "die", "das", "den", "dem", "any", "a", "an", "eine", "einen", "jede", "jeden"}
)


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
    # Tried with an object too: "rejects" is a cue only as "rejects the …".
    return any(
        stance_cues(normalise(text), lex)
        for text in (word, f"{word} the")
        for lex in (lexicon(lang), lexicon("en"))
    )


def _roles(text: str) -> set[str]:
    """Words of who speaks ("minister", "secretary"): a title is not a topic."""
    return set(ROLE_WORDS)


def _people(resolver: ActorResolver | None, text: str) -> set[str]:
    """The words of the names of people the articles give a title ("Environment Minister
    Eamon Ryan", "climate minister Leonore Gewessler"): who speaks is not what about."""
    if resolver is None:
        return set()
    roles = "|".join(sorted(ROLE_WORDS, key=len, reverse=True))
    names = [split_role(phrase) for phrase in resolver.unmatched_names(text)]
    surnames = {
        name.split()[-1]
        for role, name in names
        if 0 < len(name.split()) <= 4
        and (
            role is not None
            or re.search(rf"\b(?:{roles})\s+{re.escape(name)}\b", text, re.IGNORECASE)
        )
    }
    # Someone a position is about ("backs Rutte", "support Mark Rutte") is the topic's
    # own word; the first names stay out all the same ("mark").
    objects = {n for n in surnames if _stance_object(n, text)}
    out: set[str] = set()
    for _, name in names:
        parts = name.split()
        if parts and parts[-1] in surnames:
            keep = {fold(parts[-1])} if parts[-1] in objects else set()
            out.update(w for w in words(name) if w not in keep)
    return out


def _stance_object(name: str, text: str) -> bool:
    """Whether a stance cue ends just before the name somewhere in the text."""
    lex = lexicon(language_of(words(text)))
    for found in re.finditer(rf"\b{re.escape(name)}\b", text):
        before = normalise(text[max(0, found.start() - 40) : found.start()]).rstrip()
        if any(h.end >= len(before) - 1 for h in stance_cues(before, lex)):
            return True
    return False


def _bodies(lang: str) -> frozenset[str]:
    """The words of bodies that speak for a country in the language ("Regierung")."""
    return frozenset(fold(w) for w in lexicon(lang).words.get("speaking_bodies", frozenset()))


def _organisations(articles: Sequence[ArticleInput], langs: Sequence[str]) -> set[str]:
    """The words of the organisations the articles name, known or not: by the head noun
    of their name ("the European Commission", "the International Olympic Committee") or
    by an acronym ("NATO", "IOC"). Who reacts is not what the story is about; a title
    that names one ("NATO's next secretary general") keeps it as its own word."""
    out: set[str] = set()
    for article, article_lang in zip(articles, langs, strict=False):
        text = f"{article.title}\n{article.body}"
        for lang in dict.fromkeys((article_lang, "en")):
            pattern = lexicon(lang).patterns.get("organisation_name")
            if pattern is not None:
                out.update(w for hit in pattern.finditer(text) for w in words(hit.group("name")))
        out.update(fold(a) for a in _ACRONYM.findall(text))
    return out


# An acronym: two to six capitals, digits after them allowed ("IOC", "NATO", "G7").
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\d*\b")


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
