"""Rate limits per platform, kept before the platform has to refuse.

Each platform has a per-channel limit and a global one (per process). A send reserves a
slot in both sliding windows at once, or learns how long to wait. The windows are a
little longer than the platform's (``SAFETY``) so that network jitter between this
process and the platform does not turn an allowed burst into a 429.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """``per_channel`` per ``channel_window`` seconds; ``global_rate`` per ``global_window``."""

    per_channel: int
    channel_window: float
    global_rate: int
    global_window: float = 1.0
    # Slack counts its workspace-wide limit per workspace; Discord's is per bot.
    global_per_workspace: bool = False


# What each platform allows (documented limits; see the README's delivery section).
PLATFORM_LIMITS: dict[str, Limits] = {
    # chat.postMessage: about 1 message/s per channel; several hundred per minute per workspace.
    "slack": Limits(
        per_channel=1,
        channel_window=1.0,
        global_rate=300,
        global_window=60.0,
        global_per_workspace=True,
    ),
    # 5 messages per 5 s per channel; 50 requests/s for the whole bot.
    "discord": Limits(per_channel=5, channel_window=5.0, global_rate=50, global_window=1.0),
    # The generic webhook: what the receiving end is expected to take unless told otherwise.
    "webhook": Limits(per_channel=1, channel_window=1.0, global_rate=50, global_window=1.0),
    # A terminal takes whatever it is given.
    "console": Limits(per_channel=1000, channel_window=1.0, global_rate=1000, global_window=1.0),
}
DEFAULT_LIMITS = Limits(per_channel=1, channel_window=1.0, global_rate=20, global_window=1.0)

SAFETY = 1.05


def limits_for(platform: str) -> Limits:
    return PLATFORM_LIMITS.get(platform, DEFAULT_LIMITS)


class _Window:
    """At most ``count`` events in any ``span`` seconds; plus a "blocked until" from a 429."""

    __slots__ = ("blocked_until", "count", "events", "span")

    def __init__(self, count: int, span: float) -> None:
        self.count = count
        self.span = span
        self.events: deque[float] = deque()
        self.blocked_until = 0.0

    def wait(self, now: float) -> float:
        while self.events and now - self.events[0] >= self.span:
            self.events.popleft()
        wait = max(0.0, self.blocked_until - now)
        if len(self.events) >= self.count:
            wait = max(wait, self.events[0] + self.span - now)
        return wait

    def move(self, old: float, new: float) -> None:
        """Re-dates one event, keeping the events in time order."""
        try:
            self.events.remove(old)
        except ValueError:
            return  # already out of the window
        at = len(self.events)
        while at > 0 and self.events[at - 1] > new:
            at -= 1
        self.events.insert(at, new)

    def idle(self, now: float) -> bool:
        return self.wait(now) == 0.0 and not self.events


class RateLimiter:
    """Shared by every delivery thread of a process."""

    def __init__(
        self,
        limits: dict[str, Limits] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        safety: float = SAFETY,
        processes: int = 1,
    ) -> None:
        self.limits = dict(limits or {})
        self.clock = clock
        self.safety = safety
        # Global limits are per bot, not per process: N processes delivering for one bot
        # each keep to 1/N of them (NEWSBOT_DELIVERY_PROCESSES).
        self.processes = max(1, processes)
        self._lock = threading.Lock()
        self._channels: dict[tuple[str, str, str], _Window] = {}
        self._globals: dict[tuple[str, str], _Window] = {}

    def _limits(self, platform: str) -> Limits:
        return self.limits.get(platform) or limits_for(platform)

    def _global_key(self, platform: str, workspace: str) -> tuple[str, str]:
        return (platform, workspace if self._limits(platform).global_per_workspace else "")

    def _global(self, platform: str, workspace: str) -> _Window:
        key = self._global_key(platform, workspace)
        window = self._globals.get(key)
        if window is None:
            lim = self._limits(platform)
            share = max(1, lim.global_rate // self.processes)
            window = _Window(share, lim.global_window * self.safety)
            self._globals[key] = window
        return window

    def _channel(self, platform: str, workspace: str, channel: str) -> _Window:
        key = (platform, workspace, channel)
        window = self._channels.get(key)
        if window is None:
            lim = self._limits(platform)
            window = _Window(lim.per_channel, lim.channel_window * self.safety)
            self._channels[key] = window
        return window

    def reserve(self, platform: str, workspace: str, channel: str) -> tuple[float, float, float]:
        """Takes a slot now if both limits allow: (0, 0, the time it was taken at, for
        ``sent``); else (channel wait, global wait, 0) in seconds."""
        with self._lock:
            now = self.clock()
            chan = self._channel(platform, workspace, channel)
            glob = self._global(platform, workspace)
            chan_wait, glob_wait = chan.wait(now), glob.wait(now)
            if chan_wait == 0.0 and glob_wait == 0.0:
                chan.events.append(now)
                glob.events.append(now)
                return 0.0, 0.0, now
            return chan_wait, glob_wait, 0.0

    def sent(self, platform: str, workspace: str, channel: str, reserved_at: float) -> None:
        """The send reserved at ``reserved_at`` is done: count it from now instead.

        The platform counts a request when it arrives, somewhere between our reservation
        and the answer; a thread that is slow to send (a busy machine) would otherwise
        let the next requests arrive bunched behind it and be refused.
        """
        with self._lock:
            now = self.clock()
            for window in (
                self._channels.get((platform, workspace, channel)),
                self._globals.get(self._global_key(platform, workspace)),
            ):
                if window is not None:
                    window.move(reserved_at, now)

    def throttled_channels(self, platform: str) -> list[str]:
        """Channels of ``platform`` that cannot take a message right now (for the claim query)."""
        with self._lock:
            now = self.clock()
            out = []
            for (p, _w, channel), window in list(self._channels.items()):
                if p != platform:
                    continue
                if window.wait(now) > 0.0:
                    out.append(channel)
                elif window.idle(now):
                    del self._channels[(p, _w, channel)]  # keeps the table small on a fan-out
            return out

    def penalize(
        self, platform: str, workspace: str, channel: str, seconds: float, *, whole: bool = False
    ) -> None:
        """The platform said 429: nothing more to that channel (or at all) for ``seconds``."""
        with self._lock:
            until = self.clock() + max(seconds, 0.0)
            window = (
                self._global(platform, workspace)
                if whole
                else self._channel(platform, workspace, channel)
            )
            window.blocked_until = max(window.blocked_until, until)
