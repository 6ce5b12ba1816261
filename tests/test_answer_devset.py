"""The answers dev set (tests/data/questions): every family, scored as the bench does.

A held-out check will use questions we have not seen; this set is ours, so the bar is
high: at least 95 % of turns right and not one that states a position the table does
not hold.
"""

from __future__ import annotations

from datetime import UTC, datetime

from answer_devset import DevClock, check, load, run, summary

from bot.config.settings import Settings
from bot.core.newsbot import NewsBot

MIN_RIGHT = 0.95


def test_the_dev_set_is_answered_right_and_nothing_is_invented(settings: Settings) -> None:
    clock = DevClock(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    bot = NewsBot(settings, clock=clock)
    try:
        conversations = load()
        families = {c.family for c in conversations}
        assert {"actor", "who", "followup", "changes", "compare", "reasons", "limits"} <= families
        outcomes = run(bot, clock.advance, conversations)
    finally:
        bot.engine.dispose()
    scores = summary(outcomes)
    wrong = [f"[{o.family}] {o.say!r}: {'; '.join(o.problems)}" for o in outcomes if not o.right]
    invented = [f"{o.say!r}: {'; '.join(o.problems)}" for o in outcomes if o.invented]
    assert not invented, "positions the table does not hold:\n" + "\n".join(invented)
    assert scores["all"]["right"] >= MIN_RIGHT, "\n".join(wrong)


def test_an_actor_written_with_either_name_is_checked_by_the_name_the_answer_gives() -> None:
    answer = {
        "answer": "The IOC supports it.",
        "stances": [{"actor": "International Olympic Committee", "stance": "supports"}],
    }
    either = "IOC|International Olympic Committee"
    assert check(answer, {"stance_of": {either: "supports"}, "only_actors": [either]}) == (
        [],
        False,
    )
    problems, invented = check(answer, {"stance_of": {either: "opposes"}})
    assert problems == ["International Olympic Committee supports, not opposes"] and invented
    assert check(answer, {"forbid_actors": ["Olympic Council|International Olympic Committee"]})[1]
    assert check(answer, {"actors": ["IOC|Olympic Committee"]}) == (
        ["IOC|Olympic Committee not listed"],
        False,
    )
