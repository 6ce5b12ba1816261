"""Shared by the benchmarks: a throwaway database, a fixed clock, timing statistics.

Not a benchmark itself (no ``bench_`` prefix, so ``make bench`` skips it).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

# Nothing of the benchmarks may land in the repository, bytecode included.
sys.dont_write_bytecode = True

ROOT = Path(__file__).resolve().parent.parent
# The tests' clock: the bot's "today" never changes during a run, so the cached
# answerer stays valid exactly as it would in production between table changes.
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument(
        "--db",
        metavar="URL",
        help="a PostgreSQL URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test); "
        "the benchmark works in a throwaway schema it drops afterwards. "
        "Default: a temporary SQLite file.",
    )
    return p


@contextlib.contextmanager
def temp_database(url: str | None) -> Iterator[str]:
    """A fresh, empty database URL for one benchmark run, removed afterwards."""
    if not url:
        with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    if not url.startswith("postgresql"):
        raise SystemExit(
            "--db takes a PostgreSQL URL (SQLite runs use a temporary file by default)"
        )
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def describe_db(url: str) -> str:
    return "PostgreSQL (throwaway schema)" if url.startswith("postgresql") else "SQLite (temp file)"


@contextlib.contextmanager
def scratch_dir() -> Iterator[Path]:
    """A temporary working directory (for subprocesses: no .env, no newsbot.db in the repo)."""
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as tmp:
        yield Path(tmp)


def percentile(values: Sequence[float], pct: float) -> float:
    """Linear-interpolated percentile (pct in 0-100)."""
    data = sorted(values)
    if not data:
        return float("nan")
    if len(data) == 1:
        return data[0]
    pos = (len(data) - 1) * pct / 100.0
    low = int(pos)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (pos - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def code_version() -> str:
    """Which code is measured: the repository (commit, dirty or not) or another checkout.

    Read-only git calls (--no-optional-locks: ``git status`` does not even refresh the index).
    """
    import subprocess

    import bot

    root = Path(bot.__file__).resolve().parent.parent
    if root != ROOT:
        return f"code from {root}"

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", "--no-optional-locks", "-C", str(ROOT), *args],
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    rev = git("rev-parse", "--short", "HEAD") or "unknown commit"
    dirty = git("status", "--porcelain", "--", "bot", "digests", "seeds")
    return f"code: {rev}" + (" + uncommitted changes in bot/, digests/ or seeds/" if dirty else "")


def machine() -> str:
    cpus = os.cpu_count() or 0
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next(
                (line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?"
            )
    except OSError:
        model = "?"
    return f"{cpus} CPUs ({model}), Python {sys.version.split()[0]}; {code_version()}"
