"""``/newsbot ask …`` over Slack's HTTP mode: newsbot's Bolt app against a bare Bolt app.

A child process serves both apps on loopback (aiohttp, Bolt's request verification on,
a fake Slack Web API for ``auth.test``), each with its own port; this process sends
signed slash commands from a fixed number of concurrent clients, closed loop:

- **bare Bolt**: an ``AsyncApp`` whose ``/newsbot`` listener only acks. A client's
  request is done when the ack (the HTTP response) arrives — Bolt's own floor.
- **newsbot**: the real app (``bot.platforms.slack.app.build_app``) on a seeded database.
  A request is done when the *answer* arrives: the question answered through
  ``dispatch`` (on the event loop when the cached answerer is current, else in a worker
  thread) and rendered to Block Kit, carried back in the
  ack itself when ready within its budget (the usual case), else posted to the
  command's ``response_url`` (served by this process) after an empty ack.

Both use the same questions, clients and time budget, in the same run. Headline (last
line): newsbot's answered requests per second as a share of bare Bolt's acks per second,
the median of several rounds in which the two alternate (the machine is shared and noisy).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

# _common first: it sets sys.dont_write_bytecode before the project is imported.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
QUESTIONS = [
    "Where does Berlin stand?",
    "What is Germany's position?",
    "Who opposes training in Ukraine?",
    "Was the UK invited?",
    "When is the EUMAM mandate revised?",
    "What is the position of the Baltic states?",
    "What did Kirby say?",
    "Does Italy support the training mission?",
]


# ---------------------------------------------------------------------------- server side
def serve(db_url: str) -> None:
    """The child: both apps and the fake Web API; prints their ports, runs until stdin ends."""
    sys.path.insert(0, str(_common.ROOT / "tests"))
    from fakes.slack_api import FakeSlack
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.background.memory import settle
    from bot.config.settings import Settings
    from bot.core.newsbot import NewsBot
    from bot.platforms.slack.app import build_app
    from bot.platforms.slack.runner import start_http

    fake = FakeSlack(tokens={TOKEN: "T1"}).start()
    settings = Settings(
        database_url=db_url,
        slack_bot_token=TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=fake.url,
        log_level="ERROR",
    )
    bot = NewsBot(settings, clock=lambda: _common.NOW)
    bot.answer("warm up: where does Berlin stand?")

    async def main() -> None:
        client = AsyncWebClient(token=TOKEN)
        client.base_url = fake.url
        bare = AsyncApp(signing_secret=SECRET, client=client)  # the client carries the token

        @bare.command("/newsbot")
        async def ack_only(ack):  # type: ignore[no-untyped-def]
            await ack()

        ours = build_app(bot)
        runners = []
        ports = {}
        for name, app in (("bare", bare), ("newsbot", ours)):
            runner, port = await start_http(app, "127.0.0.1", 0)
            runners.append(runner)
            ports[name] = port
        settle()  # as ``newsbot run`` does once started
        print(json.dumps(ports), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        for runner in runners:
            await runner.cleanup()

    asyncio.run(main())
    fake.stop()
    bot.engine.dispose()


# ---------------------------------------------------------------------------- client side
def signed(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    sig = hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={sig}",
        "Content-Type": "application/x-www-form-urlencoded",
    }


async def load(port: int, *, answered: bool, clients: int, seconds: float) -> dict[str, object]:
    """Closed-loop load: each client sends its next command once the last one is done."""
    from aiohttp import ClientSession, TCPConnector, web

    waiting: dict[str, asyncio.Future[float]] = {}

    async def on_answer(request: web.Request) -> web.Response:
        future = waiting.pop(request.match_info["n"], None)
        await request.read()
        if future is not None and not future.done():
            future.set_result(time.perf_counter())
        return web.json_response({"ok": True})

    receiver = web.Application()
    receiver.router.add_post("/r/{n}", on_answer)
    runner = web.AppRunner(receiver, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    back = runner.addresses[0][1]
    ids = itertools.count()
    done_latency: list[float] = []
    ack_latency: list[float] = []
    in_ack: list[int] = []
    errors = 0
    url = f"http://127.0.0.1:{port}/slack/events"

    async def one(session: ClientSession) -> None:
        nonlocal errors
        n = str(next(ids))
        body = urlencode(
            {
                "team_id": "T1",
                "channel_id": "CBENCH",
                "user_id": "UREADER",
                "user_name": "reader",
                "command": "/newsbot",
                "text": "ask " + QUESTIONS[int(n) % len(QUESTIONS)],
                "api_app_id": "ANEWS",
                "response_url": f"http://127.0.0.1:{back}/r/{n}",
                "trigger_id": f"t{n}",
            }
        )
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        if answered:
            waiting[n] = future
        start = time.perf_counter()
        async with session.post(url, data=body, headers=signed(body)) as response:
            content = await response.read()
            ok = response.status == 200
        acked = time.perf_counter()
        if not ok:
            errors += 1
            waiting.pop(n, None)
            return
        ack_latency.append(acked - start)
        if answered and content.strip():
            # The answer came back in the ack itself (what Slack shows as the reply).
            waiting.pop(n, None)
            in_ack.append(1)
            done_latency.append(acked - start)
        elif answered:
            try:
                finished = await asyncio.wait_for(future, 30)
            except TimeoutError:
                errors += 1
                return
            done_latency.append(finished - start)
        else:
            done_latency.append(acked - start)

    async def client(session: ClientSession, until: float) -> int:
        count = 0
        while time.perf_counter() < until:
            await one(session)
            count += 1
        return count

    async with ClientSession(connector=TCPConnector(limit=clients * 2)) as session:
        warm = time.perf_counter() + min(1.0, seconds / 4)
        await asyncio.gather(*(client(session, warm) for _ in range(clients)))
        done_latency.clear()
        ack_latency.clear()
        in_ack.clear()
        errors = 0
        start = time.perf_counter()
        counts = await asyncio.gather(*(client(session, start + seconds) for _ in range(clients)))
        elapsed = time.perf_counter() - start
    await runner.cleanup()
    return {
        "requests": sum(counts),
        "per_second": len(done_latency) / elapsed,
        "p50": _common.percentile(done_latency, 50) * 1000,
        "p99": _common.percentile(done_latency, 99) * 1000,
        "ack_p50": _common.percentile(ack_latency, 50) * 1000,
        "ack_p99": _common.percentile(ack_latency, 99) * 1000,
        "errors": errors,
        "in_ack": len(in_ack) / max(1, len(done_latency)),
    }


def main() -> None:
    p = _common.parser(__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=4.0, help="measured time per app a round (4)")
    p.add_argument("--rounds", type=int, default=3, help="rounds, apps alternating (3)")
    p.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    p.add_argument("--serve", metavar="URL", help=argparse_hidden())
    args = p.parse_args()
    if args.serve:
        serve(args.serve)
        return
    print(_common.machine())
    rounds: list[tuple[dict[str, Any], dict[str, Any]]] = []
    with _common.temp_database(args.db) as url, _common.scratch_dir() as tmp:
        print(
            f"database: {_common.describe_db(url)}; {args.clients} clients; {args.rounds} rounds "
            f"of {args.seconds:g} s per app, bare Bolt and newsbot alternating"
        )
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        child = subprocess.Popen(
            [sys.executable, __file__, "--serve", url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=tmp,
            env=env,
        )
        try:
            assert child.stdout is not None and child.stdin is not None
            line = child.stdout.readline()
            if not line:
                raise SystemExit("the server process died before it was ready")
            ports = json.loads(line)
            for _ in range(args.rounds):
                bare = asyncio.run(
                    load(ports["bare"], answered=False, clients=args.clients, seconds=args.seconds)
                )
                ours = asyncio.run(
                    load(
                        ports["newsbot"], answered=True, clients=args.clients, seconds=args.seconds
                    )
                )
                rounds.append((bare, ours))
        finally:
            if child.stdin:
                child.stdin.close()
            child.wait(30)
    print()
    print(f"{'round':8} {'':26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for i, (bare, ours) in enumerate(rounds, start=1):
        for label, r in (("bare Bolt, ack only", bare), ("newsbot, ask answered", ours)):
            print(
                f"{i:<8} {label:26} {r['per_second']:8.1f} {r['p50']:8.2f} "
                f"{r['p99']:8.2f} {r['errors']:7}"
            )
    ratios = [o["per_second"] / b["per_second"] for b, o in rounds if b["per_second"]]
    bare_rate = _common.median([b["per_second"] for b, _ in rounds])
    ours_rate = _common.median([o["per_second"] for _, o in rounds])
    bare_p50 = _common.median([b["p50"] for b, _ in rounds])
    ours_p50 = _common.median([o["p50"] for _, o in rounds])
    bare_p99 = _common.median([b["p99"] for b, _ in rounds])
    ours_p99 = _common.median([o["p99"] for _, o in rounds])
    in_ack = _common.median([o["in_ack"] for _, o in rounds])
    print(f"\nanswers carried by the ack itself: {in_ack:.0%} (the rest via response_url)")
    print(
        f"median of rounds: newsbot answers {ours_rate:.1f} asks/s (p50 {ours_p50:.2f} ms, "
        f"p99 {ours_p99:.2f} ms) where bare Bolt acks {bare_rate:.1f}/s (p50 {bare_p50:.2f} ms, "
        f"p99 {bare_p99:.2f} ms)"
    )
    print(f"ratio by round: {', '.join(f'{r:.2f}' for r in ratios)}")
    print(f"slack_ask_throughput_vs_bare_bolt: {_common.median(ratios):.2f} ratio")


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
