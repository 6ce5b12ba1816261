"""The statuses a tracked item may have, and what each means for its deadline.

Kept as data: a status is one of a known vocabulary, so "agred" is caught as a typo of
"agreed" instead of being broadcast to every subscribed channel, and a digest can tell
an item still to happen (upcoming or overdue) from one that is settled (done, out of the
deadlines list) without guessing from the words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from digests.text.fuzzy import most_alike

# Still to happen: a passed due date makes the item overdue.
PENDING = (
    "proposed",
    "planned",
    "announced",
    "scheduled",
    "due",
    "open",
    "pending",
    "under discussion",
    "negotiating",
    "postponed",
    "delayed",
    "stalled",
    "blocked",
    "suspended",
)
# Happened: the item leaves the deadlines list and stays in its history.
DONE = (
    "agreed",
    "adopted",
    "approved",
    "ratified",
    "signed",
    "in force",
    "decided",
    "extended",
    "revised",
    "launched",
    "implemented",
    "completed",
    "done",
    "closed",
)
# Will not happen: out of the deadlines list too.
ENDED = ("cancelled", "rejected", "dropped", "withdrawn", "expired", "failed")

STATUSES = PENDING + DONE + ENDED
# Spellings people type for a status in the vocabulary.
SYNONYMS = {
    "canceled": "cancelled",
    "complete": "completed",
    "finished": "done",
    "prolonged": "extended",
    "renewed": "extended",
    "started": "launched",
    "entered into force": "in force",
    "on hold": "suspended",
    "in progress": "pending",
    "planned for": "planned",
}
SIMILAR = 80  # rapidfuzz ratio from which a typo is offered as "did you mean"


class StatusError(ValueError):
    """A status outside the vocabulary; the message suggests the nearest one."""


def normal_status(text: str) -> str:
    """The vocabulary's spelling of ``text``; raises StatusError with a "did you mean"."""
    wanted = " ".join(text.casefold().replace("_", " ").replace("-", " ").split())
    if wanted in STATUSES:
        return wanted
    if wanted in SYNONYMS:
        return SYNONYMS[wanted]
    best = most_alike(wanted, [*STATUSES, *SYNONYMS])
    if best and best[1] >= SIMILAR:
        guess = SYNONYMS.get(best[0], best[0])
        raise StatusError(f"“{text}” is not a status I know. Did you mean “{guess}”?")
    raise StatusError(
        f"“{text}” is not a status I know. Statuses: still to happen — {', '.join(PENDING)}; "
        f"happened — {', '.join(DONE)}; will not happen — {', '.join(ENDED)}."
    )


def is_settled(status: str) -> bool:
    """Done or ended: the item's due date no longer counts as a deadline."""
    s = " ".join(status.casefold().split())
    s = SYNONYMS.get(s, s)
    return s in DONE or s in ENDED


@dataclass(frozen=True)
class ItemState:
    state: str  # "upcoming" | "overdue" | "undated" | "running" | "done"
    days: int | None = None  # days until due (negative: since due), or until the end date


def item_state(status: str, due: date | None, ends: date | None, today: date) -> ItemState:
    """Where an item belongs in a digest: upcoming (how soon), overdue, running or done.

    A settled item with an end date still ahead ("extended, runs until 31 May 2025") is
    running, never overdue: its due date was met.
    """
    if is_settled(status):
        if ends and ends >= today:
            return ItemState("running", (ends - today).days)
        return ItemState("done")
    if due is None:
        return ItemState("undated")
    days = (due - today).days
    return ItemState("upcoming" if days >= 0 else "overdue", days)
