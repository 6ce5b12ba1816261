"""Stances: set with their history, audit entry and alerts."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.alerts import enqueue_alert
from bot.domain.audit import audit
from bot.domain.author import Author
from bot.domain.checks import check_text
from bot.domain.errors import ChangeError, NothingChanged
from bot.storage.models import Actor, Stance, StanceRevision, Topic
from digests.document import Document, Fields, Paragraph, Quote
from digests.model import STANCES

ACTOR_KINDS = ("country", "organisation", "group", "person", "mission")


def set_stance(
    session: Session,
    who: Author,
    actor: Actor,
    topic: Topic,
    *,
    stance: str,
    summary: str | None,
    quote: str | None,
    source: str | None,
    when: date | None,
) -> StanceRevision:
    stance = stance.strip().lower()
    if stance not in STANCES:
        raise ChangeError(f"“{stance}” is not a stance; use one of: {', '.join(STANCES)}.")
    if quote and not source:
        raise ChangeError('A quote needs its source: add source="Outlet or URL".')
    row = session.scalar(
        select(Stance).where(Stance.actor_id == actor.id, Stance.topic_id == topic.id)
    )
    summary_text = check_text("summary", summary or "") or None
    if row is None and not summary_text:
        raise ChangeError('A new stance needs a summary: add summary="…".')
    if row is not None and row.stance != stance and not summary_text:
        # The old summary explains the old stance; kept, it would contradict the new one.
        raise ChangeError(
            f'{actor.name} goes from {row.stance} to {stance}: add a summary="…" that says '
            f"why (the current one reads “{row.summary}”)."
        )
    today = who.at.date()
    evidence: list[dict[str, Any]] = []
    if quote:
        evidence.append(
            {
                "quote": check_text("quote", quote, required=True),
                "source": check_text("source", source or "", required=True),
                "date": (when or today).isoformat(),
                "article": None,
                "url": source if source and source.startswith(("http://", "https://")) else None,
            }
        )
    old_stance = row.stance if row else None
    old_summary = row.summary if row else None
    old_quotes = {e.get("quote") for e in row.evidence} if row else set()
    if row is None:
        row = Stance(
            actor=actor,
            topic=topic,
            stance=stance,
            summary=summary_text or "",
            evidence=evidence,
            notes=[],
            as_of=when or today,
        )
        session.add(row)
    else:
        row.stance = stance
        if summary_text:
            row.summary = summary_text
        if evidence:
            # New evidence first: an answer leads with the quote for the current position.
            row.evidence = evidence + [
                e for e in row.evidence if e["quote"] != evidence[0]["quote"]
            ]
        row.as_of = when or today
        row.updated_at = who.at
    diff: dict[str, list[Any]] = {}
    if old_stance != stance:
        diff["stance"] = [old_stance, stance]
    if summary_text and old_summary != summary_text:
        diff["summary"] = [old_summary, summary_text]
    if evidence and evidence[0]["quote"] not in old_quotes:
        diff["quote"] = [None, evidence[0]["quote"]]
    if not diff:
        raise NothingChanged(f"{actor.name} already {stance}; nothing changed.")
    rev = StanceRevision(
        stance_row=row,
        stance=row.stance,
        summary=row.summary,
        evidence=list(row.evidence),
        notes=list(row.notes),
        as_of=row.as_of,
        changed_by=who.label,
        changed_at=who.at,
        diff=diff,
    )
    session.add(rev)
    session.flush()
    doc = Document(title=f"Stance changed: {actor.name}", kind="alert")
    pairs = [("Stance", f"{old_stance or '—'} → {stance}"), ("Topic", topic.name)]
    pairs.append(("Changed by", who.label))
    pairs.append(("Source", source or "not given"))
    doc.add(Fields(tuple(pairs)))
    doc.add(Paragraph(row.summary))
    if evidence:
        doc.add(Quote(evidence[0]["quote"], evidence[0]["source"], evidence[0]["date"]))
    enqueue_alert(session, doc, f"stance:{rev.id}", who.at, topic.story_id)
    audit(session, who, "stance.set", actor.key, {"topic": topic.key, "diff": diff})
    return rev
