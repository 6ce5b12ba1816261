"""Loads ``seeds/`` into the database: rows missing by key are added, existing ones kept.

Running it again changes nothing, and an admin's edits are never overwritten by seeds.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
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

_log = logging.getLogger(__name__)

SEED_USER = "seed"


def content_hash(body: str) -> str:
    return hashlib.sha256(" ".join(body.split()).casefold().encode()).hexdigest()


def topic_lexicon(raw: dict[str, Any]) -> dict[str, Any]:
    """The story knowledge a topic's seed gives beyond its keywords: the verbs of its
    action and its glossary of words in other languages."""
    return {"verbs": list(raw.get("verbs", [])), "glossary": dict(raw.get("glossary", {}))}


class SeedError(ValueError):
    """A file under ``seeds/`` that cannot be loaded: which file, which line, and why."""


class _Story:
    """``story.toml``'s text, to say which line an entry starts on when it is wrong."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def line_of(self, section: str, index: int) -> int | None:
        """The line of the ``index``-th ``[[section]]`` (or of ``[section]``)."""
        table = re.compile(rf"^\s*\[\[\s*{re.escape(section)}\s*\]\]")
        single = re.compile(rf"^\s*\[\s*{re.escape(section)}\s*\]")
        seen = 0
        for number, line in enumerate(self.lines, 1):
            if table.match(line):
                if seen == index:
                    return number
                seen += 1
            elif single.match(line):
                return number
        return None

    @contextlib.contextmanager
    def entry(self, section: str, index: int, raw: dict[str, Any]) -> Iterator[None]:
        """Turns a mistake in one entry into a SeedError naming the file and the line."""
        try:
            yield
        except SeedError:
            raise
        except KeyError as exc:
            key = str(exc.args[0]) if exc.args else "?"
            named = {str(v) for v in raw.values() if isinstance(v, str)}
            named |= {str(x) for v in raw.values() if isinstance(v, list) for x in v}
            why = (
                f"names {key!r}, which no entry of the seeds defines"
                if key in named
                else f"lacks the required key {key!r}"
            )
            raise self.error(section, index, why) from None
        except OSError as exc:
            raise self.error(
                section, index, f"cannot read {exc.filename}: {exc.strerror}"
            ) from None
        except (TypeError, ValueError, AttributeError, IndexError) as exc:
            raise self.error(section, index, f"has a value of the wrong kind ({exc})") from None

    def error(self, section: str, index: int, why: str) -> SeedError:
        line = self.line_of(section, index)
        where = f"{self.path}, line {line}" if line else str(self.path)
        return SeedError(f"{where}: the {section} entry {why}")


def _read_story(path: Path) -> tuple[_Story, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SeedError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise SeedError(f"{path}: cannot read it: {exc.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib says "… (at line 12, column 5)": put the place first, as compilers do.
        message = str(exc)
        found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        if found:
            message = message[: found.start()]
            raise SeedError(
                f"{path}, line {found[1]}, column {found[2]}: not valid TOML: {message}"
            ) from None
        raise SeedError(f"{path}: not valid TOML: {message}") from None
    return _Story(path, text), data


def load_seeds(session: Session, seeds_dir: Path) -> int:
    """Adds what is missing; returns how many rows were added. A broken seed file raises
    ``SeedError`` (file and line) and adds nothing."""
    path = seeds_dir / "story.toml"
    if not path.exists():
        _log.warning("no seeds at %s", path)
        return 0
    story, data = _read_story(path)
    added = 0
    articles = {a.slug: a for a in session.scalars(select(Article))}
    for index, raw in enumerate(data.get("articles", [])):
        with story.entry("articles", index, raw):
            added += _add_article(session, seeds_dir, raw, articles)
    topics = {t.key: t for t in session.scalars(select(Topic))}
    for index, raw in enumerate(data.get("topics", [])):
        with story.entry("topics", index, raw):
            lexicon = topic_lexicon(raw)
            if raw["key"] in topics and not topics[raw["key"]].lexicon and any(lexicon.values()):
                # A database seeded before topics had a lexicon gets the seed's.
                topics[raw["key"]].lexicon = lexicon
                added += 1
            if raw["key"] not in topics:
                topics[raw["key"]] = Topic(
                    key=raw["key"],
                    name=raw["name"],
                    keywords=raw.get("keywords", []),
                    lexicon=lexicon,
                )
                session.add(topics[raw["key"]])
                added += 1

    facts = {f.key for f in session.scalars(select(FactKind))}
    for index, raw in enumerate(data.get("facts", [])):
        with story.entry("facts", index, raw):
            if raw["key"] not in facts:
                session.add(
                    FactKind(
                        key=raw["key"],
                        label=raw["label"],
                        yes=raw["yes"],
                        no=raw["no"],
                        keywords=raw.get("keywords", []),
                    )
                )
                added += 1

    actors = {a.key: a for a in session.scalars(select(Actor))}
    new_actors: list[tuple[Actor, dict[str, Any], int]] = []
    for position, raw in enumerate(data.get("actors", [])):
        with story.entry("actors", position, raw):
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
            new_actors.append((actor, raw, position))
            added += 1

    _flush(session, path)
    for actor, raw, position in new_actors:
        with story.entry("actors", position, raw):
            if raw.get("speaks_for"):
                actor.speaks_for_id = actors[raw["speaks_for"]].id
            for member in raw.get("members", []):
                actor.members.append(GroupMember(group_id=actor.id, member_id=actors[member].id))

    existing = {(s.actor_id, s.topic_id) for s in session.scalars(select(Stance))}
    for raw, section, index in _stance_rows(data):
        with story.entry(section, index, raw):
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
    for index, raw in enumerate(data.get("items", [])):
        with story.entry("items", index, raw):
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
                )
            )
            added += 1

    with story.entry("story", 0, data.get("story", {})):
        added += _file_under_story(session, data)
    _flush(session, path)
    return added


