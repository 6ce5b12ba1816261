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
different stances: an admin decides those — unless the articles are dated and the
actor moved between them (one stance in each, never coming back to an earlier one): then
the table keeps the latest, and the earlier is its history ("What has changed for X?").
A past perfect is no position held now (the extraction drops it), and an aside about the
subject ("Croatia, which joined …, is …") is no plain statement.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from itertools import pairwise

from digests.actors import ActorMatch, ActorResolver
from digests.extraction.cues import (
    language_of,
    lexicon,
    normalise,
    reversing_words,
    stance_cues,
    undoes,
)
from digests.extraction.people import ROLE_WORDS, role_word
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
# A title may open it: "The foreign ministers of Estonia, Latvia and …" speak for the
# countries they name, "Defence Minister Boris Pistorius" for the one the table says he does.
_TITLE = "|".join(sorted(ROLE_WORDS | {"government", "regierung"}, key=len, reverse=True))
# The small words that may stand before a sentence's subject ("The", "Auch der").
_SMALL = "the|also|auch|die|der|das"
_OPENING = re.compile(
    rf"^[\s\"'“”„«»‚‘]*(?:(?:{_SMALL})\s+){{0,2}}"
    rf"(?:(?:(?:{_TITLE})s?\s+){{1,3}}(?:(?:of|von)\s+(?:the\s+)?)?)?$",
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


# A main clause joined to the one before ("…, and Cuba's President Miguel Díaz-Canel
# called it a victory", "…; Spain rejects it"): it opens as a sentence does.
_COORDINATED = re.compile(r"(?:,\s+(?:and|but|while|und|aber|während)|;)\s+(?=[A-ZÄÖÜ])")


def _openings(sentence: str) -> list[str]:
    """The sentence, and each main clause joined to it, from where it opens."""
    return [sentence, *(sentence[m.end() :] for m in _COORDINATED.finditer(sentence))]


# What a speaker says in passing about themselves before the verb of speech ("…, who left
# the Bundestag in July, said …"): no one else speaking.
_SPEAKER_ASIDE = re.compile(r",\s+(?:who|which|whose|der|die|das|dessen|deren)\b[^,]*,")


def _proper_name(text: str) -> bool:
    """Whether the text names someone: a capitalised word after its first that is no title
    ("Foreign Minister Jean-Noël Barrot", not "A government spokesman")."""
    return any(w[:1].isupper() and not role_word(w) for w in text.split()[1:])


def _reported(
    sentence: str, who: str, resolver: ActorResolver, speaks_for: dict[str, str]
) -> list[str]:
    """The clause a speaker's words are reported in, when the speaker is the actor's own or
    no one named ("A government spokesman said Berlin firmly rejected …", "The Dutch finance
    minister said the Netherlands supported …", "Aus Cotonou hieß es, Benin stehe …"): it
    opens as a sentence does. Not when others report it ("Diplomats said …", "a Japanese
    official said …") nor when another actor speaks ("Moscow said Berlin was …")."""
    lex = lexicon(language_of(sentence))
    speech = lex.patterns.get("speech")
    if speech is None:
        return []
    out = []
    for verb in speech.finditer(sentence):
        speaker = _SPEAKER_ASIDE.sub(",", sentence[: verb.start()])
        if not speaker.strip() or lex.second_hand.search(normalise(sentence[: verb.end()])):
            continue
        named = resolver.find(speaker)
        own = [m for m in named if who in (m.name.casefold(), speaks_for.get(m.key or ""))]
        if len(own) < len(named) or (not own and _proper_name(speaker)):
            continue  # another actor, or a person not known to speak for this one
        said = re.sub(r"^\s*(?:,|:|that\b|dass\b)?\s*", "", sentence[verb.end() :])
        if said:
            out.append(said)
    return out


# Before a name the resolver does not know: where it acts, an article, an adjective, a
# title ("The governing Georgian Dream party", "President Salome Zourabichvili", "In
# Austria, the far-right Freedom Party").
_LEADING = re.compile(
    rf"^[\s\"'“”„«»]*(?:[Ii]n\s+[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*){{0,2}},\s+)?"
    rf"(?:(?:[Tt]he|[Aa]lso)\s+)?(?:[a-z][\w-]*\s+)?(?:(?i:{_TITLE})\s+){{0,3}}$"
)


def _opens_with(sentence: str, name: str, *, person: bool = False) -> bool:
    """Whether the sentence opens with the actor's own name, one the resolver does not know
    (an organisation or a person new to every table: "The FDP calls for …"), also after
    the noun for what it is ("Die Gewerkschaft Verdi"), or the short form a report gives it
    ("The Commission, which proposed the scheme, welcomed …"); a ``person`` also by their
    surname alone, as a report names them once introduced ("Georgescu lehnt das Urteil ab")."""
    lex = lexicon(language_of(sentence))
    if any(lex.institution(word) == name for word in sentence.split()[:3]):
        # "Economics Commissioner Paolo Gentiloni …": a title that speaks for it
        return True
    # Its name, and the article's own spelling of a party's ("Die Grünen" for the Greens).
    starts = [sentence.find(spelt) for spelt in (name, *_spellings(lex.party_names, name))]
    if person and len(name.split()) >= 2:
        surname = re.match(rf"\W*{re.escape(name.split()[-1])}\b", sentence)
        starts.append(surname.end() - len(name.split()[-1]) if surname else -1)
    for form in lex.short_forms:
        if form.name == name and (short := form.short.search(sentence)) is not None:
            starts.append(short.start())
    # After the noun for what it is ("Der Naturschutzbund Nabu lehnt … ab").
    apposition = lex.patterns.get("organisation_apposition")
    bare = _ALSO.sub("", sentence.lstrip(" \"'“„«"), count=1)
    opened = apposition.match(bare) if apposition is not None else None
    if opened is not None and opened.group("name") == name:
        return True
    # Its short form in brackets after the full name the sentence opens with ("Auch der
    # Europäische Gewerkschaftsbund (EGB) bleibt bei seiner Ablehnung").
    bracketed = sentence.find(f"({name})")
    if bracketed > 0 and _NAMED_IN_FULL.match(sentence[:bracketed]):
        return True
    return any(
        at >= 0
        and (
            _OPENING.match(sentence[:at]) is not None
            or _LEADING.match(sentence[:at]) is not None
            or _titled(sentence[:at])
        )
        for at in starts
    )


# "Also" or "Auch" before a sentence's subject.
_ALSO = re.compile(r"^(?:[Aa]lso|[Aa]uch)\s+")
# A sentence's opening words up to a bracket: a name in full, of capitalised words and the
# small words between them ("The European Trade Union Confederation", "Auch die Gruppe des
# Bündnisses Sahra Wagenknecht").
_NAMED_IN_FULL = re.compile(
    rf"^[\s\"'“„«]*(?:(?i:{_SMALL})\s+){{0,2}}"
    r"(?:[A-ZÄÖÜ][\w'’-]*\s+(?:(?:of|for|and|the|des|der|für|und)\s+)?){0,6}[A-ZÄÖÜ][\w'’-]*\s*$"
)


def _spellings(party_names: dict[str, str], name: str) -> list[str]:
    return [spelt for spelt, english in party_names.items() if english == name]


def _titled(before: str) -> bool:
    """Whether what stands before a name is only its title, opened by a party's or a
    country's word ("Republican Senator", "US-Präsident", "Ministerpräsident")."""
    found = before.split()
    if not found or len(found) > 3 or not role_word(found[-1].rsplit("-", 1)[-1]):
        return False
    return all(w[:1].isupper() or role_word(w) for w in found)


# "Its leader Friedrich Merz demanded …": a title after a possessive that points back.
_POSSESSIVE_TITLE = re.compile(
    rf"^[\s\"'“”„«»]*(?:its|their)\s+(?:(?:{_TITLE})s?\s+){{1,3}}[A-Z]", re.I
)


def _spoken_for(
    sentence: str, previous: str, name: str, resolver: ActorResolver, speaks_for: dict[str, str]
) -> bool:
    """Whether the sentence opens with someone speaking for the actor the sentence before
    opens with, by its name or another the resolver knows ("The CDU wants Germans to vote
    sooner. Its leader Friedrich Merz demanded …", "The White House … Its spokesman …"):
    a plain statement of that actor's, in two sentences."""
    if not _POSSESSIVE_TITLE.match(sentence):
        return False
    return _opens_with(previous, name) or name.casefold() in lead_actors(
        previous, resolver.find(previous), speaks_for
    )


# "Both governments", after a sentence that opens with two actors: those two, plainly.
_BOTH = re.compile(
    r"\b(?:both|beide|beiden)\s+(?:governments|countries|states|capitals|regierungen|länder"
    r"|staaten|seiten)\b",
    re.I,
)


def _both_of(
    sentence: str,
    previous: str,
    who: str,
    resolver: ActorResolver,
    speaks_for: dict[str, str],
) -> bool:
    """Whether the sentence says "both governments" of the two actors the sentence before
    opens with, this one among them ("Irak und Jordanien stehen nicht mehr auf der Liste …
    beide Regierungen hätten ihre Zustimmung zurückgezogen")."""
    if not previous or not _BOTH.search(sentence):
        return False
    leading = lead_actors(previous, resolver.find(previous), speaks_for)
    return who in leading and len(leading) == 2


def calibrate(
    rows: Iterable[tuple[int, str, str, str, float, bool]],
    topic_words: Iterable[str],
    resolver: ActorResolver,
    actors: Sequence[ActorRecord],
    paragraphs: Sequence[Sequence[Sequence[str]]] = (),
    dates: Sequence[date | None] = (),
    title: str = "",
    people: frozenset[str] = frozenset(),
) -> dict[int, float]:
    """New confidences for stance proposals given as (article, actor name, stance, backing
    sentence, confidence, new actor), keyed by their position in ``rows``. ``paragraphs``: each
    article's sentences by paragraph — a sentence that leaves its object to the one before
    ("Hungary and Malta also voted against.") is about what its paragraph names. ``dates``:
    each article's date, by which an actor's change of position between them is read.
    ``title``: the story's; one that undoes a thing ("Halting arms exports") takes plain
    statements about the undoing only (``reversing_words``). ``people``: the names of the
    persons among the rows the table lacks (those it holds are read from ``actors``)."""
    listed = list(rows)
    people = people | {a.name for a in actors if a.kind == "person"}
    # A sentence's context: its paragraph and the sentence before it (the end of the
    # paragraph before), as the extraction reads what "the decision" stands for.
    around: dict[tuple[int, str], str] = {}
    before: dict[tuple[int, str], str] = {}  # the sentence before, in its paragraph
    for n, read in enumerate(paragraphs):
        last = ""
        for paragraph in read:
            for sentence in paragraph:
                around.setdefault((n, sentence), " ".join([last, *paragraph]))
            for earlier, sentence in pairwise(paragraph):
                before.setdefault((n, sentence), earlier)
            last = paragraph[-1] if paragraph else last
    topic = stem_set(list(topic_words))
    undoing = reversing_words() if undoes(title) else frozenset()
    names = {a.key: a.name for a in actors}
    speaks_for = {
        a.key: names[a.speaks_for].casefold()
        for a in actors
        if a.kind == "person" and a.speaks_for in names
    }
    # A reading the extraction itself doubts (criticism, a reported or buried one) neither
    # contradicts an actor's plain readings nor moves it: it waits in review beside them.
    strong = {row[1].casefold() for row in listed if row[4] >= REVIEW}
    weighty = [row for row in listed if row[4] >= REVIEW or row[1].casefold() not in strong]
    stances: dict[str, set[str]] = defaultdict(set)
    articles: dict[tuple[str, str], set[int]] = defaultdict(set)
    for number, actor, stance, _, _, _ in weighty:
        stances[actor.casefold()].add(stance)
        articles[(actor.casefold(), stance)].add(number)
    out: dict[int, float] = {}
    # A country the story's topic is named after ("Georgia's foreign influence law", a snap
    # election in Germany) is where it happens: its president and its prime minister may
    # stand on opposite sides, so two stances for it read from its people's words are no
    # move; read from sentences that name the country itself, they may be.
    moved = {
        who
        for who in stances
        if len(stances[who]) > 1
        and not (stem_set([who]) & topic and not _names_itself(who, weighty, resolver, speaks_for))
        and _moved(who, weighty, dates)
    }
    for i, (n, actor, stance, sentence, confidence, new) in enumerate(listed):
        who = actor.casefold()
        if (len(stances[who]) > 1 and who not in moved) or stance not in stances[who]:
            out[i] = min(confidence, REVIEW)
            continue
        if (
            actor not in people
            and stem_set([who]) & topic
            and not _names(sentence, who, resolver, speaks_for)
        ):
            # The country the topic is named after, read from a person's words ("Scholz
            # rejects the calls for a snap election"): its chancellor is one side of a
            # story about its own politics, not the country. (A person the topic's words
            # name, "Georgescu" in a story about his annulled win, is that side itself.)
            out[i] = min(confidence, REVIEW)
            continue
        proposed = [row[1] for row in listed if row[3] == sentence]
        lead = (
            any(
                who in lead_actors(part, _matches(part, resolver, proposed), speaks_for)
                or _opens_with(part, actor, person=actor in people)
                for part in [*_openings(sentence), *_reported(sentence, who, resolver, speaks_for)]
            )
            or _spoken_for(sentence, before.get((n, sentence), ""), actor, resolver, speaks_for)
            or _both_of(sentence, before.get((n, sentence), ""), who, resolver, speaks_for)
        )
        if (
            not lead
            or _aside_only(sentence)
            or _hedged(sentence)
            or not _about_the_undoing(sentence, undoing)
        ):
            out[i] = min(confidence, REVIEW)
            continue
        context = around.get((n, sentence), sentence)
        on_topic = bool(stem_set([" ".join(words(context))]) & topic)
        bonus = PLAIN_STATEMENT + (NEW_ACTOR if new else 0.0) if on_topic else 0.0
        bonus += PER_AGREEING_ARTICLE * (len(articles[(who, stance)]) - 1)
        if who in moved:
            bonus = min(bonus, PLAIN_STATEMENT + (NEW_ACTOR if new else 0.0))
        out[i] = round(min(HIGHEST, confidence + bonus), 2)
    # An actor that moved: its earlier positions are history, applied only with the latest
    # one, so no older stance is ever left standing as the table's.
    for who in moved:
        mine = [i for i, row in enumerate(listed) if row[1].casefold() == who and row in weighty]
        newest = max(dates[listed[i][0]] or date.min for i in mine)
        latest = min(out[i] for i in mine if dates[listed[i][0]] == newest)
        for i in mine:
            out[i] = min(out[i], latest)
    return out


def _matches(sentence: str, resolver: ActorResolver, proposed: Iterable[str]) -> list[ActorMatch]:
    """The actors the resolver finds in the sentence, and the names of the actors its
    proposals are for that it does not know (parties and organisations new to every table,
    listed: "The European People's Party, the Socialists and Democrats and Renew Europe
    voted for her")."""
    found = resolver.find(sentence)
    for name in proposed:
        at = sentence.find(name)
        if at < 0 or any(m.name == name for m in found):
            continue
        # The name holds what the resolver found in it ("Moldova" in "Renew Moldova").
        found = [m for m in found if not (at <= m.start and m.end <= at + len(name))]
        if not any(m.start < at + len(name) and at < m.end for m in found):
            found.append(ActorMatch(None, name, name, at, at + len(name), 100.0, False))
    return found


def _names(sentence: str, who: str, resolver: ActorResolver, speaks_for: dict[str, str]) -> bool:
    """Whether the sentence names the actor itself, in any language the resolver reads
    ("Rumänien begrüßt die Einigung."), not only a person who speaks for it."""
    return who in sentence.casefold() or any(
        m.name.casefold() == who and not (m.key and m.key in speaks_for)
        for m in resolver.find(sentence)
    )


# A relative clause right after the sentence's subject, then a main clause that only says
# what the subject is ("Croatia, which joined the area in 2023, is the most recent member",
# "Ungarn, das den Vorsitz führt, ist …"): the aside tells what it did before.
_ASIDE = re.compile(
    r"^(?P<head>[^,]{1,80}?),\s+(?:which|who|whose|das|die|der|dessen|deren)\b[^,]*,\s*"
    r"(?P<rest>(?:is|are|was|were|remains|has been|ist|sind|war|waren|bleibt)\b.+)$"
)


def _aside_only(sentence: str) -> bool:
    """Whether all the sentence says of a stance is in an aside about its subject: the main
    clause describes the subject and, read without the aside, holds no stance cue."""
    found = _ASIDE.match(sentence)
    if found is None:
        return False
    lex = lexicon(language_of(sentence))
    if not stance_cues(normalise(found.group(0)), lex):
        return False
    return not stance_cues(normalise(f"{found.group('head')} {found.group('rest')}"), lex)


def _hedged(sentence: str) -> bool:
    """Whether the sentence says it only as likely or on a condition ("is unlikely to
    support", "will only support it if …"): no plain statement, whatever its subject. (The
    extraction's hedges, "could", "may", weigh a reading down; they stand in plain ones.)"""
    lex = lexicon(language_of(sentence))
    text = normalise(sentence)
    return any(
        (pattern := lex.patterns.get(key)) is not None and pattern.search(text)
        for key in ("plain_doubt", "conditional_inside")
    )


# Where a clause of a sentence ends, for what a cue in it takes as its object.
_CLAUSE_BREAK = re.compile(r"[,;:]|\s(?:and|but|or|und|aber|oder|sowie)\s")


def _about_the_undoing(sentence: str, undoing: frozenset[str]) -> bool:
    """For a topic that undoes a thing: whether each clause of the sentence that states a
    stance speaks of the undoing ("backs halting the sales", "hat den Stopp abgelehnt"),
    not only of the thing ("opposes the sales": the other way round; "lehnt die Exporte ab
    und fordert einen Stopp" says so in its first clause), all with one stance."""
    if not undoing:
        return True
    lex = lexicon(language_of(sentence))
    found: set[str] = set()
    for clause in _CLAUSE_BREAK.split(normalise(sentence)):
        hits = stance_cues(clause, lex)
        # Undecided on a thing is undecided on its undoing too: no side to turn round.
        if hits and not stem_set([clause]) & undoing and any(h.stance != "undecided" for h in hits):
            return False
        found |= {hit.stance for hit in hits}
    return len(found) == 1


def _names_itself(
    who: str,
    listed: Sequence[tuple[int, str, str, str, float, bool]],
    resolver: ActorResolver,
    speaks_for: dict[str, str],
) -> bool:
    """Whether every sentence backing the actor's proposals names it itself ("Switzerland
    rejects the court's reading", "…, leaving Hungary as the only member yet to ratify"),
    not only someone read as speaking for it nor a body of it ("Georgia's parliament
    overrode …")."""

    def itself(m: ActorMatch, sentence: str) -> bool:
        after = sentence[m.end :]
        # The word that ends the name or comes after it: "The Italian government".
        last = words(m.text)[-1:] + words(after[:40])[:1]
        return (
            m.name.casefold() == who
            and not (m.key and m.key in speaks_for)
            and not re.match(r"['’]s\b", after)  # "Georgia's parliament"
            and not set(last) & _body_nouns()
        )

    return all(
        any(itself(m, row[3]) for m in resolver.find(row[3]))
        for row in listed
        if row[1].casefold() == who
    )


@cache
def _body_nouns() -> frozenset[str]:
    """The words for a country's bodies and people ("government", "Regierung"), in every
    lexicon: after a country's word they name one of those, not the country itself."""
    return frozenset(
        w
        for lang in ("en", "de")
        for key in ("actor_nouns", "body_nouns")
        for w in lexicon(lang).words.get(key, ())
    )


def _moved(
    who: str,
    listed: Sequence[tuple[int, str, str, str, float, bool]],
    dates: Sequence[date | None],
) -> bool:
    """Whether an actor given several stances changed position between the articles: each
    article, all of them dated, gives it one stance, and the latest article's differs from
    the one before it ("has not made up its mind" on 14 September, "agreed to let Kyiv use
    the missiles" on 19 November), and keeps the later one in the articles after it. Two
    stances in one article stay for an admin."""
    per_article: dict[int, set[str]] = defaultdict(set)
    for n, actor, stance, _, _, _ in listed:
        if actor.casefold() == who:
            per_article[n].add(stance)
    if any(len(found) > 1 for found in per_article.values()):
        return False
    if any(n >= len(dates) or dates[n] is None for n in per_article):
        return False
    days = sorted((dates[n] or date.min, next(iter(found))) for n, found in per_article.items())
    if len({d for d, _ in days}) < len(days):
        return False  # two articles of one day: which came later is unknown
    # One position after another, each held in consecutive articles: a stance it comes
    # back to ("backs, opposes, backs again") is for an admin to read.
    runs = [stance for n, (_, stance) in enumerate(days) if n == 0 or days[n - 1][1] != stance]
    return len(runs) > 1 and len(set(runs)) == len(runs)
