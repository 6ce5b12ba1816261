"""Command buttons after a click: which actions are ours, and the message after a decision.

The buttons themselves are rendered with every other block in ``blocks`` (their
``action_id`` is ``ACTION_PREFIX`` plus a number, their ``value`` the command they run).
After a decision the clicked row is replaced by a context line saying who decided what,
and the other proposals keep their buttons.
"""

from __future__ import annotations

import re

from bot.platforms.slack import limits
from bot.platforms.slack.blocks import ACTION_PREFIX, SlackBlock, clip, context, escape

ACTION_PATTERN = re.compile(rf"^{ACTION_PREFIX}\d+$")


def after_decision(blocks: list[SlackBlock], command: str, said: str) -> list[SlackBlock]:
    """The message's blocks with the clicked row replaced by what was decided."""
    out: list[SlackBlock] = []
    note = context(clip(escape(said), limits.TEXT_OBJECT))
    for block in blocks:
        values = [e.get("value") for e in block.get("elements") or []]
        if block.get("type") == "actions" and command in values:
            out.extend(note)
        else:
            out.append(block)
    return out
