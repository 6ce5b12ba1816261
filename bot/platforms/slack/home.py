"""The App Home tab: a section per story the user's channels follow (every active story
when none is known), each with its stance table and tracked items (an Edit button on
each item for admins), then this workspace's digest schedules and alert subscriptions;
read fresh on every open. Archived stories are not shown: they send nothing any more.

A view holds at most 100 blocks, shared out between the stories: stance rows share
sections, and when a story's lists are longer than its share, the rest is named with
the command that shows it all.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from bot.platforms.slack import limits
from bot.platforms.slack.blocks import chunks, clip, context, escape, header, plain, section
from bot.storage.models import DigestSchedule, Story, Subscription
from bot.storage.reads import load_table
from bot.storage.stories import ACTIVE, all_stories, followed_in
from digests.dates import due_phrase, human_date

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot

EDIT_ACTION = "edit_item"
_CHANNEL_ID = re.compile(r"^[A-Z0-9]{2,30}$")
ITEM_ROWS = 40  # one section each (the button sits on it)
STANCE_SECTIONS = 30
CHANNEL_ROWS = 20
# Blocks kept for the top of the tab and the channels part at its end.
FRAME_BLOCKS = 12
# The fewest blocks a story's part takes: title, key, two sub-titles, a row of each,
# and the divider after it; more stories than fit so are named, not shown.
STORY_BLOCKS = 7
MAX_STORIES = (limits.SURFACE_BLOCKS - FRAME_BLOCKS - 1) // STORY_BLOCKS


def channel_ref(channel: str) -> str:
    """A channel as Slack shows it (``<#C123>``) when it is a channel id, else its text."""
    return f"<#{channel}>" if _CHANNEL_ID.match(channel) else escape(channel)


def edit_button(item_key: str) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": EDIT_ACTION,
        "text": plain("Edit", limits.BUTTON_TEXT),
        "value": item_key[: limits.BUTTON_VALUE],
    }


def home_view(
    bot: NewsBot, team: str, *, is_admin: bool, channels: list[str] | None = None
) -> dict[str, Any]:
    """The tab for one user; ``channels``: the channels of this workspace the user is in
    (None or none: not known, so every active story is shown)."""
    today = bot.today()
    with bot.session() as session:
        stories = _shown_stories(session, team, channels or [])
        # Only the stories that fit are read: the rest are only counted.
        tables = [(s.title, s.key, load_table(session, s.id)) for s in stories[:MAX_STORIES]]
        hidden = len(stories) - len(tables)
        subs = session.scalars(
            select(Subscription)
            .where(Subscription.platform == "slack", Subscription.workspace == team)
            .order_by(Subscription.id)
        ).all()
        schedules = session.scalars(
            select(DigestSchedule)
            .where(DigestSchedule.platform == "slack", DigestSchedule.workspace == team)
            .order_by(DigestSchedule.id)
        ).all()
        sub_lines = [f"• {channel_ref(s.channel)}" for s in subs]
        schedule_lines = [
            f"• {channel_ref(s.channel)}: `{escape(s.cron)}` ({escape(s.timezone)})"
            for s in schedules
        ]
    blocks: list[dict[str, Any]] = [
        header("newsbot"),
        *context(
            escape(f"As of {human_date(today)}. ")
            + "Ask with `/newsbot ask …`, by mentioning @newsbot, or in a DM; "
            + "`/newsbot help` lists every command."
        ),
        {"type": "divider"},
    ]
    if not tables:
        blocks.append(section("No story is followed here. `/newsbot story list` shows them."))
    # Each story's share of the tab, less the divider after it.
    share = (limits.SURFACE_BLOCKS - FRAME_BLOCKS - 1) // max(1, len(tables)) - 1
    several = len(tables) + hidden > 1
    for title, key, table in tables:
        blocks.extend(_story(title, key, table, today, is_admin, share, several=several))
        blocks.append({"type": "divider"})
    if hidden > 0:
        blocks.append(section(f"… and {hidden} more stories: `/newsbot story list`."))
    blocks.append(header("This workspace's channels"))
    blocks.extend(
        _lines(
            "*Digest schedules*",
            schedule_lines,
            "No channel here has a digest schedule (`/newsbot schedule daily 08:00`).",
        )
    )
    blocks.extend(
        _lines(
            "*Alerts go to*",
            sub_lines,
            "No channel here gets alerts (`/newsbot subscribe` in one).",
        )
    )
    return {"type": "home", "blocks": blocks[: limits.SURFACE_BLOCKS]}


