"""Which story a question is about, and one answer from one or several stories' tables.

The answerer works on one story's stance table. A question is read for the words that
say what it is about — not the actors it names (they are shared by every story), its
stance words, its time, the words of asking who speaks for whom, or idioms of asking
("what's the deal with Poland?"). It goes to the story whose topic, glossary, fact and
item words it uses (only words that tell the stories apart count: "mission" says nothing
when every story has one), wherever it is asked — and where two stories' words fit it
alike, asked in a channel that follows one of them, to that one; failing those, to the
one story whose positions' own words it uses ("Who fears an escalation?"). A subject no
story holds ("nuclear energy") gets the default story's "no record", never each story's
position. A question with no subject at all stays within the stories the asking channel
follows (the first story by default): a newsroom that follows one story asked "Where does
Spain stand?" means that story. Asked from no channel (``newsbot ask`` without
``--story``), it goes to every story in which the actors it names hold a position (or
which has items it asks for), each part labelled with its story. Failing that, to the
default story, whose answerer then says plainly what it does not hold — never another
story's position.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from digests.answer import Answer, Answerer, StanceHit
from digests.answer_lexicon import POSITION_IDIOMS, SPEAKING_WORDS
from digests.answer_records import item_contract_json
from digests.document import Context, Document, Heading
from digests.lexicon import TOPIC_MARKERS
from digests.mentions import strip_mentions
from digests.model import ItemRecord, StanceTable
from digests.question import flags_to_codes
from digests.search import common_prefix
from digests.text import stem_set, words

# How one story's answerer is asked (the core passes the conversation's last turn and the
# story's change log along).
Ask = Callable[["StoryRef | None", Answerer, str], Answer]


def plain_ask(ref: StoryRef | None, answerer: Answerer, question: str) -> Answer:
    return answerer.answer(question)


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
                # The contract's keys, plus the story and topic it is from (docs/cli.md).
                items.append({**item_contract_json(item), "story": key, "topic": main_topic})
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


def question_vocabulary(table: StanceTable) -> frozenset[str]:
    """``story_vocabulary`` and the topics' glossary, both its German and its English
    words: a question may name the topic in either ("Eskalation", "escalation")."""
    glossed = [w for t in table.topics for pair in t.glossary for w in pair]
    return story_vocabulary(table) | stem_set(glossed)


def source_vocabulary(table: StanceTable) -> frozenset[str]:
    """The stems of what the story's positions say (summaries, quotes, notes): "Who fears
    an escalation?" is about the story whose sources speak of one, though no keyword does."""
    texts = [r.summary for r in table.stances]
    texts += [e.quote for r in table.stances for e in r.evidence]
    texts += [n.text for r in table.stances for n in r.notes]
    return stem_set(texts)


@dataclass(frozen=True)
class _Vocabularies:
    topic: frozenset[str]
    sources: frozenset[str]


# Per answerer (one version of one story's table): built once, not per question.
_VOCABULARIES: weakref.WeakKeyDictionary[Answerer, _Vocabularies] = weakref.WeakKeyDictionary()


def _vocabularies(answerer: Answerer) -> _Vocabularies:
    found = _VOCABULARIES.get(answerer)
    if found is None:
        table = answerer.table
        found = _Vocabularies(question_vocabulary(table), source_vocabulary(table))
        _VOCABULARIES[answerer] = found
    return found


@dataclass(frozen=True)
class AskedWords:
    """What a question is about, as routing reads it: the words that name its subject
    (not the actors, the stance, the time or how it asks), and among them those after
    "on", "about" or a stance word; ``out_of_scope``: it asks what no table holds
    ("the population of Italy"). ``places``: the words of a country or body named after
    "on", "about" or "zur", behind the actor asked about ("Washington … about the
    Venezuelan vote", "die EU zur Wahl in Venezuela"): there it says what the question
    is about, not whose position it asks for."""

    content: tuple[str, ...]
    subject: tuple[str, ...]
    out_of_scope: bool
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # the words of every actor named, wherever
    actor_keys: tuple[str, ...] = ()  # the table keys of the actors named
    compares: bool = False  # "Are France and Germany aligned?", "Compare …"
    # each word of an actor as typed, with the words of its name ("albanien": "albania")
    named_as: tuple[tuple[str, tuple[str, ...]], ...] = ()


