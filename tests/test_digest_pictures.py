"""The digest's picture reaches every platform: Slack uploads it, Discord attaches it to
the embed, the console saves it and says where, the webhook sends it; and the command
line draws either chart to a file."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import subprocess
import sys

import pytest
from fakes.discord_api import message_bodies
from fakes.discord_bot import discord_bot
from fakes.slack_harness import TEAM
from story_rows import add_pact_story

from bot.cli.main import main
from bot.core.request import ChannelRef
from bot.delivery.outbox import Deliverer
from bot.delivery.ratelimit import RateLimiter
from bot.platforms.console.chat import ConsoleTransport
from bot.platforms.discord.transport import DiscordTransport
from bot.platforms.slack.runner import transport_for
from bot.platforms.webhook.transport import WebhookTransport
from digests.document import Heading, Image

PNG = b"\x89PNG\r\n\x1a\n"


def paced(bot):
    return RateLimiter(clock=lambda: bot.clock().timestamp())


def test_slack_gets_the_digest_and_its_map_as_an_uploaded_file(slack, fake, bot):
    assert bot.digest_for(ChannelRef("slack", TEAM, "CNEWS"), enqueue=True) is not None
    deliverer = Deliverer(bot, {"slack": transport_for(bot)}, limiter=paced(bot))
    assert deliverer.drain() == 1

    posts = fake.of("chat.postMessage")
    assert posts and "Picture below: stance-map.png" in json.dumps(posts[-1].payload["blocks"])
    (ask,) = fake.of("files.getUploadURLExternal")
    assert ask.params["filename"] == "stance-map.png"
    assert "Opposes: United States, Germany" in ask.params["alt_txt"]
    (done,) = fake.of("files.completeUploadExternal")
    assert done.params["channel_id"] == "CNEWS"
    (data,) = fake.uploads.values()
    assert data.startswith(PNG)


def test_discord_gets_the_map_attached_and_shown_in_the_embed(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, client):
            where = ChannelRef("discord", str(fake.guild.id), str(fake.channel))
            assert bot.digest_for(where, enqueue=True) is not None
            deliverer = Deliverer(bot, {"discord": DiscordTransport(client)}, limiter=paced(bot))
            assert await asyncio.to_thread(deliverer.drain) == 1
            return fake.posted(fake.channel)

    posted = asyncio.run(scenario())
    with_file = [r for r in posted if r.files]
    assert len(with_file) == 1
    ((name, data),) = with_file[0].files.items()
    assert name == "stance-map.png" and data.startswith(PNG)
    (body,) = message_bodies(with_file)
    images = [e["image"]["url"] for e in body["embeds"] if e.get("image")]
    assert images == ["attachment://stance-map.png"]
    (attachment,) = body["attachments"]
    assert "Opposes: United States" in attachment["description"]


def test_the_console_saves_the_map_and_prints_its_path(bot, tmp_path):
    doc = bot.digest_for(ChannelRef("console", "local", "console"))
    out = io.StringIO()
    ConsoleTransport(out, chart_dir=tmp_path).send("local", "console", doc)
    text = out.getvalue()
    (saved,) = tmp_path.glob("stance-map-*.png")
    assert saved.read_bytes().startswith(PNG)
    assert str(saved) in text and "Map of who stands where" in text


def test_the_webhook_document_carries_the_png(bot, monkeypatch):
    sent = {}

    class Response:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return b""

    def urlopen(request, timeout):
        sent["body"] = json.loads(request.data)
        return Response()

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    doc = bot.digest_for(ChannelRef("webhook", "team", "c1"))
    WebhookTransport("https://relay.example.org/newsbot").send("team", "c1", doc)
    (image,) = sent["body"]["images"]
    assert image["filename"] == "stance-map.png" and image["content_type"] == "image/png"
    assert base64.b64decode(image["data"]).startswith(PNG)
    assert "[Picture, attached as stance-map.png: Map of who stands where" in sent["body"]["text"]
    blocks = [b for b in sent["body"]["document"]["blocks"] if b["type"] == "image"]
    assert blocks and blocks[0]["url"] == "attachment://stance-map.png"


@pytest.mark.parametrize("kind", ["map", "timeline"])
def test_newsbot_chart_writes_a_png(newsbot, tmp_path, kind):
    out = tmp_path / f"{kind}.png"
    code, text, err = newsbot(
        "chart", "--kind", kind, "--story", "trainers-coalition", "--out", str(out)
    )
    assert code == 0, err
    assert out.read_bytes().startswith(PNG)
    assert str(out) in text


def test_newsbot_chart_checks_the_story_and_the_file_name(newsbot, tmp_path):
    code, _, err = newsbot("chart", "--story", "brexit", "--out", str(tmp_path / "x.png"))
    assert code == 2 and "No story “brexit”" in err and "trainers-coalition" in err
    code, _, err = newsbot("chart", "--out", str(tmp_path / "x.jpg"))
    assert code == 2 and ".png" in err
    assert not list(tmp_path.glob("x.*"))


def test_newsbot_chart_story_draws_that_story_archived_or_not(newsbot, bot, tmp_path, capsys):
    add_pact_story(bot)
    first, pact = tmp_path / "first.png", tmp_path / "pact.png"
    assert newsbot("chart", "--out", str(first))[0] == 0
    code, text, err = newsbot("chart", "--story", "migration-pact", "--out", str(pact))
    assert code == 0, err
    assert "Opposes: Poland" in text and "Germany" in text and "France" not in text
    assert pact.read_bytes() != first.read_bytes()
    # An archived story's history is kept, and can still be drawn.
    assert main(["--db", bot.settings.database_url, "story", "archive", "migration-pact"]) == 0
    code, text, err = newsbot("chart", "--story", "migration-pact", "--out", str(pact))
    assert code == 0 and "Poland" in text, err


def test_a_digest_of_two_stories_has_each_story_s_map_in_its_section(bot, chat):
    add_pact_story(bot)
    chat.say("follow migration-pact", channel="c3")
    doc = bot.digest_for(ChannelRef("test", "w1", "c3"))
    trainers = "Macron's coalition to send Western military trainers to Ukraine"
    titles = {"The EU migration pact", trainers}
    order = [
        b.text if isinstance(b, Heading) else b.filename
        for b in doc.blocks
        if isinstance(b, Image) or (isinstance(b, Heading) and b.text in titles)
    ]
    assert order == [
        trainers,
        "stance-map.png",
        "The EU migration pact",
        "stance-map-migration-pact.png",
    ]
    maps = [b for b in doc.blocks if isinstance(b, Image)]
    assert "Poland" in maps[1].alt and "France" not in maps[1].alt


def test_the_image_block_round_trips_through_json():
    image = Image.carrying(PNG + b"rest", "a map", "stance-map.png")
    assert image.url == "attachment://stance-map.png" and image.png() == PNG + b"rest"


def test_answering_a_question_never_imports_matplotlib(db_url, tmp_path):
    code = (
        "import sys; from bot.cli.main import main; main(['--db', sys.argv[1], 'ask', "
        "'What is Germany position?']); print('matplotlib' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, db_url], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_slack_digest_command_uploads_the_map_after_the_reply(slack, fake):
    from fakes.slack_harness import ADMIN

    _, url = slack.command("digest", user=ADMIN, channel="CDESK")
    (done,) = fake.wait_calls("files.completeUploadExternal")
    assert done.params["channel_id"] == "CDESK"
    assert next(iter(fake.uploads.values())).startswith(PNG)
    replies = slack.responses(url)
    assert "Picture below: stance-map.png" in json.dumps(replies)


def test_a_slack_install_without_files_write_still_gets_the_digest_text(slack, fake, bot):
    fake.fail("files.getUploadURLExternal", status=200, error="missing_scope")
    bot.digest_for(ChannelRef("slack", TEAM, "CNEWS"), enqueue=True)
    deliverer = Deliverer(bot, {"slack": transport_for(bot)}, limiter=paced(bot))
    assert deliverer.drain() == 1  # delivered: the text went out, the picture was skipped
    assert fake.of("chat.postMessage") and not fake.uploads


def test_newsbot_digest_twice_the_second_says_nothing_new(newsbot, tmp_path):
    code, first, err = newsbot("digest")
    assert code == 0, err
    assert "Where they stand" in first and "first digest in this channel" in first
    (saved,) = (tmp_path / "charts").glob("stance-map-*.png")
    assert str(saved.resolve()) in first  # the map as a file the reader can open
    _, second, _ = newsbot("digest")
    assert "Nothing has changed since the last digest" in second
    assert "Where they stand" not in second
    _, full, _ = newsbot("digest", "--full")
    assert "Where they stand" in full and "first digest" not in full


def test_discord_slash_digest_attaches_the_map_to_its_reply(bot):
    from fakes.discord_api import MANAGE_GUILD

    async def scenario():
        async with discord_bot(bot) as (fake, _client):
            payload = await fake.slash("digest", permissions=MANAGE_GUILD, user_id=7001)
            await fake.replies(payload)
            return fake.for_interaction(payload)

    records = asyncio.run(scenario())
    with_file = [r for r in records if r.files]
    assert with_file and list(with_file[0].files) == ["stance-map.png"]
    assert next(iter(with_file[0].files.values())).startswith(PNG)
