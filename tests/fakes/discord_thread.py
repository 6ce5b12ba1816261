"""The fake Discord on an event loop of its own thread, for a bot in another process
(``newsbot run`` started by a test, killed and restarted)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from fakes.discord_api import FakeDiscord, Recorded


class FakeDiscordThread:
    def __init__(self, **options: Any) -> None:
        self.fake = FakeDiscord(**options)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="fake-discord")

    def __enter__(self) -> FakeDiscordThread:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.fake.start(), self.loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.fake.close(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()

    def creates(self) -> list[Recorded]:
        """Every accepted message create so far, repeats of an enforced nonce included."""
        return [
            r
            for r in list(self.fake.requests)
            if r.method == "POST" and r.path.endswith("/messages") and r.status < 300
        ]

    def created(self) -> list[Recorded]:
        """The messages that appeared in channels."""
        return [r for r in self.creates() if r.created]
