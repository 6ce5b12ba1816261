"""Reply documents as Discord embeds, split into messages within every Discord limit.

Each heading opens a new embed, so a long digest breaks between its sections where it
can; a section longer than one embed continues in the next at a line or sentence break.
Text from articles and users is escaped (markdown and mentions) before it goes in, and
messages are always sent with ``AllowedMentions.none()`` besides.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import partial

import discord

from bot.platforms.discord import limits
from digests.document import (
    ATTACHMENT,
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
    images_of,
)
from digests.text.memo import Kept

COLOURS = {
    "answer": 0x2E86C1,
    "digest": 0x1F618D,
    "alert": 0xE67E22,
    "error": 0xC0392B,
    "refusal": 0x7F8C8D,
}
DEFAULT_COLOUR = 0x5D6D7E
# Room kept in every message for the "Part 2 of 3" footer of a split reply.
FOOTER_RESERVE = 40
# One embed may never outgrow a message on its own.
EMBED_BUDGET = limits.EMBEDS_TOTAL - FOOTER_RESERVE
# Fields with values this short sit side by side.
INLINE_FIELD = 40
NO_MENTIONS = discord.AllowedMentions.none()


# @everyone, @here, <@user>, <@!user>, <@&role>: a zero-width space after the @ keeps
# them readable but makes them plain text.
_MENTION = re.compile(r"@(?=everyone|here|[!&]?\d)")


# Every character discord.py's escape_markdown acts on; text with none of them comes back
# unchanged, so the (costly, per-call compiled) escape is skipped for most quotes.
_MARKDOWN = re.compile(r"[_\\~|*`>\[#-]")


def escape(text: str) -> str:
    """Markdown and mentions made literal: an article cannot format, link or ping."""
    if _MARKDOWN.search(text):
        text = discord.utils.escape_markdown(text)
    return _MENTION.sub("@\u200b", text)


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most ``limit`` characters, cut at a line, a sentence or a word."""
    if len(text) <= limit:  # nearly every paragraph
        return [text] if text.strip() else []
    pieces: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = -1
        for mark, keep in (("\n", 0), (". ", 1), (" ", 0)):
            at = window.rfind(mark)
            if at > limit // 2:
                cut = at + keep
                break
        if cut <= 0:
            cut = limit
        if text[cut - 1] == "\\":  # never separate an escape from what it escapes
            cut -= 1
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text.strip():
        pieces.append(text)
    return [p for p in pieces if p.strip()]


@dataclass
class _Section:
    title: str | None
    parts: list[tuple[str, ...]] = field(default_factory=list)


def _quote(block: Quote) -> str:
    text = block.text if block.text[:1] in "“\"‘'„«" else f"“{block.text}”"
    lines = "\n".join(f"> {escape(line)}" for line in text.splitlines() or [""])
    cite = ", ".join(p for p in (block.source, block.date) if p)
    if cite:
        lines += f"\n— {escape(cite)}"
        if block.url and block.url.startswith(("http://", "https://")):
            lines += f" (<{block.url}>)"
    return lines


# A block's parts depend on the block alone, and answers show the same rows' quotes and
# summaries again and again: each distinct block is escaped and formatted once (the
# regular expressions of ``escape`` were a third of rendering an answer).
_PARTS: Kept[Block, tuple[tuple[str, ...], ...]] = Kept(2048)


def _sections(doc: Document) -> list[_Section]:
    sections = [_Section(doc.title)]
    for block in doc.blocks:
        current = sections[-1]
        if isinstance(block, Heading):
            if current.title and not current.parts:
                # Straight under a title: a bold line, not an embed of its own.
                current.parts.append(("text", f"**{escape(block.text)}**"))
            else:
                sections.append(_Section(block.text))
        elif isinstance(block, Image):
            # attachment://FILE: the file goes with the message (the transport adds it).
            # (Not kept: a chart carries its picture.)
            if block.url.startswith(("http://", "https://", ATTACHMENT)):
                current.parts.append(("image", block.url, escape(block.alt)))
        else:
            try:
                parts = _PARTS.get(block, partial(_parts, block))
            except TypeError:  # a block made with a list where a tuple belongs: not kept
                parts = _parts(block)
            current.parts.extend(parts)
    return [s for s in sections if s.parts or s.title]


def _parts(block: Block) -> tuple[tuple[str, ...], ...]:
    """What a block other than a heading or a picture adds to its section."""
    match block:
        case Paragraph(text=text):
            return (("text", escape(text)),)
        case Bullets(items=items):
            return (("text", "\n".join(f"• {escape(i)}" for i in items)),)
        case Fields(pairs=pairs):
            parts: list[tuple[str, ...]] = []
            for name, value in pairs:
                name, value = escape(name), escape(value)
                if len(name) > limits.FIELD_NAME or len(value) > limits.FIELD_VALUE:
                    parts.append(("text", f"**{name}:** {value}"))
                elif name.strip() and value.strip():
                    parts.append(("field", name, value))
            return tuple(parts)
        case Quote():
            return (("text", _quote(block)),)
        case Context(text=text):
            return (("text", f"*{escape(text)}*"),)
        case Divider():
            return (("text", "───"),)
    return ()


