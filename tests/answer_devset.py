"""The answers dev set (``tests/data/questions/*.toml``): loading, running, scoring.

Questions and conversations written as people type them, each with what a correct
answer must and must not contain. A turn is *right* when every check holds, and
*invented* when it states a position the table does not hold: a stance other than the
expected one, a stance for an actor that must have none, or text the case forbids.
Used by ``tests/test_answer_devset.py`` (with a threshold) and ``bench/bench_answers.py``
(the figures, alongside speed).
"""

from __future__ import annotations

import re
import shlex
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.commands.dispatch import dispatch
from bot.core.conversations import ConversationKey
from bot.core.newsbot import NewsBot
from bot.core.request import Request
from digests.render import to_text

DEVSET = Path(__file__).resolve().parent / "data" / "questions"


@dataclass
class Turn:
    say: str
    checks: dict[str, Any]
    user: str = "dev"
    channel: str = "devset"


@dataclass
class Conversation:
    name: str
    family: str
    turns: list[Turn]
    setup: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    family: str
    name: str
    say: str
    right: bool
    invented: bool
    problems: list[str]
    seconds: float


def load(folder: Path = DEVSET) -> list[Conversation]:
    """Single questions as one-turn conversations (each its own user: no context),
    then conversations, and those with a setup last: they change the table."""
    singles: list[Conversation] = []
    talks: list[Conversation] = []
    staged: list[Conversation] = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data.get("case", [])):
            checks = {k: v for k, v in case.items() if k not in ("ask", "family")}
            turn = Turn(case["ask"], checks, user=f"single-{path.stem}-{i}")
            singles.append(Conversation(case["ask"], case.get("family", path.stem), [turn]))
        for conv in data.get("conversation", []):
            turns = [
                Turn(
                    t["say"],
                    {k: v for k, v in t.items() if k not in ("say", "user", "channel")},
                    user=t.get("user", "dev"),
                    channel=t.get("channel", f"conv-{len(talks) + len(staged)}"),
                )
                for t in conv["turns"]
            ]
            family = conv.get("family", path.stem if path.stem != "conversations" else "followup")
            target = staged if conv.get("setup") else talks
            target.append(Conversation(conv["name"], family, turns, list(conv.get("setup", []))))
    return singles + talks + staged


def _named(actor: str, stances: dict[str, str]) -> str | None:
    """The name the answer gives an expected actor: ``"A|B"`` accepts either name (an
    actor a started story creates may be named by its long form or its short one)."""
    return next((name for name in actor.split("|") if name in stances), None)


def check(answer: dict[str, Any], checks: dict[str, Any]) -> tuple[list[str], bool]:
    """The checks a reply fails, and whether any failure states a wrong position."""
    problems: list[str] = []
    invented = False
    text = answer["answer"].casefold()
    stances = {s["actor"]: s["stance"] for s in answer["stances"]}
    for needle in checks.get("must", []):
        if needle.casefold() not in text:
            problems.append(f"missing {needle!r}")
    for needle in checks.get("must_not", []):
        if needle.casefold() in text:
            problems.append(f"says {needle!r}")
            invented = True
    for actor, stance in checks.get("stance_of", {}).items():
        named = _named(actor, stances)
        if named is None:
            problems.append(f"no stance for {actor}")
        elif stances[named] != stance:
            problems.append(f"{named} {stances[named]}, not {stance}")
            invented = True
    for actor in checks.get("actors", []):
        if _named(actor, stances) is None:
            problems.append(f"{actor} not listed")
    only = checks.get("only_actors")
    if only is not None:
        allowed = {n for actor in only for n in actor.split("|")}
        listed = {_named(actor, stances) for actor in only}
        if set(stances) - allowed or None in listed:
            problems.append(f"listed {sorted(stances)}, not {sorted(only)}")
            invented = invented or bool(set(stances) - allowed)
    for actor in checks.get("forbid_actors", []):
        named = _named(actor, stances)
        if named is not None:
            problems.append(f"{named} listed")
            invented = True
    count = checks.get("count")
    if count is not None:
        # The number stated on its own in the lead (not in a date further down), and
        # that many actors listed.
        lead = "\n".join(answer["answer"].splitlines()[:4])
        if not re.search(rf"(?<![\d.:]){count}(?![\d.:])", lead):
            problems.append(f"does not say {count}")
        if "count_actors" in checks and len(stances) != checks["count_actors"]:
            problems.append(f"lists {len(stances)} actors, not {checks['count_actors']}")
            invented = True
    if checks.get("no_stances") and stances:
        problems.append(f"states positions for {sorted(stances)}")
        invented = True
    return problems, invented


def run(
    bot: NewsBot, advance: Callable[[timedelta], None], conversations: list[Conversation]
) -> list[Outcome]:
    """Every turn through ``NewsBot.answer`` in its conversation (commands in a
    setup through the dispatcher, as an admin)."""
    out: list[Outcome] = []
    for conv in conversations:
        for command in conv.setup:
            if command.startswith("advance_hours"):
                advance(timedelta(hours=float(shlex.split(command)[1])))
                continue
            request = Request("devset", "w", "admin", "devset:admin", True, command)
            docs = dispatch(bot, request)
            failed = [to_text(d) for d in docs if d.kind in ("error", "refusal")]
            if failed:
                raise RuntimeError(f"setup command {command!r} failed: {failed}")
        for turn in conv.turns:
            key = ConversationKey("devset", "w", turn.channel, None, turn.user)
            t0 = time.perf_counter()
            answer = bot.answer(turn.say, key)
            seconds = time.perf_counter() - t0
            reply = answer.to_json(to_text(answer.document))
            problems, invented = check(reply, turn.checks)
            out.append(
                Outcome(conv.family, conv.name, turn.say, not problems, invented, problems, seconds)
            )
    return out


def summary(outcomes: list[Outcome]) -> dict[str, dict[str, float]]:
    """Per family and overall: turns, share right, share invented."""
    families: dict[str, list[Outcome]] = {}
    for o in outcomes:
        families.setdefault(o.family, []).append(o)
    families["all"] = list(outcomes)
    return {
        name: {
            "n": len(os),
            "right": sum(o.right for o in os) / len(os),
            "invented": sum(o.invented for o in os) / len(os),
        }
        for name, os in families.items()
    }


class DevClock:
    """A clock the dev set can move: its changes happen at known times."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta
