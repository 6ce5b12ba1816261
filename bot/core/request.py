"""A message to the bot from any platform, and the channel a reply or digest goes to."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.conversations import ConversationKey


@dataclass(frozen=True)
class Request:
    """One message to the bot, from any platform."""

    platform: str
    workspace: str
    channel: str
    user: str
    is_admin: bool
    text: str
    user_name: str | None = None
    # The thread the message is in (Slack thread_ts, the Discord message it replies
    # to): follow-ups are read against the conversation of that thread.
    thread: str | None = None

    def conversation(self) -> ConversationKey:
        """Whose conversation this message continues: this user, here, in this thread."""
        return ConversationKey(self.platform, self.workspace, self.channel, self.thread, self.user)


@dataclass(frozen=True)
class ChannelRef:
    platform: str
    workspace: str
    channel: str
