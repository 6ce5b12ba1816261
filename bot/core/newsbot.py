"""The bot's state every platform shares: the database, the clock, the cached answerer,
and the digest of a channel. No platform code here."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.config.settings import Settings
from bot.core.conversations import ConversationKey, Conversations
from bot.core.request import ChannelRef
from bot.core.stories import Ask, StoryAnswer, StoryRef, route, single
from bot.domain.alerts import queue_message
from bot.domain.stories import resolve_story
from bot.storage.engine import make_engine, make_sessionmaker, upgrade
from bot.storage.models import DigestRun, DigestSchedule
from bot.storage.plain_reads import seeds_fingerprint
from bot.storage.reads import (
    article_texts,
    article_vocabulary,
    changes_since,
    last_digest,
    load_table,
    table_version,
)
from bot.storage.seed import load_seeds
from bot.storage.stories import all_stories, first_story, followed_ids
from digests.answer import Answer, Answerer
from digests.document import Document, Heading, Image, message
from digests.model import Change, StanceTable

if TYPE_CHECKING:
    from digests.chart import Chart
    from digests.digest import Digest

_log = logging.getLogger(__name__)

# How stale the cached answerer may be when another process changes the table: looking
# at the table costs a query, two-thirds of an answer's time on SQLite.
VERSION_CHECK_SECONDS = 1.0


class NewsBot:
    """Holds the database and the cached answerer; every platform talks to this."""

    def __init__(
        self,
        settings: Settings,
        *,
        engine: Engine | None = None,
        clock: Callable[[], datetime] | None = None,
        migrate: bool = True,
    ) -> None:
        self.settings = settings
        self.engine = engine or make_engine(settings.database_url)
        self.sessions: sessionmaker[Session] = make_sessionmaker(self.engine)
        self.clock = clock or (lambda: datetime.now(UTC))
        # Per story id: the table version an answerer was built for, and the answerer.
        self._answerers: dict[int | None, tuple[Any, Answerer]] = {}
        self._stories: list[StoryRef] = []
        self._first_id: int | None = None
        self._version: tuple[Any, ...] | None = None
        self._charts: dict[tuple[str, int | None], tuple[Any, Chart]] = {}
        self._checked_at = float("-inf")
        self._changes = 0  # counts changed(): a check begun before one must not vouch for it
        self._refreshing = False
        self._lock = threading.Lock()
        self._load_lock = threading.Lock()
        self.on_change: list[Callable[[], None]] = []  # wakes the delivery worker
        self.conversations = Conversations()
        if migrate:
            self.prepare()

    def prepare(self) -> None:
        """Bring the schema up to date and load seeds into an empty database."""
        upgrade(self.engine)
        with self.session() as session:
            added = load_seeds(session, self.settings.seeds_dir)
            if added:
                _log.info("seeded %d rows", added)
        if self.engine.dialect.name == "sqlite":
            self._record_seeds()

    def _record_seeds(self) -> None:
        """Notes in the SQLite file which seeds it now holds, so that a one-shot
        ``newsbot ask`` can read it without SQLAlchemy (bot.storage.plain_reads) as long
        as the seeds on disk are the same."""
        fingerprint = seeds_fingerprint(self.settings.seeds_dir)
        with self.engine.begin() as conn:
            if conn.exec_driver_sql("PRAGMA user_version").scalar() != fingerprint:
                conn.exec_driver_sql(f"PRAGMA user_version = {int(fingerprint)}")

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions.begin() as session:
            yield session

    def today(self) -> date:
        return self.clock().date()

    # ------------------------------------------------------------------ answers
    def answerer(self, story_id: int | None = None) -> Answerer:
        """One story's answerer (the first story's when none is named) for the table as it
        is now, rebuilt only when the table changed.

        Changes made through this process are seen at once (``changed``); those made by
        another process or the shell within ``VERSION_CHECK_SECONDS``.
        """
        cached = self._answerers.get(story_id if story_id is not None else self._first_id)
        if cached is not None and self._current(cached, time.monotonic()):
            return cached[1]
        # One look at the table at a time: requests arriving together after a quiet
        # second share the first one's check instead of each querying the database.
        with self._load_lock:
            cached = self._answerers.get(story_id if story_id is not None else self._first_id)
            if cached is not None and self._current(cached, time.monotonic()):
                return cached[1]
            return self._load(story_id)

    def _load(self, story_id: int | None = None) -> Answerer:
        """Compares the table's version with the cached answerer's; rebuilds on a change."""
        now = time.monotonic()
        changes = self._changes
        with self.session() as session:
            version = (*table_version(session), self.today())
            # The version last seen: another story's answerer built before it is stale.
            self._version = version
            self._stories = [StoryRef(s.id, s.key, s.title, s.status) for s in all_stories(session)]
            first = first_story(session)
            self._first_id = first.id if first is not None else None
            if story_id is None:
                story_id = self._first_id
            cached = self._answerers.get(story_id)
            if cached is not None and cached[0] == version:
                self._checked(now, changes)
                return cached[1]
            table = load_table(session, story_id)
            vocabulary = article_vocabulary(session, story_id)
        answerer = Answerer(table, vocabulary=vocabulary, today=self.today())
        with self._lock:
            self._answerers[story_id] = (version, answerer)
        self._checked(now, changes)
        return answerer

    def _checked(self, at: float, changes: int) -> None:
        with self._lock:
            # A change made here while the check ran is not covered by it.
            if changes == self._changes:
                self._checked_at = max(self._checked_at, at)

    def _current(self, cached: tuple[Any, Answerer], now: float) -> bool:
        return (
            now - self._checked_at < VERSION_CHECK_SECONDS
            and cached[0] == self._version
            and cached[0][-1] == self.today()
        )

    def answers_from_memory(self) -> bool:
        """True when ``answer()`` would need neither the database nor a build: one story,
        whose cached answerer is today's and was compared with the table less than
        ``VERSION_CHECK_SECONDS`` ago. Platforms then answer on their event loop; a hop
        to a worker thread and back costs more than such an answer. (Several stories:
        routing reads which stories the channel follows, so never from memory.)

        Past half of that window a worker thread compares the table again, so a busy
        bot keeps answering from memory instead of every request in flight waiting for
        the check when the window closes; answers still never rest on a check older
        than ``VERSION_CHECK_SECONDS``."""
        if len(self._stories) > 1:
            return False
        cached = self._answerers.get(self._first_id)
        now = time.monotonic()
        if cached is None or not self._current(cached, now):
            return False
        if now - self._checked_at > VERSION_CHECK_SECONDS / 2:
            self._refresh_in_background()
        return True

    def _refresh_in_background(self) -> None:
        with self._lock:
            if self._refreshing:
                return
            self._refreshing = True

        def refresh() -> None:
            try:
                self._load()
            except Exception:  # the next answer outside the window checks (and reports) it
                _log.warning("background check of the stance table failed", exc_info=True)
            finally:
                self._refreshing = False

        threading.Thread(target=refresh, name="newsbot-table-check", daemon=True).start()

    def story_refs(self) -> list[StoryRef]:
        """Every story, oldest first, as of the last look at the table."""
        self.answerer()
        return list(self._stories)

    def first_story_ref(self) -> StoryRef | None:
        """The story a channel follows by default and unnamed rows belong to."""
        refs = self.story_refs()
        return next((r for r in refs if r.id == self._first_id), None)

    def answer(
        self,
        question: str,
        conversation: ConversationKey | None = None,
        *,
        story: str | None = None,
        where: ChannelRef | None = None,
    ) -> StoryAnswer:
        """Answers ``question`` from the story it is about (``story``: the key of the one
        the asker named; ``where``: the channel asking, whose followed stories come
        first; see ``bot.core.stories``). Within a ``conversation``, follow-ups are read
        against its last turn, and this answer becomes that turn."""
        now = self.clock()
        last = self.conversations.get(conversation, now) if conversation else None

        def ask(ref: StoryRef | None, answerer: Answerer, text: str) -> Answer:
            story_id = ref.id if ref is not None else None
            return answerer.answer(
                text,
                last=last,
                changes=lambda since: self.changes_since(since, story_id),
                now=now,
                remember=conversation is not None,
            )

        if where is None and conversation is not None:
            # A conversation is held in a channel: its followed stories bound the answer.
            where = ChannelRef(conversation.platform, conversation.workspace, conversation.channel)
        answer = self._routed(question, story, where, ask, last.story if last else None)
        if conversation is not None and answer.turn is not None:
            turn = answer.turn
            if len(answer.parts) == 1 and answer.parts[0].story is not None:
                # "And the AfD?" next is asked of the story this reply came from.
                turn = replace(turn, story=answer.parts[0].story.key)
            self.conversations.put(conversation, turn, now)
        return answer

    def _routed(
        self,
        question: str,
        story: str | None,
        where: ChannelRef | None,
        ask: Ask,
        follows: str | None = None,
    ) -> StoryAnswer:
        """``follows``: the story of the conversation's last reply, which a follow-up
        without topic words of its own is asked of first (and may reach)."""
        refs = self.story_refs()
        if story is not None:
            with self.session() as session:
                row = resolve_story(session, story)
                ref = StoryRef(row.id, row.key, row.title, row.status)
            return single(question, ref, self.answerer(ref.id), label=len(refs) > 1, ask=ask)
        if len(refs) <= 1:
            only = refs[0] if refs else None
            return single(question, only, self.answerer(), label=False, ask=ask)
        with self.session() as session:
            followed = (
                followed_ids(session, where.platform, where.workspace, where.channel)
                if where is not None
                else []
            )
            first = first_story(session)
        wanted = followed or ([first.id] if first is not None else [])
        preferred = [r for i in wanted for r in refs if r.id == i]
        within = preferred if where is not None else None
        continued = next((r for r in refs if r.key == follows), None)
        if continued is not None:
            preferred = [continued, *(r for r in preferred if r != continued)]
            if within is not None:
                within = [continued, *(r for r in within if r != continued)]
        return route(
            question,
            refs,
            lambda ref: self.answerer(ref.id),
            preferred,
            ask=ask,
            within=within,
            continues=continued,
        )

    def changes_since(self, since: datetime | None, story_id: int | None = None) -> list[Change]:
        """The change log after ``since`` (of one story, when named): what "what changed?"
        is answered from."""
        with self.session() as session:
            return changes_since(session, since, story_id)

    # ------------------------------------------------------------------ digests
    def compose_digest(
        self,
        session: Session,
        where: ChannelRef | None,
        story: str | None = None,
        *,
        maps: bool = False,
    ) -> Digest:
        """The digest of the stories a channel follows (new since its last one), each in a
        section of its own — one followed story: its digest as it is; for None, the whole
        picture of the first story; ``story``: that story's only (a key). ``maps``: each
        story with news gets its own map, at the end of its section."""
        from digests.digest import Digest

        if story is not None:
            one = resolve_story(session, story).id
            return self._mapped(self._story_digest(session, where, one, False), one, maps)
        if where is None:
            first = first_story(session)
            first_id = first.id if first else None
            return self._mapped(self._story_digest(session, None, first_id, False), first_id, maps)
        ids = followed_ids(session, where.platform, where.workspace, where.channel)
        if len(ids) == 1:
            return self._mapped(self._story_digest(session, where, ids[0], False), ids[0], maps)
        if not ids:
            doc = message(
                "This channel follows no story, so there is no digest. "
                "See `stories`; an admin types `follow KEY`.",
                kind="digest",
                title="Digest",
            )
            return Digest(doc, {}, False)
        stories = {s.id: s for s in all_stories(session)}
        doc = Document(title=f"News digest — {self.today():%d %b %Y}", kind="digest")
        contents: dict[str, Any] = {"stories": {}}
        news = False
        for story_id in ids:
            part = self._mapped(self._story_digest(session, where, story_id, True), story_id, maps)
            doc.add(Heading(stories[story_id].title, 1))
            doc.add(*part.document.blocks)
            contents["stories"][stories[story_id].key] = part.contents
            news = news or part.news
        return Digest(doc, contents, news)

    def _mapped(self, digest: Digest, story_id: int | None, maps: bool) -> Digest:
        """The digest with its story's map at the end, when wanted and there is news."""
        if maps and digest.news:
            picture = self._map_of(story_id)
            if picture is not None:
                digest.document.add(picture)
        return digest

    def _story_digest(
        self, session: Session, where: ChannelRef | None, story_id: int | None, several: bool
    ) -> Digest:
        # Imported here: the ranking pulls in numpy, which `newsbot ask` never needs.
        from digests.digest import DigestInput, compose_digest

        last = (
            last_digest(session, where.platform, where.workspace, where.channel) if where else None
        )
        since, previous = last if last else (None, None)
        if previous and "stories" in previous:
            # The last digest had a section per story: what this story's section showed.
            key = next((s.key for s in all_stories(session) if s.id == story_id), None)
            previous = previous["stories"].get(key)
        elif previous and several:
            first = first_story(session)
            if first is None or story_id != first.id:
                previous = None  # the last digest was of the first story alone
        table = load_table(session, story_id)
        return compose_digest(
            DigestInput(
                articles=article_texts(session, story_id),
                table=table,
                today=self.today(),
                changes=changes_since(session, since, story_id),
                since=since,
                story=story_of(table)[1],
                previous=previous,
                in_channel=where is not None,
            )
        )

    def build_digest(
        self, session: Session, where: ChannelRef | None, story: str | None = None
    ) -> Document:
        return self.compose_digest(session, where, story).document

    def chart(self, kind: str = "map", story_id: int | None = None) -> Chart:
        """The picture of one story's table as it is now (the first story's when none is
        named); the same table gives the same picture. Another story's file is named for
        it, so a digest carrying several maps sends each under its own name."""
        # Imported here: the chart module's drawing imports matplotlib (most of a second).
        from dataclasses import replace

        from digests.chart import draw

        with self.session() as session:
            first = first_story(session)
            if story_id is None and first is not None:
                story_id = first.id
            version = (kind, story_id, *table_version(session), self.today())
            cached = self._charts.get((kind, story_id))
            if cached is not None and cached[0] == version:
                return cached[1]
            table = load_table(session, story_id)
            changes = changes_since(session, None, story_id) if kind == "timeline" else []
            key = next((s.key for s in all_stories(session) if s.id == story_id), None)
            named = key if first is not None and story_id != first.id else None
        _, title = story_of(table)
        picture = draw(
            kind,
            table,
            title=f"{title}: {'who stands where' if kind == 'map' else 'how it moved'}",
            changes=changes,
            today=self.today(),
        )
        if named:
            stem, dot, ext = picture.filename.rpartition(".")
            picture = replace(picture, filename=f"{stem}-{named}{dot}{ext}")
        self._charts[(kind, story_id)] = (version, picture)
        return picture

    def _map_of(self, story_id: int | None) -> Image | None:
        """A story's map as a picture block; a picture that cannot be drawn never holds
        the text back."""
        try:
            picture = self.chart("map", story_id)
        except Exception:  # drawing is best effort: the digest goes out without it
            _log.warning("the digest's map could not be drawn", exc_info=True)
            return None
        return Image.carrying(picture.png, picture.alt, picture.filename)

    def digest_for(
        self, where: ChannelRef, *, scheduled_for: datetime | None = None, enqueue: bool = False
    ) -> Document | None:
        """Builds a channel's digest and records the run in one transaction.

        A scheduled run is recorded under its fire time: a second attempt for the same
        fire time (a restart, a second process) finds the row and posts nothing. A
        scheduled digest with nothing new is one line, or nothing at all when the
        channel's schedule says ``quiet=skip`` (the run is still recorded).
        """
        trigger = "schedule" if scheduled_for else "manual"
        try:
            with self.session() as session:
                digest = self.compose_digest(session, where, maps=self.settings.digest_chart)
                doc = digest.document
                # A channel following no active story (its last one archived) gets no
                # scheduled digest at all: archiving a story stops its digests.
                skip = scheduled_for is not None and (
                    not followed_ids(session, where.platform, where.workspace, where.channel)
                    or (not digest.news and self._quiet(session, where))
                )
                session.add(
                    DigestRun(
                        platform=where.platform,
                        workspace=where.workspace,
                        channel=where.channel,
                        scheduled_for=scheduled_for,
                        trigger=trigger,
                        created_at=self.clock(),
                        contents=digest.contents,
                    )
                )
                session.flush()
                if enqueue and not skip:
                    fired = (scheduled_for or self.clock()).isoformat()
                    queue_message(
                        session,
                        where.platform,
                        where.workspace,
                        where.channel,
                        kind="digest",
                        key=f"digest:{fired}",
                        document=doc,
                        at=self.clock(),
                    )
        except IntegrityError:
            _log.info("digest for %s at %s already posted", where, scheduled_for)
            return None
        if skip:
            _log.info("nothing new for %s, or no story followed: digest skipped", where)
            return None
        return doc

    @staticmethod
    def _quiet(session: Session, where: ChannelRef) -> bool:
        quiet = session.scalar(
            select(DigestSchedule.quiet).where(
                DigestSchedule.platform == where.platform,
                DigestSchedule.workspace == where.workspace,
                DigestSchedule.channel == where.channel,
            )
        )
        return quiet == "skip"

    def already_ran(self, where: ChannelRef, scheduled_for: datetime) -> bool:
        with self.session() as session:
            return (
                session.scalar(
                    select(DigestRun.id).where(
                        DigestRun.platform == where.platform,
                        DigestRun.workspace == where.workspace,
                        DigestRun.channel == where.channel,
                        DigestRun.scheduled_for == scheduled_for,
                    )
                )
                is not None
            )

    # ------------------------------------------------------------------ changes
    def changed(self) -> None:
        with self._lock:
            self._changes += 1
            self._checked_at = float("-inf")  # the next answer looks at the table again
        for callback in list(self.on_change):
            callback()


def story_of(table: StanceTable) -> tuple[str, str]:
    """The story the table is about, as (key, title): its topic, until stories are rows."""
    if not table.topics:
        return "story", "The story"
    topic = table.topics[0]
    return topic.key, topic.name[:1].upper() + topic.name[1:]
