"""Links and feeds, fetched from a local web server through the real fetcher: pages read
without their clutter, redirects and limits enforced, RSS/Atom items ingested once, feeds
polled on their own interval, and ``newsbot ingest --feed`` backfills."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from apscheduler.schedulers.background import BackgroundScheduler
from fake_web import FakeWeb
from sqlalchemy import select

from bot.cli.main import main
from bot.core.newsbot import NewsBot
from bot.ingest.feeds import poll_due_feeds
from bot.ingest.jobs import JOB_ID, poll_feeds_job, register_feed_jobs
from bot.storage.models import Article, Feed, FeedEntry, Proposal

SAMPLES = Path(__file__).parent / "data" / "articles"

PAGE = """<!doctype html><html><head><title>Vilnius ready to send instructors</title>
<meta property="og:site_name" content="Baltic Wire"></head><body>
<nav>Home · World · Sport · Subscribe</nav>
<article><h1>Vilnius ready to send instructors</h1>
<p>Lithuania is ready to send military instructors to Ukraine, Defence Minister Laurynas
Kasciunas said on Tuesday, as long as allies take part as well.</p>
<p>Vilnius has trained Ukrainian soldiers on its own territory since 2022.</p></article>
<footer>© Baltic Wire · Cookie settings</footer></body></html>"""


def rss(*items: str) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Defence Desk</title><link>https://desk.example.org</link>"
        "<description>news</description>" + "".join(items) + "</channel></rss>"
    )


def rss_item(guid: str, title: str, date: str, html: str) -> str:
    return (
        f"<item><guid>{guid}</guid><title>{title}</title><pubDate>{date}</pubDate>"
        f"<link>https://desk.example.org/{guid}</link>"
        f"<content:encoded><![CDATA[{html}]]></content:encoded></item>"
    )


def sample_html(name: str) -> tuple[str, str]:
    """A sample article as a feed item's HTML: its title and its paragraphs."""
    (path,) = SAMPLES.glob(f"{name}*.txt")
    header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    title = header.splitlines()[0].removeprefix("Title: ")
    return title, "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())


@pytest.fixture
def web_server() -> Iterator[FakeWeb]:
    server = FakeWeb()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def web_bot(settings, clock) -> Iterator[NewsBot]:
    # The test server listens on 127.0.0.1: the setting that allows private addresses.
    allowed = dataclasses.replace(settings, fetch_allow_private=True)
    newsbot = NewsBot(allowed, clock=clock)
    yield newsbot
    newsbot.engine.dispose()


@pytest.fixture
def web_chat(web_bot):
    from conftest import ChatBot

    return ChatBot(web_bot)


# ---------------------------------------------------------------- links
def test_a_link_is_fetched_and_read_without_its_clutter(web_server, web_bot, web_chat):
    web_server.page("/lithuania", PAGE)
    reply = web_chat.say("ingest " + web_server.url("/lithuania"))
    assert "Added “Vilnius ready to send instructors”" in reply
    assert "Lithuania → supports" in reply
    with web_bot.session() as session:
        (article,) = session.scalars(select(Article).where(Article.added_by != "seed"))
        assert article.url == web_server.url("/lithuania")
        assert article.source == "Baltic Wire"
        assert "Cookie" not in article.body and "Subscribe" not in article.body


def test_loopback_is_refused_unless_the_setting_allows_it(web_server, chat, snapshot):
    web_server.page("/lithuania", PAGE)
    before = snapshot(audit=False)
    reply = chat.say("ingest " + web_server.url("/lithuania"))
    assert "loopback" in reply and snapshot(audit=False) == before
    assert web_server.hits == []  # refused before connecting


@pytest.mark.parametrize(
    ("location", "says"),
    [
        ("file:///etc/passwd", "I don't fetch file"),
        ("gopher://example.org/", "I don't fetch gopher"),
        ("/loop", "redirects"),
    ],
)
def test_redirects_are_checked_hop_by_hop(web_server, web_chat, snapshot, location, says):
    web_server.redirect("/start", location)
    web_server.redirect("/loop", "/loop")
    before = snapshot(audit=False)
    reply = web_chat.say("ingest " + web_server.url("/start"))
    assert says in reply, reply
    assert snapshot(audit=False) == before


