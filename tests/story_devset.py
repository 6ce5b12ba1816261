"""The story-start dev set (``tests/data/stories/expected.toml``): starting, scoring.

Each story is started from its first articles through the code path of ``newsbot story
new TITLE --key KEY --from FILE… --apply --json``, all into one database that already
holds the first story, so that a question routed to the wrong story shows. Then:

* the stance table the start built (what ``--apply`` applied) against the one a careful
  reader would build: a row is right when its actor is expected with that stance, wrong
  when the actor holds another stance or none was expected — a wrong row is a position
  stated with confidence, the worst failure. The proposals left in review are scored
  apart: they are what an admin still looks at.
* the story's questions, each asked with ``--story KEY`` and without: right when every
  check holds and nothing comes from another story (a stance or item of another story in
  the answer is a *leak*).

Used by ``tests/test_story_devset.py`` (thresholds) and ``bench/bench_stories.py``
(the figures).
"""

from __future__ import annotations

import contextlib
import io
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from answer_devset import check
from scoring import Tally

from bot.cli.story import run_story_new
from bot.core.conversations import ConversationKey
from bot.core.newsbot import NewsBot
from bot.core.stories import asked_words
from digests.render import to_text

STORIES = Path(__file__).resolve().parent / "data" / "stories"


@dataclass(frozen=True)
class Expected:
    names: tuple[str, ...]  # accepted spellings of the actor
    stances: tuple[str, ...]  # accepted readings
    quotes: tuple[str, ...]  # fragments one of which the backing sentence holds
    optional: bool


@dataclass
class StoryCase:
    key: str
    title: str
    split: str
    files: list[Path]
    expected: list[Expected]
    questions: list[dict[str, Any]]


@dataclass
class TableScore(Tally):
    quote_right: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, other: TableScore) -> None:
        self.add_counts(other)
        self.quote_right += other.quote_right
        self.problems += other.problems


@dataclass
class Asked:
    story: str
    ask: str
    scoped: bool  # asked with --story
    right: bool
    leaked: bool
    problems: list[str]


@dataclass
class StoryOutcome:
    case: StoryCase
    started: dict[str, Any]  # what `story new --json` printed
    applied: TableScore
    review: TableScore  # the applied rows and the pending proposals together
    asked: list[Asked] = field(default_factory=list)


def load(folder: Path = STORIES) -> list[StoryCase]:
    data = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
    out = []
    for story in data["story"]:
        expected = []
        for actor, want in story["stances"].items():
            stances = want["stance"]
            expected.append(
                Expected(
                    tuple(actor.split("|")),
                    tuple([stances] if isinstance(stances, str) else stances),
                    tuple(want.get("quote", "").split("|")),
                    bool(want.get("optional", False)),
                )
            )
        out.append(
            StoryCase(
                story["key"],
                story["title"],
                story["split"],
                [folder / name for name in story["files"]],
                expected,
                list(story.get("question", [])),
            )
        )
    return out


def start(bot: NewsBot, case: StoryCase) -> dict[str, Any]:
    """``newsbot story new TITLE --key KEY --from FILES --apply --json``, on this bot."""
    argv = [case.title, "--key", case.key, "--from", *map(str, case.files), "--apply"]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run_story_new(bot, argv, as_json=True)
    if code != 0:
        raise RuntimeError(f"story new {case.key} failed ({code}): {err.getvalue()}")
    bot.changed()
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def score_rows(
    case: StoryCase, rows: list[tuple[str, str, str]], *, count_missed: bool
) -> TableScore:
    """Rows (actor, stance, backing sentence) against the careful reader's table."""
    score = TableScore()
    seen: set[int] = set()
    for actor, stance, quote in rows:
        found = next((i for i, e in enumerate(case.expected) if actor in e.names), None)
        if found is None:
            score.wrong += 1
            score.problems.append(f"{case.key}: {actor} {stance} not expected ({quote[:80]!r})")
            continue
        want = case.expected[found]
        if stance not in want.stances:
            score.wrong += 1
            score.problems.append(
                f"{case.key}: {actor} {stance}, expected {'/'.join(want.stances)} ({quote[:80]!r})"
            )
            continue
        seen.add(found)
        if want.optional:
            continue
        score.right += 1
        if any(q.casefold() in quote.casefold() for q in want.quotes):
            score.quote_right += 1
        else:
            score.problems.append(f"{case.key}: {actor} backed by {quote[:80]!r}")
    if count_missed:
        for i, want in enumerate(case.expected):
            if i not in seen and not want.optional:
                score.missed += 1
                score.problems.append(f"{case.key}: missed {want.names[0]} {want.stances[0]}")
    return score


def table_rows(bot: NewsBot, key: str) -> list[tuple[str, str, str]]:
    """The story's stance table as it now stands (actor, stance, first backing quote)."""
    story_id = next(s.id for s in bot.story_refs() if s.key == key)
    table = bot.answerer(story_id).table
    names = {a.key: a.name for a in table.actors}
    return [
        (names.get(r.actor, r.actor), r.stance, r.evidence[0].quote if r.evidence else "")
        for r in table.stances
    ]


