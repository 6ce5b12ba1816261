"""Answers from the stance table: who stands where, with the quote that backs it.

``Answerer`` reads a question into independent signals (``digests.question``) and picks
the kind of answer they ask for: about named actors (``digests.actor_answers``), a list
of actors (``digests.list_answers``), tracked items, or the rows that mention the
question's words (``digests.search``). It answers only from the rows it holds: where the
table holds nothing, it says so; it never guesses a position.

Nothing here knows the story: word meanings live in ``digests.lexicon``, names and
keywords in the table (seeded from ``seeds/``).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from digests.actor_answers import about_actors
from digests.actors import ActorResolver
from digests.answer_records import Answer, LastTurn, StanceHit, evidence_json, item_json
from digests.compose import (
    hint,
    items_answer,
    join_names,
    matches_title,
    names_of,
    nothing_on,
    off_topic_answer,
)
from digests.country_groups import missing_groups
from digests.document import Context, Paragraph
from digests.lexicon import DEADLINE_WORDS, TOPIC_MARKERS
from digests.list_answers import (
    list_answer,
    list_with_actors,
    matches_selection,
    overview,
    rows_answer,
)
from digests.mentions import strip_mentions
from digests.model import StanceRecord, StanceTable
from digests.question import Question, QuestionReader, flags_to_codes
from digests.reason_answers import reasons_answer, since_when_answer
from digests.table_view import TableView
from digests.text import STOPWORDS, words
from digests.text.memo import Kept

if TYPE_CHECKING:
    from digests.change_answers import ChangeLog

__all__ = ["Answer", "Answerer", "LastTurn", "StanceHit", "evidence_json", "item_json"]

MAX_QUESTION_CHARS = 1000

_HINT = (
    "I found no actor, tracked item or position in that question. I understand English and "
    "German. Try “What is Germany's position?”, “Who opposes the mission?”, “Was Poland "
    "invited?” or “What are the upcoming deadlines?” — or type `help`."
)


def _asked_before_the_subject(q: Question, view: TableView) -> list[str]:
    """The names of no actor asked about before "on" or "about", when every actor named
    (if any) stands after it, in the subject: strangers, and people the sources name whose words
    no row quotes (one a row quotes, "Lindner", is answered by that row's actor)."""
    if not (q.strangers or q.named) or q.wants_list:
        return []
    marker = next((i for i, w in enumerate(q.rest) if w in TOPIC_MARKERS), None)
    if marker is None or not all(at > marker for at in q.actor_at):
        return []
    before = set(q.rest[:marker])
    return [
        n
        for n in (*q.strangers, *q.named)
        if words(n)
        and words(n)[0] in before
        and (n in q.strangers or not any(_quotes([n], r) for r in view.table.stances))
    ]


def _quotes_names(hit: StanceHit, names: list[str]) -> bool:
    """Whether a row's summary or quotes hold every word of one of the names."""
    return _quotes(names, hit.record)


def _quotes(names: list[str], record: StanceRecord) -> bool:
    said = set(words(" ".join([record.summary, *(e.quote for e in record.evidence)])))
    return any(set(words(name)) <= said for name in names)


class Answerer:
    """Built once per version of the table; ``answer`` is cheap and has no side effects."""

    def __init__(
        self,
        table: StanceTable,
        *,
        vocabulary: Iterable[str] = (),
        today: date | None = None,
        resolver: ActorResolver | None = None,
        readings: int = 512,
    ) -> None:
        """``readings``: how many questions' readings to keep (0: read every question anew,
        as the benchmarks do to time the reading itself)."""
        self._readings: Kept[str, Question] = Kept(readings)
        self._followups: Kept[tuple[str, LastTurn], str | None] = Kept(readings)
        # A build makes tens of thousands of containers and no garbage cycles; every
        # collection the allocations would trigger walks the whole table again (a fifth
        # of the build on 20,000 rows), so the cycle collector waits until it is done.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._build(table, vocabulary, today, resolver)
        finally:
            if collecting:
                gc.enable()

    def _build(
        self,
        table: StanceTable,
        vocabulary: Iterable[str],
        today: date | None,
        resolver: ActorResolver | None,
    ) -> None:
        self.table = table
        vocab = list(vocabulary)
        # Groups readers name that the table lacks ("the Nordics"): answered by the
        # members it holds. Only the answerer sees them; the table itself is unchanged.
        read_table = replace(table, actors=[*table.actors, *missing_groups(table.actors)])
        self.resolver = resolver or ActorResolver(read_table.actors, vocabulary=vocab)
        self.view = TableView(read_table, today)
        self.reader = QuestionReader(
            read_table,
            self.resolver,
            vocabulary=vocab,
            topic_vocab=self.view.topic_vocab.values(),
            row_texts=self.view.row_search.texts,
        )

    def answer(
        self,
        question: str,
        *,
        last: LastTurn | None = None,
        changes: ChangeLog | None = None,
        now: datetime | None = None,
        remember: bool = False,
    ) -> Answer:
        """Answers ``question``; ``last`` is the conversation's last turn, for follow-ups,
        and ``changes`` the change log, for "what changed?" (without it, such questions
        are answered from the table alone). With ``remember``, the answer carries the
        turn a follow-up may refer to (``Answer.turn``)."""
        text = " ".join(strip_mentions(flags_to_codes(question)).split())
        if not text:
            return hint(question, "Ask me about a position, e.g. “What is Germany's position?”")
        if len(text) > MAX_QUESTION_CHARS:
            return hint(
                question,
                f"That question is {len(text)} characters long; please keep it under "
                f"{MAX_QUESTION_CHARS}.",
            )
        followup = self._followup(text, last) if last is not None else None
        q = self._read(followup or text).copied()
        q.raw = question
        answer = self._answer(q, changes, now)
        for typed, meant in q.corrections:
            answer.document.add(Context(f"Reading “{typed}” as {meant}."))
        if followup:
            answer.document.add(Context(f"Following up: read as “{followup}”"))
        if remember:
            answer.turn = self._turn(q, answer)
        return answer

    # How a text reads depends on the text and this version of the table alone (and a
    # follow-up's on the last turn too), and a channel asks the same few questions over
    # and over: each is read once per version, for up to ``readings`` texts.
    def _read(self, text: str) -> Question:
        """``reader.read(text)``, once per text; callers get a copy to set ``raw`` on
        (nothing else of a reading is changed after it is made)."""
        return self._readings.get(text, lambda: self.reader.read(text))

    def _followup(self, text: str, last: LastTurn) -> str | None:
        # Only conversations follow up; a one-shot question never loads the reading.
        from digests.followups import resolve_followup

        return self._followups.get((text, last), lambda: resolve_followup(text, last, self.reader))

    def _turn(self, q: Question, answer: Answer) -> LastTurn:
        known = [m for m in q.actors if m.known and m.key]
        if answer.document.title is None and not answer.stances and not answer.items:
            kind = "hint"
        elif answer.kind == "changes" and not q.actors:
            kind = "changes"
        elif not known:
            kind = "list"
        elif q.compare and len(known) > 1:
            kind = "compare"
        else:
            kind = "answer"
        text = q.text
        if kind == "changes" and not q.wants_changes:
            # "and this week?" answered with the changes: the next turn continues that.
            rest = re.sub(r"^(?:and|und|also|what about|how about)\s+", "", text, flags=re.I)
            text = f"What changed {rest.rstrip(' ?')}?"
        return LastTurn(
            text=text,
            spans=tuple((m.start, m.end) for m in known),
            actors=tuple(dict.fromkeys(m.name for m in known)),
            listed=tuple(names_of(answer.stances)) if not known else (),
            kind=kind,
        )

    def _held_actors(self, q: Question) -> bool:
        """Whether the question names an actor the table holds rows for."""
        view = self.view
        return any(
            m.known and m.key in view.actors and view.rows_for(view.actors[m.key]) for m in q.actors
        )

    def _limits(self, q: Question) -> Answer | None:
        """ "What is the population of Italy?": say first what the bot tracks."""
        if not q.out_of_scope or not q.actors:
            return None
        names = join_names([m.name for m in q.actors])
        topics = "; ".join(t.name for t in self.view.table.topics) or "the story"
        asked = " ".join(q.out_of_scope)
        lead = (
            f"I only track positions on {topics} — who said what, with the quote — not "
            f"“{asked}”: I can't tell you that for {names}."
        )
        stripped = replace(q, out_of_scope=[], foreign=[], foreign_topic=[], known=[])
        answer = self._answer(stripped, None, None)
        answer.document.blocks.insert(0, Paragraph(lead))
        if answer.stances:
            answer.document.blocks.insert(1, Paragraph("What the sources do say:"))
        answer.document.title = f"Not tracked: {asked} · {answer.document.title or names}"
        return answer

    def _answer(self, q: Question, changes: ChangeLog | None, now: datetime | None) -> Answer:
        """The first kind of answer the question's signals fit, most specific first."""
        view = self.view
        limited = self._limits(q)
        if limited is not None:
            return limited
        if changes is not None:
            # Only callers holding the change log ask what changed (not a one-shot ask).
            from digests.change_answers import changes_answer
            from digests.periods import read_period

            moment = now or datetime.now(UTC)
            period = read_period(q.all_words, moment)
            # "anything since Monday?": a period and nothing else asks what changed in it.
            bare = not (q.actors or q.stances or q.fact or q.known or q.about_items)
            if q.wants_changes or (period is not None and bare):
                return changes_answer(view, q, changes, period)
        if q.since_when and q.actors:
            found = since_when_answer(view, q)
            if found is not None:
                return found
        # "Who sees good reasons for …?" asks for a list, not for the reasons.
        if q.wants_reasons and (not q.wants_list or self._held_actors(q)):
            found = reasons_answer(view, q)
            if found is not None:
                return found
            if not q.actors and not q.known:
                return hint(
                    q.raw,
                    "Why what? Name whose reasons you mean, e.g. “Why does Germany oppose "
                    "the mission?” — or ask a question first and then “why?”.",
                )
        item_query = tuple(
            s for w, s in zip(q.rest, q.rest_stems, strict=True) if w not in STOPWORDS
        )
        about_items = q.about_items or q.wants_upcoming
        any_date = any(w in DEADLINE_WORDS for w in q.rest)
        # The items a question's words name depend on those words and the table alone.
        items = list(
            view.derived(
                ("items", item_query, about_items, any_date),
                lambda: view.item_index.match(item_query, about_items, any_date=any_date),
            )
        )

        missions_only = bool(q.actors) and all(
            m.key and view.actors[m.key].kind == "mission" for m in q.actors
        )
        if items and missions_only and (q.about_items or len(items) == 1):
            return items_answer(view, q, items)
        if asker := _asked_before_the_subject(q, view):
            # "Katalin Novák's position on Sweden's NATO membership": she is asked about;
            # Sweden and NATO are the subject. With no actor named at all ("Pope Francis's
            # position on the trainers"), the subject's item is not what is asked either.
            return nothing_on(q, asker)
        if q.actors:
            if q.wants_list and (q.stances or q.fact or q.known):
                return list_with_actors(view, q, items)
            return about_actors(view, q, items)
        if items and (q.about_items or not (q.stances or q.fact)):
            return items_answer(view, q, items)
        if q.strangers and not q.wants_list:
            # "Does Acme Corp support the mission?" asks about Acme, not for a list.
            return nothing_on(q, q.strangers)
        if q.stances or q.fact:
            return list_answer(view, q, items)
        if q.role_candidates:
            return hint(
                q.raw,
                f"Who do you mean? The table holds {join_names(q.role_candidates)}; "
                "ask about one of them by name.",
            )
        if any(not w.isascii() for w in q.foreign):
            # Folding leaves only Latin letters of the languages we read as ASCII.
            return hint(q.raw, _HINT)
        if q.off_topic():
            return off_topic_answer(view, q)
        if q.known:
            chosen = matches_selection(view, q.known)
            if chosen is not None and q.named and not q.wants_list:
                # "Where does Ruth Brand stand?": rows that only share the question's other
                # words ("election") are other actors' positions, not hers; only rows
                # whose sources name her are.
                named = [h for h in chosen.hits if _quotes_names(h, q.named)]
                if not named:
                    return nothing_on(q, q.named)
                return rows_answer(view, q, named, matches_title(q))
            if chosen is not None:
                return rows_answer(view, q, chosen.hits, matches_title(q), chosen=chosen)
        if q.named and not q.wants_list:
            return nothing_on(q, q.named)  # someone the sources name, with no row
        if q.wants_overview or q.wants_list:
            return overview(view, q)
        if q.about_items:
            return items_answer(view, q, view.item_index.by_due())
        return hint(q.raw, _HINT)
