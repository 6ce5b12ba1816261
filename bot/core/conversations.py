"""What each conversation last talked about, so a follow-up ("and Italy?", "why?") can
be read against it.

A conversation is one user in one place: a Slack thread, a Discord reply chain, a
channel, the console or ``newsbot chat``. Keys never mix users or channels, so one
person's context can never answer another's question. A turn expires after
``CONTEXT_TTL``: a follow-up typed the next morning is read as a new question.
Kept in memory — a restart forgets every conversation, which costs a rephrased
question at worst.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from digests.answer_records import LastTurn

CONTEXT_TTL = timedelta(minutes=30)
MAX_CONVERSATIONS = 10_000  # the oldest are forgotten first


@dataclass(frozen=True)
class ConversationKey:
    platform: str
    workspace: str
    channel: str
    thread: str | None
    user: str

    def in_channel(self) -> ConversationKey:
        """The same user's conversation in the channel itself, outside any thread."""
        return ConversationKey(self.platform, self.workspace, self.channel, None, self.user)


class Conversations:
    """The last turn of each conversation, with its time; safe across threads."""

    def __init__(self, ttl: timedelta = CONTEXT_TTL) -> None:
        self.ttl = ttl
        self._turns: OrderedDict[ConversationKey, tuple[datetime, LastTurn]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: ConversationKey, now: datetime) -> LastTurn | None:
        """The conversation's last turn, unless expired. A thread with no turn of its own
        yet (a reply to the bot's answer, a new thread) continues the user's turn in
        the channel."""
        with self._lock:
            for k in (key, key.in_channel()) if key.thread else (key,):
                found = self._turns.get(k)
                if found is None:
                    continue
                at, turn = found
                if now - at > self.ttl:
                    del self._turns[k]
                    continue
                return turn
        return None

    def put(self, key: ConversationKey, turn: LastTurn, now: datetime) -> None:
        with self._lock:
            for k in (key, key.in_channel()) if key.thread else (key,):
                self._turns[k] = (now, turn)
                self._turns.move_to_end(k)
            while len(self._turns) > MAX_CONVERSATIONS:
                self._turns.popitem(last=False)

    def forget(self, key: ConversationKey) -> None:
        with self._lock:
            self._turns.pop(key, None)
