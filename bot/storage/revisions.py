"""The migration scripts' head revisions, read from their source without Alembic.

Loading Alembic to learn that a database is already up to date costs ~0.3 s of every
start (most of a one-shot command's time); a directory listing and a regex cost well
under a millisecond. ``bot.storage.engine.upgrade`` and ``bot.storage.plain_reads`` use it;
neither imports SQLAlchemy or Alembic from here.
"""

from __future__ import annotations

import re
from pathlib import Path

VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"

# `revision = "0004"`, `down_revision: str | None = "0003"`, or a tuple of them (a merge).
_REVISION_LINE = re.compile(
    r"^(?P<name>revision|down_revision)\s*(?::[^=]*)?=\s*(?P<value>.*?)\s*(?:#.*)?$", re.M
)
_REVISION_ID = re.compile(r"[\"']([^\"']+)[\"']")


def head_revisions(versions: Path = VERSIONS) -> frozenset[str] | None:
    """The head revision ids of the migration scripts, or None when a script does not
    read as expected (then the caller asks Alembic)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in versions.glob("*.py"):
        found = {m["name"]: m["value"] for m in _REVISION_LINE.finditer(script.read_text("utf-8"))}
        ids = _REVISION_ID.findall(found.get("revision", ""))
        if len(ids) != 1 or "down_revision" not in found:
            return None
        revisions.add(ids[0])
        parents.update(_REVISION_ID.findall(found["down_revision"]))
    heads = revisions - parents
    return frozenset(heads) if heads and parents <= revisions else None
