"""What the extraction tests share: the first story's table and a short article read
against it. Not a test module (no ``test_`` prefix)."""

from __future__ import annotations

from bot.core.newsbot import NewsBot
from bot.storage.reads import load_table
from digests.extraction import Extraction, extract, from_text
from digests.model import StanceTable


def first_story_table(bot: NewsBot) -> StanceTable:
    with bot.session() as session:
        return load_table(session)


def read(table: StanceTable, body: str, published: str = "2024-06-20") -> Extraction:
    """``body`` as the text of an article published on ``published``."""
    return extract(from_text(f"Title: Test\nPublished: {published}\nSource: Test\n\n{body}"), table)


def stances(found: Extraction) -> dict[str, str]:
    return {p.actor: p.stance for p in found.stances}
