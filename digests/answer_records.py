"""What an answer holds — its document and the rows and items behind it — and their JSON.

The JSON shapes are a contract: ``newsbot ask --json`` prints exactly the keys docs/cli.md
lists, and scripts read them; listings (``stance list --json``) carry the full rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from digests.document import Document
from digests.model import ActorRecord, Evidence, ItemRecord, StanceRecord


@dataclass(frozen=True)
class StanceHit:
    """One stance row in an answer, and why it is there ("speaks for", "member of")."""

    actor: ActorRecord
    record: StanceRecord
    via: str | None = None

    @cached_property
    def look(self) -> tuple[str, Evidence | None]:
        """How the row reads in a compact list when no fact is asked (rows that read
        alike are shown once), and the quote shown for it. Kept with the hit: a row's
        own hit is made once per version of the table and listed by many answers.

        The key is the repr of what is shown (stance, summary, date, quote, via): equal
        exactly when those are, and a string keeps its hash, so a list of thousands of
        rows is grouped without hashing each row's fields again."""
        row = self.record
        evidence = row.evidence[0] if row.evidence else None
        key = (
            row.stance,
            row.summary,
            row.as_of,
            None,
            evidence.quote if evidence else None,
            self.via,
        )
        return repr(key), evidence

    def to_json(self) -> dict[str, Any]:
        """The full row, for listings (``newsbot stance list --json``)."""
        return {
            **self.contract_json(),
            "topic": self.record.topic,
            "as_of": self.record.as_of.isoformat() if self.record.as_of else None,
            "notes": [
                {
                    "text": n.text,
                    "fact": n.fact,
                    "value": n.value,
                    "evidence": evidence_json(n.evidence) if n.evidence else None,
                }
                for n in self.record.notes
            ],
        }

    def contract_json(self) -> dict[str, Any]:
        """Exactly the keys of the ``newsbot ask --json`` contract (docs/cli.md)."""
        return {
            "actor": self.actor.name,
            "stance": self.record.stance,
            "summary": self.record.summary,
            "evidence": [_quote_json(e) for e in self.record.evidence],
        }


def _quote_json(e: Evidence) -> dict[str, Any]:
    """The evidence keys of the ``ask --json`` contract: no URL."""
    return {"quote": e.quote, "source": e.source, "date": e.date.isoformat() if e.date else None}


def evidence_json(e: Evidence) -> dict[str, Any]:
    return {**_quote_json(e), "url": e.url}


def item_json(item: ItemRecord) -> dict[str, Any]:
    return {
        "name": item.name,
        "key": item.key,
        "status": item.status,
        "due": item.due.isoformat() if item.due else None,
        "due_label": item.due_label,
        "ends": item.ends.isoformat() if item.ends else None,
    }


# The item keys of the ``ask --json`` contract (docs/cli.md), in the order it prints them:
# ``ends`` is a term's end ("runs until"), apart from ``due``, a date that can pass.
_CONTRACT_ITEM_KEYS = ("name", "status", "due", "ends")


def item_contract_json(item: ItemRecord) -> dict[str, Any]:
    """An item as ``ask --json`` prints it."""
    shown = item_json(item)
    return {k: shown[k] for k in _CONTRACT_ITEM_KEYS}


@dataclass(frozen=True)
class LastTurn:
    """What one reply of a conversation was about, for the next turn's follow-ups.

    ``text`` is the question as read, ``spans`` where its actors stood in it, so
    "and Italy?" can ask the same question of Italy; ``actors`` are the actors it was
    about, ``listed`` those a list reply gave (they are "they" next)."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()
    actors: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()
    kind: str = "answer"  # answer | compare | list | changes | hint
    story: str | None = None  # the key of the story the reply came from, when one


@dataclass
class Answer:
    question: str
    document: Document
    stances: list[StanceHit] = field(default_factory=list)
    items: list[ItemRecord] = field(default_factory=list)
    turn: LastTurn | None = None  # set by the answerer: what a follow-up may refer to
    kind: str = "answer"  # "changes" for the change log; what a follow-up continues

    def to_json(self, text: str) -> dict[str, Any]:
        """The ``newsbot ask --json`` object: exactly the keys docs/cli.md lists."""
        return {
            "question": self.question,
            "answer": text,
            "stances": [hit.contract_json() for hit in self.stances],
            "items": [item_contract_json(i) for i in self.items],
        }
