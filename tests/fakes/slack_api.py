"""A fake Slack Web API on 127.0.0.1: records every call, answers like Slack does, and can
be told to answer the next calls of a method with HTTP 429 + Retry-After or ``ok: false``.

It runs its own event loop in a thread, so both the Bolt app (aiohttp client) and the
outbox transport (slack_sdk's synchronous urllib client) can call it from anywhere.
Response URLs (``/response/N``) are served too and recorded as method ``response_url``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

BOT_USER = "UBOT"
BOT_ID = "BNEWS"
APP_ID = "ANEWS"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str | None
    status: int = 200  # the HTTP status the fake answered with
    ok: bool = True  # and whether its body said ok
    path: str = ""  # for response_url posts: which one

    @property
    def payload(self) -> dict[str, Any]:
        """The message as Slack would read it: ``blocks`` decoded from a form field too."""
        out = dict(self.params)
        if isinstance(out.get("blocks"), str):
            out["blocks"] = json.loads(out["blocks"])
        if isinstance(out.get("view"), str):
            out["view"] = json.loads(out["view"])
        return out


@dataclass
class Failure:
    status: int
    error: str
    retry_after: float | None = None
    after: int = 0  # successful calls to let through first


@dataclass
class FakeSlack:
    tokens: dict[str, str] = field(default_factory=dict)  # bot token -> team id
    workspace_admins: set[str] = field(default_factory=set)  # users.info is_admin
    # users.conversations: the channels each user is in (a user not here: Slack refuses,
    # as for an install without the channels:read scope).
    members: dict[str, list[str]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    oauth_team: tuple[str, str] = ("T2", "Second Newsroom")

    def __post_init__(self) -> None:
        self._failures: dict[str, list[Failure]] = {}
        self._cond = threading.Condition()
        self._ts = itertools.count(1)
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self.port = 0
        self.uploads: dict[str, bytes] = {}  # file id -> the bytes files_upload_v2 sent

    # ------------------------------------------------------------------ control
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, n: int | str = 1) -> str:
        return f"http://127.0.0.1:{self.port}/response/{n}"

    def fail(
        self,
        method: str,
        *,
        status: int = 200,
        error: str = "ratelimited",
        retry_after: float | None = None,
        times: int = 1,
        after: int = 0,
    ) -> None:
        """``times`` calls of ``method`` fail (429 with Retry-After, or ok:false), once
        ``after`` calls have succeeded."""
        with self._cond:
            queue = self._failures.setdefault(method, [])
            queue.append(Failure(status, error, retry_after, after))
            queue.extend(Failure(status, error, retry_after) for _ in range(times - 1))

    def of(self, method: str, *, ok_only: bool = True) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method and (c.ok or not ok_only)]

    def wait_for(self, check: Callable[[list[Call]], bool], *, timeout: float = 15.0) -> list[Call]:
        """Waits until ``check(calls)`` holds (the app answers after its ack); fails if never."""
        with self._cond:
            if not self._cond.wait_for(lambda: check(list(self.calls)), timeout=timeout):
                raise AssertionError(
                    "the fake Slack API never saw the expected calls; it saw: "
                    + ", ".join(c.method for c in self.calls)
                )
            return list(self.calls)

    def wait_calls(self, method: str, count: int = 1) -> list[Call]:
        """Waits for ``count`` successful calls of ``method``; returns all of them."""
        self.wait_for(lambda calls: sum(c.method == method and c.ok for c in calls) >= count)
        return self.of(method)

    # ------------------------------------------------------------------ Socket Mode
    def socket_send(self, envelope_type: str, payload: dict[str, Any], envelope_id: str) -> None:
        """Sends an envelope to the connected Socket Mode client, as Slack would; its
        acknowledgement is recorded as method ``socket_ack`` (path = the envelope id)."""
        message = {
            "envelope_id": envelope_id,
            "type": envelope_type,
            "payload": payload,
            "accepts_response_payload": envelope_type != "events_api",
        }

        async def send() -> None:
            await self._sockets[-1].send_str(json.dumps(message))

        asyncio.run_coroutine_threadsafe(send(), self._loop).result(10)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        self._record(Call("socket_connect", {}, None))
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                data = json.loads(message.data)
                self._record(
                    Call(
                        "socket_ack",
                        data.get("payload") or {},
                        None,
                        path=str(data.get("envelope_id")),
                    )
                )
        return ws

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> FakeSlack:
        started = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self._loop)
            app = web.Application()
            app.router.add_route("*", "/api/{method}", self._api)
            app.router.add_post("/response/{n}", self._response_url)
            app.router.add_post("/upload/{file_id}", self._upload)
            app.router.add_get("/socket", self._socket)
            self._runner = web.AppRunner(app, access_log=None)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            self.port = self._runner.addresses[0][1]
            started.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=serve, name="fake-slack", daemon=True)
        self._thread.start()
        started.wait(10)
        return self

    def stop(self) -> None:
        async def cleanup() -> None:
            for ws in self._sockets:
                await ws.close()
            if self._runner is not None:
                await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    # ------------------------------------------------------------------ handlers
    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        raw = await request.text()
        if raw:
            if request.content_type == "application/json":
                params.update(json.loads(raw))
            else:
                params.update(dict(parse_qsl(raw, keep_blank_values=True)))
        return params

    def _record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    async def _response_url(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        self._record(Call("response_url", params, None, path=request.match_info["n"]))
        return web.json_response({"ok": True})

    async def _upload(self, request: web.Request) -> web.Response:
        """Step 2 of files_upload_v2: the file's bytes, to the URL step 1 gave."""
        data = await request.read()
        file_id = request.match_info["file_id"]
        with self._cond:
            self.uploads[file_id] = data
        self._record(Call("file_upload", {"file_id": file_id, "size": len(data)}, None))
        return web.Response(text="OK - 200")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        auth = request.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else params.get("token")
        with self._cond:
            queue = self._failures.get(method)
            failure = None
            if queue and queue[0].after > 0:
                queue[0].after -= 1
            elif queue:
                failure = queue.pop(0)
        if failure is not None:
            self._record(Call(method, params, token, failure.status, ok=False))
            headers = {}
            if failure.retry_after is not None:
                headers["Retry-After"] = f"{failure.retry_after:g}"
            return web.json_response(
                {"ok": False, "error": failure.error}, status=failure.status, headers=headers
            )
        if method == "oauth.v2.access":
            answer = self._oauth(params)
            self._record(Call(method, params, token, ok=answer["ok"]))
            return web.json_response(answer)
        team = self.tokens.get(token or "")
        if team is None:
            self._record(Call(method, params, token, ok=False))
            return web.json_response({"ok": False, "error": "invalid_auth"})
        self._record(Call(method, params, token))
        return web.json_response(self._answer(method, params, team))

    def _answer(self, method: str, params: dict[str, Any], team: str) -> dict[str, Any]:
        ts = f"1700000000.{next(self._ts):06d}"
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://newsroom.example/",
                "team": "Newsroom",
                "user": "newsbot",
                "team_id": team,
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            return {"ok": True, "channel": params.get("channel"), "ts": ts}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):06d}"
            return {
                "ok": True,
                "file_id": file_id,
                "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}",
            }
        if method == "files.completeUploadExternal":
            files = params.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method in ("views.publish", "views.open", "views.update"):
            view = params.get("view")
            view = json.loads(view) if isinstance(view, str) else view
            return {"ok": True, "view": {**(view or {}), "id": f"V{next(self._ts)}"}}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        if method == "users.conversations":
            user = params.get("user")
            if user not in self.members:
                return {"ok": False, "error": "missing_scope"}
            channels = [{"id": c, "is_member": True} for c in self.members[user]]
            return {"ok": True, "channels": channels, "response_metadata": {"next_cursor": ""}}
        if method == "users.info":
            user = params.get("user")
            return {
                "ok": True,
                "user": {
                    "id": user,
                    "is_admin": user in self.workspace_admins,
                    "is_owner": False,
                },
            }
        return {"ok": False, "error": "unknown_method"}

    def _oauth(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("code") != "good-code":
            return {"ok": False, "error": "invalid_code"}
        team_id, team_name = self.oauth_team
        token = f"xoxb-{team_id.lower()}"
        self.tokens[token] = team_id
        return {
            "ok": True,
            "app_id": APP_ID,
            "authed_user": {"id": "UINSTALLER"},
            "scope": "app_mentions:read,chat:write,commands,im:history,users:read",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": BOT_USER,
            "team": {"id": team_id, "name": team_name},
            "enterprise": None,
            "is_enterprise_install": False,
        }
