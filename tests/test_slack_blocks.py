"""Block Kit rendering, the limit checker, incoming Slack text, the installation tables
and the start-up checks — the pieces of the Slack app that need no network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData

from bot.config.settings import Settings
from bot.platforms.slack import limits
from bot.platforms.slack.blocks import chunks, escape, render
from bot.platforms.slack.runner import config_problems, run_slack
from bot.platforms.slack.text import from_slack, without_mention
from bot.storage.models import SLACK_BOTS, SLACK_INSTALLATIONS, SLACK_OAUTH_STATES
from digests.document import Bullets, Context, Document, Fields, Heading, Paragraph, Quote

ROOT = Path(__file__).resolve().parent.parent


def test_escape_touches_only_the_three_characters_slack_reads():
    assert (
        escape("<!channel> & <@U1> *bold* _x_") == "&lt;!channel&gt; &amp; &lt;@U1&gt; *bold* _x_"
    )


def test_chunks_never_cut_an_entity_in_half():
    text = escape("a" * 2995 + " <b>")  # the cut falls on the last "&lt;"
    pieces = list(chunks(text, 3000))
    assert all(len(p) <= 3000 for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    assert not any(p.endswith(("&", "&l", "&lt")) for p in pieces)


def test_every_block_type_renders_within_limits_with_a_fallback():
    doc = Document(
        title="T" * 400,  # a header holds 150
        blocks=[
            Heading("Section"),
            Heading("Sub", 2),
            Paragraph("p " * 4000),  # longer than a section
            Bullets(tuple(f"item {i} <@U{i}>" for i in range(200))),
            Fields(tuple((f"k{i}", "v" * (3000 if i == 3 else 10)) for i in range(25))),
            Quote("We will not send trainers.", "Die Welt <x>", "9 Jun 2024", "https://welt.de/a"),
            Context("c " * 4000),
        ],
        kind="digest",
    )

    messages = render(doc)

    for message in messages:
        assert limits.problems(message.payload()) == []
    everything = json.dumps([m.blocks for m in messages])
    assert "&lt;@U199&gt;" in everything and "<@U1" not in everything
    assert "<https://welt.de/a|Die Welt &lt;x&gt;>" in everything
    # a value too long for a field goes into sections of its own, nothing cut off
    assert everything.count("v") >= 3000 + 24 * 10


def test_a_document_bigger_than_a_message_is_split_and_labelled():
    doc = Document(title="Digest", blocks=[Paragraph(f"Point {i}. " * 60) for i in range(120)])

    messages = render(doc)

    assert len(messages) > 2
    assert messages[0].blocks[0]["type"] == "header"
    for i, message in enumerate(messages[1:], start=2):
        assert f"continued ({i}/{len(messages)})" in message.text
        assert limits.problems(message.payload()) == []
    shown = "".join(json.dumps(m.blocks) for m in messages)
    assert all(f"Point {i}." in shown for i in range(120))


def test_the_checker_catches_what_slack_refuses():
    too_many = {"text": "x", "blocks": [{"type": "divider"}] * 51}
    long_section = {
        "text": "x",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "a" * 3001}}],
    }
    no_fallback = {"blocks": [{"type": "divider"}]}
    header = {"text": "x", "blocks": [{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}]}

    assert limits.problems(too_many)
    assert limits.problems(long_section)
    assert limits.problems(no_fallback)
    assert limits.problems(header)  # headers are plain_text only
    assert limits.problems(
        {"type": "modal", "title": {"type": "plain_text", "text": "t" * 25}}, "modal"
    )


def test_slack_markup_in_what_users_type_becomes_plain_text():
    assert (
        from_slack("where does &lt;Berlin&gt; stand &amp; why") == "where does <Berlin> stand & why"
    )
    assert from_slack("ask <@U123|ana> about <#C9|news>") == "ask @ana about #news"
    assert from_slack("article add url=<https://x.org/a?b=1&amp;c=2>") == (
        "article add url=https://x.org/a?b=1&c=2"
    )
    assert without_mention("<@UBOT> where does Berlin stand?", "UBOT") == "where does Berlin stand?"
    assert without_mention("so <@UBOT|newsbot>, who opposes it?", "UBOT") == "so , who opposes it?"


@pytest.mark.parametrize(
    ("ours", "build"),
    [
        (
            SLACK_INSTALLATIONS,
            lambda m: SQLAlchemyInstallationStore.build_installations_table(
                m, "slack_installations"
            ),
        ),
        (SLACK_BOTS, lambda m: SQLAlchemyInstallationStore.build_bots_table(m, "slack_bots")),
        (
            SLACK_OAUTH_STATES,
            lambda m: SQLAlchemyOAuthStateStore.build_oauth_states_table(m, "slack_oauth_states"),
        ),
    ],
)
def test_our_installation_tables_are_the_ones_slack_sdk_uses(ours, build):
    theirs = build(MetaData())

    def shape(table):
        return {
            c.name: (type(c.type).__name__, getattr(c.type, "length", None), c.nullable)
            for c in table.columns
        }

    assert shape(ours) == shape(theirs)
    assert {i.name: [c.name for c in i.columns] for i in ours.indexes} == {
        i.name: [c.name for c in i.columns] for i in theirs.indexes
    }


def test_start_up_says_what_is_missing(capsys):
    assert config_problems(Settings(slack_bot_token="xoxb-1")) == [
        "HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials), "
        "or set SLACK_APP_TOKEN for Socket Mode."
    ]
    assert config_problems(Settings(slack_bot_token="xoxb-1", slack_signing_secret="s")) == []
    assert config_problems(Settings(slack_app_token="xapp-1", slack_bot_token="xoxb-1")) == []
    assert any("SLACK_BOT_TOKEN" in p for p in config_problems(Settings(slack_app_token="xapp-1")))
    assert any(
        "SLACK_CLIENT_SECRET" in p
        for p in config_problems(Settings(slack_client_id="1.2", slack_signing_secret="s"))
    )


def test_newsbot_run_with_half_a_slack_setup_exits_with_a_message(bot, capsys):
    from dataclasses import replace

    from bot.runtime.run import run

    bot.settings = replace(bot.settings, slack_bot_token="xoxb-1")

    assert run(bot) == 2
    err = capsys.readouterr().err
    assert "SLACK_SIGNING_SECRET" in err and "Traceback" not in err
    assert run_slack(bot) == 2


def test_the_manifest_asks_for_what_the_app_handles_and_no_more():
    import yaml

    from bot.platforms.slack.app import COMMAND

    manifest = yaml.safe_load((ROOT / "slack-app-manifest.yml").read_text(encoding="utf-8"))

    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(Settings().slack_scopes.split(","))
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_mention",
        "app_uninstalled",
        "message.im",
        "tokens_revoked",
    }
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    for url in (
        command["url"],
        manifest["settings"]["event_subscriptions"]["request_url"],
        manifest["settings"]["interactivity"]["request_url"],
    ):
        assert url.endswith("/slack/events")
    assert manifest["oauth_config"]["redirect_urls"][0].endswith("/slack/oauth_redirect")
