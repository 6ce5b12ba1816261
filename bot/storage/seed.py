"""Loads ``seeds/`` into the database: rows missing by key are added, existing ones kept.

Running it again changes nothing, and an admin's edits are never overwritten by seeds.
"""

from __future__ import annotations

import hashlib
import logging
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import (
    Actor,
    ActorAlias,
    Article,
    FactKind,
    GroupMember,
    Stance,
    StanceRevision,
    Story,
    Topic,
    TrackedItem,
)
from digests.sentences import split_sentences

_log = logging.getLogger(__name__)

SEED_USER = "seed"


def content_hash(body: str) -> str:
    return hashlib.sha256(" ".join(body.split()).casefold().encode()).hexdigest()


def load_seeds(session: Session, seeds_dir: Path) -> int:
    """Adds what is missing; returns how many rows were added."""
    story = seeds_dir / "story.toml"
    if not story.exists():
        _log.warning("no seeds at %s", story)
        return 0
    data = tomllib.loads(story.read_text(encoding="utf-8"))
    story_row, added = _story(session, data.get("story", {}))
    articles = {a.slug: a for a in session.scalars(select(Article))}
    for raw in data.get("articles", []):
        if raw["slug"] in articles:
            continue
        body = (seeds_dir / raw["file"]).read_text(encoding="utf-8").strip()
        article = Article(
            slug=raw["slug"],
            title=raw["title"],
            source=raw["source"],
            url=raw.get("url"),
            published=raw.get("published"),
            body=body,
            sentences=split_sentences(body),
            content_hash=content_hash(body),
            added_by=SEED_USER,
            story_id=story_row.id,
        )
        session.add(article)
        articles[article.slug] = article
        added += 1

    topics = {t.key: t for t in session.scalars(select(Topic))}
    for raw in data.get("topics", []):
        if raw["key"] not in topics:
            topics[raw["key"]] = Topic(
                key=raw["key"],
                name=raw["name"],
                keywords=raw.get("keywords", []),
                story_id=story_row.id,
            )
            session.add(topics[raw["key"]])
            added += 1

    facts = {f.key for f in session.scalars(select(FactKind))}
    for raw in data.get("facts", []):
        if raw["key"] not in facts:
            session.add(
                FactKind(
                    key=raw["key"],
                    label=raw["label"],
                    yes=raw["yes"],
                    no=raw["no"],
                    keywords=raw.get("keywords", []),
                    story_id=story_row.id,
                )
            )
            added += 1

    actors = {a.key: a for a in session.scalars(select(Actor))}
    new_actors: list[tuple[Actor, dict[str, Any]]] = []
    for position, raw in enumerate(data.get("actors", [])):
        if raw["key"] in actors:
            continue
        actor = Actor(
            key=raw["key"],
            name=raw["name"],
            kind=raw.get("kind", "country"),
            country_code=raw.get("country_code"),
            description=raw.get("description"),
            position=position,
            aliases=[ActorAlias(alias=a) for a in dict.fromkeys(raw.get("aliases", []))],
        )
        session.add(actor)
        actors[actor.key] = actor
        new_actors.append((actor, raw))
        added += 1
    session.flush()
    for actor, raw in new_actors:
        if raw.get("speaks_for"):
            actor.speaks_for_id = actors[raw["speaks_for"]].id
        for member in raw.get("members", []):
            actor.members.append(GroupMember(group_id=actor.id, member_id=actors[member].id))

    existing = {(s.actor_id, s.topic_id) for s in session.scalars(select(Stance))}
    for raw in _stance_rows(data):
        actor, topic = actors[raw["actor"]], topics[raw["topic"]]
        if (actor.id, topic.id) in existing:
            continue
        evidence = [evidence_from_seed(e, articles) for e in raw.get("evidence", [])]
        notes = [
            {
                "text": n["text"],
                "fact": n.get("fact"),
                "value": n.get("value"),
                "evidence": evidence_from_seed(n, articles) if n.get("quote") else None,
            }
            for n in raw.get("notes", [])
        ]
        stance = Stance(
            actor=actor,
            topic=topic,
            stance=raw["stance"],
            summary=raw["summary"],
            evidence=evidence,
            notes=notes,
            as_of=raw.get("as_of"),
        )
        stance.revisions.append(
            StanceRevision(
                stance=stance.stance,
                summary=stance.summary,
                evidence=evidence,
                notes=notes,
                as_of=stance.as_of,
                changed_by=SEED_USER,
            )
        )
        session.add(stance)
        existing.add((actor.id, topic.id))
        added += 1

    items = {i.key for i in session.scalars(select(TrackedItem))}
    for raw in data.get("items", []):
        if raw["key"] in items:
            continue
        session.add(
            TrackedItem(
                key=raw["key"],
                name=raw["name"],
                description=raw.get("description"),
                status=raw["status"],
                due=raw.get("due"),
                due_label=raw.get("due_label"),
                aliases=raw.get("aliases", []),
                evidence=[evidence_from_seed(e, articles) for e in raw.get("evidence", [])],
                source=articles[raw["evidence"][0]["article"]].title
                if raw.get("evidence")
                else None,
                story_id=story_row.id,
            )
        )
        added += 1
    session.flush()
    return added


# The key and title of a seeds file that names no story of its own.
DEFAULT_STORY = {"key": "trainers-coalition", "title": "The first story"}


def _story(session: Session, raw: dict[str, Any]) -> tuple[Story, int]:
    """The seeds' story row (added when missing), and how many rows that added."""
    key = raw.get("key") or DEFAULT_STORY["key"]
    row = session.scalar(select(Story).where(Story.key == key))
    if row is not None:
        return row, 0
    row = Story(key=key, title=raw.get("title") or DEFAULT_STORY["title"])
    session.add(row)
    session.flush()
    return row, 1


def _stance_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Explicit rows, then rows expanded from templates (one template, many actors)."""
    rows = list(data.get("stances", []))
    for template in data.get("stance_templates", {}).values():
        for actor in template["actors"]:
            rows.append({**template, "actor": actor})
    return rows


def evidence_from_seed(raw: dict[str, Any], articles: dict[str, Article]) -> dict[str, Any]:
    article = articles.get(raw.get("article", ""))
    published: date | None = raw.get("date") or (article.published if article else None)
    return {
        "quote": raw["quote"],
        "source": raw.get("source") or (article.source if article else "unknown source"),
        "date": published.isoformat() if published else None,
        "article": article.slug if article else None,
        "url": raw.get("url") or (article.url if article else None),
    }
