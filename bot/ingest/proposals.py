"""Proposals: stored from an extraction, shown to admins, applied or rejected.

Applying goes through ``bot.domain`` exactly as an admin's own edit does — the stance
or item changes with its history, audit entry and alerts to subscribed channels — with
the proposal marked applied in the same transaction.

A proposal's row keeps what it proposes and its evidence as JSON; ``change_of`` and
``evidence_of`` read that JSON once into the typed records below, and nothing else in
this module reads the row's dicts by key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from bot.domain.alerts import queue_message
from bot.domain.audit import audit
from bot.domain.author import Author
from bot.domain.errors import AlreadyDecided, ChangeError, NothingChanged
from bot.domain.items import add_item, update_item
from bot.domain.stances import set_stance
from bot.ingest import options
from bot.storage.models import Actor, ActorAlias, Article, Proposal, Topic, TrackedItem
from bot.storage.reads import FIELD_LABELS
from digests.actors import country_code
from digests.document import Actions, Bullets, Button, Context, Document, Paragraph, Quote
from digests.extraction import ItemProposal, StanceProposal

STATUSES = ("pending", "applied", "rejected")


@dataclass(frozen=True)
class Evidence:
    """The sentence behind a proposal, as stored: ``{"quote", "source", "date", "url"}``."""

    quote: str
    source: str | None
    date: str | None  # ISO date, as the extraction gave it
    url: str | None

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Evidence:
        return cls(
            quote=str(raw.get("quote") or ""),
            source=raw.get("source") or None,
            date=raw.get("date") or None,
            url=raw.get("url") or None,
        )

    def to_json(self) -> dict[str, Any]:
        return {"quote": self.quote, "source": self.source, "date": self.date, "url": self.url}


@dataclass(frozen=True)
class StanceChange:
    """A proposed stance for ``Proposal.target`` (an actor's key) on ``Proposal.topic``."""

    stance: str
    summary: str | None
    actor: str | None  # the actor's name, as it reads
    new_actor: bool  # an actor the table does not hold yet: applying adds it
    new_kind: str = "country"  # what applying adds: a country or an organisation
    aliases: tuple[str, ...] = ()  # the new actor's other names ("ECCJ"), added with it

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> StanceChange:
        return cls(
            stance=str(raw["stance"]),
            summary=raw.get("summary"),
            actor=raw.get("actor") or None,
            new_actor=bool(raw.get("new_actor")),
            new_kind=str(raw.get("new_kind") or "country"),
            aliases=tuple(str(a) for a in raw.get("aliases") or ()),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "stance": self.stance,
            "summary": self.summary,
            "actor": self.actor,
            "new_actor": self.new_actor,
            "new_kind": self.new_kind,
            **({"aliases": list(self.aliases)} if self.aliases else {}),
        }


@dataclass(frozen=True)
class ItemChange:
    """Proposed field values for the tracked item ``Proposal.target`` (None: unchanged)."""

    changes: dict[str, str | None]  # status, due (ISO) and label, ends (ISO)
    item: str | None  # the item's name, as it reads
    new_item: bool = False  # an item the story does not track yet: applying adds it

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ItemChange:
        changes = raw.get("changes") or {}
        return cls(
            changes={str(k): None if v is None else str(v) for k, v in changes.items()},
            item=raw.get("item") or None,
            new_item=bool(raw.get("new_item")),
        )

    def to_json(self) -> dict[str, Any]:
        return {"changes": dict(self.changes), "item": self.item, "new_item": self.new_item}


def change_of(p: Proposal) -> StanceChange | ItemChange:
    """What a stored proposal proposes."""
    if p.kind == "stance":
        return StanceChange.from_json(p.payload)
    return ItemChange.from_json(p.payload)


def evidence_of(p: Proposal) -> Evidence:
    return Evidence.from_json(p.evidence or {})


def store(
    session: Session, article: Article | None, found: StanceProposal | ItemProposal, at: Any
) -> Proposal:
    ev = found.evidence
    evidence = Evidence(
        quote=ev.quote,
        source=ev.source,
        date=ev.date.isoformat() if ev.date else None,
        url=ev.url,
    )
    change: StanceChange | ItemChange
    if isinstance(found, StanceProposal):
        kind, target, topic = "stance", found.actor_key, found.topic
        change = StanceChange(
            found.stance,
            found.summary,
            found.actor,
            found.new_actor,
            found.new_kind,
            found.aliases,
        )
    else:
        kind, target, topic = "item", found.item_key, None
        change = ItemChange(dict(found.changes), found.item)
    row = Proposal(
        article_id=article.id if article else None,
        kind=kind,
        target=target,
        topic=topic,
        payload=change.to_json(),
        evidence=evidence.to_json(),
        confidence=found.confidence,
        created_at=at,
        story_id=article.story_id if article else None,
    )
    session.add(row)
    session.flush()
    return row


def describe(p: Proposal) -> str:
    """One line: "#3 Estonia → undecided (0.80)"."""
    change = change_of(p)
    if isinstance(change, StanceChange):
        what = f"{change.actor or p.target} → {change.stance}"
        if change.new_actor:
            what += " (new in the table)"
    else:
        parts = [
            f"{FIELD_LABELS.get(k, k)} {v}"
            for k, v in change.changes.items()
            if v is not None and k != "label"
        ]
        what = f"{change.item or p.target}: {', '.join(parts)}"
        if change.new_item:
            what += " (new item)"
    return f"#{p.id} {what} ({p.confidence:.2f})"


def document(proposals: list[Proposal], title: str, *, hint: bool = True) -> Document:
    doc = Document(title=title, kind="reply")
    for p in proposals:
        doc.add(Paragraph(describe(p) + ("" if p.status == "pending" else f" — {p.status}")))
        change = change_of(p)
        if isinstance(change, StanceChange) and change.summary:
            doc.add(Paragraph(change.summary))
        ev = evidence_of(p)
        doc.add(Quote(ev.quote, ev.source or "unknown source", ev.date, ev.url))
        if p.status == "pending":
            doc.add(decision_buttons(p.id))
    if hint and any(p.status == "pending" for p in proposals):
        first = next(p.id for p in proposals if p.status == "pending")
        doc.add(
            Context(
                f"`approve {first}` applies one, `reject {first}` drops it; `review` lists them."
            )
        )
    return doc


def decision_buttons(number: int) -> Actions:
    """Approve / Reject for one proposal: each runs the typed command as whoever clicks."""
    return Actions(
        (
            Button(f"Approve #{number}", f"approve {number}", "primary"),
            Button(f"Reject #{number}", f"reject {number}", "danger"),
        )
    )


def pending(session: Session, limit: int = 20) -> list[Proposal]:
    return list(
        session.scalars(
            select(Proposal).where(Proposal.status == "pending").order_by(Proposal.id).limit(limit)
        )
    )


def get(session: Session, number: int) -> Proposal:
    row = session.get(Proposal, number)
    if row is None:
        raise ChangeError(f"There is no proposal #{number}; `review` lists the open ones.")
    return row


def apply(session: Session, p: Proposal, who: Author) -> str:
    """Applies a pending proposal as ``who``; returns what changed. Raises ChangeError
    when it cannot be applied (already decided, its actor or item gone)."""
    if p.status != "pending":
        raise AlreadyDecided(f"Proposal #{p.id} was already {p.status}.")
    ev = evidence_of(p)
    when = date.fromisoformat(ev.date) if ev.date else None
    if when and when > who.at.date():
        when = who.at.date()
    change = change_of(p)
    try:
        if isinstance(change, StanceChange):
            text = _apply_stance(session, p, change, ev, who, when)
        else:
            text = _apply_item(session, p, change, ev, who)
    except NothingChanged:
        text = "nothing new: the table already says so"
    p.status, p.decided_by, p.decided_at, p.note = "applied", who.label, who.at, text
    audit(
        session,
        who,
        "proposal.apply",
        f"#{p.id}",
        {"kind": p.kind, "target": p.target, "result": text},
    )
    return text


def _apply_stance(
    session: Session,
    p: Proposal,
    change: StanceChange,
    ev: Evidence,
    who: Author,
    when: date | None,
) -> str:
    actor = session.scalar(select(Actor).where(Actor.key == p.target))
    if actor is None and change.new_actor:
        actor = _new_actor(
            session, change.actor or p.target, p.target, change.new_kind, change.aliases
        )
    if actor is None:
        raise ChangeError(f"Proposal #{p.id}: the actor {p.target} no longer exists.")
    topic = session.scalar(select(Topic).where(Topic.key == p.topic)) if p.topic else None
    if topic is None:
        # The main topic of the proposal's story (its first), else of the first story.
        of_story = Topic.story_id == p.story_id if p.story_id is not None else true()
        topic = session.scalars(select(Topic).where(of_story).order_by(Topic.id)).first()
    if topic is None:
        raise ChangeError("No topics exist yet.")
    rev = set_stance(
        session,
        who,
        actor,
        topic,
        stance=change.stance,
        summary=change.summary,
        quote=ev.quote,
        source=ev.url or ev.source or "ingested article",
        when=when,
    )
    changed = ", ".join(rev.diff)
    return f"{actor.name} now {rev.stance} ({changed} changed)"


def _new_actor(
    session: Session, name: str, key: str, kind: str = "country", aliases: Sequence[str] = ()
) -> Actor:
    """A country or organisation the story had not mentioned, added last in the table; a
    country's other names come from pycountry by its code, as every country's do, an
    organisation's from the article (its acronym)."""
    import pycountry

    code = None
    if kind == "country":
        try:
            code = pycountry.countries.lookup(name).alpha_2
        except LookupError:
            # "Russia", "Iran": the common name the reader gives is no ISO name; without
            # its code the country's capital and other names ("the Kremlin") miss it.
            code = country_code(name)
    position = (session.scalar(select(func.max(Actor.position))) or 0) + 1
    actor = Actor(key=key, name=name, kind=kind, country_code=code, position=position)
    actor.aliases = [ActorAlias(alias=a) for a in dict.fromkeys(aliases) if a != name]
    session.add(actor)
    session.flush()
    return actor


def _apply_item(
    session: Session, p: Proposal, change: ItemChange, ev: Evidence, who: Author
) -> str:
    item = session.scalar(select(TrackedItem).where(TrackedItem.key == p.target))
    fields = {k: v for k, v in change.changes.items() if v is not None}
    source = ev.url or ev.source
    if source:
        fields["source"] = source
    if item is None and change.new_item:
        item = add_item(session, who, change.item or p.target, fields, story_id=p.story_id)
        item.evidence = [{"quote": ev.quote, "source": ev.source, "date": ev.date, "url": ev.url}]
        return f"now tracking {item.name}"
    if item is None:
        raise ChangeError(f"Proposal #{p.id}: the tracked item {p.target} no longer exists.")
    rev = update_item(session, who, item, fields)
    if rev is None:
        raise NothingChanged(f"{item.name}: nothing changed.")
    return f"{item.name}: " + "; ".join(f"{k} → {v[1]}" for k, v in rev.diff.items())


def reject(session: Session, p: Proposal, who: Author, reason: str | None) -> None:
    if p.status != "pending":
        raise AlreadyDecided(f"Proposal #{p.id} was already {p.status}.")
    p.status, p.decided_by, p.decided_at, p.note = "rejected", who.label, who.at, reason
    audit(session, who, "proposal.reject", f"#{p.id}", {"reason": reason})


def notify_reviewers(session: Session, rows: list[Proposal], article_title: str, at: Any) -> bool:
    """Posts the new proposals to the review channel, if one is set; True if queued."""
    where = options.review_channel(session)
    waiting = [p for p in rows if p.status == "pending"]
    if where is None or not waiting:
        return False
    doc = document(waiting, f"Proposed updates from “{article_title[:120]}”")
    doc.kind = "alert"
    queue_message(
        session,
        where.platform,
        where.workspace,
        where.channel,
        kind="alert",
        key=f"proposals:{waiting[0].id}",
        document=doc,
        at=at,
    )
    return True


def summary_lines(rows: list[Proposal]) -> Bullets:
    return Bullets(
        tuple(
            describe(p) + ("" if p.status == "pending" else f" — {p.status}: {p.note}")
            for p in rows
        )
    )
