"""Fetching a URL without letting a pasted link reach inside the network.

Only the schemes the settings allow (http and https by default); every address a host
name resolves to is checked at connect time — inside the connector, so a name that
resolves differently a second time ("DNS rebinding") is checked again — and loopback,
private, link-local, multicast and reserved addresses are refused unless the settings
allow them. Redirects are followed by hand, each hop checked the same way; the body is
read up to a size limit, the whole fetch within a time limit.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import aiohttp
from aiohttp.abc import ResolveResult

from bot.config.settings import Settings

_log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
USER_AGENT = "newsbot/0.1 (+follows a news story for a team)"
_ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
_ACCEPT += "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"


class FetchError(ValueError):
    """The URL cannot or may not be fetched; the message says why, for the user."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    body: bytes
    charset: str | None = None
    etag: str | None = None
    modified: str | None = None
    not_modified: bool = False  # 304: unchanged since the etag / date given

    @property
    def text(self) -> str:
        try:
            return self.body.decode(self.charset or "utf-8")
        except (LookupError, UnicodeDecodeError):
            return self.body.decode("utf-8", errors="replace")


def refused_address(host: str) -> str | None:
    """Why an IP address may not be fetched from, or None when it may."""
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private network address"
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified or not ip.is_global:
        return "not a public internet address"
    return None


class _CheckedResolver(aiohttp.ThreadedResolver):
    """Resolves as usual, then refuses the host if any of its addresses is not public."""

    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self.allow_private = allow_private

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await super().resolve(host, port, family)
        if not self.allow_private:
            for result in results:
                why = refused_address(result["host"])
                if why is not None:
                    raise FetchError(f"{host} resolves to {why}; I only fetch public web pages.")
        return results


def check_url(url: str, settings: Settings) -> str:
    """The URL, checked for scheme and literal address; raises FetchError otherwise."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if not scheme:
        raise FetchError(f"“{url[:100]}” is not a web address: it should start with https://.")
    if scheme not in settings.fetch_schemes:
        raise FetchError(f"I don't fetch {scheme}: addresses; give an http:// or https:// link.")
    if scheme in ("http", "https"):
        host = parts.hostname
        if not host:
            raise FetchError(f"“{url[:100]}” has no host name.")
        why = refused_address(host)
        if why is not None and not settings.fetch_allow_private:
            raise FetchError(f"{host} is {why}; I only fetch public web pages.")
    return url


def fetch(
    url: str, settings: Settings, *, etag: str | None = None, modified: str | None = None
) -> Fetched:
    """Fetch a URL under the settings' limits; raises FetchError with a readable reason.
    ``etag``/``modified`` (from the last fetch) make it a conditional request."""
    url = check_url(url, settings)
    if urlsplit(url).scheme.lower() == "file":
        return _read_file(url, settings)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_fetch(url, settings, _conditional(etag, modified)))
    # Called from inside an event loop (a chat adapter): run the fetch on its own loop in
    # a worker thread rather than block or re-enter the caller's loop.
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = asyncio.run(_fetch(url, settings, _conditional(etag, modified)))
        except BaseException as exc:  # handed back to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=work, name="newsbot-fetch", daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    result: Fetched = box["result"]
    return result


def _read_file(url: str, settings: Settings) -> Fetched:
    path = Path(unquote(urlsplit(url).path))
    try:
        size = path.stat().st_size
        if size > settings.fetch_max_bytes:
            raise FetchError(
                f"{path.name} is {size:,} bytes; the limit is {settings.fetch_max_bytes:,}."
            )
        body = path.read_bytes()
    except OSError as exc:
        raise FetchError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    kind = "text/html" if path.suffix.lower() in (".html", ".htm") else "text/plain"
    if path.suffix.lower() in (".xml", ".rss", ".atom"):
        kind = "application/xml"
    return Fetched(url, kind, body, "utf-8")


def _conditional(etag: str | None, modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    return headers


async def _fetch(url: str, settings: Settings, extra: dict[str, str]) -> Fetched:
    timeout = aiohttp.ClientTimeout(total=settings.fetch_timeout)
    connector = aiohttp.TCPConnector(
        resolver=_CheckedResolver(settings.fetch_allow_private), use_dns_cache=False, limit=4
    )
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT}
    try:
        async with aiohttp.ClientSession(
            connector=connector, timeout=timeout, headers=headers, trust_env=False
        ) as session:
            for _ in range(MAX_REDIRECTS + 1):
                async with session.get(url, allow_redirects=False, headers=extra) as response:
                    if response.status == 304:
                        return Fetched(str(response.url), "", b"", not_modified=True)
                    if response.status in (301, 302, 303, 307, 308):
                        location = response.headers.get("Location")
                        if not location:
                            raise FetchError(f"{url[:100]} redirects to nowhere.")
                        url = check_url(urljoin(url, location), settings)
                        if urlsplit(url).scheme.lower() not in ("http", "https"):
                            raise FetchError("That link redirects away from the web; not followed.")
                        continue
                    if response.status >= 400:
                        raise FetchError(
                            f"{urlsplit(url).hostname} answered {response.status} "
                            f"{response.reason or ''}".rstrip()
                            + "."
                        )
                    body = await _read_limited(response, settings.fetch_max_bytes)
                    return Fetched(
                        str(response.url),
                        response.content_type,
                        body,
                        response.charset,
                        etag=response.headers.get("ETag"),
                        modified=response.headers.get("Last-Modified"),
                    )
            raise FetchError(f"More than {MAX_REDIRECTS} redirects; not followed.")
    except FetchError:
        raise
    except TimeoutError as exc:
        raise FetchError(
            f"{urlsplit(url).hostname} took longer than {settings.fetch_timeout:g} s; gave up."
        ) from exc
    except aiohttp.ClientConnectorError as exc:
        cause = exc.os_error
        if isinstance(cause, FetchError):
            raise cause from exc
        raise FetchError(f"Could not connect to {urlsplit(url).hostname}.") from exc
    except aiohttp.InvalidURL as exc:
        raise FetchError(f"“{url[:100]}” is not a valid address.") from exc
    except aiohttp.ClientError as exc:
        raise FetchError(
            f"Fetching {urlsplit(url).hostname} failed ({type(exc).__name__})."
        ) from exc


async def _read_limited(response: aiohttp.ClientResponse, limit: int) -> bytes:
    declared = response.content_length
    if declared is not None and declared > limit:
        raise FetchError(f"The page is {declared:,} bytes; the limit is {limit:,}.")
    chunks = []
    total = 0
    async for chunk in response.content.iter_chunked(65536):
        total += len(chunk)
        if total > limit:
            raise FetchError(f"The page is larger than the limit of {limit:,} bytes; stopped.")
        chunks.append(chunk)
    return b"".join(chunks)
