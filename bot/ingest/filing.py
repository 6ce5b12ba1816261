"""Which story an article belongs to, when the admin did not say.

An article is filed under the active story whose own words (its topics' names and
keywords, its items' names and aliases) and stance-holding actors it mentions most,
counting only what tells the stories apart. An article that matches none clearly — no
story at all, or a tie — is stored unfiled: reading it into a story it does not belong
to would put another story's positions in that story's table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy.orm import Session

from bot.core.stories import StoryRef, story_vocabulary
from bot.domain.stories import resolve_story
from bot.ingest.naming import reporting_words
from bot.storage.reads import load_table
from bot.storage.stories import ACTIVE, all_stories
from digests.model import StanceTable
from digests.text import stem_set, words

# How many distinct story words and actors an article must share with a story to be filed
# under it without being told: one word ("mission") is chance.
MIN_SCORE = 2


@dataclass(frozen=True)
class Filing:
    story: StoryRef | None  # None: stored unfiled
    reason: str


def story_for(session: Session, text: str, named: str | None) -> Filing:
    """The story an article goes to: the one ``named`` (a key), else the best match."""
    if named is not None:
        row = resolve_story(session, named)
        return Filing(StoryRef(row.id, row.key, row.title, row.status), "named")
    active = [s for s in all_stories(session) if s.status == ACTIVE]
    if not active:
        return Filing(None, "no active story exists")
    tables = {StoryRef(s.id, s.key, s.title, s.status): load_table(session, s.id) for s in active}
    scores = article_scores(text, tables)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if score >= MIN_SCORE and score > runner_up:
        return Filing(best, f"matches {score} of its words and actors")
    if score >= MIN_SCORE:
        tied = ", ".join(ref.key for ref, s in ranked if s == score)
        return Filing(None, f"it matches {tied} equally")
    return Filing(None, "it matches no story's topic or actors")


def article_scores(text: str, tables: dict[StoryRef, StanceTable]) -> dict[StoryRef, int]:
    asked = stem_set([text])  # every language's stems, as the vocabularies are
    # A story's title is part of its vocabulary, and a title has words that tell no story
    # apart ("the next NATO secretary general"): the reporting and general words are out.
    vocab = {ref: story_vocabulary(t) - _weak_stems() for ref, t in tables.items()}
    shared = frozenset.intersection(*vocab.values()) if len(vocab) > 1 else frozenset()
    folded = f" {' '.join(words(text))} "
    holders = {ref: _mentioned_holders(t, folded) for ref, t in tables.items()}
    common = set.intersection(*holders.values()) if len(holders) > 1 else set()
    return {ref: len((asked & vocab[ref]) - shared) + len(holders[ref] - common) for ref in tables}


@cache
def _weak_stems() -> frozenset[str]:
    return stem_set(sorted(reporting_words()))


def _mentioned_holders(table: StanceTable, folded: str) -> set[str]:
    """The actors holding a position in this story whose name the article uses."""
    holding = {r.actor for r in table.stances}
    found = set()
    for actor in table.actors:
        if actor.key not in holding:
            continue
        names = (actor.name, *actor.aliases)
        if any(f" {' '.join(words(n))} " in folded for n in names if words(n)):
            found.add(actor.key)
    return found
