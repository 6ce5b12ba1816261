"""The Bolt app: Slack events in, ``bot.commands.dispatch`` in a worker thread, Block Kit out.

One code path for every mode: ``build_app`` makes an ``AsyncApp`` that HTTP mode serves
behind aiohttp and Socket Mode drives over a websocket. Listeners ack first (Slack wants
an answer within 3 seconds), then work: the core touches the database, so it runs in a
thread and never blocks the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select

from bot.commands import buttons as button_commands
from bot.commands.command import Outcome, Reply
from bot.commands.dispatch import dispatch, invoke, run
from bot.commands.table import COMMANDS
from bot.core.newsbot import NewsBot
from bot.core.request import Request
from bot.domain.audit import audit
from bot.domain.author import Author
from bot.domain.errors import StaleChange
from bot.platforms.slack import limits, retries, stores
from bot.platforms.slack.admins import Admins
from bot.platforms.slack.blocks import SlackMessage, escape, fallback, render, sections
from bot.platforms.slack.buttons import ACTION_PATTERN, after_decision
from bot.platforms.slack.editor import (
    CALLBACK_ID,
    Submission,
    edit_modal,
    read_submission,
    refusal_modal,
)
from bot.platforms.slack.editor import (
    FIELDS as EDITOR_FIELDS,
)
from bot.platforms.slack.home import EDIT_ACTION, edit_button, home_view
from bot.platforms.slack.logs import bolt_logger
from bot.platforms.slack.members import user_channels
from bot.platforms.slack.pictures import upload_pictures
from bot.platforms.slack.text import from_slack, without_mention
from bot.storage.models import TrackedItem
from bot.storage.reads import item_record
from digests.document import Document, Fields, Image, images_of
from digests.render import to_text

_log = logging.getLogger(__name__)

PLATFORM = "slack"
COMMAND = "/newsbot"
# Commands whose output is for the asker alone (declared ``private``): the rest is posted
# for the channel.
PRIVATE_COMMANDS = frozenset(n for c in COMMANDS.values() if c.private for n in c.names)
# A response_url takes five posts; a longer reply goes on through chat.postMessage.
RESPONSE_URL_POSTS = 5
# How long a slash command's answer may take to go back in the ack itself; after that the
# ack goes out empty (well inside Slack's 3 s) and the answer follows via the response_url.
ACK_BUDGET_SECONDS = 1.5
FAILED = "Something went wrong handling that, and nothing was changed. Try again."
REFUSE_EDIT = (
    "Sorry — editing tracked items changes what everyone sees, so only admins can do it. "
    "Ask an admin of this bot."
)


# A slash command's reply: its messages, each with whether only the user sees it, and
# the pictures to upload after them.
Rendered = tuple[list[tuple[SlackMessage, bool]], list[Image]]


def web_client(settings: Any, token: str | None = None) -> AsyncWebClient:
    client = AsyncWebClient(token=token)
    # A reply, a DM answer or a Home tab refused with HTTP 429 was not posted: waiting the
    # Retry-After and sending it again loses nothing and duplicates nothing. (Outbox posts
    # use their own client without retries: the outbox reschedules them.)
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
    if settings.slack_api_url:  # GovSlack, a proxy, the tests' fake
        client.base_url = settings.slack_api_url
    return client


def build_app(bot: NewsBot, *, client: AsyncWebClient | None = None) -> AsyncApp:
    """The Bolt app for the settings: OAuth (many workspaces) when a client id is set and
    Socket Mode is not in use, a single workspace's bot token otherwise."""
    settings = bot.settings
    oauth = bool(settings.slack_client_id and not settings.slack_app_token)
    # Bolt takes the token from the client it is given: one workspace's token goes there.
    client = client or web_client(settings, None if oauth else settings.slack_bot_token)
    options: dict[str, Any] = {
        "signing_secret": settings.slack_signing_secret or "",
        "client": client,
        "logger": bolt_logger(),
    }
    if oauth:
        options["oauth_settings"] = AsyncOAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            scopes=[s.strip() for s in settings.slack_scopes.split(",") if s.strip()],
            redirect_uri=settings.slack_redirect_uri,
            installation_store=stores.AsyncInstallations(
                stores.installation_store(bot.engine, settings.slack_client_id)
            ),
            state_store=stores.AsyncStates(stores.state_store(bot.engine)),
        )
    app = AsyncApp(**options)
    if oauth:
        # A workspace that uninstalls the app (or revokes its token) is forgotten: its
        # installation rows go, and outbox posts to it fail plainly instead of retrying.
        app.enable_token_revocation_listeners()
    retries.install(app, bot)  # a retried event is acknowledged, not answered twice
    SlackHandlers(bot).register(app)
    return app


