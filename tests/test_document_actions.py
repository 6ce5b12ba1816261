"""The neutral Actions block: stored in the outbox as JSON and read back unchanged,
shown as the commands to type where a platform has no buttons, and within every
platform's limits when a review lists many proposals."""

from __future__ import annotations

import json

from fakes.slack_harness import ADMIN
from test_ingest import text_of

from bot.commands.dispatch import dispatch
from bot.core.request import Request
from bot.ingest.proposals import decision_buttons
from bot.platforms.discord.buttons import view_for
from bot.platforms.discord.render import render as discord_render
from bot.platforms.slack import limits
from bot.platforms.slack.blocks import render as slack_render
from digests.document import Actions, Button, Document, Paragraph
from digests.render import to_markdown, to_text


def _doc():
    return Document(title="Proposals", kind="alert").add(
        Paragraph("#12 Estonia → undecided (0.80)"), decision_buttons(12)
    )


def test_actions_survive_the_outbox_json_round_trip():
    doc = _doc()
    again = Document.from_dict(json.loads(json.dumps(doc.to_dict())))
    assert again == doc
    (actions,) = [b for b in again.blocks if isinstance(b, Actions)]
    assert actions.buttons == (
        Button("Approve #12", "approve 12", "primary"),
        Button("Reject #12", "reject 12", "danger"),
    )


def test_text_and_markdown_show_the_commands_to_type_instead():
    assert "(approve 12 · reject 12)" in to_text(_doc())
    assert "`approve 12` · `reject 12`" in to_markdown(_doc())


def test_the_review_listing_in_the_console_names_the_commands(chat):
    chat.say("ingest " + text_of("103"))
    listing = chat.say("review")
    assert "approve 1 · reject 1" in listing and "approve 2 · reject 2" in listing


def _many(n):
    doc = Document(title="Proposals waiting for review")
    for i in range(1, n + 1):
        doc.add(Paragraph(f"#{i} Country {i} → supports (0.9{i % 10})"), decision_buttons(i))
    return doc


def test_forty_proposals_stay_within_slack_and_discord_limits():
    doc = _many(40)
    parts = slack_render(doc)
    for part in parts:
        assert limits.problems(part.payload()) == []
    values = [
        e["value"] for p in parts for b in p.blocks if b["type"] == "actions" for e in b["elements"]
    ]
    assert len(values) == 80  # every proposal keeps its buttons, over several messages

    assert all(len(embeds) <= 10 for embeds in discord_render(doc))
    view = view_for(doc)
    assert view is not None
    components = view.to_components()
    rows = [[c["custom_id"] for c in r["components"]] for r in components]
    assert len(rows) == 5 and all(len(r) == 4 for r in rows)  # two proposals a row
    assert rows[0] == [
        "newsbot:approve 1",
        "newsbot:reject 1",
        "newsbot:approve 2",
        "newsbot:reject 2",
    ]
    assert all(len(c["custom_id"]) <= 100 for r in components for c in r["components"])


def test_the_review_listing_in_slack_carries_buttons(slack, fake, bot):
    dispatch(bot, Request("slack", "T1", "C1", ADMIN, True, "ingest " + text_of("103")))
    _, url = slack.command("review", user=ADMIN)
    (listing,) = slack.responses(url)
    values = [
        e["value"] for b in listing["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert values == ["approve 1", "reject 1", "approve 2", "reject 2"]
