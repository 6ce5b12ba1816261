"""Plain-text and Markdown renderings of a reply document (console, CLI, fallbacks)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

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

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def _quoted(text: str) -> str:
    """Quotation marks around a quote, unless it opens with its own (“…,” Macron said)."""
    return text if text[:1] in "“\"‘'„«" else f"“{text}”"


def _cite(block: Quote) -> str:
    parts = [p for p in (block.source, block.date) if p]
    return " — " + ", ".join(parts) if parts else ""


def to_text(doc: Document, *, width: int | None = None) -> str:
    """Readable plain text; ``width`` wraps paragraphs for a terminal."""
    out: list[str] = []

    def wrap(text: str, indent: str = "") -> str:
        if not width:
            return indent + text
        return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent)

    if doc.title:
        out.append(doc.title)
        out.append("=" * min(len(doc.title), width or 80))
    for block in doc.blocks:
        out.append(_text_block(block, wrap))
    return "\n".join(line for line in out if line is not None).strip()


def _text_block(block: Block, wrap: Callable[..., str]) -> str:
    match block:
        case Heading(text=text):
            return f"\n{text}"
        case Paragraph(text=text):
            return wrap(text)
        case Bullets(items=items):
            return "\n".join(wrap(f"• {item}", "") for item in items)
        case Fields(pairs=pairs):
            return "\n".join(f"{k}: {v}" for k, v in pairs)
        case Quote():
            return wrap(f"{_quoted(block.text)}{_cite(block)}", "    ")
        case Context(text=text):
            return wrap(f"({text})")
        case Divider():
            return "—" * 20
        case Image(url=url, alt=alt, filename=filename) if url.startswith(ATTACHMENT):
            return wrap(f"[Picture, attached as {filename}: {alt}]")
        case Image(url=url, alt=alt):
            # The address on a line of its own: wrapping must never break a path or a URL.
            return wrap(f"[Picture: {alt}]") + f"\n{url}"
        case Actions():
            return wrap(f"({hint(block)})")
    return ""


def hint(block: Actions) -> str:
    """What to type instead of clicking: "approve 12 · reject 12"."""
    return " · ".join(b.command for b in block.buttons)


def escape_markdown(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_markdown(doc: Document) -> str:
    out: list[str] = []
    if doc.title:
        out.append(f"# {escape_markdown(doc.title)}\n")
    for block in doc.blocks:
        match block:
            case Heading(text=text, level=level):
                out.append(f"{'#' * (level + 1)} {escape_markdown(text)}\n")
            case Paragraph(text=text):
                out.append(f"{escape_markdown(text)}\n")
            case Bullets(items=items):
                out.append("\n".join(f"- {escape_markdown(i)}" for i in items) + "\n")
            case Fields(pairs=pairs):
                out.append(
                    "\n".join(f"- **{escape_markdown(k)}:** {escape_markdown(v)}" for k, v in pairs)
                    + "\n"
                )
            case Quote():
                cite = escape_markdown(_cite(block))
                if block.url and cite:
                    cite = f"{cite} (<{block.url}>)"
                out.append(f"> {escape_markdown(block.text)}\n>\n> {cite.strip()}\n")
            case Context(text=text):
                out.append(f"_{escape_markdown(text)}_\n")
            case Divider():
                out.append("---\n")
            case Image(url=url, alt=alt, filename=filename) if url.startswith(ATTACHMENT):
                out.append(f"_Picture, attached as {escape_markdown(filename or '')}: "
                           f"{escape_markdown(alt)}_\n")  # fmt: skip
            case Image(url=url, alt=alt):
                out.append(f"![{escape_markdown(alt)}]({url})\n")
            case Actions():
                out.append(" · ".join(f"`{b.command}`" for b in block.buttons) + "\n")
    return "\n".join(out).strip() + "\n"
