"""Text as Slack sends it, turned back into what the user typed.

Slack escapes ``&``, ``<`` and ``>`` in message text and wraps mentions, channels and
links in angle brackets (``<@U123|ana>``, ``<#C123|news>``, ``<https://x.org|x.org>``).
The core wants the words as typed: a link becomes its address, a mention its name.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"<([^<>]*)>")


def _plain(match: re.Match[str]) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return f"@{label or target[1:]}"
    if target.startswith("#"):
        return f"#{label or target[1:]}"
    if target.startswith("!"):
        # <!channel>, <!here>, <!subteam^S123|@team>, <!date^…|fallback>
        word = target[1:].split("^", 1)[0]
        return label if label and word == "date" else f"@{label.lstrip('@') or word}"
    if target.startswith("mailto:"):
        return label or target[len("mailto:") :]
    return target  # a link: its address, not the label Slack shows


def from_slack(text: str) -> str:
    """The user's text, with Slack's markup removed and its escapes undone."""
    text = _SPECIAL.sub(_plain, text or "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def without_mention(text: str, bot_user_id: str | None) -> str:
    """An app mention's text with the bot's own mention taken out, wherever it stands."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text or "")
    return " ".join((text or "").split())