def asked_words(answerer: Answerer, question: str) -> AskedWords:
    text = " ".join(strip_mentions(flags_to_codes(question)).split())
    q = answerer.reader.read(text)
    # Every name of an actor, also one the subject holds ("the loan for Ukraine").
    every = [*q.actors, *answerer.resolver.find(text)]
    idiom = POSITION_IDIOMS.spans(q.rest)
    # After "on", "about", "zur", once the asked actor was named before it: a name there
    # is part of the subject ("Poland's position on Greenland"), not who is asked ("the
    # position of the Nordics").
    marker = next((i for i, w in enumerate(q.rest) if w in TOPIC_MARKERS), None)
    places = (
        tuple(
            w
            for m, at in zip(q.actors, q.actor_at, strict=True)
            if at > marker
            # as typed and as the story's keywords would spell it ("Grönland": Greenland)
            for w in dict.fromkeys([*words(m.text), *words(m.name)])
        )
        if marker is not None and any(at <= marker for at in q.actor_at)
        else ()
    )
    # "Who speaks for the US?" asks for people, about no subject: its speaking words are
    # the question's own, like an idiom's ("a spokesman said" is in every story's sources).
    idiom |= {i for i, w in enumerate(q.rest) if w in SPEAKING_WORDS}
    return AskedWords(
        tuple(q.rest[i] for i in q.content_at if i not in idiom),
        tuple(q.rest[i] for i in q.subject_at if i not in idiom),
        bool(q.out_of_scope),
        places,
        tuple(dict.fromkeys(w for m in every for w in [*words(m.text), *words(m.name)])),
        tuple(dict.fromkeys(m.key for m in q.actors if m.key)),
        bool(q.compare),
        tuple((w, tuple(words(m.name))) for m in every for w in words(m.text)),
    )


# A word of the question and one of a story's are of one family when they share this
# long a beginning, most of the shorter one: "recognising" and "recognition",
# "Palestine" and "Palestinian", "Venezuelan" and "Venezuela" (stemmers keep them apart).
_FAMILY_PREFIX = 7
_FAMILY_SHARE = 0.8


def _of_one_family(forms: frozenset[str], vocabulary: frozenset[str]) -> bool:
    """Whether a form and a word of the vocabulary share the beginning a family does. A
    stem of another language's stemmer carries its tag ("de:waff"): compared without it,
    and only with stems of that language ("Waffenruhe" is no "Waffen")."""
    for f in forms:
        tag, _, bare = f.rpartition(":")
        for v in vocabulary:
            other, _, word = v.rpartition(":")
            if other != tag:
                continue
            n = common_prefix(bare, word)
            if n >= _FAMILY_PREFIX and n >= _FAMILY_SHARE * min(len(bare), len(word)):
                return True
    return False


def _scores(
    asked: Sequence[str],
    vocabularies: dict[StoryRef, frozenset[str]],
    *,
    alone: bool,
    families: bool = False,
) -> dict[StoryRef, int]:
    """For each story, how many asked words are its own: words every story has tell them
    nothing apart; with ``alone``, only a word no other story has counts; with
    ``families``, a word of the same family as one of the story's counts too."""
    scores = dict.fromkeys(vocabularies, 0)
    for word in asked:
        forms = stem_set([word])
        having = [ref for ref, vocab in vocabularies.items() if forms & vocab]
        if not having and families:
            having = [ref for ref, vocab in vocabularies.items() if _of_one_family(forms, vocab)]
        if not having or len(having) == len(vocabularies) or (alone and len(having) > 1):
            continue
        for ref in having:
            scores[ref] += 1
    return scores


def _knows_most(answerer: Answerer, subject: Sequence[str]) -> bool:
    """Whether the story's sources use at least half of the asked subject's words."""
    known = sum(1 for w in subject if answerer.reader.knows_all([w]))
    return 2 * known >= len(subject)


def _tie_broken(
    tied: list[StoryRef], asked: AskedWords, vocabs: dict[StoryRef, _Vocabularies]
) -> list[StoryRef]:
    """Stories whose topic words the question shares alike ("election" in two election
    stories): the one whose topic names a country the question names ("… an early election
    in Germany"), else the one whose sources alone use a word of it ("Maduro's
    re-election"); else all of them."""
    for scores in (
        _scores(asked.actors, {r: vocabs[r].topic for r in tied}, alone=True),
        _scores(asked.content, {r: vocabs[r].sources for r in tied}, alone=True),
    ):
        best = max(scores.values(), default=0)
        won = [r for r in tied if scores[r] == best]
        if best > 0 and len(won) == 1:
            return won
    return tied


def _by_name(typed: Sequence[str], as_named: dict[str, tuple[str, ...]]) -> list[str]:
    """Words of places as typed, each followed by the words of the actor's name."""
    return list(dict.fromkeys(n for w in typed for n in (w, *as_named.get(w, ()))))


