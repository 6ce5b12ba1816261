"""Discord interactions: throughput and latency from INTERACTION_CREATE to the response.

Two bots run in the same process against the same kind of fake Discord (the one the
tests use: an aiohttp REST API and websocket gateway on 127.0.0.1), both through
discord.py's real gateway and HTTP code:

- newsbot: ``/ask QUESTION`` → the cog → ``NewsBot.handle`` in a thread → embeds;
- bare: a discord.py bot whose one slash command answers "ok".

Latency is from the moment the fake writes INTERACTION_CREATE to its websocket to the
moment it has read the interaction callback POST. Each bot is measured one interaction
at a time (latency) and with a window of interactions in flight (throughput), the two
bots taking turns in chunks of each row so a busy machine hurts both alike. The fake
shares the process and its CPU with the bot, as it does in the tests.

Headline (last line): newsbot's throughput with the window in flight divided by the bare
bot's, measured in the same round (median over rounds; 1.0 = answering costs nothing over
discord.py's own path). ``--profile`` prints where newsbot's time goes.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# _common first: it sets sys.dont_write_bytecode before the project is imported.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common

sys.path.insert(0, str(_common.ROOT / "tests"))

import discord
from discord.ext import commands
from fakes.discord_api import Connection, FakeDiscord, Recorded
from fakes.discord_bot import connected, point_at

from bot.background.memory import settle
from bot.config.settings import Settings
from bot.core.newsbot import NewsBot
from bot.platforms.discord.client import create_client, intents

QUESTIONS = [
    "What is Germany's position?",
    "Where does Berlin stand?",
    "Who opposes training in Ukraine?",
    "Was the UK invited?",
    "When is the EUMAM mandate revised?",
    "What is the position of the Baltic states?",
    "What did Kirby say?",
    "Does Italy support the training mission?",
]


class Meter:
    """Resolves a future per interaction when the fake reads its callback."""

    def __init__(self, fake: FakeDiscord, connection: Connection) -> None:
        self.fake = fake
        self.connection = connection
        self.waiting: dict[str, asyncio.Future[float]] = {}
        fake.listeners.append(self._seen)

    def _seen(self, recorded: Recorded) -> None:
        if recorded.path.endswith("/callback"):
            token = recorded.path.split("/")[3]
            future = self.waiting.pop(token, None)
            if future is not None and not future.done():
                future.set_result(recorded.at)

    async def one(self, question: str) -> float:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        payload = self.fake.interaction_payload(
            2,
            {
                "id": "1",
                "name": "ask",
                "type": 1,
                "options": [{"name": "question", "type": 3, "value": question}],
            },
            user_id=1001,
        )
        self.waiting[payload["token"]] = future
        sent = time.perf_counter()
        await self.fake.dispatch("INTERACTION_CREATE", payload, connection=self.connection)
        done = await asyncio.wait_for(future, 30)
        return done - sent

    async def sequential(self, count: int) -> tuple[float, list[float]]:
        start = time.perf_counter()
        latencies = [await self.one(QUESTIONS[i % len(QUESTIONS)]) for i in range(count)]
        return time.perf_counter() - start, latencies

    async def windowed(self, count: int, window: int) -> tuple[float, list[float]]:
        gate = asyncio.Semaphore(window)

        async def run(i: int) -> float:
            async with gate:
                return await self.one(QUESTIONS[i % len(QUESTIONS)])

        start = time.perf_counter()
        latencies = await asyncio.gather(*(run(i) for i in range(count)))
        return time.perf_counter() - start, list(latencies)


async def bare_bot() -> commands.Bot:
    client = commands.Bot(command_prefix=[], intents=intents(), help_command=None)

    @client.tree.command(name="ask", description="answers ok")
    async def ask(interaction: discord.Interaction, question: str) -> None:
        await interaction.response.send_message("ok")

    return client


def summary(name: str, elapsed: float, latencies: list[float]) -> dict[str, float]:
    ms = [x * 1000 for x in latencies]
    figures = {
        "rate": len(latencies) / elapsed,
        "p50": _common.percentile(ms, 50),
        "p99": _common.percentile(ms, 99),
    }
    print(
        f"  {name:<34} {figures['rate']:8.1f} interactions/s   "
        f"p50 {figures['p50']:6.2f} ms   p99 {figures['p99']:6.2f} ms"
    )
    return figures


async def main(args: Any) -> None:
    with _common.temp_database(args.db) as url:
        newsbot = NewsBot(Settings(database_url=url, seeds_dir=_common.ROOT / "seeds"))
        print(f"database: {_common.describe_db(url)}")
        # One fake for both bots (discord.py's REST base is process-wide); each bot has its
        # own gateway connection, and the interaction token says whose callback it is.
        fake = await FakeDiscord().start()
        try:
            point_at(newsbot, fake)
            news_client = await create_client(newsbot, guild_ready_timeout=0.05)
            bare_client = await bare_bot()
            async with connected(news_client, fake):
                news = Meter(fake, fake.connections[0])
                async with connected(bare_client, fake):
                    bare = Meter(fake, fake.connections[1])
                    settle()  # as ``newsbot run`` does once started
                    await report(news, bare, args, fake)
        finally:
            await fake.close()
            newsbot.engine.dispose()


async def report(news: Meter, bare: Meter, args: Any, fake: FakeDiscord) -> None:
    for meter in (news, bare):
        await meter.sequential(args.warmup)
    share = max(1, args.count // args.chunks)

    def seq(meter: Meter) -> Callable[[], Any]:
        return lambda: meter.sequential(share)

    def win(meter: Meter) -> Callable[[], Any]:
        return lambda: meter.windowed(share, args.window)

    pairs = [
        ("one at a time", seq(news), seq(bare)),
        (f"{args.window} in flight", win(news), win(bare)),
    ]
    print(
        f"{share * args.chunks} interactions per row after {args.warmup} warm-up each, "
        f"{args.rounds} rounds; each row in {args.chunks} chunks, newsbot's and the bare "
        "bot's taking turns (a busy second of the machine falls on both alike):"
    )
    ratios: list[float] = []
    sequential_ratios: list[float] = []
    cpu_ratios: dict[str, list[float]] = {}
    deferred = _forget_requests(fake)
    pauses = _FullCollections()
    for number in range(1, args.rounds + 1):
        print(f" round {number}")
        results = []
        for how, news_chunk, bare_chunk in pairs:
            # (--profile: newsbot's first chunk in flight.)
            profile = args.profile and number == 1 and "flight" in how
            times = {"newsbot": 0.0, "bare": 0.0}
            cpu = {"newsbot": 0.0, "bare": 0.0}
            latencies: dict[str, list[float]] = {"newsbot": [], "bare": []}
            for chunk in range(args.chunks):
                # Who goes first alternates, so neither always follows the other.
                turns = [("newsbot", news_chunk), ("bare", bare_chunk)]
                for who, measure in turns if chunk % 2 == 0 else reversed(turns):
                    traced = profile and who == "newsbot" and chunk == 0
                    with profiled() if traced else contextlib.nullcontext():
                        used = time.process_time()
                        elapsed, seen = await measure()
                        cpu[who] += time.process_time() - used
                    times[who] += elapsed
                    latencies[who].extend(seen)
                    deferred += _forget_requests(fake)
            results.append(summary(f"newsbot /ask, {how}", times["newsbot"], latencies["newsbot"]))
            results.append(summary(f"bare 'ok' bot, {how}", times["bare"], latencies["bare"]))
            cpu_ratios.setdefault(how, []).append(cpu["bare"] / cpu["newsbot"])
        seq_n, seq_b, win_n, win_b = results
        ratios.append(win_n["rate"] / win_b["rate"])
        sequential_ratios.append(seq_n["rate"] / seq_b["rate"])
    pauses.stop()
    print(f"deferred responses (answer not ready within 2 s): {deferred}")
    print(
        f"full garbage collections during the rounds: {len(pauses.seen)}, "
        f"longest {max(pauses.seen, default=0) * 1000:.1f} ms"
    )
    print(
        "throughput newsbot / bare bot by round: "
        f"{args.window} in flight {', '.join(f'{r:.2f}' for r in ratios)}; "
        f"one at a time {', '.join(f'{r:.2f}' for r in sequential_ratios)} "
        f"(median {_common.median(sequential_ratios):.2f})"
    )
    # CPU time (the process's: bot, fake and threads) per interaction, bare over newsbot:
    # what the throughput ratio would be on a machine with nothing else to do.
    print(
        "CPU time per interaction, bare bot / newsbot: "
        + "; ".join(f"{how} {_common.median(r):.2f}" for how, r in cpu_ratios.items())
        + " (median of the rounds)"
    )
    # The floor is the bare discord.py bot on the same fake, in the same run: 1.0 means
    # answering costs nothing over discord.py's own path.
    print(
        f"discord_ask_throughput_vs_bare_bot: {_common.median(ratios):.2f} ratio "
        f"({args.window} in flight, median of {len(ratios)} rounds)"
    )


class _FullCollections:
    """The CPU time of each full garbage collection while it watches: every request in
    flight waits for one."""

    def __init__(self) -> None:
        self.seen: list[float] = []
        self._started = 0.0
        gc.callbacks.append(self._note)

    def _note(self, phase: str, info: dict[str, Any]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.thread_time()
        else:
            self.seen.append(time.thread_time() - self._started)

    def stop(self) -> None:
        gc.callbacks.remove(self._note)


def _forget_requests(fake: FakeDiscord) -> int:
    """Counts the deferred interaction responses the fake recorded, and forgets every
    request: the tests' fake keeps them all, and tens of thousands of recorded bodies
    would make each full garbage collection of the run slower than the last (up to
    200 ms a pause by the third round, for whichever bot was answering)."""
    deferred = sum(1 for r in fake.requests if r.path.endswith("/callback") and r.body["type"] != 4)
    fake.requests.clear()
    return deferred


@contextlib.contextmanager
def profiled() -> Iterator[None]:
    """cProfile of the event loop thread, and of the requests handed to worker threads."""
    import cProfile
    import pstats
    import threading

    import bot.platforms.discord.cog as cog

    loop_profile = cProfile.Profile()
    thread_profiles: list[cProfile.Profile] = []
    original = cog.dispatch

    def dispatch_profiled(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is threading.main_thread():
            return original(*args, **kwargs)  # already under the loop's profile
        profile = cProfile.Profile()
        profile.enable()
        try:
            return original(*args, **kwargs)
        finally:
            profile.disable()
            thread_profiles.append(profile)

    cog.dispatch = dispatch_profiled  # type: ignore[assignment]
    loop_profile.enable()
    try:
        yield
    finally:
        loop_profile.disable()
        cog.dispatch = original  # type: ignore[assignment]
        print("--- profile: event loop thread (the fake shares it) ---")
        pstats.Stats(loop_profile).sort_stats("cumulative").print_stats(r"bot/|digests/", 30)
        pstats.Stats(loop_profile).sort_stats("tottime").print_stats(30)
        print(f"--- profile: {len(thread_profiles)} requests handed to worker threads ---")
        if thread_profiles:
            stats = pstats.Stats(thread_profiles[0])
            for profile in thread_profiles[1:]:
                stats.add(profile)
            stats.sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    parser = _common.parser(__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400, help="interactions per row")
    parser.add_argument("--window", type=int, default=16, help="interactions in flight")
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the four rows")
    parser.add_argument(
        "--chunks", type=int, default=8, help="turns each row is measured in (default 8)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile newsbot's first round in flight"
    )
    cli = parser.parse_args()
    print(_common.machine())
    asyncio.run(main(cli))
