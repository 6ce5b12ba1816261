"""Answers that list actors: "Who opposes the mission?", "Which Baltic states were
invited?", "Who fears escalation?", and the overview of the whole table.

A list is the rows matching every filter the question sets — stance, fact, the asked
topic, countries only, the named group — and says plainly when none match, rather than
widening the filter unasked.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from digests.answer_records import Answer, StanceHit
from digests.compose import (
    NONCOMMITTAL,
    WHO_LABELS,
    Compact,
    bare,
    capped,
    describe_filter,
    join_names,
    matches_title,
    names_of,
    off_topic_answer,
    render_compact,
    render_items,
    short_date,
)
from digests.document import Context, Document, Paragraph
from digests.lexicon import EXCLUDING_WORDS, LIKENING_WORDS
from digests.model import ItemRecord, StanceRecord
from digests.question import Question
from digests.table_view import TableView, fact_note

GROUP_HEADINGS = {
    "supports": "Support",
    "opposes": "Oppose",
    "undecided": "Undecided",
    "mixed": "Mixed",
    "unknown": "No stated position",
}
COUNTRY_KINDS = frozenset({"country", "group"})


def list_with_actors(view: TableView, q: Question, items: list[ItemRecord]) -> Answer:
    """A list question that names actors: a group narrows the list to its members
    ("Which Baltic states were invited?"), unless named after the stance word ("Who
    opposes the G7 loan?"); "besides Germany" leaves one out; an actor
    after the stance word ("Which countries back Macron?") or after "like" leaves the
    list whole; otherwise the named actors are the candidates ("Which of Italy and
    Spain …")."""
    within: set[str] = set()
    exclude: set[str] = set()
    first_signal = min((s for s, _ in q.signal_spans), default=None)
    for match, at in zip(q.actors, q.actor_at, strict=True):
        if not (match.known and match.key):
            continue
        actor = view.actors[match.key]
        if q.text[match.end : match.end + 2] in ("'s", "’s") and not actor.members:
            # "How many governments got Burkhard's letter?": the owner of what is asked
            # about, not a candidate for the list.
            continue
        keys = {actor.key}
        if actor.speaks_for:
            keys.add(actor.speaks_for)
        if actor.members:
            if first_signal is not None and at > first_signal:
                # "Who opposes the G7 loan?": named after the stance word, the group is whose
                # the thing is, not the list's limit ("Which EU countries oppose it?").
                continue
            within.update(actor.members)
            within.update(view.spokes.get(actor.key, []))
            continue
        before = q.rest[max(0, at - 2) : at]
        if any(w in EXCLUDING_WORDS for w in before):
            exclude.update(keys)
        elif any(w in LIKENING_WORDS for w in before) or (
            first_signal is not None and at >= first_signal
        ):
            continue  # an example or the object of the stance: the list is everyone's
        else:
            within.update(keys)
            within.update(view.spokes.get(actor.key, []))
    return list_answer(view, q, items, within=within or None, exclude=exclude)


@dataclass
class Selection:
    """The rows a list answer shows, in list order, and what it says around them."""

    view: TableView
    rows: list[StanceRecord]
    others: list[StanceRecord]  # not countries, when countries were asked for
    lead: str
    what: str  # what the list asks for, as a predicate ("opposes and was invited")
    silent: list[str]  # who the sources say nothing about for the fact asked
    _compact: dict[str | None, Compact] = field(default_factory=dict, init=False)

    @cached_property
    def hits(self) -> list[StanceHit]:
        return self.view.hits(self.rows)

    @cached_property
    def names(self) -> list[str]:
        return names_of(self.hits)

    @cached_property
    def other_names(self) -> list[str]:
        return self.view.names(self.others)

    def compact(self, fact: str | None) -> Compact:
        found = self._compact.get(fact)
        if found is None:
            found = self._compact[fact] = Compact(self.hits, fact)
        return found


def matches_selection(view: TableView, known: Sequence[str]) -> Selection | None:
    """The rows whose words match ``known`` (a question's known words), best first: the
    same rows for every question with these words, so searched and grouped once per
    version of the table (a common word may match thousands of rows)."""

    def search() -> Selection | None:
        rows = view.row_search.find(known)
        return Selection(view, rows, [], "", "matches", []) if rows else None

    return view.derived(("matches", frozenset(known)), search)


def list_answer(
    view: TableView,
    q: Question,
    items: list[ItemRecord],
    within: set[str] | None = None,
    exclude: set[str] | None = None,
) -> Answer:
    if q.off_topic() and not within:
        return off_topic_answer(view, q)
    exclude = exclude or set()
    topics = view.asked_topics(q.topic_stems)
    chosen: Selection | None
    if not within and not exclude and (q.fact or q.stances):
        # Filtered by the table's own topics, stances and facts alone: the same rows for
        # every question asking for them, sorted and grouped once per version of the table.
        key = (
            "list",
            topics,
            q.fact.key if q.fact else None,
            q.fact_negated,
            frozenset(q.stances),
            q.countries_only,
        )
        chosen = view.derived(key, lambda: _select(view, q, topics, None, set()))
    else:
        chosen = _select(view, q, topics, within, exclude)
    if chosen is None:
        return overview(view, q)
    rows, others, what = chosen.rows, chosen.others, chosen.what
    lead_note = chosen.lead
    named = join_names(
        [view.actors[k].name for k in sorted(exclude, key=lambda k: view.order.get(k, 0))]
    )
    if not rows and within:
        # "Which of the Baltic states oppose it?" — none; say what they do hold.
        held = [view.hit(r) for r in view.table.stances if r.actor in within]
        held_names = join_names(names_of(held))
        doc = Document(kind="answer", title="No match")
        if held:
            doc.add(Paragraph(f"None of {held_names} {what}. The sources hold:"))
            render_compact(doc, held, q)
        else:
            doc.add(Paragraph("The stance table holds nothing for them."))
        return Answer(q.raw, doc, held, [])
    if not rows:
        doc = Document(kind="answer", title="No match")
        scope = "country" if q.countries_only else "actor"
        besides = f" besides {named}" if named else ""
        none = "None: no" if q.wants_count else "No"
        doc.add(Paragraph(f"{none} {scope} in the stance table{besides} {what}."))
        hits = [view.hit(r) for r in others]
        if hits:
            doc.add(Paragraph(f"Not a country, but {what.removeprefix('is ')}:"))
            render_compact(doc, hits, q)
        return Answer(q.raw, doc, hits, [])
    searched = not q.fact and not q.stances and q.known
    title = matches_title(q) if searched else f"Who {what}"
    title += f" (besides {named})" if named else ""
    if q.strangers:
        # "Which Nordic countries …": a name the table doesn't know can't narrow the list.
        quoted = ", ".join(f"“{n}”" for n in q.strangers)
        lead_note = (
            f"{lead_note} I don't know which actors {quoted} covers; here is everyone "
            f"who {what.removeprefix('is ')}."
        ).strip()
    answer = rows_answer(
        view, q, chosen.hits, title, items if q.about_items else [], lead=lead_note, chosen=chosen
    )
    if others:
        names = capped(chosen.other_names)
        answer.document.add(Context(f"Not countries, also matching: {names}"))
    if q.fact and chosen.silent:
        unsaid = capped(chosen.silent)
        answer.document.add(Context(f"The sources don't say either way for: {unsaid}."))
    return answer


def _select(
    view: TableView,
    q: Question,
    topics: frozenset[str] | None,
    within: set[str] | None,
    exclude: set[str],
) -> Selection | None:
    """The rows matching every filter the question sets, in list order; None: no
    filter but words that no row holds (the overview answers)."""

    def in_scope(r: StanceRecord) -> bool:
        return (
            r.actor not in exclude
            and (not within or r.actor in within)
            and (topics is None or r.topic in topics)
        )

    in_scope_rows: list[StanceRecord] | None = None

    def scope_rows() -> list[StanceRecord]:
        """Every row the named actors and the asked topic leave, in table order."""
        nonlocal in_scope_rows
        if in_scope_rows is None:
            if within:
                pool = view.in_table_order(r for k in within for r in view.by_actor.get(k, []))
            else:
                pool = view.rows_on(topics)
            in_scope_rows = [r for r in pool if in_scope(r)] if within or exclude else pool
        return in_scope_rows

    rows: list[StanceRecord] = []
    silent: list[str] = []  # the names of those the sources say nothing about for the fact
    if q.fact:
        want = not q.fact_negated
        key = q.fact.key
        rows = [r for r in view.by_fact.get((key, want), []) if in_scope(r)]
        whole = None if topics is None else next(iter(topics)) if len(topics) == 1 else ""
        known = view.silent_names.get((key, whole))
        if known is not None and not within and not exclude:
            silent = known
        else:
            noted = view.noted.get(key, set())
            silent = view.names(r for r in scope_rows() if id(r) not in noted)

    def with_stances(stances: Collection[str]) -> list[StanceRecord]:
        if q.fact:
            return [r for r in rows if r.stance in stances]
        if within:
            return [r for r in scope_rows() if r.stance in stances]
        if topics is None:
            lists = [view.by_stance.get(s, []) for s in stances]
        else:
            lists = [view.by_topic_stance.get((t, s), []) for t in topics for s in stances]
        pool = lists[0] if len(lists) == 1 else view.in_table_order(r for x in lists for r in x)
        return [r for r in pool if r.actor not in exclude] if exclude else list(pool)

    lead_note = ""
    what = describe_filter(q)
    if q.stances:
        matching = with_stances(q.stances)
        if not matching and q.stances <= set(NONCOMMITTAL):
            matching = with_stances(NONCOMMITTAL)
            if matching:
                asked = " or ".join(WHO_LABELS[s] for s in sorted(q.stances))
                lead_note = (
                    f"No actor in the stance table is recorded as {bare(asked)}. "
                    "The nearest are those without a clear position."
                )
                lead_note += _asked_unanswered(view, matching)
                what = "has no clear position"
        rows = matching
    if not q.fact and not q.stances:
        found = view.row_search.find(q.known) if q.known else []
        if within or exclude or topics is not None:
            found = [r for r in found if in_scope(r)]
        if found:
            rows = found
        elif not within:
            return None
        else:
            rows = list(scope_rows())
    others: list[StanceRecord] = []
    if q.countries_only:
        others = [r for r in rows if view.actors[r.actor].kind not in COUNTRY_KINDS]
        rows = [r for r in rows if view.actors[r.actor].kind in COUNTRY_KINDS]
    rank = view.list_rank
    rows.sort(key=lambda r: rank[r.actor])
    return Selection(view, rows, others, lead_note, what, silent)


def _asked_unanswered(view: TableView, rows: Sequence[StanceRecord]) -> str:
    """ "Of them, the United Kingdom and Poland were invited and have stated no position
    — undecided in the ordinary sense." For rows a yes-fact puts a question to."""
    facts = {f.key: f for f in view.table.facts}
    out = []
    for key, fact in facts.items():
        asked = [
            view.actors[r.actor].name
            for r in rows
            if r.stance == "unknown" and (n := fact_note(r, key)) is not None and n.value
        ]
        if asked:
            were = "was" if len(asked) == 1 else "were"
            out.append(
                f" Of them, {join_names(list(dict.fromkeys(asked)))} {were} {fact.yes} and "
                "have stated no position — undecided in the ordinary sense."
            )
    return "".join(out)


def rows_answer(
    view: TableView,
    q: Question,
    hits: list[StanceHit],
    title: str,
    items: Sequence[ItemRecord] = (),
    *,
    lead: str = "",
    chosen: Selection | None = None,
) -> Answer:
    """``chosen``: the selection ``hits`` are, whose names and groups may be made already."""
    doc = Document(kind="answer", title=title)
    if lead:
        doc.add(Paragraph(lead))
    unique = chosen.names if chosen is not None else names_of(hits)
    if q.wants_count:
        countries = list(dict.fromkeys(h.actor.name for h in hits if h.actor.kind == "country"))
        besides = [n for n in unique if n not in countries]
        if q.countries_only and countries and besides:
            # "How many countries …?": a group of countries is not one more country.
            doc.add(
                Paragraph(
                    f"{title}: {len(countries)} "
                    f"{'country' if len(countries) == 1 else 'countries'} — "
                    f"{capped(countries)}; also {join_names(besides)}, not counted as a country."
                )
            )
        else:
            doc.add(Paragraph(f"{title}: {len(unique)} in all — {capped(unique)}."))
    else:
        count = f" ({len(unique)})" if len(unique) > 2 else ""
        doc.add(Paragraph(f"{title}{count}: {capped(unique)}."))
    fact = q.fact.key if q.fact else None
    render_compact(doc, hits, q, chosen.compact(fact) if chosen is not None else None)
    if items:
        render_items(doc, items, view)
    # A copy: the selection's own list may serve later answers.
    return Answer(q.raw, doc, list(hits), list(items))


def overview(view: TableView, q: Question) -> Answer:
    doc = Document(kind="answer", title="The stance table at a glance")
    hits = [view.hit(r) for r in view.table.stances]
    order = {s: i for i, s in enumerate(GROUP_HEADINGS)}
    hits.sort(key=lambda h: order.get(h.record.stance, len(order)))
    topics = "; ".join(t.name for t in view.table.topics)
    if topics:
        doc.add(Paragraph(f"Positions on {topics}:"))
    for stance, heading in GROUP_HEADINGS.items():
        names = [h.actor.name for h in hits if h.record.stance == stance]
        if names:
            doc.add(Paragraph(f"{heading}: {', '.join(names)}"))
    dates = [h.record.as_of for h in hits if h.record.as_of]
    if dates:
        doc.add(Context(f"as of {short_date(max(dates))}; ask about any of them for the quotes"))
    return Answer(q.raw, doc, hits, [])
