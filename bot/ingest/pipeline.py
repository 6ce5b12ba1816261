"""The ingest pipeline: an article in, stored with its fingerprint, read for what it
changes, proposals stored (and applied when confident enough), reviewers told.

Each article is one transaction: the article, its fingerprint, its proposals, any change
applied from them with its audit entry and alerts, and (for a feed) the entry that
records it was seen — all commit together or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.stories import StoryRef
from bot.domain.articles import add_article, clean_body
from bot.domain.audit import audit
from bot.domain.author import Author
from bot.domain.errors import ChangeError, NothingChanged
from bot.domain.stories import resolve_story
from bot.ingest import options, proposals
from bot.ingest.filing import Filing, story_for
from bot.ingest.llm_reader import LLMReader, Reading, combine, readers
from bot.storage.models import Article, ArticleFingerprint, Proposal, Story
from bot.storage.reads import load_table
from bot.storage.stories import ACTIVE
from digests.actors import ActorResolver
from digests.extraction import ArticleInput, Extraction, ItemProposal, StanceProposal, extract
from digests.extraction.extract import body_paragraphs
from digests.model import StanceTable
from digests.near_duplicates import SignatureIndex, signature

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot

_log = logging.getLogger(__name__)


@dataclass
class IngestOutcome:
    article: ArticleInput
    extraction: Extraction | None = None
    slug: str | None = None
    article_id: int | None = None  # its number, for `article file N` when stored unfiled
    sentences: int = 0
    duplicate_of: tuple[str, str, float] | None = None  # slug, title, similarity
    proposals: list[dict[str, Any]] = field(default_factory=list)  # id, line, status, note
    notified: bool = False
    readers: tuple[str, ...] = ("rules",)
    filing: Filing | None = None  # the story it was filed under, and why
    reading: Reading | None = None  # the language model's, when it read the article

    @property
    def stored(self) -> bool:
        return self.slug is not None

    def to_json(self) -> dict[str, Any]:
        """The ``newsbot ingest --json`` object: {"article": {...}, "proposals": [...]}."""
        extra: dict[str, Any] = {"slug": self.slug, "stored": self.stored}
        if self.duplicate_of:
            slug, title, score = self.duplicate_of
            extra["duplicate_of"] = {"slug": slug, "title": title, "similarity": round(score, 2)}
        extra["proposal_ids"] = [p["id"] for p in self.proposals]
        extra["applied"] = [p["id"] for p in self.proposals if p["status"] == "applied"]
        extra["readers"] = list(self.readers)
        story = self.filing.story if self.filing else None
        extra["story"] = story.key if story else None
        if self.filing is not None and story is None:
            extra["unfiled"] = self.filing.reason
        if self.reading is not None:
            extra["llm"] = self.reading.to_json()
        if self.extraction is None:
            return {"article": {**self.article.to_json(), **extra}, "proposals": []}
        return self.extraction.to_json(**extra)


class Ingestor:
    """Ingests articles for one bot; keeps the table, resolver and fingerprints it needs
    between articles, so a batch of a thousand does not reload them a thousand times."""

    def __init__(self, bot: NewsBot, *, llm: LLMReader | None = None) -> None:
        self.bot = bot
        self.readers = readers(bot.settings)
        self.llm = llm if llm is not None or "llm" not in self.readers else LLMReader(bot.settings)
        self._tables: dict[int | None, StanceTable] = {}  # per story id
        self._resolver: ActorResolver | None = None
        self._index: SignatureIndex | None = None
        self._titles: dict[int, tuple[str, str]] = {}

    # ------------------------------------------------------------------ caches
    def _load(
        self, session: Session, story_id: int | None = None
    ) -> tuple[StanceTable, ActorResolver, SignatureIndex]:
        table = self._tables.get(story_id)
        if table is None or self._resolver is None:
            table = self._tables[story_id] = load_table(session, story_id)
            # Actors are shared by every story: one resolver serves them all.
            self._resolver = ActorResolver(table.actors)
        if self._index is None:
            index = SignatureIndex()
            # A Result has .keys(): dict() would take it for a mapping, so build it here.
            stored: dict[int, list[Any]] = {
                art_id: sig
                for art_id, sig in session.execute(
                    select(ArticleFingerprint.article_id, ArticleFingerprint.minhash)
                )
            }
            for art_id, slug, title, body in session.execute(
                select(Article.id, Article.slug, Article.title, Article.body)
            ):
                sig = stored.get(art_id)
                if sig is None:  # articles from before fingerprints (the seeds)
                    sig = signature(body)
                    session.add(ArticleFingerprint(article_id=art_id, minhash=sig))
                index.add(art_id, sig)
                self._titles[art_id] = (slug, title)
            self._index = index
        return table, self._resolver, self._index

    def _forget_table(self) -> None:
        self._tables = {}
        self._resolver = None

    def _forget_all(self) -> None:
        self._forget_table()
        self._index = None
        self._titles = {}

    # ------------------------------------------------------------------ ingest
    def ingest(
        self,
        raw: ArticleInput,
        who: Author,
        *,
        apply_at: float | None = None,
        force: bool = False,
        notify: bool = True,
        also: Callable[[Session, Article | None, IngestOutcome], None] | None = None,
        story: str | None = None,
    ) -> IngestOutcome:
        """Store and read one article. ``apply_at``: apply proposals at or above this
        confidence (None: the admins' auto-apply setting). ``force``: store a
        near-duplicate anyway. ``also`` adds rows in the same transaction. ``story``:
        the key of the story it belongs to (None: the story it matches best, else it is
        stored unfiled and read for no story; see ``bot.ingest.filing``).

        Raises ChangeError (bad or duplicate input): nothing is stored then.
        """
        outcome = IngestOutcome(raw, readers=self.readers)
        applied_any = False
        raw = replace(raw, body=clean_body(raw.body))
        # The model is asked before the transaction opens: a slow endpoint must not hold
        # the database's write lock for its whole timeout.
        outcome.reading = self._model_reading(raw, force)
        try:
            with self.bot.session() as session:
                outcome.filing = story_for(session, f"{raw.title}\n{raw.body}", story)
                filed = outcome.filing.story
                table, resolver, index = self._load(session, filed.id if filed else None)
                sig = signature(raw.body)
                closest = index.closest(sig)
                threshold = self.bot.settings.near_duplicate_threshold
                if closest and closest[1] >= 1.0:
                    # Every shingle the same: this text is stored already, force or not.
                    raise ChangeError(
                        f"That article is already stored as “{self._titles[closest[0]][1]}”."
                    )
                if closest and closest[1] >= threshold and not force:
                    slug, title = self._titles.get(closest[0], ("?", "?"))
                    outcome.duplicate_of = (slug, title, closest[1])
                    if also:
                        also(session, None, outcome)
                    return outcome
                body = body_paragraphs(raw.body)
                article = add_article(
                    session,
                    who,
                    title=raw.title,
                    source=raw.source,
                    body=raw.body,
                    published=raw.published,
                    url=raw.url,
                    sentences=[s for paragraph in body for s in paragraph],
                )
                article.story_id = filed.id if filed else None
                session.add(ArticleFingerprint(article_id=article.id, minhash=sig))
                outcome.slug, outcome.sentences = article.slug, len(article.sentences)
                outcome.article_id = article.id
                found = self._read(raw, table, resolver, body, outcome.reading)
                if filed is None:
                    # Unfiled: what it says is kept as read, but proposes nothing to any
                    # story's table.
                    found = replace(found, stances=[], items=[])
                outcome.extraction = found
                rows = [proposals.store(session, article, p, who.at) for p in found.proposals]
                applied_any = self._auto_apply(session, rows, who, apply_at)
                if notify:
                    outcome.notified = proposals.notify_reviewers(
                        session, rows, article.title, who.at
                    )
                outcome.proposals = [_row_json(r) for r in rows]
                if also:
                    also(session, article, outcome)
                session.flush()
                new_id = article.id
        except ChangeError:
            raise  # refused before anything reached the caches
        except Exception:
            self._forget_all()  # the transaction rolled back: the caches may hold its rows
            raise
        index.add(new_id, sig)
        self._titles[new_id] = (outcome.slug or "", raw.title)
        if applied_any:
            self._forget_table()
        self.bot.changed()
        return outcome

    def reread(self, slug: str, who: Author, *, apply_at: float | None = None) -> IngestOutcome:
        """Reads a stored article again (after a model was down, or with a new reader):
        proposals it makes that the article has not made before are stored as on ingest.

        Raises ChangeError when no article has that slug.
        """
        with self.bot.session() as session:
            row = session.scalar(select(Article).where(Article.slug == slug))
            if row is None:
                raise ChangeError(
                    f"No stored article “{slug}”; `newsbot ingest --reread` lists none."
                )
            raw = ArticleInput(row.title, row.source, row.body, row.published, row.url)
            story_id = row.story_id
        outcome = IngestOutcome(raw, readers=self.readers, slug=slug)
        outcome.reading = self._model_reading(raw, force=True, stored=True, story_id=story_id)
        with self.bot.session() as session:
            # Read against its own story's table; an unfiled one proposes nothing.
            table, resolver, _ = self._load(session, story_id)
            article = session.scalar(select(Article).where(Article.slug == slug))
            assert article is not None
            found = self._read(raw, table, resolver, body_paragraphs(raw.body), outcome.reading)
            if story_id is None:
                found = replace(found, stances=[], items=[])
            made = {
                _sameness(p.kind, p.target, p.payload)
                for p in session.scalars(select(Proposal).where(Proposal.article_id == article.id))
            }
            # What the article proposed before, an admin has seen already.
            found = replace(
                found,
                stances=[p for p in found.stances if _sameness(*_proposed(p)) not in made],
                items=[p for p in found.items if _sameness(*_proposed(p)) not in made],
            )
            outcome.extraction = found
            outcome.sentences = len(article.sentences)
            rows = [proposals.store(session, article, p, who.at) for p in found.proposals]
            applied_any = self._auto_apply(session, rows, who, apply_at)
            outcome.proposals = [_row_json(r) for r in rows]
        if applied_any:
            self._forget_table()
        self.bot.changed()
        return outcome

    def file_unfiled(
        self, ref: str, story: str, who: Author, *, apply_at: float | None = None
    ) -> IngestOutcome:
        """Files an article stored unfiled under the story ``story`` names and reads it
        into that story, its proposals stored (and applied, notified) as ingest would
        have made them; audited. ``ref``: the article's number or slug.

        Raises ChangeError, changing nothing, when no article is ``ref``, it is filed
        already, or no active story is ``story``.
        """
        with self.bot.session() as session:
            article = _article(session, ref)
            target = _filing_target(session, article, story)
            raw = ArticleInput(
                article.title, article.source, article.body, article.published, article.url
            )
            target_id = target.id
        outcome = IngestOutcome(raw, readers=self.readers, slug=article.slug)
        outcome.article_id = article.id
        # The model is asked before the transaction opens, as on ingest.
        outcome.reading = self._model_reading(raw, force=True, stored=True, story_id=target_id)
        try:
            with self.bot.session() as session:
                article = _article(session, ref)
                row = _filing_target(session, article, story)  # again: someone may have filed it
                ref_ = StoryRef(row.id, row.key, row.title, row.status)
                outcome.filing = Filing(ref_, "filed by an admin")
                article.story_id = row.id
                audit(session, who, "article.file", article.slug, {"story": row.key})
                table, resolver, _ = self._load(session, row.id)
                found = self._read(raw, table, resolver, body_paragraphs(raw.body), outcome.reading)
                outcome.extraction = found
                outcome.sentences = len(article.sentences)
                rows = [proposals.store(session, article, p, who.at) for p in found.proposals]
                applied_any = self._auto_apply(session, rows, who, apply_at)
                outcome.notified = proposals.notify_reviewers(session, rows, article.title, who.at)
                outcome.proposals = [_row_json(r) for r in rows]
        except ChangeError:
            raise
        except Exception:
            self._forget_all()
            raise
        if applied_any:
            self._forget_table()
        self.bot.changed()
        return outcome

    def unfiled(self, limit: int = 50) -> list[Article]:
        """The latest articles stored under no story, newest first."""
        with self.bot.session() as session:
            rows = session.scalars(
                select(Article)
                .where(Article.story_id.is_(None))
                .order_by(Article.id.desc())
                .limit(limit)
            ).all()
            session.expunge_all()
            return list(rows)

    def stored_slugs(self) -> list[str]:
        with self.bot.session() as session:
            return list(session.scalars(select(Article.slug).order_by(Article.id)))

    def _model_reading(
        self, raw: ArticleInput, force: bool, *, stored: bool = False, story_id: int | None = None
    ) -> Reading | None:
        if self.llm is None:
            return None
        with self.bot.session() as session:
            table, resolver, index = self._load(session, story_id)
        closest = None if stored else index.closest(signature(raw.body))
        if closest and closest[1] >= (1.0 if force else self.bot.settings.near_duplicate_threshold):
            return None  # not going to be stored: not worth the model's time
        return self.llm.read(raw, table, resolver)

    def _read(
        self,
        raw: ArticleInput,
        table: StanceTable,
        resolver: ActorResolver,
        body: list[list[str]],
        reading: Reading | None,
    ) -> Extraction:
        """The rules' reading, the model's, or both merged, as ``self.readers`` says."""
        return combine(extract(raw, table, resolver, body), reading, self.readers)

    def _auto_apply(
        self, session: Session, rows: list[Proposal], who: Author, apply_at: float | None
    ) -> bool:
        """Applies the proposals at or above ``apply_at`` (None: the admins' auto-apply
        setting); True when any was applied."""
        threshold = apply_at if apply_at is not None else options.auto_apply_threshold(session)
        if threshold is None:
            return False
        auto = Author(who.platform, who.workspace, who.channel, f"{who.user} (auto-apply)", who.at)
        applied = False
        for row in rows:
            if row.confidence >= threshold:
                self._apply_quietly(session, row, auto)
                applied = applied or row.status == "applied"
        return applied

    @staticmethod
    def _apply_quietly(session: Session, row: Proposal, who: Author) -> None:
        """Auto-apply one proposal; one that cannot apply stays pending for an admin."""
        try:
            with session.begin_nested():
                proposals.apply(session, row, who)
        except ChangeError as exc:
            _log.info("proposal #%s left pending: %s", row.id, exc)
            session.refresh(row)


def _article(session: Session, ref: str) -> Article:
    """The stored article a number (``12``, ``#12``) or slug names."""
    wanted = ref.strip().lstrip("#")
    row = (
        session.get(Article, int(wanted))
        if wanted.isdigit()
        else session.scalar(select(Article).where(Article.slug == wanted))
    )
    if row is None:
        raise ChangeError(
            f"No stored article “{ref}”; `article list unfiled` shows the unfiled ones."
        )
    return row


def _filing_target(session: Session, article: Article, story: str) -> Story:
    """The story an unfiled article may be filed under; ChangeError says why not."""
    target = resolve_story(session, story)
    if article.story_id is not None:
        now = session.get(Story, article.story_id)
        where = f"“{now.title}” (`{now.key}`)" if now is not None else "a story"
        if article.story_id == target.id:
            raise NothingChanged(f"“{article.title}” is filed under {where} already.")
        raise ChangeError(
            f"“{article.title}” is filed under {where} already; only an unfiled article "
            "can be filed."
        )
    if target.status != ACTIVE:
        raise ChangeError(f"“{target.title}” is archived: it takes no new articles.")
    return target


def _sameness(kind: str, target: str, payload: dict[str, Any]) -> tuple[str, str, str]:
    """What makes two proposals the same news: who or what, and the change proposed."""
    what = payload.get("stance") if kind == "stance" else sorted(payload.get("changes", {}).items())
    return kind, target, repr(what)


def _proposed(p: StanceProposal | ItemProposal) -> tuple[str, str, dict[str, Any]]:
    if isinstance(p, StanceProposal):
        return "stance", p.actor_key, {"stance": p.stance}
    return "item", p.item_key, {"changes": dict(p.changes)}


def _row_json(row: Proposal) -> dict[str, Any]:
    return {"id": row.id, "line": proposals.describe(row), "status": row.status, "note": row.note}
