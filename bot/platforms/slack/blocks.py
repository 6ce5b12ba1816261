"""Block Kit rendering of neutral documents: one or more Slack messages per document.

Every piece of text from an article, a user or the stance table is escaped (``&``, ``<``,
``>``) before it goes into mrkdwn, so ``<!channel>`` or ``<@U123>`` inside an article shows
as text and pings nobody. Plain-text objects (headers, buttons) are never parsed for
mentions and are left as they are. A document too big for one message is split between
blocks into parts that each stay inside every limit in ``limits``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.platforms.slack import limits
from digests.document import (
    ATTACHMENT,
    Actions,
    Block,
    Bullets,
    Context,
    Divider,
    Document,
    Fields,
    Heading,
    Image,
    Paragraph,
    Quote,
)
from digests.render import to_text

SlackBlock = dict[str, Any]

_KIND_MARK = {"alert": "🔔 ", "digest": "🗞 "}
ACTION_PREFIX = "newsbot_cmd_"
_BUTTON_STYLES = {"primary": "primary", "danger": "danger"}


@dataclass(frozen=True)
class SlackMessage:
    """What one ``chat.postMessage`` (or response_url post) carries."""

    text: str
    blocks: list[SlackBlock]

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def escape(text: str) -> str:
    """mrkdwn control characters, and only those (Slack's own rule)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def chunks(text: str, limit: int) -> Iterator[str]:
    """Pieces of escaped ``text`` no longer than ``limit``: cut at a line break, else at a
    space, never inside an ``&amp;``-style entity."""
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut < limit // 2:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut < limit // 2:
            cut = limit
        amp = rest.rfind("&", 0, cut)
        if amp != -1 and rest.find(";", amp, cut) == -1 and cut - amp < 6:
            cut = amp
        piece = rest[:cut].rstrip()
        if piece:
            yield piece
        rest = rest[cut:].lstrip("\n ")
    if rest.strip():
        yield rest


def mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def plain(text: str, limit: int = limits.TEXT_OBJECT) -> dict[str, Any]:
    # A plain_text object may not be empty; a blank name still needs something to show.
    return {"type": "plain_text", "text": clip(text.strip() or "—", limit), "emoji": True}


def section(text: str) -> SlackBlock:
    return {"type": "section", "text": mrkdwn(text)}


def sections(escaped: str) -> list[SlackBlock]:
    return [section(piece) for piece in chunks(escaped, limits.SECTION_TEXT)]


def header(text: str) -> SlackBlock:
    return {"type": "header", "text": plain(text, limits.HEADER_TEXT)}


def context(escaped: str) -> list[SlackBlock]:
    elements = [mrkdwn(p) for p in chunks(escaped, limits.TEXT_OBJECT)]
    return [
        {"type": "context", "elements": elements[i : i + limits.CONTEXT_ELEMENTS]}
        for i in range(0, len(elements), limits.CONTEXT_ELEMENTS)
    ]


def _link(url: str | None, label: str) -> str:
    """``<url|label>`` for a web address, else the escaped label; a URL holding ``|`` or
    ``>`` could close the link early, so it is escaped like any text."""
    if url and url.startswith(("https://", "http://")) and "|" not in url:
        return f"<{escape(url)}|{escape(label)}>"
    return escape(label)


def _fields(pairs: tuple[tuple[str, str], ...]) -> list[SlackBlock]:
    out: list[SlackBlock] = []
    batch: list[dict[str, str]] = []

    def flush() -> None:
        if batch:
            out.append({"type": "section", "fields": list(batch)})
            batch.clear()

    for key, value in pairs:
        text = f"*{escape(key)}*\n{escape(value or '—')}"
        if len(text) <= limits.FIELD_TEXT:
            batch.append(mrkdwn(text))
            if len(batch) == limits.SECTION_FIELDS:
                flush()
        else:  # too long for a field: a section of its own keeps all of it
            flush()
            out.extend(sections(text))
    flush()
    return out


def _quote(block: Quote) -> list[SlackBlock]:
    body = "\n".join(f">{line}" for line in escape(block.text).splitlines() or [""])
    out = sections(body)
    cite = [p for p in (block.source, block.date) if p]
    if cite:
        label = _link(block.url, block.source) if block.source else ""
        parts = [label] if label else []
        if block.date:
            parts.append(escape(block.date))
        out.extend(context("— " + ", ".join(parts)))
    return out


def render_block(block: Block) -> list[SlackBlock]:
    match block:
        case Heading(text=text, level=level):
            if level <= 1:
                return [header(text)]
            return sections(f"*{escape(text)}*")
        case Paragraph(text=text):
            return sections(escape(text))
        case Bullets(items=items):
            return sections("\n".join(f"• {escape(item)}" for item in items))
        case Fields(pairs=pairs):
            return _fields(pairs)
        case Quote():
            return _quote(block)
        case Context(text=text):
            return context(escape(text))
        case Divider():
            return [{"type": "divider"}]
        case Image(url=url, filename=filename) if url.startswith(ATTACHMENT):
            # The file itself is uploaded after the message; its alt text goes with it.
            return context(escape(f"Picture below: {filename}"))
        case Image(url=url, alt=alt):
            if url.startswith(("https://", "http://")) and len(url) <= limits.IMAGE_URL:
                return [
                    {
                        "type": "image",
                        "image_url": url,
                        "alt_text": clip(alt or "image", limits.ALT_TEXT),
                    }
                ]
            return sections(escape(f"[{alt}] {url}"))
        case Actions():
            return actions_block(block)
    return []


def actions_block(block: Actions) -> list[SlackBlock]:
    """Command buttons: each ``value`` is the command it runs. The ``action_id`` only has
    to be unique within its block, so one pattern (``buttons.ACTION_PATTERN``) catches
    every command button; the block gets no ``block_id``, since two messages (or two
    parts of one) may carry the same buttons and Slack assigns unique ids itself."""
    elements = []
    for i, button in enumerate(block.buttons[:25]):
        element: dict[str, Any] = {
            "type": "button",
            "action_id": f"{ACTION_PREFIX}{i}",
            "text": plain(button.label, limits.BUTTON_TEXT),
            "value": button.command[: limits.BUTTON_VALUE],
        }
        if button.style in _BUTTON_STYLES:
            element["style"] = _BUTTON_STYLES[button.style]
        elements.append(element)
    return [{"type": "actions", "elements": elements}] if elements else []


def fallback(doc: Document) -> str:
    """The notification text: the document as plain text, escaped, within the limit."""
    text = to_text(doc).strip() or (doc.title or "newsbot")
    if doc.title:
        text = _KIND_MARK.get(doc.kind, "") + text
    return clip(escape(text), 3000)


def render(doc: Document) -> list[SlackMessage]:
    """The messages that carry ``doc``: usually one; more when it exceeds a message's limits."""
    body: list[SlackBlock] = []
    if doc.title:
        body.append(header(_KIND_MARK.get(doc.kind, "") + doc.title))
    for block in doc.blocks:
        body.extend(render_block(block))
    if not body:
        body = sections("(empty)")
    parts = _pack(body)
    text = fallback(doc)
    if len(parts) == 1:
        return [SlackMessage(text, parts[0])]
    title = doc.title or "newsbot"
    out = []
    for i, blocks in enumerate(parts, start=1):
        if i == 1:
            out.append(SlackMessage(text, blocks))
            continue
        label = clip(escape(f"{title} — continued ({i}/{len(parts)})"), 300)
        out.append(SlackMessage(label, [*context(label), *blocks]))
    return out


def _pack(blocks: list[SlackBlock]) -> list[list[SlackBlock]]:
    """Consecutive blocks into messages, each with room left for a "continued" line."""
    budget_blocks = limits.MESSAGE_BLOCKS - 1
    budget_chars = limits.BLOCKS_CHARS - 600
    # The usual answer fits one message: measure it whole (one JSON encoding) rather
    # than block by block (the per-block encodings were a third of rendering).
    if len(blocks) <= budget_blocks and limits.blocks_chars(blocks) + 1 <= budget_chars:
        return [list(blocks)]
    parts: list[list[SlackBlock]] = [[]]
    used = 2  # the list's brackets
    for block in blocks:
        size = limits.blocks_chars([block]) - 1  # its text plus the separating comma
        current = parts[-1]
        if current and (len(current) >= budget_blocks or used + size > budget_chars):
            parts.append([])
            used = 2
        parts[-1].append(block)
        used += size
    return parts
