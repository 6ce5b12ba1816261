"""``newsbot chart [--kind map|timeline] [--story KEY] --out FILE.png``."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.core.newsbot import NewsBot
from bot.domain.stories import UnknownStory, resolve_story
from digests.chart import ChartError


def write_chart(bot: NewsBot, *, kind: str, story: str | None, out: str) -> int:
    """Draws one story's chart (the first story's without ``--story``); an archived
    story is drawn too: its history is kept to be looked at."""
    path = Path(out)
    if path.suffix.lower() != ".png":
        print(f"newsbot chart: --out must name a .png file (got {out!r}).", file=sys.stderr)
        return 2
    story_id = None
    if story is not None:
        with bot.session() as session:
            try:
                story_id = resolve_story(session, story).id
            except UnknownStory as exc:
                print(f"newsbot chart: {exc}", file=sys.stderr)
                return 2
    try:
        picture = bot.chart(kind, story_id)
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
