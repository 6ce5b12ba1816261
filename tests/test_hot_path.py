"""The answer's hot path: answered from memory only while that cannot be stale.

A platform answers on its event loop when ``NewsBot.answers_from_memory()`` says the
cached answerer needs neither the database nor a build; a change made here is seen at
once, and one made by another process within ``VERSION_CHECK_SECONDS``.
"""

from __future__ import annotations

from bot.core import newsbot as newsbot_module
from bot.core.newsbot import VERSION_CHECK_SECONDS, NewsBot
from tests.conftest import ChatBot


class Monotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_answers_from_memory_only_within_the_version_check_window(bot, chat, monkeypatch):
    clock = Monotonic()
    monkeypatch.setattr(newsbot_module.time, "monotonic", clock)
    assert not bot.answers_from_memory()  # nothing built yet: the first answer reads the db
    assert "supports" not in to_title(bot, "What is Estonia's position?")
    assert bot.answers_from_memory()
    clock.now += VERSION_CHECK_SECONDS
    assert not bot.answers_from_memory()  # time to look at the table again
    bot.answer("What is Estonia's position?")
    assert bot.answers_from_memory()
    chat.say('stance set Estonia supports summary="Agreed to send instructors."')
    assert not bot.answers_from_memory()  # a change made here is seen at once
    assert "supports" in to_title(bot, "What is Estonia's position?")


def test_a_change_by_another_process_shows_after_the_window(bot, settings, clock, monkeypatch):
    ticks = Monotonic()
    monkeypatch.setattr(newsbot_module.time, "monotonic", ticks)
    assert "supports" not in to_title(bot, "What is Estonia's position?")
    other = NewsBot(settings, clock=clock)  # another process on the same database
    try:
        ChatBot(other).say('stance set Estonia supports summary="Agreed to send instructors."')
    finally:
        other.engine.dispose()
    ticks.now += VERSION_CHECK_SECONDS
    assert not bot.answers_from_memory()
    assert "supports" in to_title(bot, "What is Estonia's position?")


def to_title(bot: NewsBot, question: str) -> str:
    return str(bot.answer(question).document.to_dict()["title"])


def test_past_half_the_window_a_background_check_picks_up_changes(
    bot, settings, clock, monkeypatch
):
    import threading

    ticks = Monotonic()
    monkeypatch.setattr(newsbot_module.time, "monotonic", ticks)
    assert "supports" not in to_title(bot, "What is Estonia's position?")
    other = NewsBot(settings, clock=clock)  # another process on the same database
    try:
        ChatBot(other).say('stance set Estonia supports summary="Agreed to send instructors."')
    finally:
        other.engine.dispose()
    ticks.now += VERSION_CHECK_SECONDS * 0.6
    assert bot.answers_from_memory()  # still within the window: answered at once ...
    for thread in threading.enumerate():  # ... while a worker thread looks at the table
        if thread.name == "newsbot-table-check":
            thread.join(timeout=30)
    assert bot.answers_from_memory()  # the fresh check restarted the window
    assert "supports" in to_title(bot, "What is Estonia's position?")
