"""The digest a channel reads: key points, who stands where, deadlines, changes, sources."""

from __future__ import annotations

from datetime import date

from digests.document import Bullets, Document, Fields, Heading
from digests.render import to_markdown, to_text


def section(doc: Document, title: str) -> list:
    """The blocks under the level-2 heading that starts with ``title``."""
    out, inside = [], False
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level == 2:
            inside = block.text.startswith(title)
            continue
        if inside:
            out.append(block)
    return out


def test_digest_has_every_part_with_sources(bot):
    with bot.session() as session:
        doc = bot.build_digest(session, None)
    assert doc.kind == "digest"
    (points,) = [b for b in section(doc, "Key points") if isinstance(b, Bullets)]
    assert 3 <= len(points.items) <= 6
    assert all("WELT AM SONNTAG" in p and "9 Jun 2024" in p for p in points.items)

    (glance,) = [b for b in section(doc, "Where they stand") if isinstance(b, Fields)]
    stances = dict(glance.pairs)
    assert "France" in stances["Support"]
    assert "Germany (not invited)" in stances["Oppose"]
    assert "United States (invited)" in stances["Oppose"]
    assert "United Kingdom (invited)" in stances["No stated position"]
    assert "Undecided" not in stances  # nobody is undecided in the seed article

    (deadlines,) = [b for b in section(doc, "Deadlines") if isinstance(b, Bullets)]
    text = "\n".join(deadlines.items)
    assert "EUMAM mandate revision" in text and "summer 2024" in text
    assert "EUMAM mandate extension" in text and "November 2024" in text
    assert "2 years ago" in text  # today is 28 Nov 2026 in the tests

    (sources,) = [b for b in section(doc, "Sources") if isinstance(b, Bullets)]
    assert sources.items[0].startswith("Macron forges coalition")


def test_upcoming_deadlines_come_first_and_say_how_soon(bot, chat):
    chat.say('track update eumam-extension due=2026-12-05 label="early December 2026"')
    with bot.session() as session:
        doc = bot.build_digest(session, None)
    (deadlines,) = [b for b in section(doc, "Deadlines") if isinstance(b, Bullets)]
    assert deadlines.items[0].startswith("EUMAM mandate extension")
    assert "in 1 week" in deadlines.items[0]


def test_digest_renders_as_text_markdown_and_round_trips(bot):
    with bot.session() as session:
        doc = bot.build_digest(session, None)
    text, markdown = to_text(doc), to_markdown(doc)
    assert text.startswith(f"News digest — {date(2026, 11, 28):%-d %b %Y}")
    assert "## Macron forges coalition" in markdown
    assert "- **Oppose:** United States (invited), Germany (not invited)" in markdown
    assert Document.from_dict(doc.to_dict()) == doc


def test_new_articles_appear_in_the_next_digest(bot, chat, clock):
    chat.say("digest")
    clock.advance(minutes=5)
    chat.say(
        'article add title="Estonia considers sending trainers" source="ERR" date=2024-06-12 '
        'text="Estonia is considering sending military instructors to Ukraine. The government '
        'said it would not be alone in doing so."'
    )
    clock.advance(minutes=5)
    later = chat.say("digest")
    new, _, changed = later.partition("New articles since the last digest")[2].partition(
        "What changed"
    )
    assert "Estonia considers sending trainers — ERR" in new
    assert "No stance or tracked item has changed" in changed
    assert "Estonia considers sending trainers — ERR, 12 Jun 2024" in later
