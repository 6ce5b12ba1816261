"""A fake Discord: the REST API routes newsbot uses and a websocket gateway, on
127.0.0.1 with an ephemeral port, recording everything the bot sends.

The real discord.py client talks to it unchanged (``Route.BASE`` and
``DiscordWebSocket.DEFAULT_GATEWAY`` point here). Responses carry
``Content-Type: application/json`` exactly, as discord.py requires, and a 429 carries
``Via`` and a JSON ``retry_after`` like Discord's own. ``check_limits`` checks a sent
payload against Discord's message limits, independently of the bot's renderer.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1420070400000

# Discord's limits, written out again here so a mistake in the bot's own table cannot
# hide a payload Discord would refuse.
LIMITS = {
    "content": 2000,
    "embeds": 10,
    "title": 256,
    "description": 4096,
    "fields": 25,
    "field.name": 256,
    "field.value": 1024,
    "footer.text": 2048,
    "author.name": 256,
    "total": 6000,
    "choices": 25,
    "choice": 100,
}

ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
# What an ordinary member has: view channels, send messages, read history, use commands.
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 16) | (1 << 31)


def snowflake(n: int, shard_bits: int = 0) -> int:
    """A snowflake of about this moment whose timestamp part is ``shard_bits`` modulo 60:
    with up to 6 shards, guild ``g`` then lives on shard ``g % count``."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    ms = ms - ms % 60 + shard_bits
    return (ms << 22) | (n & 0x3FFFFF)


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def user_obj(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


@dataclass
class Recorded:
    method: str
    path: str  # without the API prefix, e.g. /channels/123/messages
    query: dict[str, str]
    body: Any
    status: int
    at: float = field(default_factory=time.perf_counter)
    # False for a message create that Discord answered with an earlier message because
    # its nonce was enforced and already used: nothing new appeared in the channel.
    created: bool = True
    files: dict[str, bytes] = field(default_factory=dict)  # attachments: filename -> bytes


@dataclass
class RateLimit:
    """Answer the next ``times`` requests whose method and path match with a 429."""

    method: str
    path: str  # a regular expression matched against the path
    retry_after: float
    times: int = 1
    is_global: bool = False
    skip: int = 0  # let this many matching requests through first


@dataclass
class Guild:
    id: int
    owner_id: int
    channels: dict[int, str]
    admin_role: int
    name: str = "Newsroom"


@dataclass
class Connection:
    ws: web.WebSocketResponse
    shard: tuple[int, int] = (0, 1)
    seq: int = 0
    identified: asyncio.Event = field(default_factory=asyncio.Event)


class FakeDiscord:
    def __init__(self, *, guilds: int = 1, channels_per_guild: int = 3) -> None:
        ids = itertools.count(1)
        self._ids = ids
        self.app_id = snowflake(next(ids))
        self.bot_user = user_obj(snowflake(next(ids)), "newsbot", bot=True)
        self.guilds: list[Guild] = []
        for g in range(guilds):
            gid = snowflake(next(ids), shard_bits=g)
            self.guilds.append(
                Guild(
                    id=gid,
                    owner_id=snowflake(next(ids)),
                    channels={snowflake(next(ids)): f"news-{c}" for c in range(channels_per_guild)},
                    admin_role=snowflake(next(ids)),
                )
            )
        self.requests: list[Recorded] = []
        self.listeners: list[Callable[[Recorded], None]] = []  # told of every answered request
        self.rate_limits: list[RateLimit] = []
        self.missing_channels: set[int] = set()
        self.forbidden_channels: set[int] = set()
        self.connections: list[Connection] = []
        self.identifies: list[dict[str, Any]] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" or guild id
        self.dispatched: dict[int, float] = {}  # interaction id → when it was sent
        self.shards = 1
        # enforce_nonce: (author, nonce) → (when, the message created with it). Discord
        # checks "the past few minutes"; the fake keeps them for ``nonce_window`` seconds.
        self.nonce_window = 300.0
        self._nonces: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
        self.nonce_repeats = 0  # creates answered with the earlier message
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle
    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def guild(self) -> Guild:
        return self.guilds[0]

    @property
    def channel(self) -> int:
        return next(iter(self.guild.channels))

    async def start(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def close(self) -> None:
        for conn in self.connections:
            await conn.ws.close()
        if self._runner:
            await self._runner.cleanup()

    # ------------------------------------------------------------------ REST
    @staticmethod
    def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
        if data is None:
            return web.Response(status=204)
        return web.Response(
            status=status,
            body=json.dumps(data).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
        )

    async def _body(self, request: web.Request) -> tuple[Any, dict[str, bytes]]:
        """The JSON payload, and the files of a multipart request by filename."""
        if not request.can_read_body:
            return None, {}
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            raw = form.get("payload_json")
            files = {
                value.filename: value.file.read()
                for name, value in form.items()
                if name.startswith("files[") and isinstance(value, web.FileField)
            }
            return (json.loads(str(raw)) if raw is not None else None), files
        text = await request.text()
        return (json.loads(text) if text else None), {}

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files = await self._body(request)
        for limit in self.rate_limits:
            if (
                limit.times > 0
                and limit.method == request.method
                and re.fullmatch(limit.path, path)
            ):
                if limit.skip > 0:
                    limit.skip -= 1
                    continue
                limit.times -= 1
                self.requests.append(Recorded(request.method, path, dict(request.query), body, 429))
                return self._json(
                    {
                        "message": "You are being rate limited.",
                        "retry_after": limit.retry_after,
                        "global": limit.is_global,
                    },
                    429,
                    {"Via": "1.1 google", "Retry-After": str(int(limit.retry_after + 0.999))},
                )
        repeat = self._repeated_nonce(request.method, path, body)
        if repeat is not None:
            self.nonce_repeats += 1
            status, data = 200, repeat
        else:
            status, data = self._answer(request.method, path, dict(request.query), body)
            self._remember_nonce(request.method, path, body, status, data)
        recorded = Recorded(
            request.method,
            path,
            dict(request.query),
            body,
            status,
            created=repeat is None,
            files=files,
        )
        self.requests.append(recorded)
        for listener in self.listeners:
            listener(recorded)
        return self._json(data, status)

    @staticmethod
    def _nonce_key(method: str, path: str, body: Any) -> tuple[str, str] | None:
        """A message create that asks for its nonce to be enforced (the bot is the only
        author the fake knows, so the nonce alone names it)."""
        if method != "POST" or not re.fullmatch(r"/channels/\d+/messages", path):
            return None
        if not isinstance(body, dict) or not body.get("enforce_nonce") or not body.get("nonce"):
            return None
        return ("bot", str(body["nonce"]))

    def _repeated_nonce(self, method: str, path: str, body: Any) -> dict[str, Any] | None:
        key = self._nonce_key(method, path, body)
        if key is None or key not in self._nonces:
            return None
        when, message = self._nonces[key]
        if time.monotonic() - when > self.nonce_window:
            return None
        return message

    def _remember_nonce(self, method: str, path: str, body: Any, status: int, data: Any) -> None:
        key = self._nonce_key(method, path, body)
        if key is not None and status < 300:
            self._nonces[key] = (time.monotonic(), data)

    def _answer(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, Any]:
        parts = path.strip("/").split("/")
        match method, parts:
            case "GET", ["users", "@me"]:
                return 200, self.bot_user
            case "GET", ["oauth2", "applications", "@me"]:
                return 200, self._app_info()
            case "GET", ["gateway", "bot"]:
                return 200, {
                    "url": self.gateway_url,
                    "shards": self.shards,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 999,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            case "GET", ["gateway"]:
                return 200, {"url": self.gateway_url}
            case "POST", ["channels", channel, "messages"]:
                cid = int(channel)
                if cid in self.missing_channels:
                    return 404, {"message": "Unknown Channel", "code": 10003}
                if cid in self.forbidden_channels:
                    return 403, {"message": "Missing Access", "code": 50001}
                return 200, self._message(cid, body)
            case "POST", ["interactions", iid, _token, "callback"]:
                return 200, self._callback(int(iid), body)
            case "POST", ["webhooks", _app, _token]:
                return 200, self._message(0, body)
            case "PATCH", ["webhooks", _app, _token, "messages", _]:
                return 200, self._message(0, body)
            case "DELETE", ["webhooks", _app, _token, "messages", _]:
                return 204, None
            case "PUT", ["applications", _app, "commands"]:
                return 200, self._store_commands("global", body)
            case "PUT", ["applications", _app, "guilds", guild, "commands"]:
                return 200, self._store_commands(guild, body)
            case "GET", ["applications", _app, "commands"]:
                return 200, self.commands.get("global", [])
        return 404, {"message": f"404: Not Found ({method} {path})", "code": 0}

    def _app_info(self) -> dict[str, Any]:
        return {
            "id": str(self.app_id),
            "name": "newsbot",
            "description": "",
            "icon": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": user_obj(self.guild.owner_id, "owner"),
            "verify_key": "0" * 64,
            "flags": 0,
            "team": None,
            "summary": "",
            "rpc_origins": [],
        }

    def _message(self, channel_id: int, body: Any) -> dict[str, Any]:
        body = body or {}
        return {
            "id": str(snowflake(next(self._ids))),
            "channel_id": str(channel_id or self.channel),
            "author": self.bot_user,
            "content": body.get("content") or "",
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "pinned": False,
            "type": 0,
            "flags": body.get("flags") or 0,
            **({"nonce": str(body["nonce"])} if body.get("nonce") else {}),
        }

    def _callback(self, interaction_id: int, body: Any) -> dict[str, Any]:
        kind = body.get("type")
        data = body.get("data") or {}
        result: dict[str, Any] = {
            "interaction": {
                "id": str(interaction_id),
                "type": 2,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
            },
            "resource": {"type": kind},
        }
        if kind in (4, 5):
            msg = self._message(0, data)
            result["interaction"]["response_message_id"] = msg["id"]
            result["resource"]["message"] = msg
        return result

    def _store_commands(self, scope: str, body: Any) -> list[dict[str, Any]]:
        stored = [
            {
                "type": 1,
                "default_member_permissions": None,
                "dm_permission": True,
                "nsfw": False,
                "options": [],
                **cmd,
                "id": str(snowflake(next(self._ids))),
                "application_id": str(self.app_id),
                "version": "1",
            }
            for cmd in body or []
        ]
        self.commands[scope] = stored
        return stored

    # ------------------------------------------------------------------ gateway
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        conn = Connection(ws)
        self.connections.append(conn)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            op = data.get("op")
            if op == 1:
                await ws.send_json({"op": 11})
            elif op == 2:
                await self._identify(conn, data["d"])
            elif op == 6:
                await self._send(conn, "RESUMED", {})
        self.connections.remove(conn)
        return ws

    async def _identify(self, conn: Connection, data: dict[str, Any]) -> None:
        self.identifies.append(data)
        shard_id, count = data.get("shard") or (0, 1)
        conn.shard = (shard_id, count)
        mine = [g for g in self.guilds if (g.id >> 22) % count == shard_id]
        await self._send(
            conn,
            "READY",
            {
                "v": 10,
                "user": self.bot_user,
                "guilds": [{"id": str(g.id), "unavailable": True} for g in mine],
                "session_id": f"session-{shard_id}",
                "resume_gateway_url": self.gateway_url,
                "shard": [shard_id, count],
                "application": {"id": str(self.app_id), "flags": 0},
                "private_channels": [],
            },
        )
        for g in mine:
            await self._send(conn, "GUILD_CREATE", self._guild_payload(g))
        conn.identified.set()

    def _guild_payload(self, g: Guild) -> dict[str, Any]:
        role = {
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "color": 0,
            "flags": 0,
        }
        return {
            "id": str(g.id),
            "name": g.name,
            "icon": None,
            "owner_id": str(g.owner_id),
            "unavailable": False,
            "large": False,
            "member_count": 1,
            "joined_at": now_iso(),
            "features": [],
            "emojis": [],
            "stickers": [],
            "roles": [
                {
                    **role,
                    "id": str(g.id),
                    "name": "@everyone",
                    "position": 0,
                    "permissions": str(MEMBER_PERMISSIONS),
                },
                {
                    **role,
                    "id": str(g.admin_role),
                    "name": "editors",
                    "position": 1,
                    "permissions": str(MEMBER_PERMISSIONS),
                },
            ],
            "channels": [
                {
                    "id": str(cid),
                    "type": 0,
                    "name": name,
                    "position": n,
                    "permission_overwrites": [],
                    "nsfw": False,
                    "parent_id": None,
                }
                for n, (cid, name) in enumerate(g.channels.items())
            ],
            "members": [
                {
                    "user": self.bot_user,
                    "roles": [],
                    "joined_at": now_iso(),
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                }
            ],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "afk_timeout": 300,
            "system_channel_id": None,
        }

    async def _send(self, conn: Connection, event: str, data: dict[str, Any]) -> None:
        conn.seq += 1
        await conn.ws.send_json({"op": 0, "t": event, "s": conn.seq, "d": data})

    async def dispatch(
        self,
        event: str,
        data: dict[str, Any],
        guild_id: int | None = None,
        connection: Connection | None = None,
    ) -> None:
        """Sends an event on the shard that owns the guild (the only one, unsharded), or
        on the given connection (when several bots share the fake)."""
        if connection is not None:
            await self._send(connection, event, data)
            return
        gid = guild_id or self.guild.id
        for conn in self.connections:
            shard_id, count = conn.shard
            if conn.identified.is_set() and (gid >> 22) % count == shard_id:
                await self._send(conn, event, data)
                return
        raise RuntimeError(f"no gateway connection for guild {gid}")

    # ------------------------------------------------------------------ scenarios
    def member(
        self, user_id: int, *, roles: Iterable[int] = (), permissions: int = MEMBER_PERMISSIONS
    ) -> dict[str, Any]:
        return {
            "user": user_obj(user_id, f"user{user_id % 1000}"),
            "roles": [str(r) for r in roles],
            "permissions": str(permissions),
            "joined_at": now_iso(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "avatar": None,
            "pending": False,
            "premium_since": None,
        }

    def interaction_payload(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        user_id: int,
        roles: Iterable[int] = (),
        permissions: int = MEMBER_PERMISSIONS,
        channel_id: int | None = None,
        guild: Guild | None = None,
    ) -> dict[str, Any]:
        g = guild or self.guild
        cid = channel_id or next(iter(g.channels))
        iid = snowflake(next(self._ids))
        return {
            "id": str(iid),
            "application_id": str(self.app_id),
            "type": kind,
            "data": data,
            "guild_id": str(g.id),
            "channel_id": str(cid),
            "channel": {
                "id": str(cid),
                "type": 0,
                "guild_id": str(g.id),
                "name": g.channels.get(cid, "news"),
                "position": 0,
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
            },
            "member": self.member(user_id, roles=roles, permissions=permissions),
            "token": f"token-{iid}",
            "version": 1,
            "app_permissions": str(MEMBER_PERMISSIONS),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(g.id)},
            "context": 0,
            "attachment_size_limit": 8 * 1024 * 1024,
        }

    async def slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        sub: str | None = None,
        focused: str | None = None,
        user_id: int = 1001,
        roles: Iterable[int] = (),
        permissions: int = MEMBER_PERMISSIONS,
        channel_id: int | None = None,
        guild: Guild | None = None,
    ) -> dict[str, Any]:
        """Sends a slash command (or, with ``focused``, an autocomplete) as Discord would;
        returns the interaction payload."""
        opts = [
            {
                "name": k,
                "type": 4 if isinstance(v, int) else 3,
                "value": v,
                **({"focused": True} if k == focused else {}),
            }
            for k, v in (options or {}).items()
        ]
        if sub:
            opts = [{"name": sub, "type": 1, "options": opts}]
        payload = self.interaction_payload(
            4 if focused else 2,
            {"id": str(snowflake(next(self._ids))), "name": name, "type": 1, "options": opts},
            user_id=user_id,
            roles=roles,
            permissions=permissions,
            channel_id=channel_id,
            guild=guild,
        )
        self.dispatched[int(payload["id"])] = time.perf_counter()
        await self.dispatch("INTERACTION_CREATE", payload, (guild or self.guild).id)
        return payload

    async def mention(
        self,
        text: str,
        *,
        user_id: int = 1001,
        roles: Iterable[int] = (),
        channel_id: int | None = None,
        guild: Guild | None = None,
        reply_to: str | None = None,
    ) -> dict[str, Any]:
        """A message that @mentions the bot, as sent without the message-content intent
        (Discord still includes the text of a message that mentions the bot); with
        ``reply_to``, a reply to that message id."""
        g = guild or self.guild
        cid = channel_id or next(iter(g.channels))
        member = self.member(user_id, roles=roles)
        member.pop("user")
        member.pop("permissions")
        payload = {
            "id": str(snowflake(next(self._ids))),
            "channel_id": str(cid),
            "guild_id": str(g.id),
            "author": user_obj(user_id, f"user{user_id % 1000}"),
            "member": member,
            "content": f"<@{self.bot_user['id']}> {text}",
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [self.bot_user],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if reply_to is not None:
            payload["type"] = 19  # a reply
            payload["message_reference"] = {
                "message_id": reply_to,
                "channel_id": str(cid),
                "guild_id": str(g.id),
            }
        await self.dispatch("MESSAGE_CREATE", payload, g.id)
        return payload

    def unannounced_guild(self) -> Guild:
        """A guild the bot is in but has not been told about yet (its GUILD_CREATE is
        still to come, as after a resume or while Discord brings a guild back)."""
        gid = snowflake(next(self._ids))
        guild = Guild(
            id=gid,
            owner_id=snowflake(next(self._ids)),
            channels={snowflake(next(self._ids)): "late-news"},
            admin_role=snowflake(next(self._ids)),
        )
        return guild

    # ------------------------------------------------------------------ reading
    def for_interaction(self, payload: dict[str, Any]) -> list[Recorded]:
        """The callback and follow-ups the bot sent for one interaction."""
        token = payload["token"]
        return [r for r in self.requests if token in r.path.split("/") and r.status < 300]

    def posted(self, channel_id: int) -> list[Recorded]:
        return [
            r
            for r in self.requests
            if r.method == "POST"
            and r.path == f"/channels/{channel_id}/messages"
            and r.status < 300
            and r.created
        ]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 15.0) -> Any:
        """Waits until ``predicate()`` is truthy (a hang guard, not a timing assertion)."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError("the bot did not do what was expected in time")
            await asyncio.sleep(0.005)

    async def replies(self, payload: dict[str, Any], count: int = 1) -> list[dict[str, Any]]:
        """The messages answering an interaction (past a deferral), once ``count`` are in."""

        def ready() -> list[dict[str, Any]] | None:
            bodies = message_bodies(self.for_interaction(payload))
            return bodies if len(bodies) >= count else None

        found: list[dict[str, Any]] = await self.wait_for(ready)
        return found

    async def wait_for_connection(self, timeout: float = 15.0) -> None:
        await self.wait_for(
            lambda: self.connections and all(c.identified.is_set() for c in self.connections),
            timeout,
        )


def message_bodies(recorded: Iterable[Recorded]) -> list[dict[str, Any]]:
    """The message payloads among recorded requests (channel posts, interaction responses
    and follow-ups), whatever route carried them."""
    out = []
    for r in recorded:
        body = r.body
        if not isinstance(body, dict):
            continue
        if r.path.endswith("/callback"):
            if body.get("type") == 4:
                out.append(body.get("data") or {})
        elif "/messages" in r.path or r.path.startswith("/webhooks/"):
            out.append(body)
    return out


def check_limits(recorded: Iterable[Recorded]) -> list[str]:
    """Every way a recorded payload breaks a Discord limit or could ping someone; an
    empty list when all is well."""
    problems: list[str] = []
    for r in recorded:
        body = r.body if isinstance(r.body, dict) else {}
        where = f"{r.method} {r.path}"
        if r.path.endswith("/callback") and body.get("type") == 8:
            choices = (body.get("data") or {}).get("choices") or []
            if len(choices) > LIMITS["choices"]:
                problems.append(f"{where}: {len(choices)} autocomplete choices")
            for c in choices:
                if len(c["name"]) > LIMITS["choice"] or len(str(c["value"])) > LIMITS["choice"]:
                    problems.append(f"{where}: choice longer than 100: {c['name'][:40]!r}")
    for body in message_bodies(recorded):
        problems += _message_problems(body)
    return problems


def _message_problems(body: dict[str, Any]) -> list[str]:
    problems = []
    content = body.get("content") or ""
    embeds = body.get("embeds") or []
    if len(content) > LIMITS["content"]:
        problems.append(f"content of {len(content)} characters")
    if len(embeds) > LIMITS["embeds"]:
        problems.append(f"{len(embeds)} embeds in one message")
    if not content and not embeds and "flags" not in body:
        problems.append("an empty message")
    mentions = body.get("allowed_mentions")
    if (
        mentions is None
        or mentions.get("parse")
        or mentions.get("users")
        or mentions.get("roles")
        or mentions.get("replied_user")
    ):
        problems.append(f"allowed_mentions allows pings: {mentions!r}")
    total = 0
    for e in embeds:
        sizes = {
            "title": len(e.get("title") or ""),
            "description": len(e.get("description") or ""),
            "footer.text": len((e.get("footer") or {}).get("text") or ""),
            "author.name": len((e.get("author") or {}).get("name") or ""),
        }
        fields = e.get("fields") or []
        if len(fields) > LIMITS["fields"]:
            problems.append(f"{len(fields)} fields in one embed")
        if not any(sizes.values()) and not fields and not e.get("image"):
            problems.append("an empty embed")
        for f in fields:
            if not f.get("name") or not f.get("value"):
                problems.append("a field without a name or value")
            for key in ("name", "value"):
                if len(f.get(key) or "") > LIMITS[f"field.{key}"]:
                    problems.append(f"field {key} of {len(f[key])} characters")
            sizes_f = len(f.get("name") or "") + len(f.get("value") or "")
            total += sizes_f
        for key, size in sizes.items():
            if size > LIMITS[key]:
                problems.append(f"embed {key} of {size} characters")
            total += size
    if total > LIMITS["total"]:
        problems.append(f"embeds of {total} characters in one message")
    return problems
