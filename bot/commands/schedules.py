"""schedule: when this channel gets its digest; anyone sees it, admins change it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.commands.command import Cli, Command, Slash, author, in_this_channel
from bot.commands.cron import check_schedule, cron_for, time_zone
from bot.commands.parsing import UsageError, reject_unknown_options, subcommand
from bot.domain.audit import audit
from bot.storage.models import DigestSchedule
from digests.document import Document, message

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request

SCHEDULE_USAGE = (
    "schedule show | schedule daily HH:MM [tz=Europe/Berlin] [quiet=line|skip] | "
    'schedule weekdays HH:MM [tz=…] | schedule cron "M H DOM MON DOW" [tz=…] | schedule off'
)
# What a scheduled digest with nothing new does: one line saying so, or nothing at all.
QUIET = ("line", "skip")


def schedule(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    sub, rest = subcommand(
        words, ("show", "daily", "weekdays", "cron", "off"), "show", SCHEDULE_USAGE
    )
    reject_unknown_options(
        options,
        ("tz", "timezone", "quiet"),
        "the options are tz=… (e.g. tz=Europe/Berlin) and quiet=line|skip.",
    )
    quiet = options.get("quiet")
    if quiet is not None:
        quiet = quiet.strip().lower()
        if quiet not in QUIET:
            raise UsageError(
                f"quiet={options['quiet']!r}: use quiet=line (a one-line “nothing new” when "
                "nothing changed) or quiet=skip (no digest at all then)."
            )
        if sub in ("show", "off"):
            raise UsageError(f"`schedule {sub}` takes no quiet=…; set it with the schedule.")
    who = author(bot, request)
    here = in_this_channel(DigestSchedule, request)
    with bot.session() as session:
        row = session.scalar(select(DigestSchedule).where(*here))
        if sub == "show":
            if row is None:
                return [
                    message(
                        "No digest is scheduled for this channel. "
                        "Admins: `schedule daily 08:00 tz=Europe/Berlin`."
                    )
                ]
            return [
                message(
                    f"This channel gets its digest on cron “{row.cron}” ({row.timezone})"
                    f"{_next_run(row.cron, row.timezone, who.at)}.{_quiet_text(row.quiet)}"
                )
            ]
        if sub == "off":
            if row is None:
                return [message("No digest was scheduled for this channel.")]
            session.delete(row)
            audit(session, who, "schedule.off", request.channel, {"cron": row.cron})
            text = "Digest schedule removed for this channel."
        else:
            raw_tz = options.get("tz") or options.get("timezone")
            # Changing only the time keeps the zone the channel already has.
            tz = time_zone(raw_tz or (row.timezone if row else bot.settings.timezone))
            cron = cron_for(sub, rest)
            check_schedule(cron, tz)
            if row is None:
                row = DigestSchedule(
                    platform=request.platform,
                    workspace=request.workspace,
                    channel=request.channel,
                    cron=cron,
                    timezone=tz,
                    created_by=who.label,
                    updated_at=who.at,
                    quiet=quiet or "line",
                )
                session.add(row)
            else:
                row.cron, row.timezone, row.created_by = cron, tz, who.label
                row.updated_at = who.at
                if quiet:
                    row.quiet = quiet
            audit(
                session,
                who,
                "schedule.set",
                request.channel,
                {"cron": cron, "tz": tz, "quiet": row.quiet},
            )
            text = (
                f"Digest scheduled for this channel: cron “{cron}” in {tz}"
                f"{_next_run(cron, tz, who.at)}.{_quiet_text(row.quiet)}"
            )
    bot.changed()
    return [message(text)]


def _quiet_text(quiet: str | None) -> str:
    if quiet == "skip":
        return " When nothing is new, no digest is posted (quiet=skip)."
    return " When nothing is new, the digest is one line saying so (quiet=skip: none)."


def _next_run(cron: str, tz: str, now: datetime) -> str:
    """The "; next one Mon 30 Nov 2026 07:30 UTC" of a reply; empty if it will not run."""
    try:
        trigger = check_schedule(cron, tz)
    except UsageError:
        return ""
    when = trigger.get_next_fire_time(None, now)
    return f"; next one {when:%a %d %b %Y %H:%M} {tz}" if when else ""


SCHEDULE = Command(
    name="schedule",
    run=schedule,
    usage=SCHEDULE_USAGE,
    example="schedule daily 08:00 tz=Europe/Berlin",
    summary="When this channel gets its digest.",
    admin_subcommands=frozenset({"daily", "weekdays", "cron", "off"}),
    discord=Slash("When this channel gets its digest"),
    cli=Cli(
        "digest schedules for a channel (--channel PLATFORM/WORKSPACE/CHANNEL)",
        needs_channel=True,
    ),
)
