"""Proposals: stored from an extraction, shown to admins, applied or rejected.

Applying goes through ``bot.domain`` exactly as an admin's own edit does — the stance
or item changes with its history, audit entry and alerts to subscribed channels — with
the proposal marked applied in the same transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.alerts import queue_message
from bot.domain.audit import audit
from bot.domain.author import Author
from bot.domain.errors import ChangeError
from bot.domain.items import update_item
from bot.domain.stances import set_stance
from bot.ingest import options
from bot.storage.models import Actor, Article, Proposal, Topic, TrackedItem
from digests.document import Actions, Bullets, Button, Context, Document, Paragraph, Quote
from digests.extraction import ItemProposal, StanceProposal

STATUSES = ("pending", "applied", "rejected")


def store(
    session: Session, article: Article | None, found: StanceProposal | ItemProposal, at: Any
) -> Proposal:
    evidence = {**found.evidence.to_json(), "url": found.evidence.url}
    if isinstance(found, StanceProposal):
        row = Proposal(
            article_id=article.id if article else None,
            kind="stance",
            target=found.actor_key,
            topic=found.topic,
            payload={
                "stance": found.stance,
                "summary": found.summary,
                "actor": found.actor,
                "new_actor": found.new_actor,
            },
            evidence=evidence,
            confidence=found.confidence,
            created_at=at,
        )
    else:
        row = Proposal(
            article_id=article.id if article else None,
            kind="item",
            target=found.item_key,
            topic=None,
            payload={"changes": dict(found.changes), "item": found.item},
            evidence=evidence,
            confidence=found.confidence,
            created_at=at,
        )
    session.add(row)
    session.flush()
    return row


def describe(p: Proposal) -> str:
    """One line: "#3 Estonia → undecided (0.80)"."""
    if p.kind == "stance":
        what = f"{p.payload.get('actor', p.target)} → {p.payload['stance']}"
        if p.payload.get("new_actor"):
            what += " (new in the table)"
    else:
        changes = p.payload.get("changes", {})
        parts = [f"{k} {v}" for k, v in changes.items() if v is not None and k != "label"]
        what = f"{p.payload.get('item', p.target)}: {', '.join(parts)}"
    return f"#{p.id} {what} ({p.confidence:.2f})"


def document(proposals: list[Proposal], title: str, *, hint: bool = True) -> Document:
    doc = Document(title=title, kind="reply")
    for p in proposals:
        doc.add(Paragraph(describe(p) + ("" if p.status == "pending" else f" — {p.status}")))
        if p.kind == "stance" and p.payload.get("summary"):
            doc.add(Paragraph(p.payload["summary"]))
        ev = p.evidence
        doc.add(
            Quote(
                ev.get("quote", ""),
                ev.get("source") or "unknown source",
                ev.get("date"),
                ev.get("url"),
            )
        )
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
        raise ChangeError(f"Proposal #{p.id} was already {p.status}.")
    ev = p.evidence
    when = date.fromisoformat(ev["date"]) if ev.get("date") else None
    if when and when > who.at.date():
        when = who.at.date()
    try:
        if p.kind == "stance":
            text = _apply_stance(session, p, who, when)
        else:
            text = _apply_item(session, p, who)
    except ChangeError as exc:
        if "nothing changed" not in str(exc):
            raise
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


def _apply_stance(session: Session, p: Proposal, who: Author, when: date | None) -> str:
    actor = session.scalar(select(Actor).where(Actor.key == p.target))
    if actor is None and p.payload.get("new_actor"):
        actor = _new_country(session, p.payload.get("actor") or p.target, p.target)
    if actor is None:
        raise ChangeError(f"Proposal #{p.id}: the actor {p.target} no longer exists.")
    topic = session.scalar(select(Topic).where(Topic.key == p.topic)) if p.topic else None
    if topic is None:
        topic = session.scalars(select(Topic).order_by(Topic.id)).first()
    if topic is None:
        raise ChangeError("No topics exist yet.")
    ev = p.evidence
    rev = set_stance(
        session,
        who,
        actor,
        topic,
        stance=p.payload["stance"],
        summary=p.payload.get("summary"),
        quote=ev.get("quote"),
        source=ev.get("url") or ev.get("source") or "ingested article",
        when=when,
    )
    changed = ", ".join(rev.diff)
    return f"{actor.name} now {rev.stance} ({changed} changed)"


def _new_country(session: Session, name: str, key: str) -> Actor:
    """A country the story had not mentioned, added last in the table."""
    import pycountry

    try:
        code = pycountry.countries.lookup(name).alpha_2
    except LookupError:
        code = None
    position = (session.scalar(select(func.max(Actor.position))) or 0) + 1
    actor = Actor(key=key, name=name, kind="country", country_code=code, position=position)
    session.add(actor)
    session.flush()
    return actor


def _apply_item(session: Session, p: Proposal, who: Author) -> str:
    item = session.scalar(select(TrackedItem).where(TrackedItem.key == p.target))
    if item is None:
        raise ChangeError(f"Proposal #{p.id}: the tracked item {p.target} no longer exists.")
    changes = p.payload.get("changes", {})
    fields = {k: str(v) for k, v in changes.items() if v is not None}
    source = p.evidence.get("url") or p.evidence.get("source")
    if source:
        fields["source"] = source
    rev = update_item(session, who, item, fields)
    if rev is None:
        raise ChangeError(f"{item.name}: nothing changed.")
    return f"{item.name}: " + "; ".join(f"{k} → {v[1]}" for k, v in rev.diff.items())


def reject(session: Session, p: Proposal, who: Author, reason: str | None) -> None:
    if p.status != "pending":
        raise ChangeError(f"Proposal #{p.id} was already {p.status}.")
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