# The key and title of a seeds file that names no story of its own.
DEFAULT_STORY = {"key": "trainers-coalition", "title": "The first story"}


def _file_under_story(session: Session, data: dict[str, Any]) -> int:
    """The seeds' ``[story]`` row (added when missing), and the rows of this seeds file
    filed under it when they belong to no story yet; returns how many rows were added."""
    raw = data.get("story", {})
    key = raw.get("key") or DEFAULT_STORY["key"]
    row = session.scalar(select(Story).where(Story.key == key))
    added = 0
    if row is None:
        row = Story(key=key, title=raw.get("title") or DEFAULT_STORY["title"])
        session.add(row)
        session.flush()
        added = 1
    models: tuple[tuple[type[Article | Topic | FactKind | TrackedItem], Any, Any, str], ...] = (
        (Article, Article.slug, Article.story_id, "articles"),
        (Topic, Topic.key, Topic.story_id, "topics"),
        (FactKind, FactKind.key, FactKind.story_id, "facts"),
        (TrackedItem, TrackedItem.key, TrackedItem.story_id, "items"),
    )
    for model, key_column, story_column, section in models:
        keys = [e.get("slug") or e.get("key") for e in data.get(section, [])]
        session.execute(
            update(model)
            .where(key_column.in_(keys), story_column.is_(None))
            .values(story_id=row.id)
            .execution_options(synchronize_session="fetch")
        )
    return added


def _flush(session: Session, path: Path) -> None:
    """Writes what was added; a clash the database refuses is the seed file's fault."""
    try:
        session.flush()
    except IntegrityError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise SeedError(
            f"{path}: two entries clash, or one lacks a value the database needs ({reason})"
        ) from None


def _add_article(
    session: Session, seeds_dir: Path, raw: dict[str, Any], articles: dict[str, Article]
) -> int:
    if raw["slug"] in articles:
        return 0
    body = (seeds_dir / raw["file"]).read_text(encoding="utf-8").strip()
    # Imported here: the splitter (pysbd) is only needed when an article is added, and
    # every start of the bot runs the seeding.
    from digests.sentences import split_sentences

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
    )
    session.add(article)
    articles[article.slug] = article
    return 1


def _stance_rows(data: dict[str, Any]) -> list[tuple[dict[str, Any], str, int]]:
    """Explicit rows, then rows expanded from templates (one template, many actors); each
    with the section and index it was written in."""
    rows = [(raw, "stances", n) for n, raw in enumerate(data.get("stances", []))]
    for name, template in data.get("stance_templates", {}).items():
        for actor in template.get("actors", []):
            rows.append(({**template, "actor": actor}, f"stance_templates.{name}", 0))
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
