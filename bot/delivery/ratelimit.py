"""Rate limits per platform, kept before the platform has to refuse.

Each platform has a per-channel limit and a global one. They are kept in two places,
each where it can be kept right:

- **Per channel, in the database.** One message at a time per channel is in flight (the
  claim takes only a channel's oldest pending message), and the transaction that marks
  it sends records when the channel may next be sent to (``channel_pace``). Every process
  reads that time before it claims, so N processes keep 1 message/s to a channel together.
  The pace is the limit's sustained rate (``channel_window / per_channel``): a burst the
  platform would allow (Discord's 5 in 5 s) is not used, so no process has to know what
  another sent in the last window.
- **Global, in memory** (``RateLimiter``): a sliding window per platform (per workspace
  on Slack) shared by the delivery threads of one process, with the sends spread evenly
  through it. A process keeps to 1/N of the limit when ``NEWSBOT_DELIVERY_PROCESSES``
  says N processes deliver; a platform-wide 429 holds back every thread of the process.

The window alone let a backlog go out in bursts: the waiting threads all took the
window's slots the moment it opened, so the next burst came one window later, and a
retry that came due just after a burst waited the whole window for a slot (and rows
claimed behind full threads waited once more) — retries came a second or two past their
time. So the sends are also spaced ``window / limit`` apart, on the real clock, with a
little catch-up for a send that was late; the window still caps every span.

The windows are a little longer than the platform's so that network jitter between this
process and the platform does not turn an allowed rate into a 429: a channel's pace by
``SAFETY``, the global window by ``GLOBAL_SAFETY`` — less, because its sends are evenly
spaced, and every percent there is a percent longer for a fan-out to drain.
"""

from __future__ import annotations

import contextlib
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

    @property
    def pace(self) -> float:
        """Seconds between two messages to one channel, before ``SAFETY``."""
        return self.channel_window / max(1, self.per_channel)


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
GLOBAL_SAFETY = 1.02


def limits_for(platform: str) -> Limits:
    return PLATFORM_LIMITS.get(platform, DEFAULT_LIMITS)


# How late a send may be and still have the next ones catch up, as a share of the limit's
# sends (at least two spacings): a thread the machine was slow to wake costs the fan-out
# no slot, and no burst bigger than that grows out of it. (The window caps every span
# whatever the catch-up: a burst only spends slots the window still holds. A tenth let
# stalls of a busy 2-core machine, up to 160 ms, lose slots for good: 0.3 took a
# 2,000-channel fan-out on PostgreSQL from 1.037-1.038 to 1.034-1.035 of its floor,
# with no 429 and at most 50 requests in any second.)
CATCH_UP = 0.3


class _Window:
    """At most ``count`` events in any ``span`` seconds, ``span / count`` apart; plus a
    "blocked until" from a 429."""

    __slots__ = (
        "blocked_until",
        "catch_up",
        "count",
        "events",
        "next_free",
        "spacing",
        "span",
        "waiting",
    )

    def __init__(self, count: int, span: float) -> None:
        self.count = count
        self.span = span
        self.spacing = span / count
        self.catch_up = max(2.0, count * CATCH_UP) * self.spacing
        self.next_free = float("-inf")  # on the real clock: the next evenly spaced slot
        self.events: deque[float] = deque()
        self.blocked_until = 0.0
        self.waiting: set[int] = set()  # the turns of the sends waiting for a slot

    def wait(self, now: float, real: float) -> float:
        """Seconds until a slot is free: ``now`` on the limiter's clock, ``real`` on the
        real one (the spacing is between requests on the wire, whatever the clock)."""
        while self.events and now - self.events[0] >= self.span:
            self.events.popleft()
        wait = max(0.0, self.blocked_until - now, self.next_free - real)
        if len(self.events) >= self.count:
            wait = max(wait, self.events[0] + self.span - now)
        return wait

    def take(self, now: float, real: float) -> None:
        self.events.append(now)
        if real - self.next_free > self.catch_up:
            # Idle (or far behind): start the spacing afresh from now, with no burst.
            self.next_free = real + self.spacing
        else:
            # On time, or a little late: the next slot is one spacing after this one's,
            # so a late thread's lost time is made up.
            self.next_free += self.spacing

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