def embed_size(embed: discord.Embed) -> int:
    """What Discord counts towards the 6000 characters of a message's embeds."""
    return len(embed)


class _Builder:
    """Embeds built from sections. The embed being filled is kept as plain values and made
    a ``discord.Embed`` only once it is finished: building (and measuring) half-made
    embeds was most of the rendering."""

    def __init__(self, colour: int) -> None:
        self.colour = colour
        self.embeds: list[discord.Embed] = []
        self._open(None)

    def _open(self, title: str | None) -> None:
        self.title = title
        self.fields: list[tuple[str, str]] = []
        self.image_url: str | None = None
        self.lines: list[str] = []
        self.described = 0  # len("\n\n".join(self.lines)), kept as lines are added
        # What Discord counts of the embed so far besides its description (the lines).
        self.counted = len(title or "")

    def size(self) -> int:
        return self.counted + self.described

    def start(self, title: str | None) -> None:
        self.finish()
        self._open(truncate(escape(title), limits.EMBED_TITLE) if title else None)

    def finish(self) -> None:
        if self.lines or self.fields or self.title or self.image_url:
            embed = discord.Embed(
                title=self.title,
                description="\n\n".join(self.lines) if self.lines else None,
                colour=self.colour,
            )
            for name, value in self.fields:
                embed.add_field(name=name, value=value, inline=len(value) <= INLINE_FIELD)
            if self.image_url:
                embed.set_image(url=self.image_url)
            self.embeds.append(embed)
        self._open(None)

    def text(self, text: str) -> None:
        for piece in split_text(text, limits.EMBED_DESCRIPTION):
            joined = self.described + 2 + len(piece) if self.lines else len(piece)
            # Text after fields would render above them: it opens the next embed.
            if self.fields or (
                self.lines
                and (joined > limits.EMBED_DESCRIPTION or self.counted + joined > EMBED_BUDGET)
            ):
                self.start(None)
                joined = len(piece)
            self.lines.append(piece)
            self.described = joined

    def add_field(self, name: str, value: str) -> None:
        if len(self.fields) >= limits.EMBED_FIELDS or (
            self.size() + len(name) + len(value) > EMBED_BUDGET
        ):
            self.start(None)
        self.fields.append((name, value))
        self.counted += len(name) + len(value)

    def image(self, url: str) -> None:
        if self.image_url:
            self.start(None)
        self.image_url = url


def document_embeds(doc: Document) -> list[discord.Embed]:
    builder = _Builder(COLOURS.get(doc.kind, DEFAULT_COLOUR))
    for section in _sections(doc):
        builder.start(section.title)
        for part in section.parts:
            if part[0] == "text":
                builder.text(part[1])
            elif part[0] == "field":
                builder.add_field(part[1], part[2])
            elif part[0] == "image":
                builder.image(part[1])
    builder.finish()
    if not builder.embeds:  # Discord refuses an empty embed
        builder.embeds.append(discord.Embed(description="(nothing to show)", colour=builder.colour))
    return builder.embeds


def render(doc: Document) -> list[list[discord.Embed]]:
    """The document as messages, each a list of embeds within every message limit."""
    messages: list[list[discord.Embed]] = [[]]
    total = 0
    for embed in document_embeds(doc):
        size = embed_size(embed)
        current = messages[-1]
        if current and (
            len(current) >= limits.EMBEDS_PER_MESSAGE
            or total + size > limits.EMBEDS_TOTAL - FOOTER_RESERVE
        ):
            messages.append([])
            total = 0
        messages[-1].append(embed)
        total += size
    if len(messages) > 1:
        for n, message in enumerate(messages, 1):
            message[-1].set_footer(text=f"Part {n} of {len(messages)}")
    return messages


def files_for(doc: Document, embeds: list[discord.Embed]) -> list[discord.File]:
    """The files the embeds of one message show as ``attachment://NAME`` images (the
    pictures the document carries, such as a digest's map); empty when there are none."""
    carried = {i.filename: i for i in images_of(doc)}
    files = []
    for embed in embeds:
        url = embed.image.url or ""
        name = url[len(ATTACHMENT) :] if url.startswith(ATTACHMENT) else None
        if name in carried:
            image = carried[name]
            files.append(
                discord.File(io.BytesIO(image.png()), filename=name, description=image.alt[:1024])
            )
    return files
