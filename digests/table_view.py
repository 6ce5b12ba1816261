"""The stance table indexed for answering: rows per actor, who is reported for whom,
topic vocabularies, and the item and row searches."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

from digests.answer_records import StanceHit
from digests.model import ActorRecord, Note, StanceRecord, StanceTable
from digests.search import ItemIndex, RowSearch
from digests.text import stem_set

_T = TypeVar("_T")
# Lists kept per version of the table: one per topic, stance and fact combination asked.
_MAX_DERIVED = 128

# A row and why it answers for the actor asked about ("member of Baltic states"), if not its own.
SourcedRow = tuple[StanceRecord, str | None]


def fact_note(row: StanceRecord, fact: str) -> Note | None:
    """The row's note that settles ``fact`` one way or the other, if any."""
    return next((n for n in row.notes if n.fact == fact and n.value is not None), None)


class TableView:
    """Built once per version of the table, with the answerer."""

    def __init__(self, table: StanceTable, today: date | None) -> None:
        self.table = table
        self.today = today  # None: the real date, read on every answer
        self.actors = {a.key: a for a in table.actors}
        self.order = {a.key: i for i, a in enumerate(table.actors)}
        self.topics = {t.key: t for t in table.topics}
        # Where a list puts an actor's rows: countries first, then in the table's order.
        self.list_rank = {
            a.key: (a.kind != "country") * len(self.order) + self.order[a.key] for a in table.actors
        }
        self._hits: dict[int, StanceHit] = {}
        self._derived: dict[Hashable, Any] = {}
        self.by_actor: dict[str, list[StanceRecord]] = {}
        for row in table.stances:
            self.by_actor.setdefault(row.actor, []).append(row)
        self.spokes: dict[str, list[str]] = {}  # actor → groups/bodies reported for it
        for actor in table.actors:
            if actor.speaks_for and actor.kind != "person":
                self.spokes.setdefault(actor.speaks_for, []).append(actor.key)
        self.topic_vocab = {t.key: stem_set((t.name, *t.keywords)) for t in table.topics}
        # Rows by topic, by stance and by what a fact note says: a list question starts
        # from the smallest of them rather than reading every row (lists in table order).
        self.position = {id(r): i for i, r in enumerate(table.stances)}
        self.by_topic: dict[str, list[StanceRecord]] = {}
        self.by_stance: dict[str, list[StanceRecord]] = {}
        self.by_topic_stance: dict[tuple[str, str], list[StanceRecord]] = {}
        self.by_fact: dict[tuple[str, bool], list[StanceRecord]] = {}
        self.noted: dict[str, set[int]] = {}  # fact → rows with a note settling it
        for row in table.stances:
            self.by_topic.setdefault(row.topic, []).append(row)
            self.by_stance.setdefault(row.stance, []).append(row)
            self.by_topic_stance.setdefault((row.topic, row.stance), []).append(row)
            for fact in {n.fact for n in row.notes if n.fact is not None}:
                note = fact_note(row, fact)
                if note is not None and note.value is not None:
                    self.by_fact.setdefault((fact, note.value), []).append(row)
                    self.noted.setdefault(fact, set()).add(id(row))
        # Who the sources say nothing about for a fact, over the whole table and per
        # topic: the names only (in table order), since that is all a list shows of them.
        self.silent_names: dict[tuple[str, str | None], list[str]] = {}
        name = {a.key: a.name for a in table.actors}
        for fact in {f.key for f in table.facts} | set(self.noted):
            noted = self.noted.get(fact, set())
            for topic, rows in [(None, table.stances), *self.by_topic.items()]:
                silent = [name[r.actor] for r in rows if id(r) not in noted]
                self.silent_names[(fact, topic)] = list(dict.fromkeys(silent))
        self.item_index = ItemIndex(table.items)
        self.row_search = RowSearch(table.stances)

    def derived(self, key: Hashable, build: Callable[[], _T]) -> _T:
        """``build()``, made once per version of the table for ``key``: what answers
        derive from the table alone (a list of the rows on a topic with a stance, in
        list order), never from a question's other words. Kept for a bounded number of
        keys: a view lives for one version of the table, and most questions ask for a
        few of them."""
        try:
            return self._derived[key]
        except KeyError:
            pass
        value = build()
        if len(self._derived) >= _MAX_DERIVED:
            self._derived.clear()
        self._derived[key] = value
        return value

    def current_date(self) -> date:
        return self.today or date.today()

    def hit(self, row: StanceRecord, via: str | None = None) -> StanceHit:
        if via is not None:
            return StanceHit(self.actors[row.actor], row, via)
        # A row's own hit is immutable and the view lives for one version of the table:
        # made once, for every list that shows the row.
        found = self._hits.get(id(row))
        if found is None:
            found = self._hits[id(row)] = StanceHit(self.actors[row.actor], row)
        return found

    def hits(self, rows: Sequence[StanceRecord]) -> list[StanceHit]:
        """``[self.hit(r) for r in rows]``: the rows' own hits, in one pass over the
        made ones (a list answer may show thousands of rows)."""
        found = list(map(self._hits.get, map(id, rows)))
        if not all(found):  # (not ``None in``: that compares hits field by field)
            return [h if h is not None else self.hit(r) for h, r in zip(found, rows, strict=True)]
        return found  # type: ignore[return-value]

    def names(self, rows: Iterable[StanceRecord]) -> list[str]:
        """The rows' actors, each once, in the rows' order."""
        return list(dict.fromkeys(self.actors[r.actor].name for r in rows))

    def rows_for(self, actor: ActorRecord) -> list[SourcedRow]:
        """The actor's rows; else those of who speaks for it, or of its members."""
        if actor.kind == "person" and actor.speaks_for in self.actors:
            target = self.actors[actor.speaks_for]
            via = f"{actor.name}" + (f" ({actor.description})" if actor.description else "")
            via += f" speaks for {target.name}"
            return [(r, via) for r in self.by_actor.get(target.key, [])]
        own: list[SourcedRow] = [(r, None) for r in self.by_actor.get(actor.key, [])]
        if own:
            return own
        # What is reported for it as a whole comes before what its members say.
        for spoke in self.spokes.get(actor.key, []):
            for r in self.by_actor.get(spoke, []):
                own.append((r, f"reported for {actor.name}"))
        if own:
            return own
        for member in actor.members:
            for r in self.by_actor.get(member, []):
                own.append((r, f"member of {actor.name}"))
        return own

    def topic_name(self, key: str) -> str:
        return self.topics[key].name if key in self.topics else key

    def topic_score(self, row: StanceRecord, question_stems: Sequence[str]) -> int:
        """How many of the question's words name the row's topic."""
        vocab = self.topic_vocab.get(row.topic, frozenset())
        return sum(1 for s in question_stems if s in vocab)

    def asked_topics(self, question_stems: Sequence[str]) -> frozenset[str] | None:
        """The topics the question names best, when the table covers several and the
        question names any; None: every topic."""
        if len(self.topic_vocab) < 2:
            return None
        asked = set(question_stems)
        scores = {t: sum(1 for s in asked if s in v) for t, v in self.topic_vocab.items()}
        best = max(scores.values(), default=0)
        if best == 0:
            return None
        return frozenset(t for t, score in scores.items() if score == best)

    def on_asked_topic(
        self, rows: list[StanceRecord], question_stems: Sequence[str]
    ) -> list[StanceRecord]:
        """When the table covers several topics and the question names one, its rows only."""
        topics = self.asked_topics(question_stems)
        if topics is None:
            return rows
        return [r for r in rows if r.topic in topics]

    def rows_on(self, topics: frozenset[str] | None) -> list[StanceRecord]:
        """The rows on ``topics`` (None: all), in table order."""
        if topics is None:
            return list(self.table.stances)
        if len(topics) == 1:
            return list(self.by_topic.get(next(iter(topics)), []))
        return self.in_table_order(r for t in topics for r in self.by_topic.get(t, []))

    def in_table_order(self, rows: Iterable[StanceRecord]) -> list[StanceRecord]:
        return sorted(rows, key=lambda r: self.position[id(r)])