def route(
    question: str,
    stories: Sequence[StoryRef],
    answerer_of: Callable[[StoryRef], Answerer],
    preferred: Sequence[StoryRef],
    ask: Ask = plain_ask,
    *,
    within: Sequence[StoryRef] | None = None,
    continues: StoryRef | None = None,
) -> StoryAnswer:
    """The answer from the story (or stories) the question is about; see the module doc.
    ``within``: the stories the asking channel follows, the only ones a question without
    topic words may reach (None: asked from no channel, every story); ``continues``: the
    story of the conversation's last reply, which a question without topic words of its
    own ("And Poland?") goes on about."""
    if len(stories) == 1:
        return _single(question, stories[0], answerer_of(stories[0]), label=False, ask=ask)
    answerers = {ref: answerer_of(ref) for ref in stories}
    order = {ref: i for i, ref in enumerate([*preferred, *stories])}
    ranked = sorted(stories, key=lambda ref: order.get(ref, len(order)))
    reach = [ref for ref in ranked if within is None or ref in within] or ranked
    answers: dict[StoryRef, Answer] = {}

    def answer_of(ref: StoryRef) -> Answer:
        if ref not in answers:
            answers[ref] = ask(ref, answerers[ref], question)
        return answers[ref]

    # The question is read once, by the story it would go to by default: actors are
    # shared, so any story's reader finds the same ones.
    asked = asked_words(answerers[reach[0]], question)
    vocabs = {ref: _vocabularies(a) for ref, a in answerers.items()}
    # Its topic's words first: those of the subject it asks about, when it names one
    # ("What does NATO's secretary general say about Orbán's trip?" is about the trip),
    # else all its content words. A place it names counts for a story whose topic knows one
    # of its other words too, or whose sources know them all ("the Venezuelan vote"): "the
    # loan for Ukraine" is not the subject of every story that happens in Ukraine.
    topics = {r: v.topic for r, v in vocabs.items()}
    named = set(asked.actors)
    # A place as typed and by its name: "Albanien" is the "Albania" of a story's topic.
    as_named = dict(asked.named_as)
    chosen: list[StoryRef] = []
    for said in [asked.subject, asked.content] if asked.subject else [asked.content]:
        things = [w for w in said if w not in named]
        where = _by_name([*(w for w in said if w in named), *asked.places], as_named)
        scores = _scores(things, topics, alone=False, families=True)
        places = _scores(where, topics, alone=False, families=True)
        scores = {
            r: n + (places[r] if n or all(stem_set([w]) & vocabs[r].sources for w in things) else 0)
            for r, n in scores.items()
        }
        best = max(scores.values(), default=0)
        chosen = [ref for ref in ranked if scores[ref] == best] if best > 0 else []
        # A story whose sources know too few of the subject's words is not what it asks
        # about ("the EU's new rules on plastic packaging" in a story about a ruling).
        chosen = [ref for ref in chosen if _knows_most(answerers[ref], asked.subject)]
        if chosen:
            break
    if len(chosen) > 1:
        chosen = _tie_broken(chosen, asked, vocabs)
    if len(chosen) > 1 and within is not None:
        # Nothing else tells them apart: a channel that follows one of them means that one
        # ("the mission" to a newsroom that follows one story with a mission of its own).
        chosen = [ref for ref in chosen if ref in within] or chosen
    if not chosen:
        # Failing those, a word only one story's positions use — when that story's
        # sources know every word of the asked subject: "Germany's position on future
        # energy policy" is not about the story whose quote says "future generations".
        scores = _scores(asked.content, {r: v.sources for r, v in vocabs.items()}, alone=True)
        chosen = [
            ref
            for ref in ranked
            if scores[ref] > 0 and answerers[ref].reader.knows_all(asked.subject)
        ]
    if not chosen and asked.subject and not asked.out_of_scope:
        # A subject no story's topic words name, in a place the topic of one story alone
        # names ("die Asylzentren in Albanien"): that story.
        where = _by_name([w for w in asked.subject if w in named], as_named)
        things = [w for w in asked.subject if w not in named]
        places = _scores(where, topics, alone=True, families=True)
        # Only when its sources know the subject's other words: "the fishing loan for
        # Greenland" is not the Greenland story's subject.
        chosen = [ref for ref in ranked if places[ref] > 0 and _knows_most(answerers[ref], things)]
    if not chosen and asked.subject and asked.actor_keys and not asked.out_of_scope:
        # A subject no story's topic words name ("Wie steht die FDP zur Neuwahl?"), about
        # actors that hold positions in one of the stories within reach only: that one.
        holding = [
            ref
            for ref in reach
            if set(asked.actor_keys) <= {r.actor for r in answerers[ref].table.stances}
        ]
        if len(holding) == 1:
            chosen = holding
    if not chosen and asked.compares:
        # Whether actors agree is asked of one subject: with none named, of the story the
        # channel follows first (the default one), not a verdict per story.
        chosen = [reach[0]]
    if not chosen and (asked.subject or asked.out_of_scope):
        # A subject no story holds ("nuclear energy"), or nothing a table holds: the
        # default story says so, rather than every story giving its own position.
        chosen = [reach[0]]
    if not chosen and continues is not None and not asked.subject and not asked.content:
        # "And Poland?" after a reply from one story asks about that story's subject: its
        # answerer says so when Poland holds no position there, rather than another story
        # giving Poland's position on something else.
        chosen = [continues]
    if not chosen:
        holding = [ref for ref in reach if answer_of(ref).stances or answer_of(ref).items]
        chosen = holding or [next((r for r in preferred if r in reach), reach[0])]
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
