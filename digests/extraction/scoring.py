"""The score stage's weights, read from ``weights.toml``: one declarative table of how much
each doubt about a reading costs, so calibrating is editing data, not code."""

from __future__ import annotations

import tomllib
from importlib import resources
from types import SimpleNamespace
from typing import Any


def _load() -> Any:
    text = (resources.files("digests.extraction") / "weights.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return SimpleNamespace(**{k: SimpleNamespace(**v) for k, v in data.items()})


# Attribute access (``WEIGHTS.doubt.hedge``) keeps the reader's arithmetic readable.
WEIGHTS: Any = _load()
