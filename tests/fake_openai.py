"""A local OpenAI-compatible chat-completions endpoint (aiohttp on 127.0.0.1) for the
language-model reader's tests: each request is answered by the next scripted reply, and
every request body is kept so a test can read what was sent."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

Reply = Callable[[dict[str, Any]], Awaitable[web.StreamResponse]]


def completion(content: str, *, prompt_tokens: int = 120, completion_tokens: int = 30) -> Reply:
    """A 200 whose one choice says ``content``, with the usage a server reports."""

    async def reply(body: dict[str, Any]) -> web.StreamResponse:
        return web.json_response(
            {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": 1_700_000_000,
                "model": body.get("model", "test"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            }
        )

    return reply


def reading(statements: list[dict[str, Any]], items: list[dict[str, Any]] | None = None) -> Reply:
    return completion(json.dumps({"statements": statements, "items": items or []}))


def status(code: int, headers: dict[str, str] | None = None) -> Reply:
    async def reply(body: dict[str, Any]) -> web.StreamResponse:
        return web.json_response(
            {"error": {"message": f"status {code}", "type": "test"}}, status=code, headers=headers
        )

    return reply


def silent(seconds: float) -> Reply:
    """Answers nothing for ``seconds``: a model slower than the reader's timeout."""

    async def reply(body: dict[str, Any]) -> web.StreamResponse:
        await asyncio.sleep(seconds)
        return web.json_response({})

    return reply


@dataclass
class FakeModel:
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FakeModel:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        async def chat(request: web.Request) -> web.StreamResponse:
            body = await request.json()
            self.requests.append(body)
            if not self.replies:
                return web.json_response({"error": {"message": "no reply scripted"}}, status=500)
            return await self.replies.pop(0)(body)

        async def serve() -> None:
            app = web.Application()
            app.router.add_post("/v1/chat/completions", chat)
            self._runner = web.AppRunner(app)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            server = site._server
            assert server is not None and server.sockets
            self.port = server.sockets[0].getsockname()[1]
            ready.set()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(serve())
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        assert ready.wait(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
