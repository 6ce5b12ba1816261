"""Following the story in chat: ingest an article (a link, or pasted text), review what
it proposes (approve, reject, auto-apply), and follow feeds.

The ingest stack (extraction, page fetching, feed parsing) is imported inside the handlers
that use it: loading it costs a one-shot ``newsbot ask`` and an idle bot's memory dearly.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.commands.command import CHAT_ONLY, Cli, Command, Outcome, Reply, author
from bot.commands.parsing import UsageError, clean_request_text, reject_unknown_options, subcommand
from bot.domain.audit import audit
from bot.domain.checks import check_date
from bot.domain.errors import AlreadyDecided, ChangeError
from bot.domain.stories import resolve_story
from bot.ingest import options as ingest_options
from bot.ingest import proposals
from bot.storage.models import Feed, Proposal
from digests.dates import human_date
from digests.document import Bullets, Context, Document, Paragraph, message

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request
    from bot.ingest.pipeline import IngestOutcome

INGEST_USAGE = (
    'ingest URL | ingest title="…" source="…" [date=YYYY-MM-DD] [url=…] [force=yes] '
    'then the article text on the next lines (or text="…"); a pasted article may start '
    "with Title:, Published: and Source: lines instead"
)
PROPOSALS_USAGE = (
    "review [all] | review auto on [min=0.85] | review auto off | review here | review nowhere"
)
APPROVE_USAGE = "approve N [N …] | approve all"
REJECT_USAGE = "reject N [reason]"
FEED_USAGE = "feed list | feed add URL [every=MINUTES] [story=KEY] | feed remove N | feed poll [N]"
_ARTICLE_OPTIONS = ("title", "source", "date", "url", "text", "force", "story")


# ---------------------------------------------------------------- ingest
def ingest(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    """``ingest …`` as typed: the pasted text keeps its quotes and line breaks."""
    # Split at the first space or line break: a pasted article may start on the next line.
    parts = clean_request_text(request.text).split(maxsplit=1)
    rest = parts[1].strip() if len(parts) > 1 else ""
    if not rest:
        raise UsageError(f"What should I read? Usage: {INGEST_USAGE}")
    first, _, remainder = rest.partition("\n")
    token = first.strip()
    if "://" in token and " " not in token and not remainder.strip():
        return _ingest_url(bot, request, token)
    if token.startswith("story=") and "://" in rest:
        # ``ingest story=KEY URL``: a story named before the address.
        named, _, url = rest.partition(" ")
        if "://" in url.strip() and " " not in url.strip():
            return _ingest_url(bot, request, url.strip(), named.partition("=")[2] or None)
    opts: dict[str, str] = {}
    body = rest
    if "=" in first and not first.lstrip().lower().startswith(("title:", "published:")):
        opts, leftover = _options_line(first)
        body = (leftover + "\n" + remainder).strip() if leftover else remainder.strip()
        if opts.get("text"):
            if body:
                raise UsageError('Give the article text once: as text="…" or on the next lines.')
            body = opts["text"]
    return _ingest_text(bot, request, body, opts)


def _options_line(line: str) -> tuple[dict[str, str], str]:
    """``title="…" source=… date=…`` and any words after them."""
    try:
        tokens = shlex.split(line.replace("“", '"').replace("”", '"'))
    except ValueError as exc:
        raise UsageError(f"I could not read the options: {exc} (check your quotes).") from exc
    opts: dict[str, str] = {}
    words: list[str] = []
    for token in tokens:
        name, eq, value = token.partition("=")
        if eq and name.lower() in _ARTICLE_OPTIONS:
            opts[name.lower()] = value
        elif eq and not words:
            reject_unknown_options(
                {name.lower(): value}, _ARTICLE_OPTIONS, f"Usage: {INGEST_USAGE}"
            )
        else:
            words.append(token)
    return opts, " ".join(words)


def _ingest_text(bot: NewsBot, request: Request, body: str, opts: dict[str, str]) -> list[Document]:
    from digests.extraction import InputError, from_text

    who = author(bot, request)
    published = (
        check_date("date", opts["date"], not_after=who.at.date()) if opts.get("date") else None
    )
    try:
        raw = from_text(
            body,
            title=opts.get("title"),
            source=opts.get("source"),
            published=published,
            url=opts.get("url"),
            default_source=f"pasted in chat by {request.user_name or request.user}",
        )
    except InputError as exc:
        raise UsageError(str(exc)) from exc
    return _run(bot, request, raw, force=_yes(opts.get("force")), story=opts.get("story"))


def _ingest_url(
    bot: NewsBot, request: Request, url: str, story: str | None = None
) -> list[Document]:
    from bot.ingest.fetch import FetchError, fetch
    from digests.extraction import InputError, from_html, from_text

    try:
        page = fetch(url, bot.settings)
        if "html" in page.content_type:
            raw = from_html(page.text, url=page.url)
        elif "xml" in page.content_type:
            raise UsageError(f"That is a feed, not an article: `feed add {url}` follows it.")
        else:
            raw = from_text(page.text, url=page.url, default_source=page.url)
    except (FetchError, InputError) as exc:
        raise UsageError(f"I could not read {url[:120]}: {exc}") from exc
    return _run(bot, request, raw, force=False, story=story)


def _yes(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "yes", "true", "on")


def _run(
    bot: NewsBot, request: Request, raw: object, *, force: bool, story: str | None = None
) -> list[Document]:
    from bot.ingest.pipeline import Ingestor
    from digests.extraction import ArticleInput

    assert isinstance(raw, ArticleInput)
    outcome = Ingestor(bot).ingest(raw, author(bot, request), force=force, story=story)
    return [outcome_document(outcome)]


def outcome_document(outcome: IngestOutcome, *, filed: bool = False) -> Document:
    """What an ingest came to; ``filed``: an unfiled article filed under a story later."""
    a = outcome.article
    if not outcome.stored:
        _, title, score = outcome.duplicate_of or ("?", "?", 0.0)
        return message(
            f"“{a.title}” looks like the same story as “{title}” ({score:.0%} alike), so I "
            "did not store it. Add `force=yes` to store it anyway.",
            title="Near-duplicate: not stored",
        )
    filing = outcome.filing
    if filed and filing is not None and filing.story is not None:
        doc = Document(title="Article filed", kind="reply")
        doc.add(
            Paragraph(
                f"Filed “{a.title}” under the story “{filing.story.title}” "
                f"(`{filing.story.key}`); it will be in that story's next digest."
            )
        )
    else:
        doc = Document(title="Article added", kind="reply")
        doc.add(
            Paragraph(
                f"Added “{a.title}” ({outcome.sentences} sentences) from {a.source}, "
                f"{human_date(a.published)}; it will be in the next digest."
            )
        )
    if filing is not None and filing.story is None:
        number = f" {outcome.article_id}" if outcome.article_id is not None else " N"
        doc.add(
            Paragraph(
                f"Stored unfiled: {filing.reason}, so it proposes nothing. File it under "
                f"a story with `story=KEY` when ingesting, or now with "
                f"`article file{number} story=KEY` (see `stories`)."
            )
        )
    elif filing is not None and filing.story is not None and not filed:
        doc.add(Context(f"Filed under the story “{filing.story.title}” (`{filing.story.key}`)."))
    found = outcome.extraction
    if found is not None:
        people = [
            f"{m.name}" + (f" ({m.role})" if m.role else "")
            for m in found.actors
            if m.key is not None or m.kind == "person"
        ]
        if people:
            doc.add(Paragraph("Names: " + ", ".join(people[:15]) + "."))
    if not outcome.proposals:
        doc.add(Paragraph("Nothing in it changes the stance table or the tracked items."))
        return doc
    doc.add(Paragraph("What it suggests:"))
    doc.add(
        Bullets(
            tuple(
                p["line"] + (f" — applied: {p['note']}" if p["status"] == "applied" else "")
                for p in outcome.proposals
            )
        )
    )
    pending = [p["id"] for p in outcome.proposals if p["status"] == "pending"]
    if pending:
        doc.add(
            Context(
                f"`approve {pending[0]}` applies one, `reject {pending[0]}` drops it; "
                "`review` shows each with its evidence."
            )
        )
    return doc


# ---------------------------------------------------------------- proposals
def proposals_cmd(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    sub, rest = subcommand(
        words, ("list", "all", "auto", "here", "nowhere"), "list", PROPOSALS_USAGE
    )
    if sub in ("list", "all"):
        reject_unknown_options(options, (), f"Usage: {PROPOSALS_USAGE}")
        with bot.session() as session:
            if sub == "all":
                rows = list(
                    session.scalars(select(Proposal).order_by(Proposal.id.desc()).limit(20))
                )[::-1]
            else:
                rows = proposals.pending(session)
            auto = ingest_options.auto_apply_threshold(session)
            where = ingest_options.review_channel(session)
            if not rows:
                doc = message("No proposals are waiting." if sub == "list" else "No proposals yet.")
            else:
                title = "Proposals waiting for review" if sub == "list" else "Latest proposals"
                doc = proposals.document(rows, title)
        tail = f"Auto-apply: at or above {auto:.2f}." if auto is not None else "Auto-apply: off."
        tail += f" Posted to: {where}." if where else " Not posted to any channel."
        doc.add(Context(tail))
        return [doc]
    who = author(bot, request)
    with bot.session() as session:
        if sub == "auto":
            reject_unknown_options(options, ("min",), f"Usage: {PROPOSALS_USAGE}")
            state = rest[0].lower() if rest else ""
            if state not in ("on", "off"):
                raise UsageError(
                    f"Say `review auto on` or `review auto off`. Usage: {PROPOSALS_USAGE}"
                )
            if state == "off":
                ingest_options.put(session, who, ingest_options.AUTO_APPLY, None)
                audit(session, who, "proposals.auto", "off")
                text = "Auto-apply is off: every proposal waits for an admin."
            else:
                value = _threshold(options.get("min"), bot.settings.ingest_apply_threshold)
                ingest_options.put(session, who, ingest_options.AUTO_APPLY, f"{value:.2f}")
                audit(session, who, "proposals.auto", "on", {"min": value})
                text = (
                    f"Auto-apply is on: proposals with confidence {value:.2f} or more apply "
                    "by themselves (audited and alerted like an admin's change); the rest wait."
                )
        elif sub == "here":
            reject_unknown_options(options, (), f"Usage: {PROPOSALS_USAGE}")
            here = f"{request.platform}/{request.workspace}/{request.channel}"
            ingest_options.put(session, who, ingest_options.REVIEW_CHANNEL, here)
            audit(session, who, "proposals.channel", here)
            text = "New proposals will be posted in this channel."
        else:
            reject_unknown_options(options, (), f"Usage: {PROPOSALS_USAGE}")
            ingest_options.put(session, who, ingest_options.REVIEW_CHANNEL, None)
            audit(session, who, "proposals.channel", None)
            text = "New proposals are no longer posted anywhere; `review` lists them."
    return [message(text)]


def _threshold(raw: str | None, default: float) -> float:
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(
            f"min= takes a number between 0.5 and 1, e.g. min=0.85; not “{raw}”."
        ) from None
    if not 0.5 <= value <= 1.0:
        raise UsageError(
            "min= must be between 0.5 and 1: below that, guesses would apply themselves."
        )
    return value


def approve(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document] | Reply:
    reject_unknown_options(options, (), f"Usage: {APPROVE_USAGE}")
    if not words:
        raise UsageError(f"Which proposal? Usage: {APPROVE_USAGE}")
    if [w.lower() for w in words] == ["all"]:
        with bot.session() as session:
            numbers = [p.id for p in proposals.pending(session, limit=200)]
        if not numbers:
            return [message("No proposals are waiting.")]
    else:
        numbers = _numbers(words, APPROVE_USAGE)
    lines = []
    applied = 0
    decided_before = 0
    for number in numbers:
        try:
            with bot.session() as session:
                row = proposals.get(session, number)
                text = proposals.apply(session, row, author(bot, request))
            lines.append(f"#{number}: {text}")
            applied += 1
        except ChangeError as exc:
            decided_before += isinstance(exc, AlreadyDecided)
            lines.append(f"#{number}: not applied — {exc}")
    if applied:
        bot.changed()
    if len(numbers) == 1:
        one = message(
            lines[0] + ("" if not applied else ". Subscribed channels are alerted."),
            kind="reply" if applied else "error",
        )
        if decided_before:
            return Reply([one], Outcome.ALREADY_DECIDED)
        return Reply([one], Outcome.DONE if applied else Outcome.INVALID)
    doc = Document(title=f"Applied {applied} of {len(numbers)} proposals", kind="reply")
    doc.add(Bullets(tuple(lines)))
    return [doc]


def reject(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    """``reject N [reason]``: the reason is free text, apostrophes and all."""
    parts = clean_request_text(request.text).split(maxsplit=2)
    if len(parts) < 2:
        raise UsageError(f"Which proposal? Usage: {REJECT_USAGE}")
    number = _numbers(parts[1:2], REJECT_USAGE)[0]
    reason = parts[2].strip().removeprefix("reason=").strip("\"'“” ") if len(parts) > 2 else ""
    with bot.session() as session:
        row = proposals.get(session, number)
        proposals.reject(session, row, author(bot, request), reason or None)
        line = proposals.describe(row)
    return [message(f"Rejected {line}; nothing changed in the table.")]


def _numbers(words: list[str], usage: str) -> list[int]:
    out = []
    for word in words:
        text = word.lstrip("#").rstrip(",")
        if not text.isdigit():
            raise UsageError(f"“{word}” is not a proposal number. Usage: {usage}")
        out.append(int(text))
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------- feeds
def feed(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    from bot.ingest.feeds import add_feed, poll_feed

    sub, rest = subcommand(words, ("list", "add", "remove", "poll"), "list", FEED_USAGE)
    if sub != "add":
        reject_unknown_options(options, (), f"`feed {sub}` takes no options. Usage: {FEED_USAGE}")
    if sub == "list":
        with bot.session() as session:
            feeds = list(session.scalars(select(Feed).order_by(Feed.id)))
            lines = tuple(
                f"#{f.id} {f.title or f.url} — every {f.interval_minutes} min; "
                + (
                    f"last read {f.last_polled_at:%d %b %H:%M} UTC"
                    if f.last_polled_at
                    else "not read yet"
                )
                + (f"; last error: {f.last_error}" if f.last_error else "")
                for f in feeds
            )
        if not lines:
            return [message("No feeds are followed. `feed add URL` follows one.")]
        return [Document(title="Feeds", kind="reply").add(Bullets(lines))]
    who = author(bot, request)
    if sub == "add":
        reject_unknown_options(options, ("every", "story"), f"Usage: {FEED_USAGE}")
        if len(rest) != 1:
            raise UsageError(f"Give one feed address. Usage: {FEED_USAGE}")
        every = options.get("every")
        if every is not None and not every.rstrip("m").isdigit():
            raise UsageError("every= takes minutes, e.g. every=30.")
        with bot.session() as session:
            row = add_feed(
                session,
                who,
                rest[0],
                bot.settings,
                int(every.rstrip("m")) if every else None,
            )
            filed = ""
            if options.get("story"):
                story_row = resolve_story(session, options["story"])
                row.story_id = story_row.id
                filed = f" under “{story_row.title}”"
            text = (
                f"Following feed #{row.id} ({row.url}) every {row.interval_minutes} minutes; "
                f"its new items are ingested{filed} and their proposals posted for review."
            )
        return [message(text)]
    if sub == "remove":
        number = _numbers(rest[:1], FEED_USAGE)[0] if rest else None
        if number is None:
            raise UsageError(f"Which feed? Usage: {FEED_USAGE}")
        with bot.session() as session:
            gone = session.get(Feed, number)
            if gone is None:
                raise ChangeError(f"There is no feed #{number}; `feed list` shows them.")
            url = gone.url
            session.delete(gone)
            audit(session, who, "feed.remove", url)
        return [message(f"Stopped following {url}. Articles already ingested stay.")]
    with bot.session() as session:
        ids = [f.id for f in session.scalars(select(Feed).order_by(Feed.id))]
    if rest:
        ids = [n for n in _numbers(rest, FEED_USAGE)]
    if not ids:
        return [message("No feeds are followed. `feed add URL` follows one.")]
    results = [poll_feed(bot, n, who) for n in ids]
    return [
        Document(title="Feeds read", kind="reply").add(Bullets(tuple(r.line() for r in results)))
    ]


INGEST = Command(
    name="ingest",
    run=ingest,
    usage=INGEST_USAGE,
    example="ingest https://example.org/news/estonia-troops",
    summary="Read a new article (a link, or pasted text) and propose the updates it implies.",
    admin=True,
    free_text=True,
    discord=CHAT_ONLY,
    cli=Cli(
        "add articles (files, folders, URLs, --feed backfills) and read them", passthrough=False
    ),
)
REVIEW = Command(
    name="review",
    run=proposals_cmd,
    usage=PROPOSALS_USAGE,
    example="review",
    summary="Updates proposed from new articles, waiting for an admin; auto-apply.",
    aliases=("pending",),
    admin_subcommands=frozenset({"auto", "here", "nowhere"}),
    discord=CHAT_ONLY,
    cli=Cli("proposals from ingested articles: list | all | auto on|off"),
)
APPROVE = Command(
    name="approve",
    run=approve,
    usage=APPROVE_USAGE,
    example="approve 3",
    summary="Apply a proposed update (audited and alerted like any change).",
    admin=True,
    button="Approved",
    discord=CHAT_ONLY,
    cli=Cli("apply proposals: approve N [N …] | approve all"),
)
REJECT = Command(
    name="reject",
    run=reject,
    usage=REJECT_USAGE,
    example="reject 4 wrong actor",
    summary="Drop a proposal.",
    admin=True,
    free_text=True,
    button="Rejected",
    discord=CHAT_ONLY,
    cli=Cli("drop a proposal: reject N [reason]"),
)
FEED = Command(
    name="feed",
    run=feed,
    usage=FEED_USAGE,
    example="feed add https://example.org/rss every=30",
    summary="RSS/Atom feeds whose new items are ingested on a schedule.",
    aliases=("feeds",),
    admin_subcommands=frozenset({"add", "remove", "poll"}),
    discord=CHAT_ONLY,
    cli=Cli("RSS/Atom feeds: list | add URL [every=MINUTES] | remove N | poll [N]"),
)
