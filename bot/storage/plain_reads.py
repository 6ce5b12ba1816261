"""The answerer's inputs read from a SQLite file with the standard library's sqlite3.

For one-shot commands (``newsbot ask``): importing SQLAlchemy and mapping the models
costs ~0.4 s on a small machine, most of such a command's time, to run a few SELECTs.
This module imports neither.

It answers only when its reading cannot differ from the full path's (``NewsBot``, which
migrates, seeds and reads through ``bot.storage.reads``): the URL names an existing
SQLite file, the schema is at the migration scripts' head, and that database was last
prepared with the seeds now on disk (``NewsBot.prepare`` records their fingerprint in
SQLite's ``user_version``). Otherwise ``read_answer_inputs`` returns None and the caller
takes the full path. ``tests/test_plain_reads.py`` checks that both read the same table;
a field added to the records must be added in both.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from bot.storage.revisions import head_revisions
from digests.model import (
    ActorRecord,
    Evidence,
    ItemRecord,
    Note,
    PastStance,
    StanceRecord,
    StanceTable,
)
from digests.model import FactKind as FactRecord
from digests.model import Topic as TopicRecord


def sqlite_file(url: str) -> Path | None:
    """The file of a ``sqlite:///path`` URL (or a plain path); None for anything else
    (another database, an in-memory one, a URL with options)."""
    if "://" not in url:
        return Path(url) if url and url != ":memory:" else None
    scheme, _, rest = url.partition("://")
    if scheme != "sqlite" or not rest.startswith("/") or "?" in rest:
        return None
    path = unquote(rest[1:])
    return Path(path) if path and path != ":memory:" else None


def seeds_fingerprint(seeds_dir: Path) -> int:
    """A 31-bit digest of every file under ``seeds_dir`` (names and contents)."""
    h = hashlib.sha256()
    for path in sorted(p for p in seeds_dir.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(seeds_dir)).encode() + b"\0" + path.read_bytes())
    return int.from_bytes(h.digest()[:4], "big") & 0x7FFFFFFF


def read_answer_inputs(url: str, seeds_dir: Path) -> tuple[StanceTable, set[str]] | None:
    """The stance table and the articles' vocabulary, or None (see the module's doc)."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    heads = head_revisions()
    if heads is None:
        return None
    try:
        # mode=rw: never creates a file; only SELECTs run (read-only mode cannot open a
        # WAL database whose shared-memory file is gone).
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=30)
    except sqlite3.Error:
        return None
    try:
        conn.execute("BEGIN")  # one snapshot for every SELECT below
        (user_version,) = conn.execute("PRAGMA user_version").fetchone()
        if user_version != seeds_fingerprint(seeds_dir):
            return None
        stored = {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
        if stored != heads:
            return None
        return _table(conn), _vocabulary(conn)
    except sqlite3.Error:
        return None  # no alembic_version yet, locked, not a database: the full path knows
    finally:
        conn.close()


# --------------------------------------------------------------------------- rows → records
def _json(raw: Any) -> Any:
    return json.loads(raw) if isinstance(raw, str | bytes) else raw


def _date(raw: Any) -> date | None:
    return date.fromisoformat(raw) if raw else None


def _datetime(raw: Any) -> datetime | None:
    if not raw:
        return None
    value = datetime.fromisoformat(raw)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _evidence(raw: dict[str, Any]) -> Evidence:
    return Evidence(
        quote=raw["quote"],
        source=raw.get("source") or "unknown source",
        date=date.fromisoformat(raw["date"]) if raw.get("date") else None,
        article=raw.get("article"),
        url=raw.get("url"),
    )


def _note(raw: dict[str, Any]) -> Note:
    return Note(
        text=raw["text"],
        fact=raw.get("fact"),
        value=raw.get("value"),
        evidence=_evidence(raw["evidence"]) if raw.get("evidence") else None,
    )


def _topic(key: str, name: str, keywords: Any, lexicon: Any) -> TopicRecord:
    lexicon = lexicon or {}
    return TopicRecord(
        key=key,
        name=name,
        keywords=tuple(keywords or ()),
        verbs=tuple(lexicon.get("verbs", ())),
        glossary=tuple(lexicon.get("glossary", {}).items()),
    )


def _table(conn: sqlite3.Connection) -> StanceTable:
    aliases: dict[int, list[str]] = {}
    for actor_id, alias in conn.execute("SELECT actor_id, alias FROM actor_aliases ORDER BY id"):
        aliases.setdefault(actor_id, []).append(alias)
    keys = dict(conn.execute("SELECT id, key FROM actors"))
    members: dict[int, list[str]] = {}
    for group_id, member_id in conn.execute(
        "SELECT group_id, member_id FROM group_members ORDER BY group_id, member_id"
    ):
        members.setdefault(group_id, []).append(keys[member_id])
    actors = [
        ActorRecord(
            key=key,
            name=name,
            kind=kind,
            country_code=country_code,
            aliases=tuple(aliases.get(actor_id, ())),
            members=tuple(members.get(actor_id, ())),
            speaks_for=keys.get(speaks_for_id) if speaks_for_id is not None else None,
            description=description,
        )
        for actor_id, key, name, kind, country_code, description, speaks_for_id in conn.execute(
            "SELECT id, key, name, kind, country_code, description, speaks_for_id "
            "FROM actors ORDER BY position, id"
        )
    ]
    topics = dict(conn.execute("SELECT id, key FROM topics"))
    revisions: dict[int, list[tuple[Any, ...]]] = {}
    for stance_id, *revision in conn.execute(
        "SELECT stance_id, stance, summary, notes, as_of, changed_at "
        "FROM stance_revisions ORDER BY id"
    ):
        revisions.setdefault(stance_id, []).append(tuple(revision))
    stances = []
    for stance_id, actor_id, topic_id, stance, summary, evidence, notes, as_of in conn.execute(
        "SELECT s.id, s.actor_id, s.topic_id, s.stance, s.summary, s.evidence, s.notes, s.as_of "
        "FROM stances s JOIN actors a ON a.id = s.actor_id ORDER BY a.position, a.id, s.id"
    ):
        history = revisions.get(stance_id, [])
        past = [r for r in history[:-1] if r[0] != stance or r[1] != summary]
        stances.append(
            StanceRecord(
                actor=keys[actor_id],
                topic=topics[topic_id],
                stance=stance,
                summary=summary,
                evidence=tuple(_evidence(e) for e in _json(evidence) or ()),
                notes=tuple(_note(n) for n in _json(notes) or ()),
                as_of=_date(as_of),
                previous=tuple(
                    PastStance(
                        stance=r[0],
                        summary=r[1],
                        as_of=_date(r[3]),
                        until=_datetime(r[4]),
                        notes=tuple(_note(n) for n in _json(r[2]) or ()),
                    )
                    for r in reversed(past)
                ),
            )
        )
    return StanceTable(
        actors=actors,
        topics=[
            _topic(key, name, _json(keywords), _json(lexicon))
            for key, name, keywords, lexicon in conn.execute(
                "SELECT key, name, keywords, lexicon FROM topics ORDER BY id"
            )
        ],
        facts=[
            FactRecord(key=key, label=label, yes=yes, no=no, keywords=tuple(_json(kw) or ()))
            for key, label, yes, no, kw in conn.execute(
                "SELECT key, label, yes, no, keywords FROM fact_kinds ORDER BY id"
            )
        ],
        stances=stances,
        items=[
            ItemRecord(
                key=key,
                name=name,
                status=status,
                due=_date(due),
                due_label=due_label,
                description=description,
                notes=notes,
                source=source,
                aliases=tuple(_json(item_aliases) or ()),
                evidence=tuple(_evidence(e) for e in _json(evidence) or ()),
                updated_at=_datetime(updated_at),
            )
            for (
                key,
                name,
                status,
                due,
                due_label,
                description,
                notes,
                source,
                item_aliases,
                evidence,
                updated_at,
            ) in conn.execute(
                "SELECT key, name, status, due, due_label, description, notes, source, "
                "aliases, evidence, updated_at FROM tracked_items ORDER BY id"
            )
        ],
    )


def _vocabulary(conn: sqlite3.Connection) -> set[str]:
    """As ``bot.storage.reads.article_vocabulary``."""
    vocab: set[str] = set()
    for (sentences,) in conn.execute("SELECT sentences FROM articles"):
        for sentence in _json(sentences) or ():
            vocab.update(w.strip(".,;:!?“”\"'()–-").casefold() for w in sentence.split())
    vocab.discard("")
    return vocab
