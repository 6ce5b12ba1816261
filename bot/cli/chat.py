"""``newsbot chat``: a conversation from standard input, one reply per turn.

Each line is a turn — a question, or a command as typed in a chat (``track list``,
``help``) — and the context of one turn carries to the next exactly as in a Slack
thread or the console, so scripts can drive a whole conversation. ``--json`` prints
one object per turn, shaped like ``ask --json`` plus ``kind``: "answer" for a
question, "command" for a command.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from bot.commands.dispatch import dispatch
from bot.commands.table import lookup
from bot.core.conversations import ConversationKey
from bot.core.newsbot import NewsBot
from bot.core.request import ChannelRef, Request
from digests.render import to_text


def run_chat(bot: NewsBot, args: argparse.Namespace) -> int:
    platform, workspace, channel = "cli", "local", "chat"
    if args.channel:
        parts = args.channel.split("/")
        if len(parts) != 3 or not all(parts):
            print(
                "newsbot chat: --channel takes PLATFORM/WORKSPACE/CHANNEL, e.g. cli/local/chat",
                file=sys.stderr,
            )
            return 2
        platform, workspace, channel = parts
    story: str | None = None
    if args.story is not None:
        # A story's key, or (as before stories were rows) the first story's topic key.
        keys = [r.key for r in bot.story_refs()]
        topics = [t.key for t in bot.answerer().table.topics]
        if args.story in keys:
            story = args.story
        elif args.story not in topics:
            known = ", ".join([*keys, *topics]) or "none yet"
            print(
                f"newsbot chat: there is no story '{args.story}'. The stories are: {known}.",
                file=sys.stderr,
            )
            return 2
    user = args.user or f"shell:{getpass.getuser()}"
    key = ConversationKey(platform, workspace, channel, None, user)
    for line in sys.stdin:
        text = line.strip()
        if not text:
            continue
        obj = _turn(bot, key, text, story)
        if args.json:
            print(json.dumps(obj, ensure_ascii=False), flush=True)
        else:
            print(obj["answer"] + "\n", flush=True)
    return 0


def _turn(
    bot: NewsBot, key: ConversationKey, text: str, story: str | None = None
) -> dict[str, Any]:
    head, _, rest = text.partition(" ")
    command = lookup(head.lstrip("/!"))
    if command is not None and command.name != "ask":
        # The shell that runs this can write the database directly: it is an admin.
        request = Request(key.platform, key.workspace, key.channel, key.user, True, text)
        docs = dispatch(bot, request)
        return {
            "question": text,
            "answer": "\n\n".join(to_text(d) for d in docs),
            "stances": [],
            "items": [],
            "kind": "command",
        }
    question = rest if command is not None else text
    where = ChannelRef(key.platform, key.workspace, key.channel)
    answer = bot.answer(question, key, story=story, where=where)
    return {**answer.to_json(to_text(answer.document)), "kind": "answer"}
