"""Starting a story: the stance table ``story new`` builds, and the answers it then gives.

Every story of ``tests/data/stories/expected.toml`` (stories of 2024 unlike the first
one, two or three articles each: wire copy with datelines, headers, web pages, German)
is started into one fresh database that holds the first story, through the code path of
``newsbot story new TITLE --key KEY --from FILE… --apply --json`` (``tests/story_devset.py``
says how each thing is scored). Printed per story and for the dev, held-out and fresh splits:

* the table after ``--apply``: precision, recall, F1, and the wrong rows (each one a
  position stated with confidence: ``wrong_at_auto_apply``), and how many rows are backed
  by the sentence a careful reader would quote;
* the proposals left in review, scored apart: the table as it would be if an admin
  approved every one of them;
* the story's questions asked with ``--story KEY`` and without: the share right, and the
  answers that gave a stance or item of another story (``leaks``, must be 0);
* the first story's answers dev set (``tests/data/questions``) on a database of its own
  and on this one after the new stories, asked in channels as on its own (a channel
  follows the first story unless it chose otherwise): the two must match; then its single
  questions asked from no channel (``newsbot ask`` without ``--story``, which spans every
  story), scored on the first story's part of each answer, with the share of answers that
  also bring another story's rows (labelled: an actor asked about without a topic).

With ``--alone`` each story is started into a database of its own that holds only the
first story, as a team that installs the bot and starts its own story does: its topic is
then named against one other article, not against every other story's (the first story's
checks are left out then). ``--stories DIR`` scores another set in the same shape
(``DIR/expected.toml`` and its articles), such as one written blind to score a first run.

Headline (last line): ``story_f1``, the F1 of the applied tables over every story.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import answer_devset
import story_devset

from bot.config.settings import Settings
from bot.core.newsbot import NewsBot


def _table(name: str, score: story_devset.TableScore) -> str:
    return (
        f"{name:<28} P {score.precision:.2f}  R {score.recall:.2f}  F1 {score.f1:.2f}  "
        f"(right {score.right}, wrong {score.wrong}, missed {score.missed}, "
        f"quoted as expected {score.quote_right}/{score.right})"
    )


def main() -> int:
    p = _common.parser(__doc__.splitlines()[0])
    p.add_argument("-v", "--verbose", action="store_true", help="list every problem")
    p.add_argument("--split", help="start only the stories of this split (dev, heldout, fresh)")
    p.add_argument(
        "--alone", action="store_true", help="start each story into a database of its own"
    )
    p.add_argument("--stories", type=Path, default=story_devset.STORIES, help="the set's folder")
    args = p.parse_args()
    cases = [
        c for c in story_devset.load(args.stories) if args.split is None or c.split == args.split
    ]
    print(f"{_common.code_version()}; {len(cases)} stories")
    if args.alone:
        outcomes = []
        for case in cases:
            with _common.temp_database(args.db) as url:
                bot = NewsBot(Settings(database_url=url), clock=answer_devset.DevClock(_common.NOW))
                try:
                    outcomes += story_devset.run(bot, [case])
                finally:
                    bot.engine.dispose()
        print(f"database: {_common.describe_db(url)}, one per story\n")
        _stories(outcomes, args.verbose)
        _headline(outcomes)
        return 0
    # The first story's answers dev set on a database of its own, to compare with.
    with _common.temp_database(args.db) as alone_url:
        clock = answer_devset.DevClock(_common.NOW)
        bot = NewsBot(Settings(database_url=alone_url), clock=clock)
        try:
            alone = answer_devset.summary(
                answer_devset.run(bot, clock.advance, answer_devset.load())
            )["all"]
        finally:
            bot.engine.dispose()
    with _common.temp_database(args.db) as url:
        clock = answer_devset.DevClock(_common.NOW)
        bot = NewsBot(Settings(database_url=url), clock=clock)
        try:
            outcomes = story_devset.run(bot, cases)
            own = story_devset.first_story_questions(bot)
            first_run = answer_devset.run(bot, clock.advance, answer_devset.load())
            first = answer_devset.summary(first_run)["all"]
        finally:
            bot.engine.dispose()
    print(f"database: {_common.describe_db(url)}")
    print()
    _stories(outcomes, args.verbose)
    print(
        f"first story's answers dev set on its own database: right {alone['right']:.1%}, "
        f"invented {alone['invented']:.1%} ({int(alone['n'])} turns)"
    )
    print(
        f"first story's answers dev set after the starts: right {first['right']:.1%}, "
        f"invented {first['invented']:.1%} ({int(first['n'])} turns)"
    )
    if args.verbose:
        for o in first_run:
            if not o.right:
                print(f"    [{o.family}] {o.say!r}: {'; '.join(o.problems)}")
    print(
        f"the first story's single questions from no channel, its part of each answer: "
        f"right {own['right']:.1%}; answers that also bring another story's rows "
        f"{own['mixed_in']:.1%} ({int(own['n'])})"
    )
    if args.verbose:
        for problem in own["problems"]:
            print(f"    {problem}")
    print(f"first_story_devset_right_after_starts: {first['right']:.3f}")
    _headline(outcomes)
    return 0


def _stories(outcomes: list[story_devset.StoryOutcome], verbose: bool) -> None:
    """Each story's figures, then each split's."""
    for o in outcomes:
        asked = o.asked
        right = sum(a.right for a in asked)
        print(f"[{o.case.split}] {o.case.key}: {len(o.started['articles'])} articles")
        print("  " + _table("table after --apply", o.applied))
        print("  " + _table("applied + in review", o.review))
        print(f"  questions right {right}/{len(asked)}, leaks {sum(a.leaked for a in asked)}")
        if verbose:
            for problem in o.applied.problems:
                print(f"    table: {problem}")
            for problem in o.review.problems:
                print(f"    review: {problem}")
            for a in asked:
                if not a.right:
                    scope = "--story" if a.scoped else "routed"
                    print(f"    ask ({scope}) {a.ask!r}: {'; '.join(a.problems)}")
    print()
    splits = dict.fromkeys(o.case.split for o in outcomes)
    for split in (*splits, None):
        t = story_devset.totals(outcomes, split)
        if not t["stories"]:
            continue
        name = split or "all"
        print(_table(f"{name}: table after --apply", t["applied"]))
        print(_table(f"{name}: applied + in review", t["review"]))
        print(
            f"{name}: questions {t['asked']}, right {t['right']:.1%}, leaks {t['leaks']}, "
            f"wrong_at_auto_apply {t['applied'].wrong}"
        )


def _headline(outcomes: list[story_devset.StoryOutcome]) -> None:
    every = story_devset.totals(outcomes)
    print(f"story_questions_right: {every['right']:.3f}")
    print(f"story_leaks: {every['leaks']}")
    print(f"story_wrong_at_auto_apply: {every['applied'].wrong}")
    print(f"story_f1: {every['applied'].f1:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
