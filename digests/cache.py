"""Data derived from installed libraries, kept on disk between processes.

Some lexicons are built from library data that only changes when the library or the
code that reads it changes: every country name pycountry, countryinfo and Babel know
takes ~0.15 s to gather (hundreds of JSON and locale files), the same in every process.
``cached_json`` builds such a value once, stores it as JSON in the user's cache directory
under a fingerprint of what it was built from, and reads it back in a few milliseconds
afterwards. Nothing that depends on the stance table or on articles is kept here.

The directory is ``$NEWSBOT_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsbot``, else
``~/.cache/newsbot``. Any problem reading or writing it (no home, read-only disk, a file
cut short) only means the value is built again; it is never an error.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "cached_json", "fingerprint"]


def cache_dir() -> Path:
    configured = os.environ.get("NEWSBOT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsbot"


def fingerprint(sources: Iterable[Path], packages: Iterable[str]) -> str:
    """A digest of the given source files' contents and of the installed packages'
    locations and modification times (an upgrade or reinstall rewrites them), found
    without importing the packages."""
    h = hashlib.sha256()
    for source in sources:
        h.update(source.read_bytes())
    for name in packages:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin:
            stat = os.stat(origin)
            h.update(f"{name}:{origin}:{stat.st_mtime_ns}:{stat.st_size}".encode())
        else:
            h.update(f"{name}:missing".encode())
    return h.hexdigest()[:24]


def cached_json(name: str, key: str, build: Callable[[], Any]) -> Any:
    """``build()``'s value (JSON-serialisable), from the cache when it holds one for
    ``key``; otherwise built, stored for the next process, and returned."""
    path = cache_dir() / f"{name}-{key}.json"
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        pass  # not there yet, unreadable or cut short: build it
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a process reading at the same moment sees the old
        # file or the whole new one, never half of it.
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(value, f, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # no cache this time; the next process builds it again
    return value
