"""Which story a question is about, and one answer from one or several stories' tables.

The answerer works on one story's stance table. A question goes to the story whose topic
and item words it uses (only words that tell the stories apart count: "mission" says
nothing when every story has one). A question with no such word goes to every story in
which the actors it names hold a position (or which has items it asks for), each part
labelled with its story; failing
that, to the story the channel follows (the first story by default), whose answerer then
says plainly what it does not hold — never another story's position.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from digests.answer import Answer, Answerer, StanceHit
from digests.answer_records import item_json
from digests.document import Context, Document, Heading
from digests.model import ItemRecord, StanceTable
from digests.text import stem_set

# How one story's answerer is asked (the core passes the conversation's last turn and the
# story's change log along).
Ask = Callable[["StoryRef | None", Answerer, str], Answer]


def plain_ask(ref: StoryRef | None, answerer: Answerer, question: str) -> Answer:
    return answerer.answer(question)


# The item keys of the ``ask --json`` contract (docs/cli.md); a story's adds ``story``
# and ``topic`` to each stance and item.
_ITEM_KEYS = ("name", "status", "due")


@dataclass(frozen=True)
class StoryRef:
    """A story as the core routes to it: its row's id, key, title and status."""

    id: int
    key: str
    title: str
    status: str = "active"


@dataclass
class StoryPart:
    story: StoryRef | None
    answer: Answer
    topics: tuple[str, ...] = ()  # the story's topic keys, its main one first


@dataclass
class StoryAnswer:
    """An answer drawn from one or more stories, each stance and item knowing its story."""

    question: str
    document: Document
    parts: list[StoryPart] = field(default_factory=list)

    @property
    def stances(self) -> list[StanceHit]:
        return [hit for part in self.parts for hit in part.answer.stances]

    @property
    def items(self) -> list[ItemRecord]:
        return [item for part in self.parts for item in part.answer.items]

    @property
    def turn(self) -> Any:
        """The turn a follow-up refers to: the first story's part's."""
        return getattr(self.parts[0].answer, "turn", None) if self.parts else None

    def to_json(self, text: str) -> dict[str, Any]:
        """The ``newsbot ask --json`` object (docs/cli.md)."""
        stances: list[dict[str, Any]] = []
        items: list[dict[str, Any]] = []
        for part in self.parts:
            key = part.story.key if part.story else None
            for hit in part.answer.stances:
                stances.append({**hit.contract_json(), "story": key, "topic": hit.record.topic})
            main_topic = part.topics[0] if part.topics else None
            for item in part.answer.items:
                shown = {k: v for k, v in item_json(item).items() if k in _ITEM_KEYS}
                items.append({**shown, "story": key, "topic": main_topic})
        return {"question": self.question, "answer": text, "stances": stances, "items": items}


def story_vocabulary(table: StanceTable) -> frozenset[str]:
    """The stems that say a question is about this story: its topics' names and keywords,
    the facts it records ("invited"), its items' names and aliases."""
    texts: list[str] = []
    for t in table.topics:
        texts.append(t.name)
        texts.extend(t.keywords)
    for f in table.facts:
        texts.extend((f.yes, *f.keywords))
    for i in table.items:
        texts.append(i.name)
        texts.extend(i.aliases)
    return stem_set(texts)


def topic_scores(
    question: str, vocabularies: dict[StoryRef, frozenset[str]]
) -> dict[StoryRef, int]:
    """How many of the question's words belong to each story alone (or to some stories but
    not all): a word every story shares tells them nothing apart."""
    # Stemmed in every language the engine reads, as the vocabularies are.
    asked = stem_set([question])
    if len(vocabularies) > 1:
        shared = frozenset.intersection(*vocabularies.values())
    else:
        shared = frozenset()
    return {ref: len((asked & vocab) - shared) for ref, vocab in vocabularies.items()}


def route(
    question: str,
    stories: Sequence[StoryRef],
    answerer_of: Callable[[StoryRef], Answerer],
    preferred: Sequence[StoryRef],
    ask: Ask = plain_ask,
) -> StoryAnswer:
    """The answer from the story (or stories) the question is about; see the module doc."""
    if len(stories) == 1:
        return _single(question, stories[0], answerer_of(stories[0]), label=False, ask=ask)
    answerers = {ref: answerer_of(ref) for ref in stories}
    scores = topic_scores(
        question, {ref: story_vocabulary(a.table) for ref, a in answerers.items()}
    )
    best = max(scores.values(), default=0)
    order = {ref: i for i, ref in enumerate([*preferred, *stories])}
    ranked = sorted(stories, key=lambda ref: order.get(ref, len(order)))
    answers: dict[StoryRef, Answer] = {}

    def answer_of(ref: StoryRef) -> Answer:
        if ref not in answers:
            answers[ref] = ask(ref, answerers[ref], question)
        return answers[ref]

    if best > 0:
        chosen = [ref for ref in ranked if scores[ref] == best]
    else:
        holding = [ref for ref in ranked if answer_of(ref).stances or answer_of(ref).items]
        chosen = holding or [next(iter(preferred), ranked[0])]
    parts = [_part(ref, answerers[ref], answer_of(ref)) for ref in chosen]
    if len(parts) == 1:
        return _labelled(question, parts[0])
    return _combined(question, parts)


def _part(ref: StoryRef, answerer: Answerer, answer: Answer) -> StoryPart:
    return StoryPart(ref, answer, tuple(t.key for t in answerer.table.topics))


def _single(
    question: str, ref: StoryRef | None, answerer: Answerer, *, label: bool, ask: Ask
) -> StoryAnswer:
    answer = ask(ref, answerer, question)
    part = StoryPart(ref, answer, tuple(t.key for t in answerer.table.topics))
    return _labelled(question, part) if label else StoryAnswer(question, answer.document, [part])


def single(
    question: str,
    ref: StoryRef | None,
    answerer: Answerer,
    *,
    label: bool,
    ask: Ask = plain_ask,
) -> StoryAnswer:
    """The answer of one story the asker named (labelled when there are others)."""
    return _single(question, ref, answerer, label=label, ask=ask)


def _labelled(question: str, part: StoryPart) -> StoryAnswer:
    doc = part.answer.document
    if part.story is not None:
        doc.add(Context(f"From the story “{part.story.title}” (`{part.story.key}`)."))
    return StoryAnswer(question, doc, [part])


def _combined(question: str, parts: list[StoryPart]) -> StoryAnswer:
    """One document, a section per story, in the order the stories were ranked."""
    first = parts[0].answer.document
    titles = list(dict.fromkeys(p.answer.document.title for p in parts if p.answer.document.title))
    doc = Document(title="; ".join(titles) or None, kind=first.kind)
    for part in parts:
        assert part.story is not None
        doc.add(Heading(f"In the story “{part.story.title}” (`{part.story.key}`)", 2))
        doc.add(*part.answer.document.blocks)
    return StoryAnswer(question, doc, parts)
