"""A local OpenAI-compatible chat-completions endpoint (aiohttp on 127.0.0.1) for the
language-model reader's tests: each request is answered by the next scripted reply, and
every request body is kept so a test can read what was sent."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from fake_web import ServedApp

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
        async def chat(request: web.Request) -> web.StreamResponse:
            body = await request.json()
            self.requests.append(body)
            if not self.replies:
                return web.json_response({"error": {"message": "no reply scripted"}}, status=500)
            return await self.replies.pop(0)(body)

        app = web.Application()
        app.router.add_post("/v1/chat/completions", chat)
        self._server = ServedApp(app).start()
        self.port = self._server.port
        return self

    def stop(self) -> None:
        self._server.stop()
