"""How sure the stance proposals of a story's start are, read across its first articles.

Ingest weighs a reading against a table that has a story behind it: a new actor, or a
stance the table does not hold, deserves a second look. A story's start has no table
yet — every actor is new to it — so the extraction's confidence alone leaves nearly all
of it in review. What a careful reader records at once from a story's first articles is
a plain statement: the sentence opens with the actor (or a list of actors) and says
where they stand on the story's own subject, named in the sentence or its paragraph
("Italy, Poland and Sweden also oppose the nature law.", "Deutschland unterstützt das
Abkommen."). Such a proposal gains
``PLAIN_STATEMENT``; one the other articles repeat gains ``PER_AGREEING_ARTICLE`` for
each. A proposal backed by a sentence about someone else ("Hungary will support…, after
the Dutch prime minister promised…") stays below the auto-apply threshold whatever the
extraction said, and so does every proposal for an actor the articles give two
different stances: an admin decides those.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from digests.actors import ActorMatch, ActorResolver
from digests.extraction.people import ROLE_WORDS
from digests.extraction.scoring import WEIGHTS
from digests.model import ActorRecord
from digests.text import stem_set, words

PLAIN_STATEMENT = 0.15
# What ingest takes off for an actor the table lacks: in a start the table is empty, so a
# plain statement by a country the articles name in full gets it back.
NEW_ACTOR = WEIGHTS.proposal.new_actor
PER_AGREEING_ARTICLE = 0.05
HIGHEST = 0.97
# Below any sensible auto-apply threshold: what an admin must look at.
REVIEW = 0.6
# What may stand between the names of a sentence's leading list ("Italy, the Netherlands
# and Poland"), and before the first one (an opening quote mark, "The", "Auch").
_BETWEEN = re.compile(r"^[\s,;]*(?:(?:and|or|nor|und|oder|sowie|the|die|der|das)\s+)*$", re.I)
# A title with "of" may open it: "The foreign ministers of Estonia, Latvia and …" speak for
# the countries they name.
_TITLE = "|".join(sorted(ROLE_WORDS | {"government"}, key=len, reverse=True))
_OPENING = re.compile(
    rf"^[\s\"'“”„«»‚‘]*(?:(?:the|also|auch|die|der|das)\s+)?"
    rf"(?:(?:(?:{_TITLE})s?\s+){{1,3}}of\s+(?:the\s+)?)?$",
    re.I,
)


def lead_actors(
    sentence: str, matches: Sequence[ActorMatch], speaks_for: dict[str, str]
) -> set[str]:
    """The names (casefolded) of the actors a sentence opens with: its subject."""
    out: set[str] = set()
    at = 0
    for m in sorted(matches, key=lambda m: m.start):
        gap = sentence[at : m.start]
        if not (_OPENING if at == 0 else _BETWEEN).match(gap):
            break
        out.add(m.name.casefold())
        if m.key and m.key in speaks_for:
            out.add(speaks_for[m.key])
        at = m.end
    return out


def calibrate(
    rows: Iterable[tuple[int, str, str, str, float, bool]],
    topic_words: Iterable[str],
    resolver: ActorResolver,
    actors: Sequence[ActorRecord],
    paragraphs: Sequence[Sequence[Sequence[str]]] = (),
) -> dict[int, float]:
    """New confidences for stance proposals given as (article, actor name, stance, backing
    sentence, confidence, new actor), keyed by their position in ``rows``. ``paragraphs``: each
    article's sentences by paragraph — a sentence that leaves its object to the one before
    ("Hungary and Malta also voted against.") is about what its paragraph names."""
    listed = list(rows)
    # A sentence's context: its paragraph and the sentence before it (the end of the
    # paragraph before), as the extraction reads what "the decision" stands for.
    around: dict[tuple[int, str], str] = {}
    for n, read in enumerate(paragraphs):
        before = ""
        for paragraph in read:
            for sentence in paragraph:
                around.setdefault((n, sentence), " ".join([before, *paragraph]))
            before = paragraph[-1] if paragraph else before
    topic = stem_set(list(topic_words))
    names = {a.key: a.name for a in actors}
    speaks_for = {
        a.key: names[a.speaks_for].casefold()
        for a in actors
        if a.kind == "person" and a.speaks_for in names
    }
    stances: dict[str, set[str]] = defaultdict(set)
    articles: dict[tuple[str, str], set[int]] = defaultdict(set)
    for number, actor, stance, _, _, _ in listed:
        stances[actor.casefold()].add(stance)
        articles[(actor.casefold(), stance)].add(number)
    out: dict[int, float] = {}
    for i, (n, actor, stance, sentence, confidence, new) in enumerate(listed):
        who = actor.casefold()
        if len(stances[who]) > 1:
            out[i] = min(confidence, REVIEW)
            continue
        lead = who in lead_actors(sentence, resolver.find(sentence), speaks_for)
        if not lead:
            out[i] = min(confidence, REVIEW)
            continue
        context = around.get((n, sentence), sentence)
        on_topic = bool(stem_set([" ".join(words(context))]) & topic)
        bonus = PLAIN_STATEMENT + (NEW_ACTOR if new else 0.0) if on_topic else 0.0
        bonus += PER_AGREEING_ARTICLE * (len(articles[(who, stance)]) - 1)
        out[i] = round(min(HIGHEST, confidence + bonus), 2)
    return out
