"""Mentions and platform tokens are addressed to people, not part of a question.

"What is Germany's position? cc @maria" asks about Germany: read as words, "maria" or
"channel" would become the question's subject and turn a known position into "no
position recorded". Every platform's forms are removed before a question is read:
Slack's ``<@U123>``, ``<@U123|maria>``, ``<#C1|general>``, ``<!channel>``,
``<!subteam^S1|@team>``; Discord's ``<@123>``, ``<@!123>``, ``<@&123>``, ``<#123>``;
and typed ``@maria``, ``@channel``, ``@everyone`` — with a "cc" or "fyi" that only
introduces them.
"""

from __future__ import annotations

import re

# One platform token in angle brackets: user, channel, role or broadcast.
_TOKEN = r"<(?:[@#!&][^<>\s]*)(?:\|[^<>]*)?>"
# A typed mention: "@maria", "@maria.rossi", "@here" — not the "@" inside an e-mail address.
_TYPED = r"(?<![\w.@])@[^\W\d_][\w.-]*(?<![.-])"
_MENTION = rf"(?:{_TOKEN}|{_TYPED})"
# "cc @maria @ben", "fyi <@U1>", "/cc @team": the lead word goes with its mentions.
_LEAD = r"(?:(?<![\w/])(?:/?cc|fyi|ping|h/t|attn|z\.?\s?h\.?)\s*:?\s*)"
_MENTIONS = re.compile(
    rf"{_LEAD}?{_MENTION}(?:\s*(?:,|and|&|und)?\s*{_MENTION})*[,;:]?", re.IGNORECASE
)


def strip_mentions(text: str) -> str:
    """The text without mentions and channel or user tokens, spaces tidied."""
    if "@" not in text and "<" not in text:
        return text
    out = _MENTIONS.sub(" ", text)
    out = re.sub(r"\s+([?!.,;:])", r"\1", out)
    return " ".join(out.split())
