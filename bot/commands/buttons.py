"""What a chat button may run, and what its click did, for every platform adapter.

A button carries the command a user could have typed (``approve 12``); the adapter runs
it through ``NewsBot.handle`` as whoever clicked, so rights, audit and alerts are exactly
those of the typed command. Only the commands our own buttons carry are accepted: a
button is not a back door to the whole command set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digests.document import Document
from digests.render import to_text

_ALLOWED = re.compile(r"^(approve|reject) (\d{1,18})$")
_VERBS = {"approve": "Approved", "reject": "Rejected"}
STALE = "That button is out of date; type the command instead (`review` lists proposals)."


def allowed(command: str) -> bool:
    return _ALLOWED.match(command) is not None


@dataclass(frozen=True)
class Outcome:
    """What one click did. ``decided`` is False when the core refused or failed: the
    message keeps its buttons and only the clicker sees ``text``."""

    decided: bool
    text: str
    docs: list[Document]


def outcome(command: str, docs: list[Document], who: str) -> Outcome:
    failed = not docs or any(d.kind in ("error", "refusal") for d in docs)
    if failed:
        return Outcome(False, " ".join(to_text(d) for d in docs) or STALE, docs)
    match = _ALLOWED.match(command)
    verb = _VERBS[match.group(1)] if match else "Done"
    said = " ".join(to_text(d) for d in docs).strip()
    return Outcome(True, f"{verb} by {who}: {said}", docs)
