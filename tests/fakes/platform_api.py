"""A fake chat platform that speaks newsbot's webhook protocol, on 127.0.0.1.

It behaves like a strict platform: at most ``per_channel`` messages per channel per
``channel_window`` seconds and ``global_rate`` requests per second overall (every
request counts, refused ones too), refusing the excess with 429 and ``Retry-After``;
404 for channels listed as gone; and it keeps each ``Idempotency-Key`` once, answering
200 to a repeat but counting it, so a test can tell a duplicate *attempt* from a
duplicate *message*. A test may also have it fail chosen requests (``faults``: a 500,
or a 429 of its own) and read every request it answered, with its time (``attempts``).

Runs an aiohttp server on its own event loop in a daemon thread, so sync code (the
bot's delivery threads, subprocesses) can post to it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Received:
    key: str | None
    workspace: str
    channel: str
    kind: str
    text: str
    at: float


@dataclass
class Attempt:
    """One request as the platform answered it."""

    key: str | None
    channel: str
    status: int
    at: float  # time.monotonic() on arrival


# (key, how many requests with that key came before) → (status, headers), or None to
# answer as usual.
Fault = Callable[[str | None, int], "tuple[int, dict[str, str]] | None"]


@dataclass
class FakePlatformAPI:
    per_channel: int = 1
    channel_window: float = 1.0
    global_rate: int = 50
    gone: set[str] = field(default_factory=set)
    token: str | None = None
    faults: Fault | None = None

    messages: list[Received] = field(default_factory=list)
    duplicates: Counter[str] = field(default_factory=Counter)  # repeats of a key already shown
    refused: int = 0  # 429s
    requests: int = 0
    global_peak: int = 0  # most requests seen in any 1 s window
    attempts: list[Attempt] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: set[str] = set()
        self._channel_times: dict[str, deque[float]] = {}
        self._global_times: deque[float] = deque()
        self._tries: Counter[str | None] = Counter()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> FakePlatformAPI:
        ready = threading.Event()

        def serve() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            app = web.Application()
            app.router.add_post("/hook", self._hook)
            self._runner = web.AppRunner(app, access_log=None)
            loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            loop.run_until_complete(site.start())
            server = site._server
            assert server is not None
            self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._runner.cleanup())
            loop.close()

        self._thread = threading.Thread(target=serve, name="fake-platform", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake platform API did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> FakePlatformAPI:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ------------------------------------------------------------------ reading
    def snapshot(self) -> list[Received]:
        with self._lock:
            return list(self.messages)

    def channels(self, kind: str | None = None) -> Counter[str]:
        with self._lock:
            return Counter(m.channel for m in self.messages if kind is None or m.kind == kind)

    def attempt_log(self) -> list[Attempt]:
        with self._lock:
            return list(self.attempts)

    def duplicate_attempts(self) -> int:
        with self._lock:
            return sum(self.duplicates.values())

    # ------------------------------------------------------------------ the API
    async def _hook(self, request: web.Request) -> web.Response:
        if self.token and request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.json_response({"error": "not_authed"}, status=401)
        payload = await request.json()
        key = request.headers.get("Idempotency-Key")
        channel = str(payload.get("channel", ""))
        now = time.monotonic()
        with self._lock:
            self.requests += 1
            glob = self._global_times
            while glob and now - glob[0] >= 1.0:
                glob.popleft()
            glob.append(now)
            self.global_peak = max(self.global_peak, len(glob))
            tries = self._tries[key]
            self._tries[key] += 1

            def answer(status: int) -> None:
                self.attempts.append(Attempt(key, channel, status, now))

            if len(glob) > self.global_rate:
                answer(429)
                self.refused += 1
                # Until the window has room again, as Discord's retry_after says.
                wait = glob[-self.global_rate - 1] + 1.0 - now
                return web.json_response(
                    {"error": "rate_limited", "global": True},
                    status=429,
                    headers={
                        "Retry-After": f"{max(wait, 0.01):.3f}",
                        "X-RateLimit-Scope": "global",
                    },
                )
            if channel in self.gone:
                answer(404)
                return web.json_response({"error": "channel_not_found"}, status=404)
            fault = self.faults(key, tries) if self.faults is not None else None
            if fault is not None:
                status, headers = fault
                answer(status)
                return web.json_response({"error": "injected"}, status=status, headers=headers)
            if key is not None and key in self._keys:
                answer(200)
                self.duplicates[key] += 1
                return web.json_response({"ok": True, "duplicate": True})
            times = self._channel_times.setdefault(channel, deque())
            while times and now - times[0] >= self.channel_window:
                times.popleft()
            if len(times) >= self.per_channel:
                answer(429)
                self.refused += 1
                wait = times[0] + self.channel_window - now
                return web.json_response(
                    {"error": "rate_limited"},
                    status=429,
                    headers={"Retry-After": f"{max(wait, 0.01):.3f}"},
                )
            times.append(now)
            answer(200)
            if key is not None:
                self._keys.add(key)
            self.messages.append(
                Received(
                    key=key,
                    workspace=str(payload.get("workspace", "")),
                    channel=channel,
                    kind=str(payload.get("kind", "")),
                    text=str(payload.get("text", "")),
                    at=now,
                )
            )
        return web.json_response({"ok": True})