def pending_rows(started: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (p["actor"], p["stance"], p["evidence"]["quote"])
        for p in started["proposals"]
        if p["kind"] == "stance" and p.get("status") == "pending"
    ]


def ask_all(bot: NewsBot, case: StoryCase) -> list[Asked]:
    """Each question on its own; one with ``after`` is a follow-up ("And Latvia?"), asked
    in a conversation right after that question (whose answer is not scored here)."""
    out = []
    for n, question in enumerate(case.questions):
        checks = {k: v for k, v in question.items() if k not in ("ask", "after")}
        for scoped in (True, False):
            story = case.key if scoped else None
            conversation = None
            if "after" in question:
                conversation = ConversationKey(
                    "stories", "w", f"{case.key}-{n}-{scoped}", None, "reader"
                )
                bot.answer(question["after"], conversation, story=story)
            answer = bot.answer(question["ask"], conversation, story=story)
            reply = answer.to_json(to_text(answer.document))
            problems, _ = check(reply, checks)
            leaks = [
                f"{row.get('actor') or row.get('name')} from {row['story']}"
                for row in [*reply.get("stances", []), *reply.get("items", [])]
                if row.get("story") not in (None, case.key)
            ]
            problems += [f"leak: {leak}" for leak in leaks]
            out.append(
                Asked(case.key, question["ask"], scoped, not problems, bool(leaks), problems)
            )
    return out


def run(bot: NewsBot, cases: list[StoryCase]) -> list[StoryOutcome]:
    """Starts every story, then scores each table and asks each story's questions."""
    outcomes = []
    for case in cases:
        started = start(bot, case)
        applied = score_rows(case, table_rows(bot, case.key), count_missed=True)
        # In review: what an admin still looks at; scored with the applied rows, as the
        # table would be if every pending proposal were approved.
        review = score_rows(
            case, table_rows(bot, case.key) + pending_rows(started), count_missed=True
        )
        outcomes.append(StoryOutcome(case, started, applied, review))
    for outcome in outcomes:
        outcome.asked = ask_all(bot, outcome.case)
    return outcomes


def totals(outcomes: list[StoryOutcome], split: str | None = None) -> dict[str, Any]:
    chosen = [o for o in outcomes if split is None or o.case.split == split]
    applied, review = TableScore(), TableScore()
    asked: list[Asked] = []
    for o in chosen:
        applied.add(o.applied)
        review.add(o.review)
        asked += o.asked
    return {
        "stories": len(chosen),
        "applied": applied,
        "review": review,
        "asked": len(asked),
        "right": sum(a.right for a in asked) / len(asked) if asked else 1.0,
        "leaks": sum(a.leaked for a in asked),
    }


def first_story_questions(bot: NewsBot) -> dict[str, Any]:
    """The first story's single questions (``tests/data/questions``) on a database that
    holds the started stories too, asked from no channel (``newsbot ask`` without
    ``--story``, which spans every story): right when the checks hold on the first
    story's part of the answer, and a question naming a subject that the first story
    answers "no record" brings no position of any other story either. ``mixed_in``:
    answers that also bring another story's rows, labelled — by design for an actor asked
    about without a topic ("Where does Hungary stand?"), never for a question naming the
    first story's topic.
    (Asked in a channel, which follows the first story unless it chose otherwise, the
    answers dev set is scored as on its own: ``answer_devset.run``.)"""
    from answer_devset import load as load_questions

    first = bot.first_story_ref()
    key = first.key if first else None
    singles = [c for c in load_questions() if not c.setup and len(c.turns) == 1]
    right = mixed = 0
    problems: list[str] = []
    for conv in singles:
        turn = conv.turns[0]
        answer = bot.answer(turn.say)
        reply = answer.to_json(to_text(answer.document))
        own = {
            **reply,
            "stances": [s for s in reply["stances"] if s.get("story") == key],
            "items": [i for i in reply["items"] if i.get("story") == key],
        }
        wrong, _ = check(own, turn.checks)
        others = sorted({s["story"] for s in reply["stances"]} - {key})
        # An actor asked about without a topic ("What is Japan's position?") gets its
        # position in each story that holds one, labelled, by design; a question that
        # names a subject must bring none from another story.
        topical = bool(asked_words(bot.answerer(first.id if first else None), turn.say).content)
        if turn.checks.get("no_stances") and others and topical:
            wrong.append(f"states positions from {', '.join(others)}")
        right += not wrong
        problems += [f"{turn.say!r}: {'; '.join(wrong)}"] if wrong else []
        mixed += len(own["stances"]) + len(own["items"]) < len(reply["stances"]) + len(
            reply["items"]
        )
    n = len(singles) or 1
    return {"n": len(singles), "right": right / n, "mixed_in": mixed / n, "problems": problems}
