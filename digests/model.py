"""Plain records the engine works on; ``bot`` builds them from the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

STANCES = ("supports", "opposes", "undecided", "mixed", "unknown")


@dataclass(frozen=True)
class ActorRecord:
    """An actor of the stance table, with every name a reader may use for it."""

    key: str
    name: str
    kind: str = "country"  # country | organisation | group | person | mission | other
    country_code: str | None = None  # ISO 3166-1 alpha-2 for countries
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # keys of member actors, for groups
    speaks_for: str | None = None  # key of the actor a person speaks for
    description: str | None = None


@dataclass(frozen=True)
class Evidence:
    quote: str
    source: str
    date: date | None = None
    article: str | None = None  # slug of the source article, when stored
    url: str | None = None


@dataclass(frozen=True)
class Note:
    """A fact on a stance row that is not itself a stance ("invited by letter")."""

    text: str
    fact: str | None = None  # key of a fact kind, e.g. "invited"
    value: bool | None = None  # the fact holds (True) or is denied (False)
    evidence: Evidence | None = None


@dataclass(frozen=True)
class FactKind:
    """A yes/no fact that questions can ask about ("Was X invited?")."""

    key: str
    label: str
    yes: str  # "invited"
    no: str  # "not invited"
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    """What a story is about, and the words it is told in: knowledge of the story,
    handed to the engine as data (the engine itself knows only languages)."""

    key: str
    name: str
    keywords: tuple[str, ...] = ()
    # Verbs of the topic's action ("send", "deploy"): what they act on decides whether
    # a sentence is about the topic ("send trainers") or not ("send air defence").
    verbs: tuple[str, ...] = ()
    # The topic's words in other languages → the words its sources use
    # ("ausbilder" → "trainers"), folded keys.
    glossary: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class StanceRecord:
    actor: str  # actor key
    topic: str  # topic key
    stance: str
    summary: str
    evidence: tuple[Evidence, ...] = ()
    notes: tuple[Note, ...] = ()
    as_of: date | None = None
    previous: tuple[PastStance, ...] = ()  # newest first


@dataclass(frozen=True)
class PastStance:
    stance: str
    summary: str
    as_of: date | None
    until: datetime | None = None
    notes: tuple[Note, ...] = ()  # the facts held then ("invited"), for "before: invited, …"


@dataclass(frozen=True)
class ItemRecord:
    key: str
    name: str
    status: str
    due: date | None = None
    due_label: str | None = None
    description: str | None = None
    notes: str | None = None
    source: str | None = None
    ends: date | None = None  # "mandate runs until": a term, not a deadline that can pass
    aliases: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    updated_at: datetime | None = None


@dataclass(frozen=True)
class ArticleText:
    slug: str
    title: str
    source: str
    published: date | None
    sentences: tuple[str, ...]
    url: str | None = None
    added_at: datetime | None = None


@dataclass(frozen=True)
class Change:
    """One change since a point in time, for digests: an item, a stance or an article."""

    kind: str  # "item" | "stance" | "article"
    subject: str
    summary: str  # "status: planned → agreed"
    by: str | None = None  # who, as people read it (a display name where the platform gave one)
    source: str | None = None
    at: datetime | None = None
    # The change field by field, (field, old, new) with values as stored (dates ISO):
    # what a digest nets out when one field changed several times.
    fields: tuple[tuple[str, str | None, str | None], ...] = ()
    key: str | None = None  # the item's or the actor's key
    topic: str | None = None  # a stance change: the topic key of its row


@dataclass
class StanceTable:
    """Everything an answer may draw on."""

    actors: list[ActorRecord] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    facts: list[FactKind] = field(default_factory=list)
    stances: list[StanceRecord] = field(default_factory=list)
    items: list[ItemRecord] = field(default_factory=list)
