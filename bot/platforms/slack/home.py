"""The App Home tab: the stance table, tracked items (with an Edit button for admins),
and this workspace's digest schedules and alert subscriptions, read fresh on every open.

A view holds at most 100 blocks: stance rows share sections, and when the lists are
longer than the tab allows, the rest is named with the command that shows it all.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from bot.platforms.slack import limits
from bot.platforms.slack.blocks import chunks, clip, context, escape, header, plain, section
from bot.storage.models import DigestSchedule, Subscription
from bot.storage.reads import load_table
from digests.dates import due_phrase, human_date

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot

EDIT_ACTION = "edit_item"
_CHANNEL_ID = re.compile(r"^[A-Z0-9]{2,30}$")
ITEM_ROWS = 40  # one section each (the button sits on it)
CHANNEL_ROWS = 20


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


def home_view(bot: NewsBot, team: str, *, is_admin: bool) -> dict[str, Any]:
    today = bot.today()
    with bot.session() as session:
        table = load_table(session)
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
        header("Stance table"),
    ]
    blocks.extend(_stances(table))
    blocks.append({"type": "divider"})
    blocks.append(header("Tracked items"))
    blocks.extend(_items(table.items, today, is_admin))
    blocks.append({"type": "divider"})
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


def _stances(table: Any) -> list[dict[str, Any]]:
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
    if len(out) > 30:
        out = [*out[:30], section("… and more: `/newsbot stance list` shows all of them.")]
    return out


def _items(items: list[Any], today: date, is_admin: bool) -> list[dict[str, Any]]:
    if not items:
        return [section("No tracked items yet.")]
    ordered = sorted(items, key=lambda i: (i.due is None, i.due or date.max, i.name))
    out = []
    for item in ordered[:ITEM_ROWS]:
        text = (
            f"*{escape(item.name)}* — {escape(item.status)}\n"
            f"Due {escape(due_phrase(item.due, item.due_label, today))}"
        )
        block = section(clip(text, limits.SECTION_TEXT))
        if is_admin:
            block["accessory"] = edit_button(item.key)
        out.append(block)
    if len(ordered) > ITEM_ROWS:
        out.append(section(f"… and {len(ordered) - ITEM_ROWS} more: `/newsbot track list`."))
    return out


def _lines(title: str, lines: list[str], empty: str) -> list[dict[str, Any]]:
    if not lines:
        return [section(f"{title}\n{empty}")]
    shown = lines[:CHANNEL_ROWS]
    if len(lines) > CHANNEL_ROWS:
        shown.append(f"… and {len(lines) - CHANNEL_ROWS} more (`/newsbot subscriptions`).")
    return [section(piece) for piece in chunks(f"{title}\n" + "\n".join(shown), 3000)]
