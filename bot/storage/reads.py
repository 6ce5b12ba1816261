"""Reads: the database rows turned into the engine's plain records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.storage.models import (
    Actor,
    Article,
    DigestRun,
    DisplayName,
    FactKind,
    ItemRevision,
    Stance,
    StanceRevision,
    Story,
    Topic,
    TrackedItem,
)
from bot.storage.stories import first_story, of_story
from digests.dates import human_date
from digests.model import (
    ActorRecord,
    ArticleText,
    Change,
    Evidence,
    ItemRecord,
    Note,
    PastStance,
    StanceRecord,
    StanceTable,
)
from digests.model import FactKind as FactRecord
from digests.model import Topic as TopicRecord


def evidence_record(raw: dict[str, Any]) -> Evidence:
    return Evidence(
        quote=raw["quote"],
        source=raw.get("source") or "unknown source",
        date=date.fromisoformat(raw["date"]) if raw.get("date") else None,
        article=raw.get("article"),
        url=raw.get("url"),
    )


def actor_record(actor: Actor) -> ActorRecord:
    return ActorRecord(
        key=actor.key,
        name=actor.name,
        kind=actor.kind,
        country_code=actor.country_code,
        aliases=tuple(a.alias for a in actor.aliases),
        members=tuple(m.member.key for m in actor.members),
        speaks_for=actor.speaks_for.key if actor.speaks_for else None,
        description=actor.description,
    )


def _note(raw: dict[str, Any]) -> Note:
    return Note(
        text=raw["text"],
        fact=raw.get("fact"),
        value=raw.get("value"),
        evidence=evidence_record(raw["evidence"]) if raw.get("evidence") else None,
    )


def stance_record(row: Stance) -> StanceRecord:
    past = [r for r in row.revisions[:-1] if r.stance != row.stance or r.summary != row.summary]
    return StanceRecord(
        actor=row.actor.key,
        topic=row.topic.key,
        stance=row.stance,
        summary=row.summary,
        evidence=tuple(evidence_record(e) for e in row.evidence),
        notes=tuple(_note(n) for n in row.notes),
        as_of=row.as_of,
        previous=tuple(
            PastStance(
                stance=r.stance,
                summary=r.summary,
                as_of=r.as_of,
                until=r.changed_at,
                notes=tuple(_note(n) for n in r.notes or ()),
            )
            for r in reversed(past)
        ),
    )


def item_record(item: TrackedItem) -> ItemRecord:
    return ItemRecord(
        key=item.key,
        name=item.name,
        status=item.status,
        due=item.due,
        due_label=item.due_label,
        ends=item.ends,
        description=item.description,
        notes=item.notes,
        source=item.source,
        aliases=tuple(item.aliases or ()),
        evidence=tuple(evidence_record(e) for e in item.evidence or ()),
        updated_at=item.updated_at,
    )


def topic_record(topic: Topic) -> TopicRecord:
    lexicon = topic.lexicon or {}
    return TopicRecord(
        key=topic.key,
        name=topic.name,
        keywords=tuple(topic.keywords or ()),
        verbs=tuple(lexicon.get("verbs", ())),
        glossary=tuple(lexicon.get("glossary", {}).items()),
    )


def load_table(session: Session, story_id: int | None = None) -> StanceTable:
    """One story's stance table (the first story's when none is named): every actor,
    since actors are shared, and that story's topics, facts, positions and items."""
    first = first_story(session)
    first_id = first.id if first is not None else None
    if story_id is None:
        story_id = first_id
    in_story = story_id is not None
    actors = session.scalars(
        select(Actor)
        .options(
            selectinload(Actor.aliases),
            selectinload(Actor.members),
            selectinload(Actor.speaks_for),
        )
        .order_by(Actor.position, Actor.id)
    ).all()
    topic_q = select(Topic).order_by(Topic.id)
    stance_q = (
        select(Stance)
        .options(
            selectinload(Stance.actor), selectinload(Stance.topic), selectinload(Stance.revisions)
        )
        .join(Actor)
        .order_by(Actor.position, Actor.id, Stance.id)
    )
    fact_q = select(FactKind).order_by(FactKind.id)
    item_q = select(TrackedItem).order_by(TrackedItem.id)
    if in_story:
        topic_q = topic_q.where(of_story(Topic.story_id, story_id, first_id))
        stance_q = stance_q.join(Topic).where(of_story(Topic.story_id, story_id, first_id))
        # A fact kind of no story ("invited") may be asked about in every story.
        fact_q = fact_q.where(or_(FactKind.story_id == story_id, FactKind.story_id.is_(None)))
        item_q = item_q.where(of_story(TrackedItem.story_id, story_id, first_id))
    stances = session.scalars(stance_q).all()
    records = [actor_record(a) for a in actors]
    if in_story:
        records += story_people(session.get(Story, story_id), records)
    return StanceTable(
        actors=records,
        topics=[topic_record(t) for t in session.scalars(topic_q)],
        facts=[
            FactRecord(key=f.key, label=f.label, yes=f.yes, no=f.no, keywords=tuple(f.keywords))
            for f in session.scalars(fact_q)
        ],
        stances=[stance_record(s) for s in stances],
        items=[item_record(i) for i in session.scalars(item_q)],
    )


