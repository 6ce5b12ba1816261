"""subscribe, unsubscribe, subscriptions: which channels get alerts when something changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.commands.command import CHAT_ONLY, Cli, Command, Slash, author, in_this_channel
from bot.domain.audit import audit
from bot.storage.models import DigestSchedule, Subscription
from digests.document import Bullets, Document, Heading, Paragraph, message

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request


def subscribe(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    with bot.session() as session:
        if _subscription(session, request) is not None:
            return [message("This channel is already subscribed to alerts.")]
        who = author(bot, request)
        session.add(
            Subscription(
                platform=request.platform,
                workspace=request.workspace,
                channel=request.channel,
                created_by=who.label,
                created_at=who.at,
            )
        )
        audit(session, who, "subscribe", request.channel)
    return [
        message(
            "Subscribed: this channel will get an alert whenever a tracked item or stance changes."
        )
    ]


def unsubscribe(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    with bot.session() as session:
        existing = _subscription(session, request)
        if existing is None:
            return [message("This channel was not subscribed.")]
        session.delete(existing)
        audit(session, author(bot, request), "unsubscribe", request.channel)
    return [message("Unsubscribed: no more alerts in this channel.")]


def subscriptions(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    with bot.session() as session:
        subs = session.scalars(select(Subscription).order_by(Subscription.id)).all()
        scheds = session.scalars(select(DigestSchedule).order_by(DigestSchedule.id)).all()
        doc = Document(title="Subscriptions and schedules", kind="reply")
        doc.add(Heading("Alerts go to", 2))
        doc.add(
            Bullets(tuple(f"{s.platform}/{s.workspace}/{s.channel}" for s in subs))
            if subs
            else Paragraph("No channel is subscribed.")
        )
        doc.add(Heading("Digest schedules", 2))
        doc.add(
            Bullets(
                tuple(
                    f"{s.platform}/{s.workspace}/{s.channel}: {s.cron} ({s.timezone})"
                    for s in scheds
                )
            )
            if scheds
            else Paragraph("No digest is scheduled.")
        )
    return [doc]


def _subscription(session: Session, request: Request) -> Subscription | None:
    return session.scalar(select(Subscription).where(*in_this_channel(Subscription, request)))


SUBSCRIBE = Command(
    name="subscribe",
    run=subscribe,
    usage="subscribe",
    example="subscribe",
    summary="Alerts for this channel when items or stances change.",
    admin=True,
    discord=Slash("Alerts here when items or stances change"),
    cli=Cli("subscribe a channel to alerts (--channel …)", needs_channel=True),
    options=(),
)
UNSUBSCRIBE = Command(
    name="unsubscribe",
    run=unsubscribe,
    usage="unsubscribe",
    example="unsubscribe",
    summary="Stop alerts for this channel.",
    admin=True,
    discord=Slash("Stop alerts in this channel"),
    cli=Cli("unsubscribe a channel (--channel …)", needs_channel=True),
    options=(),
)
SUBSCRIPTIONS = Command(
    name="subscriptions",
    run=subscriptions,
    usage="subscriptions",
    example="subscriptions",
    summary="Which channels get alerts and digests.",
    aliases=("subs",),
    private=True,
    discord=CHAT_ONLY,
    options=(),
)
