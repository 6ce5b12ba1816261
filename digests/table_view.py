"""The stance table indexed for answering: rows per actor, who is reported for whom,
topic vocabularies, and the item and row searches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from digests.answer_records import StanceHit
from digests.model import ActorRecord, Note, StanceRecord, StanceTable
from digests.search import ItemIndex, RowSearch
from digests.text import stem_set

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
        self.by_actor: dict[str, list[StanceRecord]] = {}
        for row in table.stances:
            self.by_actor.setdefault(row.actor, []).append(row)
        self.spokes: dict[str, list[str]] = {}  # actor → groups/bodies reported for it
        for actor in table.actors:
            if actor.speaks_for and actor.kind != "person":
                self.spokes.setdefault(actor.speaks_for, []).append(actor.key)
        self.topic_vocab = {t.key: stem_set((t.name, *t.keywords)) for t in table.topics}
        self.item_index = ItemIndex(table.items)
        self.row_search = RowSearch(table.stances)

    def current_date(self) -> date:
        return self.today or date.today()

    def hit(self, row: StanceRecord, via: str | None = None) -> StanceHit:
        return StanceHit(self.actors[row.actor], row, via)

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

    def on_asked_topic(
        self, rows: list[StanceRecord], question_stems: Sequence[str]
    ) -> list[StanceRecord]:
        """When the table covers several topics and the question names one, its rows only."""
        if len(self.topic_vocab) < 2:
            return rows
        asked = set(question_stems)
        scores = {t: sum(1 for s in asked if s in v) for t, v in self.topic_vocab.items()}
        best = max(scores.values(), default=0)
        if best == 0:
            return rows
        return [r for r in rows if scores.get(r.topic, 0) == best]