def test_a_page_over_the_size_limit_is_not_read(web_server, settings, clock, snapshot):
    from conftest import ChatBot

    small = dataclasses.replace(settings, fetch_allow_private=True, fetch_max_bytes=500)
    bot = NewsBot(small, clock=clock)
    try:
        web_server.page("/big", PAGE * 3)
        reply = ChatBot(bot).say("ingest " + web_server.url("/big"))
        assert "the limit is 500" in reply and "Added" not in reply
    finally:
        bot.engine.dispose()


def test_a_slow_site_is_given_up_on(web_server, settings, clock):
    from conftest import ChatBot

    async def slow(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(5)
        return web.Response(text=PAGE, content_type="text/html")

    web_server.routes["/slow"] = slow
    quick = dataclasses.replace(settings, fetch_allow_private=True, fetch_timeout=0.3)
    bot = NewsBot(quick, clock=clock)
    try:
        reply = ChatBot(bot).say("ingest " + web_server.url("/slow"))
        assert "took longer than 0.3 s" in reply
    finally:
        bot.engine.dispose()


# ---------------------------------------------------------------- feeds
def serve_feed(web_server: FakeWeb, *names: str) -> str:
    items = []
    for n, name in enumerate(names):
        title, html = sample_html(name)
        items.append(rss_item(f"item-{name}", title, f"Mon, 0{n + 1} Jul 2024 08:00:00 GMT", html))
    web_server.page("/rss", rss(*items), "application/rss+xml")
    return web_server.url("/rss")


def test_a_feed_is_followed_and_each_item_ingested_once(web_server, web_bot, web_chat):
    url = serve_feed(web_server, "101", "103")
    assert "Following feed #1" in web_chat.say(f"feed add {url} every=15")
    reply = web_chat.say("feed poll")
    assert "Defence Desk: 2 new items — 2 added" in reply
    with web_bot.session() as session:
        titles = [
            a.title for a in session.scalars(select(Article).where(Article.added_by != "seed"))
        ]
        targets = [p.target for p in session.scalars(select(Proposal).order_by(Proposal.id))]
        entries = session.scalars(select(FeedEntry)).all()
    assert titles[0].startswith("Estonia weighs") and titles[1].startswith("Madrid says no")
    assert targets == ["estonia", "spain", "sweden"]
    assert len(entries) == 2
    assert "0 new items" in web_chat.say("feed poll")
    listing = web_chat.say("feed list")
    assert "#1 Defence Desk — every 15 min; last read" in listing


def test_a_teaser_item_has_its_link_fetched(web_server, web_bot, web_chat):
    web_server.page("/lithuania", PAGE)
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Baltic Wire</title><id>urn:bw</id><updated>2024-07-02T08:00:00Z</updated>"
        "<entry><id>urn:bw:1</id><title>Vilnius ready</title>"
        f'<link href="{web_server.url("/lithuania")}"/>'
        "<updated>2024-07-02T08:00:00Z</updated><summary>Lithuania moves.</summary></entry></feed>"
    )
    web_server.page("/atom", atom, "application/atom+xml")
    web_chat.say("feed add " + web_server.url("/atom"))
    assert "1 added" in web_chat.say("feed poll")
    assert "/lithuania" in web_server.hits
    with web_bot.session() as session:
        (article,) = session.scalars(select(Article).where(Article.added_by != "seed"))
        assert article.published.isoformat() == "2024-07-02"
        assert "ready to send military instructors" in article.body


def test_feeds_are_polled_when_their_interval_comes_round(web_server, web_bot, web_chat, clock):
    url = serve_feed(web_server, "102")
    web_chat.say(f"feed add {url} every=30")
    (first,) = poll_due_feeds(web_bot)
    assert first.added == 1
    assert poll_due_feeds(web_bot) == []  # not due again yet
    clock.advance(minutes=31)
    (again,) = poll_due_feeds(web_bot)
    assert again.seen == 0 and again.error is None


