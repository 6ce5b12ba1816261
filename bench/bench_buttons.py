"""Approve / Reject buttons on Discord: latency from a click to the edited message.

newsbot's real client (discord.py's gateway and HTTP code) against the fake Discord the
tests use. Pending stance proposals are stored, then each is decided by a click, one at
a time, alternating Approve and Reject: INTERACTION_CREATE with the message and its
buttons → the dynamic item → ``NewsBot.handle`` in a thread (proposal applied with its
stance change, history, audit and alert, or rejected) → the message edited. Latency is
from the fake writing the event to its reading the interaction callback. Also measured:
a non-admin's click (refused privately, audited).

Headline (last line): the median click-to-edit latency.
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common

sys.path.insert(0, str(_common.ROOT / "tests"))

from fakes.discord_api import MANAGE_GUILD, FakeDiscord, Recorded
from fakes.discord_bot import connected, point_at
from sqlalchemy import select

from bot.config.settings import Settings
from bot.core.newsbot import NewsBot
from bot.ingest.proposals import decision_buttons
from bot.platforms.discord.buttons import view_for
from bot.platforms.discord.client import create_client
from bot.storage.models import Actor, Proposal
from digests.document import Document

STANCES = ("supports", "opposes", "undecided", "conditional")


def store_proposals(bot: NewsBot, count: int) -> list[int]:
    with bot.session() as session:
        actors = list(session.scalars(select(Actor).order_by(Actor.id)))
        ids = []
        for n in range(count):
            actor = actors[n % len(actors)]
            row = Proposal(
                kind="stance",
                target=actor.key,
                topic=None,
                payload={
                    "stance": STANCES[n % len(STANCES)],
                    "summary": f"Bench summary {n}.",
                    "actor": actor.name,
                    "new_actor": False,
                },
                evidence={"quote": f"Quote {n}.", "source": "Bench Wire", "date": "2024-06-01"},
                confidence=0.9,
                created_at=datetime.now(UTC),
            )
            session.add(row)
            session.flush()
            ids.append(row.id)
    return ids


class Clicker:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.waiting: dict[str, asyncio.Future[tuple[float, int]]] = {}
        fake.listeners.append(self._seen)

    def _seen(self, recorded: Recorded) -> None:
        if recorded.path.endswith("/callback"):
            future = self.waiting.pop(recorded.path.split("/")[3], None)
            if future is not None and not future.done():
                future.set_result((recorded.at, recorded.body["type"]))

    async def click(self, number: int, verb: str, permissions: int) -> tuple[float, int]:
        view = view_for(Document().add(decision_buttons(number)))
        assert view is not None
        msg = self.fake._message(self.fake.channel, {"embeds": []})
        msg["components"] = view.to_components()
        payload = self.fake.interaction_payload(
            3,
            {"custom_id": f"newsbot:{verb} {number}", "component_type": 2},
            user_id=1001,
            permissions=permissions,
        )
        payload["message"] = msg
        future: asyncio.Future[tuple[float, int]] = asyncio.get_running_loop().create_future()
        self.waiting[payload["token"]] = future
        sent = time.perf_counter()
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        at, kind = await asyncio.wait_for(future, 30)
        return at - sent, kind


def line(name: str, latencies: list[float]) -> float:
    ms = [x * 1000 for x in latencies]
    p50 = _common.percentile(ms, 50)
    print(f"  {name:<34} p50 {p50:7.2f} ms   p99 {_common.percentile(ms, 99):7.2f} ms")
    return p50


async def main(args: Any) -> None:
    with _common.temp_database(args.db) as url:
        bot = NewsBot(Settings(database_url=url, seeds_dir=_common.ROOT / "seeds"))
        print(f"database: {_common.describe_db(url)}")
        fake = await FakeDiscord().start()
        try:
            point_at(bot, fake)
            client = await create_client(bot, guild_ready_timeout=0.05)
            async with connected(client, fake):
                clicker = Clicker(fake)
                ids = store_proposals(bot, args.count + args.refusals)
                decided, refused = [], []
                for n, number in enumerate(ids[: args.count]):
                    verb = "approve" if n % 2 == 0 else "reject"
                    took, kind = await clicker.click(number, verb, MANAGE_GUILD)
                    assert kind == 7, f"click {number} was not a decision ({kind})"
                    decided.append(took)
                for number in ids[args.count :]:
                    took, kind = await clicker.click(number, "approve", 0)
                    assert kind == 4, "a member's click was not refused privately"
                    refused.append(took)
        finally:
            await fake.close()
            bot.engine.dispose()
    print(f"{args.count} decisions and {args.refusals} refusals, one at a time:")
    p50 = line("admin click → message edited", decided)
    line("member click → private refusal", refused)
    print(f"discord_button_click_p50: {p50:.1f} ms")


if __name__ == "__main__":
    parser = _common.parser(__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="proposals decided")
    parser.add_argument("--refusals", type=int, default=50)
    cli = parser.parse_args()
    print(_common.machine())
    asyncio.run(main(cli))
