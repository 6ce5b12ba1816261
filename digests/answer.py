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

from collections.abc import Iterable
from datetime import date

from digests.actor_answers import about_actors
from digests.actors import ActorResolver
from digests.answer_records import Answer, StanceHit, evidence_json, item_json
from digests.compose import hint, items_answer, matches_title, nothing_on, off_topic_answer
from digests.document import Context
from digests.lexicon import DEADLINE_WORDS
from digests.list_answers import list_answer, list_with_actors, overview, rows_answer
from digests.model import StanceTable
from digests.question import Question, QuestionReader, flags_to_codes
from digests.table_view import TableView
from digests.text import STOPWORDS

__all__ = ["Answer", "Answerer", "StanceHit", "evidence_json", "item_json"]

MAX_QUESTION_CHARS = 1000

_HINT = (
    "I found no actor, tracked item or position in that question. I understand English and "
    "German. Try “What is Germany's position?”, “Who opposes the mission?”, “Was Poland "
    "invited?” or “What are the upcoming deadlines?” — or type `help`."
)


class Answerer:
    """Built once per version of the table; ``answer`` is cheap and has no side effects."""

    def __init__(
        self,
        table: StanceTable,
        *,
        vocabulary: Iterable[str] = (),
        today: date | None = None,
        resolver: ActorResolver | None = None,
    ) -> None:
        self.table = table
        vocab = list(vocabulary)
        self.resolver = resolver or ActorResolver(table.actors, vocabulary=vocab)
        self.view = TableView(table, today)
        self.reader = QuestionReader(
            table, self.resolver, vocabulary=vocab, topic_vocab=self.view.topic_vocab.values()
        )

    def answer(self, question: str) -> Answer:
        text = " ".join(flags_to_codes(question).split())
        if not text:
            return hint(question, "Ask me about a position, e.g. “What is Germany's position?”")
        if len(text) > MAX_QUESTION_CHARS:
            return hint(
                question,
                f"That question is {len(text)} characters long; please keep it under "
                f"{MAX_QUESTION_CHARS}.",
            )
        q = self.reader.read(text)
        q.raw = question
        answer = self._answer(q)
        for typed, meant in q.corrections:
            answer.document.add(Context(f"Reading “{typed}” as {meant}."))
        return answer

    def _answer(self, q: Question) -> Answer:
        """The first kind of answer the question's signals fit, most specific first."""
        view = self.view
        item_query = [s for w, s in zip(q.rest, q.rest_stems, strict=True) if w not in STOPWORDS]
        items = view.item_index.match(
            item_query,
            q.about_items or q.wants_upcoming,
            any_date=any(w in DEADLINE_WORDS for w in q.rest),
        )

        missions_only = bool(q.actors) and all(
            m.key and view.actors[m.key].kind == "mission" for m in q.actors
        )
        if items and missions_only and (q.about_items or len(items) == 1):
            return items_answer(view, q, items)
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
        if any(not w.isascii() for w in q.foreign):
            # Folding leaves only Latin letters of the languages we read as ASCII.
            return hint(q.raw, _HINT)
        if q.off_topic():
            return off_topic_answer(view, q)
        if q.known:
            hits = view.row_search.find(q.known)
            if hits:
                return rows_answer(view, q, [view.hit(r) for r in hits], matches_title(q))
        if q.wants_overview or q.wants_list:
            return overview(view, q)
        if q.about_items:
            return items_answer(view, q, view.item_index.by_due())
        return hint(q.raw, _HINT)