def test_the_feed_job_ingests_what_a_followed_feed_brings(web_server, web_bot, web_chat):
    poll_feeds_job(web_bot)  # no feeds yet: nothing to read, nothing added
    url = serve_feed(web_server, "102")
    web_chat.say(f"feed add {url} every=30")
    poll_feeds_job(web_bot)
    with web_bot.session() as session:
        added = session.scalars(select(Article).where(Article.added_by != "seed")).all()
    assert len(added) == 1


def test_an_unreadable_feed_is_reported_and_remembered(web_server, web_chat):
    web_server.page("/notafeed", "just some text, no feed here", "text/plain")
    web_chat.say("feed add " + web_server.url("/notafeed"))
    assert "not an RSS or Atom feed" in web_chat.say("feed poll")
    assert "last error: That is not an RSS or Atom feed" in web_chat.say("feed list")
    assert "Stopped following" in web_chat.say("feed remove 1")
    assert "No feeds are followed" in web_chat.say("feed list")


def test_the_feed_job_is_registered_on_the_scheduler(web_bot):
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.start(paused=True)
    try:
        register_feed_jobs(scheduler, web_bot)
        register_feed_jobs(scheduler, web_bot)  # a second call replaces, never duplicates
        jobs = scheduler.get_jobs()
        assert [j.id for j in jobs] == [JOB_ID]
        assert jobs[0].trigger.interval.total_seconds() == 60
    finally:
        scheduler.shutdown(wait=False)


def test_cli_backfills_a_feed_with_progress(web_server, db_url, tmp_path, monkeypatch, capsys):
    url = serve_feed(web_server, "101", "102", "103", "104")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_FETCH_ALLOW_PRIVATE", "true")
    code = main(["--db", db_url, "ingest", "--json", "--feed", url, "--limit", "3"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "[1/3]" in err and "[3/3]" in err and "done: 3 added" in err
    objects = [json.loads(line) for line in out.splitlines()]
    assert [o["article"]["date"] for o in objects] == ["2024-07-02", "2024-07-03", "2024-07-04"]
    assert objects[-1]["proposals"][0]["item"] == "EUMAM mandate extension"
    code = main(["--db", db_url, "ingest", "--feed", url])  # once more: only the one left
    _, err = capsys.readouterr()
    assert "done: 1 added" in err
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    engine = create_engine(db_url)
    with Session(engine) as session:
        assert session.scalars(select(Feed)).all() == []  # a backfill does not follow it
    engine.dispose()


def test_a_page_without_a_length_is_cut_off_at_the_limit(web_server, settings, clock):
    from conftest import ChatBot

    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        for _ in range(50):
            await response.write(b"<p>" + b"word " * 200 + b"</p>")
        await response.write_eof()
        return response

    web_server.routes["/endless"] = endless
    small = dataclasses.replace(settings, fetch_allow_private=True, fetch_max_bytes=20_000)
    bot = NewsBot(small, clock=clock)
    try:
        reply = ChatBot(bot).say("ingest " + web_server.url("/endless"))
        assert "larger than the limit of 20,000 bytes" in reply
    finally:
        bot.engine.dispose()


def test_an_unchanged_feed_is_not_downloaded_again(web_server, web_chat):
    title, html = sample_html("102")
    body = rss(rss_item("item-102", title, "Mon, 01 Jul 2024 08:00:00 GMT", html))
    asked: list[str | None] = []

    async def conditional(request: web.Request) -> web.StreamResponse:
        asked.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304)
        return web.Response(text=body, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    web_server.routes["/etag"] = conditional
    web_chat.say("feed add " + web_server.url("/etag"))
    assert "1 added" in web_chat.say("feed poll")
    assert "0 new items" in web_chat.say("feed poll")
    assert asked == [None, '"v1"']


def test_an_item_that_fails_by_our_fault_is_tried_again(web_server, web_bot, web_chat, monkeypatch):
    from bot.ingest.pipeline import Ingestor

    url = serve_feed(web_server, "101")
    web_chat.say(f"feed add {url}")
    real = Ingestor.ingest

    def broken(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Ingestor, "ingest", broken)
    assert "1 unreadable" in web_chat.say("feed poll")
    monkeypatch.setattr(Ingestor, "ingest", real)
    assert "1 added" in web_chat.say("feed poll")
