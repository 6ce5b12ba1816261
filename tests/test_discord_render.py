"""Reply documents as Discord embeds: every limit kept, nothing lost, nothing that pings."""

from __future__ import annotations

import re

from fakes.discord_api import Recorded, check_limits

from bot.platforms.discord.render import render
from digests.document import (
    Bullets,
    Context,
    Document,
    Fields,
    Heading,
    Image,
    Paragraph,
    Quote,
)

WORDS = "coalition trainers Ukraine mandate Brussels Paris Berlin mission revision".split()


def words(n: int, seed: int = 0) -> str:
    return " ".join(f"{WORDS[(i * 7 + seed) % len(WORDS)]}{i}" for i in range(n)) + "."


def as_sent(messages) -> list[Recorded]:
    return [
        Recorded(
            "POST",
            "/channels/1/messages",
            {},
            {"embeds": [e.to_dict() for e in m], "allowed_mentions": {"parse": []}},
            200,
        )
        for m in messages
    ]


def all_text(messages) -> str:
    out = []
    for m in messages:
        for e in m:
            d = e.to_dict()
            out += [d.get("title") or "", d.get("description") or ""]
            out += [f"{f['name']} {f['value']}" for f in d.get("fields", [])]
    return "\n".join(out)


def test_a_huge_document_is_split_within_every_limit_and_loses_nothing():
    long_paragraph = words(3000)  # ~40,000 characters: ten embeds' worth
    doc = Document(title="T" * 300, kind="digest")
    doc.add(Heading("Key points", 2), Paragraph(long_paragraph))
    doc.add(Heading("Where they stand", 2))
    doc.add(Fields(tuple((f"Actor {n}", words(30, n)) for n in range(60))))
    doc.add(Fields((("Long value", words(150)),)))  # too long for a field: becomes text
    doc.add(Bullets(tuple(words(40, n) for n in range(80))))
    doc.add(Quote(words(50), source="WELT AM SONNTAG", date="9 Jun 2024"))
    doc.add(Image("https://example.org/a.png", "a map"), Image("https://example.org/b.png", "b"))
    doc.add(Context("small print"))

    messages = render(doc)
    assert len(messages) > 3
    assert check_limits(as_sent(messages)) == []
    assert [m[-1].footer.text for m in messages] == [
        f"Part {n} of {len(messages)}" for n in range(1, len(messages) + 1)
    ]
    text = all_text(messages)
    # Every word of the long paragraph, once and in order.
    found = re.findall(r"[a-zA-Z]+\d+", text.split("Where they stand")[0])
    assert found == re.findall(r"[a-zA-Z]+\d+", long_paragraph)
    for n in range(60):
        assert text.count(f"Actor {n} ") == 1
    assert text.count(words(150)) == 1
    assert sum(1 for m in messages for e in m if e.image) == 2
    assert messages[0][0].title.endswith("…") and len(messages[0][0].title) == 256


def test_markdown_and_mentions_in_article_text_stay_literal():
    doc = Document(title="Alert", kind="alert")
    doc.add(Paragraph("@everyone **now** [click](https://evil.example) <@123456789012345678>"))
    doc.add(Quote("@here see <@&234567890123456789>", source="`src`"))
    (message,) = render(doc)
    text = all_text([message])
    assert "@everyone" not in text and "@here" not in text
    assert "<@123456789012345678>" not in text and "<@&234567890123456789>" not in text
    assert "\\*\\*now\\*\\*" in text and "\\[click]" in text  # no bold, no link


def test_an_empty_document_is_still_a_valid_message():
    (message,) = render(Document())
    assert check_limits(as_sent([message])) == []
