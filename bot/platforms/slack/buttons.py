"""Neutral ``Actions`` blocks as Block Kit buttons, and the message after a click.

Each button's ``value`` is the command it runs; its ``action_id`` only has to be unique
within its block, so one pattern catches every command button. The block gets no
``block_id``: two messages (or two parts of one) may carry the same buttons, and Slack
assigns unique ids itself. After a decision the clicked row is replaced by a context
line saying who decided what, and the other proposals keep their buttons.
"""

from __future__ import annotations

import re
from typing import Any

from bot.platforms.slack import limits
from bot.platforms.slack.blocks import SlackBlock, clip, context, escape, plain
from digests.document import Actions

ACTION_PREFIX = "newsbot_cmd_"
ACTION_PATTERN = re.compile(rf"^{ACTION_PREFIX}\d+$")
_STYLES = {"primary": "primary", "danger": "danger"}


def actions_block(block: Actions) -> list[SlackBlock]:
    elements = []
    for i, button in enumerate(block.buttons[:25]):
        element: dict[str, Any] = {
            "type": "button",
            "action_id": f"{ACTION_PREFIX}{i}",
            "text": plain(button.label, limits.BUTTON_TEXT),
            "value": button.command[: limits.BUTTON_VALUE],
        }
        if button.style in _STYLES:
            element["style"] = _STYLES[button.style]
        elements.append(element)
    return [{"type": "actions", "elements": elements}] if elements else []


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
