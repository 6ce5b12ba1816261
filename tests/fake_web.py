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
        async def dispatch(request: web.Request) -> web.StreamResponse:
            self.hits.append(request.path)
            handler = self.routes.get(request.path)
            if handler is None:
                raise web.HTTPNotFound()
            return await handler(request)

        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", dispatch)
        self._server = ServedApp(app).start()
        self.port = self._server.port

    def stop(self) -> None:
        self._server.stop()


class ServedApp:
    """An aiohttp app on 127.0.0.1 at an ephemeral port, served by an event loop in a
    thread of its own: what every local fake of a web service here runs on."""

    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.port = 0

    def start(self) -> ServedApp:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        async def serve() -> None:
            self._runner = web.AppRunner(self.app)
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
        assert ready.wait(10), "the local server did not start"
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