def story_people(story: Story | None, actors: list[ActorRecord]) -> list[ActorRecord]:
    """The people a started story's sources quote (kept in its knowledge when it was
    started), as person actors speaking for an actor of the table; only that story's
    table holds them."""
    if story is None:
        return []
    keys = {a.key for a in actors}
    out = []
    for raw in story.knowledge.get("people", []):
        key = str(raw.get("key") or "")
        if not key or not raw.get("name") or key in keys or raw.get("speaks_for") not in keys:
            continue
        keys.add(key)
        out.append(
            ActorRecord(
                key=key,
                name=str(raw["name"]),
                kind="person",
                aliases=tuple(raw.get("aliases") or ()),
                speaks_for=str(raw["speaks_for"]),
                description=raw.get("description"),
            )
        )
    return out


def table_version(session: Session) -> tuple[Any, ...]:
    """Changes whenever anything an answer draws on changes, in this process or another."""
    return tuple(
        session.execute(
            select(
                select(func.max(StanceRevision.id)).scalar_subquery(),
                select(func.max(ItemRevision.id)).scalar_subquery(),
                select(func.count(Actor.id)).scalar_subquery(),
                select(func.max(Actor.id)).scalar_subquery(),
                select(func.max(Article.id)).scalar_subquery(),
                select(func.max(TrackedItem.id)).scalar_subquery(),
            )
        ).one()
    )


def article_texts(session: Session, story_id: int | None = None) -> list[ArticleText]:
    """Every article, or one story's (``story_id``): never the unfiled ones then."""
    query = select(
        Article.slug,
        Article.title,
        Article.source,
        Article.published,
        Article.sentences,
        Article.url,
        Article.added_at,
    ).order_by(Article.id)
    if story_id is not None:
        query = query.where(Article.story_id == story_id)
    rows = session.execute(query).all()
    return [
        ArticleText(
            slug=r.slug,
            title=r.title,
            source=r.source,
            published=r.published,
            sentences=tuple(r.sentences or ()),
            url=r.url,
            added_at=r.added_at,
        )
        for r in rows
    ]


def article_vocabulary(session: Session, story_id: int | None = None) -> set[str]:
    """Every word of one story's articles (of all articles when no story is named): words
    the answerer must never fuzzy-match, and the subjects its sources speak of. Another
    story's articles are not this story's sources: "Germany's position on nuclear energy"
    gets "no record" here even when another story's article speaks of energy."""
    query = select(Article.sentences)
    if story_id is not None:
        first = first_story(session)
        query = query.where(of_story(Article.story_id, story_id, first.id if first else None))
    vocab: set[str] = set()
    for (sentences,) in session.execute(query):
        for sentence in sentences or ():
            vocab.update(w.strip(".,;:!?“”\"'()–-").casefold() for w in sentence.split())
    vocab.discard("")
    return vocab


def last_digest_at(
    session: Session, platform: str, workspace: str, channel: str
) -> datetime | None:
    return session.scalar(
        select(func.max(DigestRun.created_at)).where(
            DigestRun.platform == platform,
            DigestRun.workspace == workspace,
            DigestRun.channel == channel,
        )
    )


def last_digest(
    session: Session, platform: str, workspace: str, channel: str
) -> tuple[datetime, dict[str, Any] | None] | None:
    """When the channel's last digest was built, and what it showed (None: never)."""
    row = session.execute(
        select(DigestRun.created_at, DigestRun.contents)
        .where(
            DigestRun.platform == platform,
            DigestRun.workspace == workspace,
            DigestRun.channel == channel,
        )
        .order_by(DigestRun.created_at.desc(), DigestRun.id.desc())
        .limit(1)
    ).first()
    return (row.created_at, row.contents) if row else None


def display_names(session: Session) -> dict[str, str]:
    """ "platform:user" → the name the platform last showed for that user."""
    return {
        label: name for label, name in session.execute(select(DisplayName.label, DisplayName.name))
    }


