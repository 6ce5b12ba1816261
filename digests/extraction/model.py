"""What extraction finds, as plain records with the JSON ``newsbot ingest --json`` prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ProposalEvidence:
    """The sentence that backs a proposal, verbatim, and where it comes from."""

    quote: str
    source: str
    date: date | None = None
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "source": self.source,
            "date": self.date.isoformat() if self.date else None,
        }


@dataclass(frozen=True)
class StanceProposal:
    actor_key: str
    actor: str  # canonical name
    topic: str  # topic key
    stance: str
    summary: str
    evidence: ProposalEvidence
    confidence: float
    current: str | None = None  # the stance the table holds now
    new_actor: bool = False  # an actor the table does not hold yet: applying adds it
    new_kind: str = "country"  # what applying would add: "country" or "organisation"
    aliases: tuple[str, ...] = ()  # the new actor's other names in the article ("ECCJ")

    kind = "stance"

    def to_json(self) -> dict[str, Any]:
        """Exactly the keys of the ``newsbot ingest --json`` contract."""
        return {
            "kind": "stance",
            "actor": self.actor,
            "stance": self.stance,
            "evidence": self.evidence.to_json(),
            "confidence": round(self.confidence, 2),
        }

    def headline(self) -> str:
        was = f" (now {self.current})" if self.current and self.current != self.stance else ""
        if self.new_actor:
            was = " (new in the table)"
        return f"{self.actor}: {self.stance}{was}"


# How a change's field reads to people: an end date is where the item "runs until".
_SHOWN = {"ends": "runs until"}


@dataclass(frozen=True)
class ItemProposal:
    item_key: str
    item: str  # the item's name
    # status; due (ISO) with its label, a deadline; ends (ISO), where a term now ends
    changes: dict[str, str | None]
    evidence: ProposalEvidence
    confidence: float
    current: dict[str, str | None] = field(default_factory=dict)

    kind = "item"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "item",
            "item": self.item,
            "changes": {"status": None, "due": None, "ends": None, **self.changes},
            "evidence": self.evidence.to_json(),
            "confidence": round(self.confidence, 2),
        }

    def headline(self) -> str:
        parts = [
            f"{_SHOWN.get(k, k)} → {v}"
            for k, v in self.changes.items()
            if v is not None and k != "label"
        ]
        return f"{self.item}: {', '.join(parts)}"


@dataclass(frozen=True)
class MentionedActor:
    name: str
    key: str | None  # the table's key, None for a name the table lacks
    kind: str  # country | organisation | group | person | mission
    mentions: int
    role: str | None = None  # "Defence Minister", for people the table lacks
    speaks_for: str | None = None  # the actor a person was read as speaking for

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "key": self.key,
            "known": self.key is not None,
            "kind": self.kind,
            "mentions": self.mentions,
            "role": self.role,
            "speaks_for": self.speaks_for,
        }


@dataclass(frozen=True)
class Statement:
    """Something an actor said (a direct quote) or is reported to have said or done."""

    kind: str  # "quote" | "reported"
    speaker: str | None  # the person or body speaking, as the text names them
    actor: str | None  # the table actor it is read as speaking for
    text: str  # the quoted words, or the reported clause
    sentence: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "speaker": self.speaker,
            "actor": self.actor,
            "text": self.text,
            "sentence": self.sentence,
        }
