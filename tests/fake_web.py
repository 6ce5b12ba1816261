"""A small local web server for fetch and feed tests: aiohttp on 127.0.0.1, an ephemeral
port, run in a thread of its own, with routes the test sets up and a log of requests."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class FakeWeb:
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path: str, body: str, content_type: str = "text/html") -> None:
        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(text=body, content_type=content_type, charset="utf-8")

        self.routes[path] = handler

    def redirect(self, path: str, location: str) -> None:
        async def handler(request: web.Request) -> web.StreamResponse:
            raise web.HTTPFound(location)

        self.routes[path] = handler

    def start(self) -> None:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        async def dispatch(request: web.Request) -> web.StreamResponse:
            self.hits.append(request.path)
            handler = self.routes.get(request.path)
            if handler is None:
                raise web.HTTPNotFound()
            return await handler(request)

        async def serve() -> None:
            app = web.Application()
            app.router.add_route("GET", "/{tail:.*}", dispatch)
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
        ready.wait(10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