def who(label: str | None, names: dict[str, str]) -> str | None:
    """A recorded author as people read it: "Alice Jones", else "alice (slack)"."""
    if not label:
        return None
    if label in names:
        return names[label]
    return label


def changes_since(
    session: Session, since: datetime | None, story_id: int | None = None
) -> list[Change]:
    """Item and stance changes and new articles after ``since`` (all admin changes if None),
    of every story or of one (``story_id``)."""
    out: list[Change] = []
    names = display_names(session)
    item_q = select(ItemRevision).options(selectinload(ItemRevision.item)).order_by(ItemRevision.id)
    stance_q = (
        select(StanceRevision)
        .options(
            selectinload(StanceRevision.stance_row).selectinload(Stance.actor),
            selectinload(StanceRevision.stance_row).selectinload(Stance.topic),
        )
        .where(StanceRevision.changed_by != "seed")
        .order_by(StanceRevision.id)
    )
    article_q = select(Article).where(Article.added_by != "seed").order_by(Article.id)
    if story_id is not None:
        first = first_story(session)
        first_id = first.id if first is not None else None
        item_q = item_q.join(TrackedItem).where(of_story(TrackedItem.story_id, story_id, first_id))
        stance_q = (
            stance_q.join(Stance, StanceRevision.stance_id == Stance.id)
            .join(Topic, Stance.topic_id == Topic.id)
            .where(of_story(Topic.story_id, story_id, first_id))
        )
        article_q = article_q.where(Article.story_id == story_id)
    if since is not None:
        item_q = item_q.where(ItemRevision.changed_at > since)
        stance_q = stance_q.where(StanceRevision.changed_at > since)
        article_q = article_q.where(Article.added_at > since)
    for rev in session.scalars(item_q):
        out.append(
            Change(
                kind="item",
                subject=rev.item.name,
                summary=diff_text(rev.diff),
                by=who(rev.changed_by, names),
                source=rev.source,
                at=rev.changed_at,
                fields=_fields(rev.diff),
                key=rev.item.key,
            )
        )
    for srev in session.scalars(stance_q):
        out.append(
            Change(
                kind="stance",
                subject=srev.stance_row.actor.name,
                summary=_stance_change_text(srev.diff, srev.stance),
                by=who(srev.changed_by, names),
                source=srev.evidence[0]["source"] if srev.evidence else None,
                at=srev.changed_at,
                fields=_fields(srev.diff),
                key=srev.stance_row.actor.key,
                topic=srev.stance_row.topic.key,
            )
        )
    for art in session.scalars(article_q):
        out.append(
            Change(
                kind="article",
                subject=art.title,
                summary=f"new article from {art.source}",
                by=who(art.added_by, names),
                source=art.url or art.source,
                at=art.added_at,
            )
        )
    out.sort(key=lambda c: c.at or datetime.min)
    return out


def _stance_change_text(diff: dict[str, Any], stance: str) -> str:
    """A stance change in one line for a digest: the move, not the full texts."""
    parts = []
    if "stance" in diff:
        old, new = diff["stance"]
        parts.append(f"{old or 'no position'} → {new}")
    if "quote" in diff:
        quote = str(diff["quote"][1] or "")
        parts.append(f"new evidence: “{quote[:160]}{'…' if len(quote) > 160 else ''}”")
    elif "summary" in diff:
        parts.append("summary updated")
    return "; ".join(parts) or f"now {stance}"


def _fields(diff: dict[str, Any]) -> tuple[tuple[str, str | None, str | None], ...]:
    out = []
    for name, pair in diff.items():
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            old, new = pair
            out.append((name, None if old is None else str(old), None if new is None else str(new)))
    return tuple(out)


# How a changed field reads (the stored diff keeps the column's short name).
FIELD_LABELS = {"ends": "runs until", "label": "due label"}


def shown_value(value: Any, *, dates: bool = True, empty: str = "not set") -> str:
    """A stored value as people read it: ISO dates written out, "not set" for nothing."""
    if value in (None, ""):
        return empty
    text = str(value)
    if dates and len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return human_date(date.fromisoformat(text))
        except ValueError:
            return text
    return text


def diff_text(diff: dict[str, Any], *, empty: str = "—") -> str:
    """{"status": ["scheduled", "agreed"]} → "status: scheduled → agreed".

    Dates stay as typed (2024-11-30), so a reply to a change echoes what was typed;
    history passes ``empty="not set"`` so a cleared field never reads "— → —"."""
    return "; ".join(
        f"{FIELD_LABELS.get(name, name)}: {shown_value(old, dates=False, empty=empty)} → "
        f"{shown_value(new, dates=False, empty=empty)}"
        for name, old, new in _fields(diff)
    )
