"""``newsbot run`` picks one platform from the settings, and says so when it cannot."""

from __future__ import annotations

import dataclasses

import pytest

from bot.core.newsbot import NewsBot
from bot.runtime.run import run


def test_both_platforms_configured_is_refused_with_what_to_do(
    bot: NewsBot, capsys: pytest.CaptureFixture[str]
) -> None:
    bot.settings = dataclasses.replace(
        bot.settings, discord_token="discord-token", slack_bot_token="xoxb-token"
    )
    assert run(bot) == 2
    err = capsys.readouterr().err
    assert "Run one newsbot process per platform" in err
    assert "discord-token" not in err and "xoxb-token" not in err
