"""Many workspaces: the OAuth install flow files each installation in the project's
database, and everything after it (answers, outbox posts) uses that workspace's token."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from fakes.slack_harness import ADMIN, CLIENT_ID, READER, eventually
from sqlalchemy import select

from bot.platforms.slack.runner import transport_for
from bot.storage.models import SLACK_BOTS, SLACK_INSTALLATIONS, SLACK_OAUTH_STATES
from digests.document import Document, Paragraph


def _install(slack, code="good-code"):
    page = slack.http("/slack/install", method="GET")
    assert page.status == 200
    link = re.search(r'href="(https://slack.com/oauth/v2/authorize\?[^"]+)"', page.body)
    assert link, page.body[:500]
    query = parse_qs(urlparse(link.group(1).replace("&amp;", "&")).query)
    state = query["state"][0]
    cookie = page.headers["Set-Cookie"].split(";")[0]
    done = slack.http(
        f"/slack/oauth_redirect?code={code}&state={state}",
        method="GET",
        headers={"Cookie": cookie},
    )
    return query, done


def test_install_flow_files_the_workspace_and_it_is_served(slack, fake, bot):
    query, done = _install(slack)

    assert query["client_id"] == [CLIENT_ID]
    assert set(query["scope"][0].split(",")) == {
        "app_mentions:read",
        "channels:read",  # the Home tab shows the stories of the user's channels
        "chat:write",
        "commands",
        "files:write",  # the digest's map is uploaded as a file
        "groups:read",
        "im:history",
        "users:read",
    }
    assert done.status == 200
    (exchange,) = fake.of("oauth.v2.access")
    assert exchange.params["code"] == "good-code"
    with bot.engine.connect() as conn:
        teams = conn.execute(select(SLACK_BOTS.c.team_id, SLACK_BOTS.c.bot_token)).all()
        assert ("T2", "xoxb-t2") in teams
        assert conn.execute(select(SLACK_INSTALLATIONS.c.team_id)).scalars().all().count("T2")
        assert conn.execute(select(SLACK_OAUTH_STATES)).all() == []  # the state was used up

    _, url = slack.command("ask Where does Berlin stand?", user=READER, team="T2")
    (answer,) = slack.responses(url)
    assert "Germany" in answer["text"]
    assert any(c.token == "xoxb-t2" for c in fake.of("auth.test"))

    transport = transport_for(bot)
    transport.send("T2", "CSECOND", Document(title="Hello", blocks=[Paragraph("second")]))
    (post,) = fake.of("chat.postMessage")
    assert post.token == "xoxb-t2" and post.params["channel"] == "CSECOND"


def test_install_with_a_forged_state_files_nothing(slack, fake, bot):
    page = slack.http("/slack/install", method="GET")
    cookie = page.headers["Set-Cookie"].split(";")[0]

    done = slack.http(
        "/slack/oauth_redirect?code=good-code&state=made-up",
        method="GET",
        headers={"Cookie": cookie},
    )

    assert done.status >= 400
    assert fake.of("oauth.v2.access", ok_only=False) == []
    with bot.engine.connect() as conn:
        assert "T2" not in conn.execute(select(SLACK_BOTS.c.team_id)).scalars().all()


def test_a_workspace_that_never_installed_is_told_so(slack, fake, bot):
    reply, url = slack.command("ask Where does Berlin stand?", user=READER, team="TNEW")

    assert reply.status == 200
    (told,) = slack.responses(url)  # Bolt's own words for a workspace it does not know
    assert "install this app" in told["text"]
    assert "Germany" not in told["text"]


def test_workspace_admins_count_as_admins_when_the_setting_is_on(bot, fake):
    from dataclasses import replace

    from fakes.slack_harness import SlackApp, check_payloads, configure, install

    configure(bot, fake, slack_workspace_admins=True)
    install(bot, fake)
    fake.workspace_admins.add("UOWNER")
    app = SlackApp(bot, fake).start()
    try:
        _, url = app.command("subscribe", user="UOWNER", channel="CNEWS")
        (done,) = app.responses(url)
        assert "Subscribed" in done["text"]
        _, url = app.command("subscribe", user=READER, channel="CDESK")
        (refused,) = app.responses(url)
        assert refused["response_type"] == "ephemeral" and "only admins" in refused["text"]
        assert {c.params["user"] for c in fake.of("users.info")} == {"UOWNER", READER}
    finally:
        app.stop()
    check_payloads(fake)
    bot.settings = replace(bot.settings, slack_workspace_admins=False)


def test_workspace_admins_are_not_admins_by_default(slack, fake):
    fake.workspace_admins.add("UOWNER")

    _, url = slack.command("subscribe", user="UOWNER", channel="CNEWS")

    (refused,) = slack.responses(url)
    assert "only admins" in refused["text"]
    assert fake.of("users.info") == []
    _, url = slack.command("subscribe", user=ADMIN, channel="CNEWS")
    assert "Subscribed" in slack.responses(url)[0]["text"]


def test_when_slack_cannot_say_who_is_a_workspace_admin_the_change_is_refused(bot, fake):
    from fakes.slack_harness import SlackApp, check_payloads, configure, install

    configure(bot, fake, slack_workspace_admins=True)
    install(bot, fake)
    fake.workspace_admins.add("UOWNER")
    fake.fail("users.info", status=500, error="internal_error")
    app = SlackApp(bot, fake).start()
    try:
        _, url = app.command("subscribe", user="UOWNER", channel="CNEWS")
        (refused,) = app.responses(url)
        assert "only admins" in refused["text"]
        _, url = app.command("subscribe", user="UOWNER", channel="CNEWS")  # Slack is back
        assert "Subscribed" in app.responses(url)[0]["text"]
    finally:
        app.stop()
    check_payloads(fake)


def test_an_uninstalled_workspace_is_forgotten_and_posts_to_it_stop(slack, fake, bot):
    from sqlalchemy import func

    from bot.delivery.outbox import DeliveryError

    slack.event({"type": "app_uninstalled", "event_ts": "1700000300.000100"})

    def installed():
        with bot.engine.connect() as conn:
            return conn.execute(
                select(func.count()).select_from(SLACK_BOTS).where(SLACK_BOTS.c.team_id == "T1")
            ).scalar_one()

    eventually(lambda: installed() == 0)  # the listener runs after the event's ack
    try:
        transport_for(bot).send("T1", "CNEWS", Document(title="x", blocks=[Paragraph("y")]))
    except DeliveryError as exc:
        assert exc.permanent and "not installed" in str(exc)
    else:
        raise AssertionError("posted to a workspace that uninstalled the app")
