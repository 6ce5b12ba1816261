"""``newsbot chart [--kind map|timeline] [--story KEY] --out FILE.png``."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.core.newsbot import NewsBot, story_of
from bot.storage.reads import load_table
from digests.chart import ChartError


def write_chart(bot: NewsBot, *, kind: str, story: str | None, out: str) -> int:
    path = Path(out)
    if path.suffix.lower() != ".png":
        print(f"newsbot chart: --out must name a .png file (got {out!r}).", file=sys.stderr)
        return 2
    with bot.session() as session:
        key, title = story_of(load_table(session))
    if story is not None and story.strip().casefold() != key.casefold():
        print(
            f"newsbot chart: no story {story!r}; the story here is {key!r} ({title}).",
            file=sys.stderr,
        )
        return 2
    try:
        picture = bot.chart(kind)
    except ChartError as exc:
        print(f"newsbot chart: {exc}", file=sys.stderr)
        return 1
    try:
        path.write_bytes(picture.png)
    except OSError as exc:
        print(f"newsbot chart: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{path} — {picture.alt}")
    return 0
