"""The neutral reply document: what the core says, before any platform renders it.

Blocks hold plain text only. Each renderer escapes for its platform, so text that
came from an article or a user can never turn into markup or a mention.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Fields:
    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Quote:
    text: str
    source: str | None = None
    date: str | None = None  # already formatted for reading
    url: str | None = None


@dataclass(frozen=True)
class Context:
    """Small print: sources, dates, who did what."""

    text: str


@dataclass(frozen=True)
class Divider:
    pass


@dataclass(frozen=True)
class Image:
    """A picture: at ``url``, or carried in the document itself.

    A carried picture (a chart the bot drew) has ``data``, the PNG as base64 so the
    document stays JSON for the outbox, and ``url`` ``attachment://FILENAME``: each
    platform sends the file with the message (Slack uploads it, Discord attaches it to
    the embed, the console saves it and prints the path). ``alt`` says what it shows.
    """

    url: str
    alt: str
    data: str | None = None
    filename: str | None = None

    @property
    def attached(self) -> bool:
        return self.data is not None

    def png(self) -> bytes:
        return base64.b64decode(self.data or "")

    @classmethod
    def carrying(cls, png: bytes, alt: str, filename: str) -> Image:
        return cls(f"{ATTACHMENT}{filename}", alt, base64.b64encode(png).decode("ascii"), filename)


ATTACHMENT = "attachment://"


@dataclass(frozen=True)
class Button:
    """A button that runs ``command`` as whoever clicks it, with the clicker's own rights.

    ``style`` is a hint: "primary" (the expected choice), "danger" (a refusal or removal)
    or "default". A platform without buttons shows the command instead.
    """

    label: str
    command: str
    style: str = "default"


@dataclass(frozen=True)
class Actions:
    """A row of buttons (at most ``MAX_BUTTONS``: the fewest any platform allows in a row)."""

    buttons: tuple[Button, ...]


MAX_BUTTONS = 5
BUTTON_STYLES = ("default", "primary", "danger")

Block = Heading | Paragraph | Bullets | Fields | Quote | Context | Divider | Image | Actions

_KINDS: dict[str, type[Any]] = {
    "heading": Heading,
    "paragraph": Paragraph,
    "bullets": Bullets,
    "fields": Fields,
    "quote": Quote,
    "context": Context,
    "divider": Divider,
    "image": Image,
    "actions": Actions,
}
_NAMES = {cls: name for name, cls in _KINDS.items()}


@dataclass
class Document:
    """A reply, digest or alert. ``ephemeral`` asks platforms to show it to the sender only."""

    title: str | None = None
    blocks: list[Block] = field(default_factory=list)
    kind: str = "reply"  # reply | answer | digest | alert | error | refusal
    ephemeral: bool = False

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "kind": self.kind,
            "ephemeral": self.ephemeral,
            "blocks": [{"type": _NAMES[type(b)], **asdict(b)} for b in self.blocks],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        blocks: list[Block] = []
        for raw in data.get("blocks", []):
            raw = dict(raw)
            kind = _KINDS[raw.pop("type")]
            if kind is Bullets:
                raw["items"] = tuple(raw["items"])
            elif kind is Fields:
                raw["pairs"] = tuple(tuple(p) for p in raw["pairs"])
            elif kind is Actions:
                raw["buttons"] = tuple(Button(**b) for b in raw["buttons"])
            blocks.append(kind(**raw))
        return cls(
            title=data.get("title"),
            blocks=blocks,
            kind=data.get("kind", "reply"),
            ephemeral=bool(data.get("ephemeral", False)),
        )


def images_of(doc: Document) -> list[Image]:
    """The pictures the document carries (to be sent as files with it)."""
    return [b for b in doc.blocks if isinstance(b, Image) and b.attached]


def with_image_urls(doc: Document, urls: dict[str, str]) -> Document:
    """The document with carried pictures pointing at where they were put (by filename)."""
    blocks: list[Block] = [
        replace(b, url=urls[b.filename], data=None)
        if isinstance(b, Image) and b.attached and b.filename in urls
        else b
        for b in doc.blocks
    ]
    return replace(doc, blocks=blocks)


def actions_of(doc: Document) -> list[Actions]:
    return [b for b in doc.blocks if isinstance(b, Actions)]


def message(text: str, *, kind: str = "reply", title: str | None = None) -> Document:
    """A one-paragraph reply; errors and refusals are ephemeral on platforms that can."""
    return Document(
        title=title,
        blocks=[Paragraph(text)],
        kind=kind,
        ephemeral=kind in ("error", "refusal"),
    )
