"""Starting a story from its first articles: ``story new TITLE [from …]``.

The story and its topic are written first (the topic named from the articles' own words,
``bot.ingest.naming``); then each article is ingested into the new story, so the
extraction reads it against the new story's table — empty but for that topic — and
proposes each actor's stance with the sentence that backs it. The events the articles
date become proposals of new tracked items. Everything is a proposal an admin approves,
edits or rejects; ``apply_at`` applies those at or above that confidence, as ingest does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.audit import audit
from bot.domain.author import Author
from bot.domain.checks import check_text, slugify
from bot.domain.errors import ChangeError
from bot.ingest import proposals
from bot.ingest.calibrate import calibrate
from bot.ingest.naming import DatedEvent, dated_events, name_topic, topic_lexicon
from bot.ingest.pipeline import Ingestor, IngestOutcome
from bot.storage.models import Article, Proposal, Story, Topic, TrackedItem
from bot.storage.reads import load_table
from digests.actors import ActorResolver
from digests.extraction import ArticleInput
from digests.extraction.extract import body_paragraphs
from digests.extraction.model import ItemProposal, ProposalEvidence
from digests.quoted_people import quoted_people

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot

# How sure a dated event is to be an item worth tracking: below the default auto-apply
# threshold, so an admin looks at each before it is tracked.
ITEM_CONFIDENCE = 0.6


@dataclass
class StoryStart:
    key: str
    title: str
    topic: str
    keywords: tuple[str, ...]
    outcomes: list[IngestOutcome] = field(default_factory=list)
    item_rows: list[dict[str, Any]] = field(default_factory=list)  # json of item proposals
    failed: list[str] = field(default_factory=list)  # inputs that could not be read

    def to_json(self) -> dict[str, Any]:
        """``story new --json``: the story, its articles, and every proposal made."""
        articles = []
        found: list[dict[str, Any]] = []
        for outcome in self.outcomes:
            data = outcome.to_json()
            articles.append(data["article"])
            rows = iter(outcome.proposals)
            for p in data["proposals"]:
                row = next(rows, None)
                extra = {"id": row["id"], "status": row["status"]} if row else {}
                if row and "confidence" in row:
                    extra["confidence"] = row["confidence"]  # as the start weighed it
                if p.get("kind") == "stance":
                    extra["topic"] = self.topic
                found.append({**p, **extra})
        return {
            "story": {"key": self.key, "title": self.title},
            "topic": {"key": self.topic, "keywords": list(self.keywords)},
            "articles": articles,
            "proposals": [*found, *self.item_rows],
        }


def start_story(
    bot: NewsBot,
    who: Author,
    title: str,
    articles: list[ArticleInput],
    *,
    key: str | None = None,
    apply_at: float | None = None,
) -> StoryStart:
    """Creates the story and reads its first articles into it. Raises ChangeError for a
    bad title or key, or a key in use: nothing is written then."""
    title = check_text("title", title, required=True)
    key = slugify(key or title)
    if not key:
        raise ChangeError("A story's key needs at least one letter or digit.")
    with bot.session() as session:
        if session.scalar(select(Story.id).where(Story.key == key)) is not None:
            raise ChangeError(f"There is already a story `{key}`; choose another --key.")
        background = [body for (body,) in session.execute(select(Article.body))]
        resolver = ActorResolver(bot.answerer().table.actors)
        naming = name_topic(title, articles, background, resolver)
        story = Story(
            key=key,
            title=title,
            created_at=who.at,
            knowledge={"language": naming.language, "terms": list(naming.terms)},
        )
        session.add(story)
        session.flush()
        topic_key = (
            key
            if session.scalar(select(Topic.id).where(Topic.key == key)) is None
            else f"{key}-topic"
        )
        session.add(
            Topic(
                key=topic_key,
                name=title,
                keywords=list(naming.keywords),
                lexicon=topic_lexicon(title),
                story_id=story.id,
            )
        )
        audit(session, who, "story.new", key, {"title": title, "keywords": naming.keywords})
    bot.changed()
    start = StoryStart(key, title, topic_key, naming.keywords)
    ingestor = Ingestor(bot)
    for raw in articles:
        hook = _items_of(start, ingestor, raw, who, apply_at)
        try:
            # The stances wait until every article is read: how sure each is depends on
            # what the others say (bot.ingest.calibrate).
            start.outcomes.append(
                ingestor.ingest(raw, who, story=key, apply_at=_NEVER, force=True, also=hook)
            )
        except ChangeError as exc:
            start.failed.append(f"{raw.title}: {exc}")
    read = [raw for raw in articles if not any(f.startswith(f"{raw.title}:") for f in start.failed)]
    _apply_stances(bot, ingestor, start, who, apply_at, resolver, read)
    return start


# A confidence no proposal reaches: ingest stores the stances and applies none.
_NEVER = 2.0


def _apply_stances(
    bot: NewsBot,
    ingestor: Ingestor,
    start: StoryStart,
    who: Author,
    apply_at: float | None,
    resolver: ActorResolver,
    articles: list[ArticleInput],
) -> None:
    """Weighs the start's stance proposals across its articles, then applies those at or
    above ``apply_at`` (None: the admins' auto-apply setting), as ingest would have."""
    ids = [(n, p["id"]) for n, o in enumerate(start.outcomes) for p in o.proposals if "id" in p]
    with bot.session() as session:
        rows = {
            r.id: r
            for r in session.scalars(
                select(Proposal).where(
                    Proposal.id.in_([i for _, i in ids]), Proposal.kind == "stance"
                )
            )
        }
        chosen = [(n, rows[i]) for n, i in ids if i in rows]
        found = [
            (
                n,
                str(r.payload.get("actor") or r.target),
                str(r.payload.get("stance")),
                str(r.evidence.get("quote") or ""),
                r.confidence,
                bool(r.payload.get("new_actor")),
            )
            for n, r in chosen
        ]
        weighed = calibrate(
            found,
            start.keywords,
            resolver,
            bot.answerer().table.actors,
            [[[raw.title], *body_paragraphs(raw.body)] for raw in articles],
            [raw.published for raw in articles],
            start.title,
            frozenset(
                str(r.payload.get("actor") or r.target)
                for _, r in chosen
                if r.payload.get("new_kind") == "person"
            ),
        )
        for i, (_, row) in enumerate(chosen):
            row.confidence = weighed.get(i, row.confidence)
        # Oldest article first: an actor that moved between them ends on its latest stance.
        dated = sorted(
            chosen,
            key=lambda c: (
                articles[c[0]].published or date.min if c[0] < len(articles) else date.min
            ),
        )
        ingestor._auto_apply(session, [r for _, r in dated], who, apply_at)
        session.flush()
        status = {r.id: (r.status, r.confidence) for _, r in chosen}
        _keep_people(session, start.key, _next_sentences(articles))
    for outcome in start.outcomes:
        for p in outcome.proposals:
            if p.get("id") in status:
                p["status"], p["confidence"] = status[p["id"]]
    bot.changed()


def _next_sentences(articles: list[ArticleInput]) -> dict[str, str]:
    """Each sentence of the articles' bodies and the one after it in its paragraph."""
    out: dict[str, str] = {}
    for raw in articles:
        for paragraph in body_paragraphs(raw.body):
            for sentence, following in pairwise(paragraph):
                out.setdefault(sentence, following)
    return out


def _keep_people(session: Session, key: str, after: dict[str, str]) -> None:
    """The people the positions just applied quote, and whom each speaks for, kept with
    the story ("What does Golob say?" is Slovenia's position): its knowledge, as data.
    ``after``: the sentence after each backing one, where who said it is often named."""
    story = session.scalars(select(Story).where(Story.key == key)).one()
    table = load_table(session, story.id)
    people = quoted_people(table, ActorResolver(table.actors), after)
    story.knowledge = {
        **story.knowledge,
        "people": [
            {
                "key": p.key,
                "name": p.name,
                "speaks_for": p.speaks_for,
                "aliases": list(p.aliases),
                "description": p.description,
            }
            for p in people
        ],
    }


def _items_of(
    start: StoryStart, ingestor: Ingestor, raw: ArticleInput, who: Author, apply_at: float | None
) -> Callable[[Session, Article | None, IngestOutcome], None]:
    """The ingest hook that proposes the article's dated events, in its transaction."""

    def items(session: Session, article: Article | None, outcome: IngestOutcome) -> None:
        if article is not None:
            start.item_rows.extend(_propose_items(ingestor, session, article, raw, who, apply_at))

    return items


def _propose_items(
    ingestor: Ingestor,
    session: Session,
    article: Article,
    raw: ArticleInput,
    who: Author,
    apply_at: float | None,
) -> list[dict[str, Any]]:
    """New tracked items for the events the article dates, as proposals."""
    sentences = [s for paragraph in body_paragraphs(raw.body) for s in paragraph]
    known = {
        n.casefold()
        for (n,) in session.execute(
            select(TrackedItem.name).where(TrackedItem.story_id == article.story_id)
        )
    }
    pending = {
        (p.payload or {}).get("item", "").casefold()
        for p in session.scalars(
            select(Proposal).where(Proposal.story_id == article.story_id, Proposal.kind == "item")
        )
    }
    out = []
    rows: list[Proposal] = []
    for event in dated_events(raw, sentences):
        if event.name.casefold() in known | pending:
            continue
        found = _item_proposal(event, raw)
        row = proposals.store(session, article, found, who.at)
        row.payload = {**row.payload, "new_item": True}
        rows.append(row)
        out.append((found, row))
    ingestor._auto_apply(session, rows, who, apply_at)
    return [{**found.to_json(), "id": row.id, "status": row.status} for found, row in out]


def _item_proposal(event: DatedEvent, raw: ArticleInput) -> ItemProposal:
    key = slugify(event.name)
    changes = {"status": "scheduled", "due": event.due.isoformat(), "label": event.label}
    evidence = ProposalEvidence(event.quote, raw.source, raw.published, raw.url)
    return ItemProposal(key, event.name, changes, evidence, ITEM_CONFIDENCE)