def _shown_stories(session: Any, team: str, channels: list[str]) -> list[Story]:
    """The active stories the channels follow, oldest first; every active one when no
    channel is known."""
    stories = [s for s in all_stories(session) if s.status == ACTIVE]
    if not channels:
        return stories
    wanted = set(followed_in(session, "slack", team, channels))
    return [s for s in stories if s.id in wanted]


def _story(
    title: str,
    key: str,
    table: Any,
    today: date,
    is_admin: bool,
    share: int,
    *,
    several: bool,
) -> list[dict[str, Any]]:
    """One story's part of the tab, in at most ``share`` blocks: its title, positions and
    items; the rest is named with the command (and story) that shows it."""
    named = f" story={key}" if several else ""
    out: list[dict[str, Any]] = [header(title), *context(f"Story `{escape(key)}`")]
    room = max(4, share - len(out) - 2)  # the two sub-titles
    stance_room = min(STANCE_SECTIONS, max(1, room // 2))
    out.append(section("*Stance table*"))
    out.extend(_stances(table, stance_room, named))
    out.append(section("*Tracked items*"))
    item_room = min(ITEM_ROWS, max(1, share - len(out) - 1))
    out.extend(_items(table.items, today, is_admin, item_room, named))
    return out


def _stances(table: Any, room: int, named: str) -> list[dict[str, Any]]:
    names = {a.key: a.name for a in table.actors}
    topics = {t.key: t.name for t in table.topics}
    several_topics = len({s.topic for s in table.stances}) > 1
    rows = []
    for row in table.stances:
        topic = f" ({escape(topics.get(row.topic, row.topic))})" if several_topics else ""
        as_of = f" · as of {human_date(row.as_of)}" if row.as_of else ""
        rows.append(
            f"*{escape(names.get(row.actor, row.actor))}*{topic} — *{escape(row.stance)}*"
            f"{as_of}\n{escape(clip(row.summary, 400))}"
        )
    if not rows:
        return [section("No stances recorded yet.")]
    # Rows share sections (up to Slack's 3000 characters each): 16 rows take ~3 blocks.
    text = "\n\n".join(rows)
    out = [section(piece) for piece in chunks(text, limits.SECTION_TEXT)]
    if len(out) > room:
        more = f"… and more: `/newsbot stance list{named}` shows all of them."
        out = [*out[: max(0, room - 1)], section(more)]
    return out


def _items(
    items: list[Any], today: date, is_admin: bool, room: int, named: str
) -> list[dict[str, Any]]:
    if not items:
        return [section("No tracked items yet.")]
    ordered = sorted(items, key=lambda i: (i.due is None, i.due or date.max, i.name))
    out = []
    shown = ordered if len(ordered) <= room else ordered[: max(0, room - 1)]
    for item in shown:
        text = (
            f"*{escape(item.name)}* — {escape(item.status)}\n"
            f"Due {escape(due_phrase(item.due, item.due_label, today))}"
        )
        block = section(clip(text, limits.SECTION_TEXT))
        if is_admin:
            block["accessory"] = edit_button(item.key)
        out.append(block)
    if len(shown) < len(ordered):
        rest = len(ordered) - len(shown)
        out.append(section(f"… and {rest} more: `/newsbot track list{named}`."))
    return out


def _lines(title: str, lines: list[str], empty: str) -> list[dict[str, Any]]:
    if not lines:
        return [section(f"{title}\n{empty}")]
    shown = lines[:CHANNEL_ROWS]
    if len(lines) > CHANNEL_ROWS:
        shown.append(f"… and {len(lines) - CHANNEL_ROWS} more (`/newsbot subscriptions`).")
    return [section(piece) for piece in chunks(f"{title}\n" + "\n".join(shown), 3000)]
