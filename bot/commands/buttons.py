"""What a chat button may run, and what its click did, for every platform adapter.

A button carries the command a user could have typed (``approve 12``); the adapter runs
it through ``bot.commands.dispatch.run`` as whoever clicked, so rights, audit and alerts
are exactly those of the typed command. Only ``NAME NUMBER`` for a command declared with
``button=`` is accepted: a button is not a back door to the whole command set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands.command import Command, Outcome, Reply
from bot.commands.table import COMMANDS
from digests.document import Document, message
from digests.render import to_text

_SHAPE = re.compile(r"^([a-z]+) (\d{1,18})$")
STALE = "That button is out of date; type the command instead (`review` lists proposals)."


def _command(command: str) -> Command | None:
    match = _SHAPE.match(command)
    found = COMMANDS.get(match.group(1)) if match else None
    return found if found is not None and found.button else None


def allowed(command: str) -> bool:
    return _command(command) is not None


@dataclass(frozen=True)
class ButtonOutcome:
    """What one click did. ``decided`` is False when the core refused or failed: the
    message keeps its buttons and only the clicker sees ``text``. ``already_decided``:
    someone decided it first, so its buttons go too."""

    decided: bool
    text: str
    docs: list[Document]
    already_decided: bool = False
    command: str | None = None  # the declared command the click ran ("approve", "reject")

    @property
    def settled(self) -> bool:
        """Whether the clicked row's buttons have had their day."""
        return self.decided or self.already_decided


def outcome(command: str, reply: Reply, who: str) -> ButtonOutcome:
    docs = reply.docs
    failed = not docs or any(d.kind in ("error", "refusal") for d in docs)
    said = " ".join(to_text(d) for d in docs)
    if failed:
        already = reply.outcome is Outcome.ALREADY_DECIDED
        return ButtonOutcome(False, said or STALE, docs, already_decided=already)
    declared = _command(command)
    verb = declared.button if declared is not None and declared.button else "Done"
    name = declared.name if declared is not None else None
    return ButtonOutcome(True, f"{verb} by {who}: {said.strip()}", docs, command=name)


def stale_reply() -> Reply:
    """The reply to a click whose command no button may carry (an old message)."""
    return Reply([message(STALE, kind="error")], Outcome.INVALID)
