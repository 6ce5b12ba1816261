"""stance: who stands where on each topic; anyone reads, admins set."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.commands.actors import resolve_actor
from bot.commands.command import Cli, Command, Slash, author
from bot.commands.parsing import UsageError, optional_date, reject_unknown_options, subcommand
from bot.commands.stories import story_option
from bot.core.stories import StoryRef
from bot.domain.stances import set_stance
from bot.domain.stories import resolve_story
from bot.storage.models import Stance, StanceRevision, Topic
from bot.storage.reads import diff_text, display_names, who
from bot.storage.stories import first_story, of_story
from digests.dates import human_date
from digests.document import Bullets, Document, Heading, Paragraph, message
from digests.model import STANCES

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request

STANCE_USAGE = (
    "stance list [story=KEY] | stance show ACTOR [story=KEY] | stance history ACTOR [story=KEY] | "
    "stance set ACTOR STANCE summary=… [quote=… source=… date=YYYY-MM-DD] [topic=…] [story=KEY]"
)

# The stances, and the everyday words an admin may type for them.
STANCE_WORDS = {
    **{s: s for s in STANCES},
    "support": "supports",
    "supporting": "supports",
    "oppose": "opposes",
    "opposing": "opposes",
    "against": "opposes",
}


def stance(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    sub, rest = subcommand(
        words, ("list", "show", "history", "set", "update"), "list", STANCE_USAGE
    )
    if sub == "list":
        reject_unknown_options(options, ("story",), "`stance list` takes story=KEY only.")
        return [_table(bot, story_option(bot, options))]
    if sub in ("show", "history"):
        reject_unknown_options(options, ("story",), f"`stance {sub}` takes story=KEY only.")
    if sub == "show":
        if not rest:
            raise UsageError("Whose stance? e.g. `stance show Germany`.")
        story = story_option(bot, options)
        # The answer to a question shows the stance with the quotes behind it: from the
        # story named, else from each story the actor holds a position in.
        question = " ".join(rest) + " position"
        return [bot.answer(question, story=story.key if story else None).document]
    with bot.session() as session:
        if sub == "history":
            return [_history(bot, session, rest, story_option(bot, options))]
        text = _set(bot, request, session, rest, options)
    bot.changed()
    return [message(text)]


def _table(bot: NewsBot, story: StoryRef | None) -> Document:
    table = bot.answerer(story.id if story else None).table
    names = {a.key: a.name for a in table.actors}
    doc = Document(title=f"Stance table: {story.title}" if story else "Stance table", kind="reply")
    return doc.add(
        Bullets(
            tuple(
                f"{names[r.actor]} — {r.stance}: {r.summary} (as of {human_date(r.as_of)})"
                for r in table.stances
            )
        )
    )


def _history(
    bot: NewsBot, session: Session, rest: list[str], story: StoryRef | None = None
) -> Document:
    """An actor's positions as they changed, per topic (of one story, when named)."""
    if not rest:
        raise UsageError("Whose history? e.g. `stance history Germany`.")
    actor = resolve_actor(bot, session, " ".join(rest))
    query = select(Stance).where(Stance.actor_id == actor.id).order_by(Stance.id)
    if story is not None:
        first = first_story(session)
        in_story = of_story(Topic.story_id, story.id, first.id if first else None)
        query = query.join(Topic, Stance.topic_id == Topic.id).where(in_story)
    rows = session.scalars(query).all()
    doc = Document(title=f"Stance history: {actor.name}", kind="reply")
    if not rows:
        where = f" in “{story.title}”" if story is not None else ""
        doc.add(Paragraph(f"No position recorded for {actor.name}{where}."))
    names = display_names(session)
    for row in rows:
        doc.add(Heading(row.topic.name, 2))
        doc.add(Bullets(tuple(_revision_line(rev, names) for rev in reversed(row.revisions))))
    return doc


def _revision_line(rev: StanceRevision, names: dict[str, str]) -> str:
    source = f"; source: {rev.evidence[0].get('source')}" if rev.evidence else ""
    return (
        f"{rev.changed_at:%d %b %Y} — {rev.stance}: {rev.summary} "
        f"(as of {human_date(rev.as_of)}; by {who(rev.changed_by, names)}{source})"
    )


def _set(
    bot: NewsBot, request: Request, session: Session, rest: list[str], options: dict[str, str]
) -> str:
    """``stance set ACTOR STANCE summary=…``: the change, and the reply that names it."""
    if not rest:
        raise UsageError(f"Whose stance, and which? Usage: {STANCE_USAGE}")
    stance_word = STANCE_WORDS.get(rest[-1].lower())
    if stance_word is None:
        raise UsageError(
            f"“{rest[-1]}” is not a stance. End with one of {', '.join(STANCES)}, e.g. "
            '`stance set Germany opposes summary="…" quote="…" source="…"`.'
        )
    actor_words = rest[:-1]
    if not actor_words:
        raise UsageError('Whose stance? e.g. `stance set Spain opposes summary="…"`.')
    reject_unknown_options(
        options,
        ("summary", "quote", "source", "date", "topic", "kind", "story"),
        "options are summary, quote, source, date, topic, kind, story.",
    )
    who = author(bot, request)
    when = optional_date(options, who)
    topic = _topic(session, options)
    actor = resolve_actor(bot, session, " ".join(actor_words), options.get("kind"), write=True)
    rev = set_stance(
        session,
        who,
        actor,
        topic,
        stance=stance_word,
        summary=options.get("summary"),
        quote=options.get("quote"),
        source=options.get("source"),
        when=when,
    )
    return (
        f"{actor.name} now {rev.stance} — {diff_text(rev.diff).rstrip('.')}. "
        "Subscribed channels are alerted."
    )


def _topic(session: Session, options: dict[str, str]) -> Topic:
    """The ``topic=…`` option (taken out of the options), or else the first topic (of the
    ``story=…`` named, or of the first story)."""
    query = select(Topic).order_by(Topic.id)
    named = options.pop("story", None)
    if named:
        query = query.where(Topic.story_id == resolve_story(session, named).id)
    topics = session.scalars(query).all()
    wanted = options.pop("topic", None)
    if not wanted:
        if not topics:
            raise UsageError("No topics exist yet.")
        return topics[0]
    for t in topics:
        if wanted.casefold() in (t.key, t.name.casefold()):
            return t
    raise UsageError(f"No topic “{wanted}”; topics: {', '.join(t.key for t in topics)}.")


STANCE = Command(
    name="stance",
    run=stance,
    usage=STANCE_USAGE,
    example='stance set Sweden undecided summary="No proposal yet"',
    summary="The stance table: list, show, history; admins set.",
    aliases=("stances",),
    admin_subcommands=frozenset({"set", "update"}),
    discord=Slash("Who stands where, with quotes"),
    cli=Cli("stances: list [--json] | show | history | set"),
)
