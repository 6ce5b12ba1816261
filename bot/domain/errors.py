"""What a change refuses, as types the callers test (never the wording of a message)."""

from __future__ import annotations

from bot.storage.models import TrackedItem
from bot.storage.reads import item_record


class ChangeError(ValueError):
    """Bad input for a change: the message is shown to the user, nothing is written.

    ``field``: the typed field it is about, when it is about one (``due``, ``status``…),
    so a form can show the message under that input."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NothingChanged(ChangeError):
    """The change asks for what the row already holds: nothing is written."""


class AlreadyDecided(ChangeError):
    """A proposal was approved or rejected before this decision: nothing is written."""


class StaleChange(Exception):
    """Someone else changed the row after this user last saw it.

    Carries a plain snapshot of the row as it is now: the session that loaded it is
    rolled back (and its objects expired) by the time anyone reads the message.
    """

    def __init__(self, item: TrackedItem) -> None:
        super().__init__("changed meanwhile")
        self.item = item_record(item)
        self.version = item.version