def item_key(doc: Document) -> str | None:
    """The key of the tracked item a document shows (``track show``), if it shows one:
    its fields name the item's key and version."""
    for block in doc.blocks:
        if isinstance(block, Fields):
            pairs = dict(block.pairs)
            if "Key" in pairs and "Version" in pairs:
                return pairs["Key"]
    return None


class SlackHandlers:
    """Translates Slack events for the core and renders its documents back."""

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot
        self.admins = Admins(bot.settings)

    def register(self, app: AsyncApp) -> None:
        app.command(COMMAND)(self.on_command)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.event("app_home_opened")(self.on_home_opened)
        app.action(EDIT_ACTION)(self.on_edit_button)
        app.view(CALLBACK_ID)(self.on_edit_submitted)
        app.action(ACTION_PATTERN)(self.on_command_button)
        app.error(self.on_error)

    # ------------------------------------------------------------------ helpers
    async def request(
        self, client: AsyncWebClient, team: str, channel: str, user: str, text: str, name: Any
    ) -> Request:
        is_admin = await self.admins.is_admin(client, team, user)
        return _request(team, channel, user, text, name, is_admin)

    async def handle(self, request: Request, *, question: bool = False) -> list[Document]:
        """The core's documents for a request, from a worker thread; a ``question`` the
        cached answerer takes from memory is answered on the loop instead (see
        ``NewsBot.answers_from_memory``: the hop costs more than the answer)."""
        if question and self.bot.answers_from_memory():
            return dispatch(self.bot, request)
        return await asyncio.to_thread(dispatch, self.bot, request)

    # ------------------------------------------------------------------ /newsbot
    async def on_command(
        self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        """Answers in the ack itself when the answer is ready in time (one round trip, the
        usual case: an answer takes milliseconds), else acks at once and answers through
        the response_url. Slack gives a slash command 3 seconds."""
        text = from_slack(command.get("text", "")) or "help"
        channel = command.get("channel_id", "")
        quick = self._from_memory(command, text)
        if quick is not None:
            # Answered on the loop in well under a millisecond: no task, timer and wait
            # for the ack budget, which would cost about as much again.
            work: asyncio.Future[Rendered] = asyncio.get_running_loop().create_future()
            try:
                work.set_result(self._rendered(dispatch(self.bot, quick), "ask"))
            except Exception as exc:  # dispatch catches its own; a rendering bug lands here
                work.set_exception(exc)
            done = {work}
        else:
            work = asyncio.ensure_future(self._command(client, command, text))
            done, _ = await asyncio.wait({work}, timeout=ACK_BUDGET_SECONDS)
        if not done:
            await ack()
        try:
            parts, pictures = await work
        except Exception:  # a bug must not leave the user without an answer
            _log.exception("slash command failed: %r", text[:200])
            parts, pictures = [(SlackMessage(FAILED, sections(FAILED)), True)], []
            if done:
                await ack(text=FAILED, response_type="ephemeral")
                return
        if done:
            if not parts:
                await ack()
                return
            first, ephemeral = parts.pop(0)
            await ack(
                text=first.text,
                blocks=first.blocks,
                response_type="ephemeral" if ephemeral else "in_channel",
            )
        for posts, (part, ephemeral) in enumerate(parts):
            if posts < RESPONSE_URL_POSTS or ephemeral:
                await respond(
                    text=part.text,
                    blocks=part.blocks,
                    response_type="ephemeral" if ephemeral else "in_channel",
                    replace_original=False,
                )
            else:
                await self.post(client, channel, part)
        await upload_pictures(client, channel, pictures)

    async def _command(
        self, client: AsyncWebClient, command: dict[str, Any], text: str
    ) -> Rendered:
        """The messages that answer a slash command, each with whether only the user sees it."""
        request = await self.request(
            client,
            command.get("team_id", ""),
            command.get("channel_id", ""),
            command.get("user_id", ""),
            text,
            command.get("user_name"),
        )
        first_word = text.split(maxsplit=1)[0].lower()
        docs = await self.handle(request, question=first_word == "ask")
        return self._rendered(docs, first_word)

    def _from_memory(self, command: dict[str, Any], text: str) -> Request | None:
        """The request of an ``ask`` that needs no I/O at all — the asker's rights known
        without asking Slack, the answer from the cached answerer — else None."""
        if text.split(maxsplit=1)[0].lower() != "ask":
            return None
        team, user = command.get("team_id", ""), command.get("user_id", "")
        is_admin = self.admins.known(team, user)
        if is_admin is None or not self.bot.answers_from_memory():
            return None
        channel, name = command.get("channel_id", ""), command.get("user_name")
        return _request(team, channel, user, text, name, is_admin)

    def _rendered(self, docs: list[Document], first_word: str) -> Rendered:
        private = first_word in PRIVATE_COMMANDS
        out: list[tuple[SlackMessage, bool]] = []
        for doc in docs:
            parts = render(doc)
            key = item_key(doc)
            if key is not None and len(parts[-1].blocks) < limits.MESSAGE_BLOCKS:
                # An item's card gets its Edit button (admins only get past it).
                last = parts[-1]
                actions = {"type": "actions", "elements": [edit_button(key)]}
                parts[-1] = SlackMessage(last.text, [*last.blocks, actions])
            out.extend((part, private or doc.ephemeral) for part in parts)
        # A digest's map goes up as a file after the text (only for what the channel sees).
        pictures = [i for d in docs if not (private or d.ephemeral) for i in images_of(d)]
        return out, pictures

    # ------------------------------------------------------------------ mentions and DMs
    async def on_mention(
        self, event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, context: Any
    ) -> None:
        text = without_mention(event.get("text", ""), context.get("bot_user_id"))
        thread = event.get("thread_ts") or event.get("ts")
        await self.converse(client, body, event, from_slack(text) or "help", thread)

    async def on_message(self, event: dict[str, Any], body: dict[str, Any], client: Any) -> None:
        # Direct messages only; channel messages reach the bot as app mentions. Edits,
        # joins and other bots' posts carry a subtype or a bot_id and are not questions.
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        await self.converse(client, body, event, from_slack(event.get("text", "")), None)

    async def converse(
        self,
        client: AsyncWebClient,
        body: dict[str, Any],
        event: dict[str, Any],
        text: str,
        thread: str | None,
    ) -> None:
        team = body.get("team_id") or event.get("team") or ""
        channel, user = event.get("channel", ""), event.get("user", "")
        if not text:
            return
        request = await self.request(client, team, channel, user, text, None)
        request = replace(request, thread=thread)  # follow-ups read within the thread
        for doc in await self.handle(request):
            for part in render(doc):
                if doc.ephemeral and event.get("channel_type") != "im":
                    await client.chat_postEphemeral(
                        channel=channel,
                        user=user,
                        text=part.text,
                        blocks=part.blocks,
                        thread_ts=thread,
                    )
                else:
                    await self.post(client, channel, part, thread)
            if not doc.ephemeral:
                await upload_pictures(client, channel, images_of(doc), thread)

    async def post(
        self, client: AsyncWebClient, channel: str, part: SlackMessage, thread: str | None = None
    ) -> None:
        await client.chat_postMessage(
            channel=channel,
            text=part.text,
            blocks=part.blocks,
            thread_ts=thread,
            unfurl_links=False,
        )

    # ------------------------------------------------------------------ App Home
    async def on_home_opened(
        self, event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("tab") not in (None, "home"):
            return
        await self.publish_home(client, body.get("team_id") or "", event.get("user", ""))

    async def publish_home(self, client: AsyncWebClient, team: str, user: str) -> None:
        is_admin = await self.admins.is_admin(client, team, user)
        channels = await user_channels(client, user)
        view = await asyncio.to_thread(
            home_view, self.bot, team, is_admin=is_admin, channels=channels
        )
        await client.views_publish(user_id=user, view=view)

    # ------------------------------------------------------------------ item editor
    async def on_edit_button(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        await ack()
        team = (body.get("team") or {}).get("id", "")
        user = (body.get("user") or {}).get("id", "")
        key = str(action.get("value") or "")
        where = (body.get("channel") or {}).get("id") or "home"
        if not await self.admins.is_admin(client, team, user):
            await asyncio.to_thread(self._audit_refusal, team, where, user, key)
            if body.get("response_url"):
                await respond(text=REFUSE_EDIT, response_type="ephemeral", replace_original=False)
            else:
                refusal = refusal_modal(REFUSE_EDIT)
                await client.views_open(trigger_id=body["trigger_id"], view=refusal)
            return
        found = await asyncio.to_thread(self._load_item, key)
        if found is None:
            view = refusal_modal("That item is no longer tracked.")
        else:
            view = edit_modal(found[0], found[1], today=self.bot.today())
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    def _load_item(self, key: str) -> tuple[Any, int] | None:
        with self.bot.session() as session:
            item = session.scalar(select(TrackedItem).where(TrackedItem.key == key))
            return (item_record(item), item.version) if item is not None else None

    def _audit_refusal(self, team: str, channel: str, user: str, key: str) -> None:
        with self.bot.session() as session:
            who = Author(PLATFORM, team, channel, user, self.bot.clock())
            audit(session, who, "track update", key or None, {"via": "edit button"}, allowed=False)

    async def on_edit_submitted(
        self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        team = (body.get("team") or {}).get("id", "")
        user = (body.get("user") or {}).get("id", "")
        if not await self.admins.is_admin(client, team, user):
            await asyncio.to_thread(self._audit_refusal, team, "home", user, "")
            await ack(response_action="update", view=refusal_modal(REFUSE_EDIT))
            return
        try:
            submission = read_submission(view)
        except (ValueError, TypeError):
            await ack(response_action="errors", errors={"status": "This form is out of date."})
            return
        outcome = await asyncio.to_thread(self._save, team, user, submission)
        if isinstance(outcome, tuple):
            await ack(response_action="errors", errors={outcome[0]: outcome[1]})
            return
        await ack()  # a save has told the bot of the change, as the typed command does
        await self.publish_home(client, team, user)

    def _save(self, team: str, user: str, submission: Submission) -> bool | tuple[str, str]:
        """True when saved, False when nothing changed, (field, message) when refused.

        The form's fields go through ``track update`` as if typed, with the version the
        form showed: rights, history, audit and alerts are those of the command."""
        if self._load_item(submission.key) is None:
            return ("status", "That item is no longer tracked.")
        words = ["update", submission.key]
        options = {**submission.fields, "version": str(submission.version)}
        typed = shlex.join(["track", *words, *(f"{k}={v}" for k, v in options.items())])
        # on_edit_submitted has checked that the user is an admin, as Slack told us.
        request = Request(PLATFORM, team, "home", user, True, typed)
        reply = invoke(self.bot, request, "track", words, options)
        return _saved(reply)

    # ------------------------------------------------------------------ command buttons
    async def on_command_button(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        """Approve / Reject (any ``Actions`` button): the command runs as the clicker, with
        the clicker's rights; a decision replaces the row, anything else is told privately."""
        await ack()
        command = str(action.get("value") or "")
        team = (body.get("team") or {}).get("id", "")
        user_info = body.get("user") or {}
        user = user_info.get("id", "")
        channel = (body.get("channel") or {}).get("id", "")
        name = user_info.get("username") or user_info.get("name") or user
        if not button_commands.allowed(command):
            reply = button_commands.stale_reply()
        else:
            request = await self.request(client, team, channel, user, command, name)
            reply = await asyncio.to_thread(run, self.bot, request)
        result = button_commands.outcome(command, reply, name)
        docs = reply.docs
        original = body.get("message") or {}
        if result.settled and original.get("blocks"):
            blocks = after_decision(original["blocks"], command, result.text)
            await respond(
                text=original.get("text") or fallback(docs[0]),
                blocks=blocks,
                replace_original=True,
            )
        elif result.decided:  # an ephemeral message has no copy to update: say it instead
            await respond(
                text=escape(result.text), response_type="ephemeral", replace_original=False
            )
        if not result.decided:
            for doc in docs:
                for part in render(doc):
                    await respond(
                        text=part.text,
                        blocks=part.blocks,
                        response_type="ephemeral",
                        replace_original=False,
                    )

    # ------------------------------------------------------------------ errors
    async def on_error(self, error: Exception, body: dict[str, Any]) -> None:
        if isinstance(error, SlackApiError):
            _log.warning("Slack API error: %s", error.response.get("error"))
        else:
            _log.exception("Slack listener failed", exc_info=error)


def _request(team: str, channel: str, user: str, text: str, name: Any, is_admin: bool) -> Request:
    return Request(
        platform=PLATFORM,
        workspace=team,
        channel=channel,
        user=user,
        is_admin=is_admin,
        text=text,
        user_name=name if isinstance(name, str) else None,
    )


def _saved(reply: Reply) -> bool | tuple[str, str]:
    """What a form's save came to: True saved, False nothing to save, else the field to
    show the message under and the message."""
    if reply.outcome is Outcome.DONE:
        return True
    if reply.outcome is Outcome.NOTHING_CHANGED:
        return False
    cause = reply.cause
    if isinstance(cause, StaleChange):
        return (
            "status",
            f"Changed meanwhile by someone else (now version {cause.version}); "
            "close this and open the editor again.",
        )
    if reply.outcome is Outcome.STALE:
        return ("status", "Changed by someone else at the same moment; nothing was saved.")
    said = str(cause) if cause is not None else " ".join(to_text(d) for d in reply.docs)
    field = getattr(cause, "field", None)
    # The message goes under the input it is about; "label" is the form's "due label".
    return (field if field in EDITOR_FIELDS else "status", said[:150])