class RateLimiter:
    """The global limits of one process, shared by its delivery threads; and the
    per-channel pace that the outbox keeps in the database."""

    def __init__(
        self,
        limits: dict[str, Limits] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        safety: float = SAFETY,
        global_safety: float = GLOBAL_SAFETY,
        processes: int = 1,
    ) -> None:
        self.limits = dict(limits or {})
        self.clock = clock
        self.safety = safety
        self.global_safety = global_safety
        # Global limits are per bot, not per process: N processes delivering for one bot
        # each keep to 1/N of them (NEWSBOT_DELIVERY_PROCESSES).
        self.processes = max(1, processes)
        self._lock = threading.Lock()
        # Waiting for a slot: the threads that wait sleep on this, woken in turn.
        self._turns = threading.Condition(self._lock)
        self._globals: dict[tuple[str, str], _Window] = {}

    def _limits(self, platform: str) -> Limits:
        return self.limits.get(platform) or limits_for(platform)

    def pace(self, platform: str) -> float:
        """Seconds a channel of ``platform`` waits after a send before the next one."""
        return self._limits(platform).pace * self.safety

    def _global_key(self, platform: str, workspace: str) -> tuple[str, str]:
        return (platform, workspace if self._limits(platform).global_per_workspace else "")

    def _global(self, platform: str, workspace: str) -> _Window:
        key = self._global_key(platform, workspace)
        window = self._globals.get(key)
        if window is None:
            lim = self._limits(platform)
            share = max(1, lim.global_rate // self.processes)
            window = _Window(share, lim.global_window * self.global_safety)
            self._globals[key] = window
        return window

    def acquire(
        self, platform: str, workspace: str, turn: int, patience: float, stop: threading.Event
    ) -> float | None:
        """Waits for a global slot and takes it: the time it was taken at (for ``sent``),
        or None when the limit is further off than ``patience`` seconds, or on ``stop``.

        Sends that wait are served lowest ``turn`` first (the outbox row's id: the oldest
        message). Only that one watches the clock; the others sleep until it has its
        slot, so waiting costs no spinning however many threads wait."""
        deadline = time.monotonic() + patience
        with self._turns:
            glob = self._global(platform, workspace)
            glob.waiting.add(turn)
            try:
                while not stop.is_set():
                    now = self.clock()
                    wait = glob.wait(now, time.monotonic())
                    first = turn == min(glob.waiting)
                    if first and wait == 0.0:
                        glob.take(now, time.monotonic())
                        return now
                    left = deadline - time.monotonic()
                    if (wait if first else 0.0) > left or left <= 0.0:
                        return None
                    self._turns.wait(min(wait if first else left, 0.25))
                return None
            finally:
                glob.waiting.discard(turn)
                self._turns.notify_all()  # the next turn, if any, watches the clock now

    def sent(self, platform: str, workspace: str, reserved_at: float) -> float:
        """The send reserved at ``reserved_at`` is done (or starts): count it from now
        instead; returns the new time, for the next call.

        The platform counts a request when it arrives, somewhere between our reservation
        and the answer; a thread that is slow to send (a busy machine) would otherwise
        let the next requests arrive bunched behind it and be refused.
        """
        with self._lock:
            now = self.clock()
            window = self._globals.get(self._global_key(platform, workspace))
            if window is not None:
                window.move(reserved_at, now)
            return now

    def release(self, platform: str, workspace: str, reserved_at: float) -> None:
        """A slot taken at ``reserved_at`` was not used after all."""
        with self._lock:
            window = self._globals.get(self._global_key(platform, workspace))
            if window is not None:
                with contextlib.suppress(ValueError):  # already out of the window
                    window.events.remove(reserved_at)
                self._turns.notify_all()

    def penalize(self, platform: str, workspace: str, seconds: float) -> None:
        """The platform said 429 for all channels: nothing more at all for ``seconds``."""
        with self._lock:
            window = self._global(platform, workspace)
            window.blocked_until = max(window.blocked_until, self.clock() + max(seconds, 0.0))
