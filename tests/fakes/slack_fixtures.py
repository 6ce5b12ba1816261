"""pytest fixtures for the Slack tests: the fake Web API, and the app running against it.

Every test that uses ``slack`` has all its posted payloads checked against Block Kit's
limits (and for stray mention markup) when it ends.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.core.newsbot import NewsBot
from fakes.slack_api import FakeSlack
from fakes.slack_harness import SlackApp, check_payloads, configure, install


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


@pytest.fixture
def slack(bot: NewsBot, fake: FakeSlack) -> Iterator[SlackApp]:
    configure(bot, fake)
    install(bot, fake)
    app = SlackApp(bot, fake).start()
    yield app
    app.stop()
    check_payloads(fake)
