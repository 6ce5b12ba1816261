"""The stories of a SQLite file, read with the standard library's sqlite3 (for the
one-shot ``newsbot ask`` that reads its table the same way, bot.storage.plain_reads)."""

from __future__ import annotations

import sqlite3

from bot.storage.plain_reads import sqlite_file


def plain_stories(url: str) -> list[tuple[int, str, str, str]] | None:
    """(id, key, title, status) of every story, oldest first; None when it cannot tell."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=30)
    except sqlite3.Error:
        return None
    try:
        rows = conn.execute("SELECT id, key, title, status FROM stories ORDER BY id").fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return [(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]
