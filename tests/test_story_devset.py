"""The story-start dev set (tests/data/stories): stories started as `story new … --apply`
does, scored as bench/bench_stories.py does.

The bar: the tables built hold no wrong position (nothing wrong is applied by itself), an
F1 of at least 0.8 against the tables a careful reader would build, no answer that gives
a position or item of another story, and most of each story's questions answered right.
"""

from __future__ import annotations

from datetime import UTC, datetime

import story_devset
from answer_devset import DevClock

from bot.config.settings import Settings
from bot.core.newsbot import NewsBot

MIN_F1 = 0.8
MIN_RIGHT = 0.75


def test_started_stories_build_the_careful_reader_s_table_and_answer_for_themselves(
    settings: Settings,
) -> None:
    bot = NewsBot(settings, clock=DevClock(datetime(2026, 11, 28, 9, 0, tzinfo=UTC)))
    try:
        outcomes = story_devset.run(bot, story_devset.load())
    finally:
        bot.engine.dispose()
    totals = story_devset.totals(outcomes)
    applied = totals["applied"]
    wrong = [p for o in outcomes for p in o.applied.problems if "expected" in p]
    assert applied.wrong == 0, "applied by itself, and wrong:\n" + "\n".join(wrong)
    leaks = [f"{a.ask!r}: {a.problems}" for o in outcomes for a in o.asked if a.leaked]
    assert not leaks, "answers from another story:\n" + "\n".join(leaks)
    assert applied.f1 >= MIN_F1, "\n".join(p for o in outcomes for p in o.applied.problems)
    failed = [f"{a.ask!r}: {a.problems}" for o in outcomes for a in o.asked if not a.right]
    assert totals["right"] >= MIN_RIGHT, "\n".join(failed)
