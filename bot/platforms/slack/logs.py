"""The logger Bolt writes to, without the two warnings our set-up would make it print on
every start.

Bolt reads ``SLACK_BOT_TOKEN`` from the environment itself even when it is given a
client, then warns that the token it found "will be unused" (or "ignored" with OAuth).
Here the settings decide which token is used where (the app's client, or each
workspace's installation; the outbox falls back to ``SLACK_BOT_TOKEN``), so the warnings
describe nothing an operator should change. Every other record passes.
"""

from __future__ import annotations

import logging

from slack_bolt.logger import messages

BOLT_LOGGER = "bot.platforms.slack.bolt"


class _DropTokenNotices(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.notices = {
            messages.warning_client_prioritized_and_token_skipped(),
            messages.warning_token_skipped(),
        }

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.notices


def bolt_logger() -> logging.Logger:
    """Bolt's base logger; its child loggers (one per middleware and listener) inherit
    the level and handlers, and get the same filter."""
    logger = logging.getLogger(BOLT_LOGGER)
    if not any(isinstance(f, _DropTokenNotices) for f in logger.filters):
        logger.addFilter(_DropTokenNotices())
    return logger
