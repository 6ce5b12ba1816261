"""The holder stage: who holds the position a cue states — the grammatical subject named
before it ("Spain is not going to send…"), the speaker of a quote or of reported speech
("…,” Pistorius said"), the doer of a passive ("blocked by Hungary"), or — when a clause
names nobody — the actor the text was last about. Never an object or a place ("…send
instructors to Ukraine", "in Brussels"), a name set apart ("unlike France"), a name inside
a closed relative clause, nor a dateline (the segment stage has cut it off already).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache

from digests.actors import ActorMatch
from digests.extraction.cues import CueHit, Lexicon, lexicon, points_back_first
from digests.extraction.mentions import Mentions
from digests.extraction.people import ROLE_WORDS, Person
from digests.extraction.scoring import WEIGHTS as W
from digests.text import fold, month_names, stem, stopwords, weekday_names, words


@cache
def _fillers(language: str) -> frozenset[str]:
    """The words that may stand before a clause's verb without being its subject: function
    words, the lexicon's ``subject_followers`` and ``subject_fillers``, and dates' names."""
    lex = lexicon(language)
    return (
        stopwords(language)
        | lex.words.get("subject_followers", frozenset())
        | lex.words.get("subject_fillers", frozenset())
        | month_names()
        | weekday_names()
    )


# What stands between names listed together: "Berlin, Warsaw and Prague", "Polen und Ungarn".
_LIST_GAP = re.compile(r"\s*(?:,\s*|,?\s+(?:and|or|und|oder|sowie)\s+)")
# Between a preposition and the name it governs: an article at most ("against the Netherlands").
_OBJECT_GAP = re.compile(r"\s+(?:(?:the|die|der|den|das|dem)\s+)?", re.I)


@dataclass(frozen=True)
class Held:
    """A cue with the actors that hold it, and what the way they were found costs."""

    hit: CueHit
    holders: tuple[str, ...]
    penalty: float


@dataclass(frozen=True)
class Speaker:
    """Who speaks in a sentence that reports speech: as the text names them (a person,
    table or not), and the actor they are read as speaking for."""

    person: str | None
    actor: str | None


NOBODY = Speaker(None, None)


def _listed(clause: str, offset: int, matches: Sequence[ActorMatch]) -> set[int]:
    """The matches (by id) that continue a list of names: joined to the one before by a
    comma or "and", in a run that "and" or "or" closes ("Poland, the Czech Republic and
    Austria"; not "… in Ukraine, Denmark's minister said")."""
    out: set[int] = set()
    run: list[ActorMatch] = []
    closed = False

    def flush() -> None:
        if closed:
            out.update(id(m) for m in run[1:])

    ordered = sorted(matches, key=lambda m: m.start)
    for m in ordered:
        at = m.start - offset
        gap = clause[run[-1].end - offset : at] if run else ""
        if run and _LIST_GAP.fullmatch(gap):
            run.append(m)
            closed = closed or re.search(r"\b(?:and|or|und|oder|sowie)\b", gap) is not None
            continue
        flush()
        run, closed = [m], False
    flush()
    return out


# A main clause joined to the one before it, opening with a capitalised subject.
_JOINED = re.compile(r",\s+(?:and|but|while|whereas|und|aber|während|doch)\s+(?=[A-ZÄÖÜ])")
# The little words a list of names may hold besides them ("Poland, the Netherlands and").
_LIST_WORDS = frozenset({"and", "or", "the", "of", "und", "oder", "die", "der", "das"})


def _joined_clause(clause: str, lo: int, end: int) -> int | None:
    """Where the last main clause joined by ", and" (", but", ", und" …) before ``end``
    opens, when what comes before it from ``lo`` is a clause of its own (words of its own
    besides names: "Britain then gave its permission …"), not the head of a list
    ("Germany, Poland, and Austria oppose it")."""
    last = None
    for m in _JOINED.finditer(clause, lo, end):
        last = m
    if last is None:
        return None
    before = re.findall(r"\b[a-zäöüß][\w'’-]*", clause[lo : last.start()])
    if len([w for w in before if w not in _LIST_WORDS]) < 2:
        return None
    return last.end()


def _titled(word: str) -> bool:
    """A title or the body people speak for, singular or plural ("ministers",
    "governments"): what comes before "of" when it names whom they speak for."""
    word = word.casefold()
    return word in ROLE_WORDS or word.removesuffix("s") in ROLE_WORDS | {"government"}


class Holders:
    """Finds holders through an article, remembering who the text was last about."""

    def __init__(self, lex: Lexicon, mentions: Mentions, rows: Collection[tuple[str, str]]) -> None:
        self.lex = lex
        self.mentions = mentions
        self.rows = rows  # (actor, topic) pairs the table holds a row for
        self.topic: str | None = None
        self.object_stems: frozenset[str] = frozenset()  # what the topic sends, stemmed
        self.last_subject: str | None = None
        self.last_paragraph = -1
        self.last_group: tuple[str, ...] = ()

    # ------------------------------------------------------------------ the text so far
    def carried(self, paragraph: int, index: int) -> tuple[str | None, float]:
        """The actor a sentence without a holder of its own goes on about, and what that
        link costs: less within a paragraph than across one; the title carries nothing."""
        same = paragraph == self.last_paragraph
        subject = self.last_subject if same or index > 0 else None
        penalty = W.holder.carried_same_paragraph if same else W.holder.carried_other_paragraph
        return subject, penalty

    def settle(self, subject: str | None, paragraph: int, group: Sequence[str] = ()) -> None:
        """The sentence's holder becomes the one later sentences are about; ``group``: the
        actors its first clause names together ("Irak und Jordanien …"), whom "both
        governments" in the next sentence stands for."""
        if subject:
            self.last_subject = subject
            self.last_paragraph = paragraph
        self.last_group = tuple(group)

    def forget(self) -> None:
        """The text turns to somebody no actor stands for: later sentences without a
        holder of their own go on about them, not about the actor before."""
        self.last_subject = None
        self.last_group = ()

    # ------------------------------------------------------------------ speakers
    def speaker(
        self, sentence: str, outside: str, matches: list[ActorMatch], paragraph: int
    ) -> Speaker:
        """Who speaks in a sentence that reports speech (``outside``: the sentence with its
        quotes and closed relative clauses blanked), a person outside any quote."""
        verbs = [f.span() for f in self.lex.speech.finditer(outside.lower())]
        if not verbs:
            return NOBODY
        records = self.mentions.records
        # Who says it stands next to the verb of saying ("…, Denkov said", "said Tusk"),
        # not further on in the sentence ("…, a day after Macron declined to…").
        candidates: list[tuple[int, int, ActorMatch | str]] = []
        for m in matches:
            record = records.get(m.key or "")
            if record and record.kind == "person" and outside[m.start : m.end] == m.text:
                candidates.append((m.start, m.end, m))
        determiners = self.lex.words["determiners"]
        for name in self.mentions.resolver.unmatched_names(outside):
            if name.split()[0].casefold() in determiners:
                continue  # "Die Umweltorganisation", "The Council": a thing, no person's name
            at = outside.find(name)
            candidates.append((at, at + len(name), name))

        def distance(candidate: tuple[int, int, ActorMatch | str]) -> int:
            start, end, _ = candidate
            return min(
                len(outside[end:a].split()) if end <= a else len(outside[b:start].split())
                for a, b in verbs
            )

        for _, _, found in sorted(candidates, key=distance):
            if isinstance(found, ActorMatch):
                record = records[found.key or ""]
                return Speaker(record.name, self.mentions.table_actor(record.key))
            name = found
            person = self._person(name, sentence, matches, outside, paragraph)
            if person is not None:
                # The title right before the name, when the name came without it.
                before = outside[: outside.find(name)].split()[-1:]
                titled = bool(before) and before[0].casefold() in ROLE_WORDS
                role = person.role or (before[0] if titled else None)
                actor = self.mentions.voice(person.name, person.speaks_for, role)
                return Speaker(person.name, actor)
        return NOBODY

    def _person(
        self, name: str, sentence: str, matches: list[ActorMatch], outside: str, paragraph: int
    ) -> Person | None:
        """The person a name the table does not hold is, and whom they speak for."""
        person = self.mentions.person(name)
        if person is not None:
            return person
        if self.former(outside[: max(outside.find(name), 0)]):
            # "Former Italian prime minister Mario Draghi": out of office, they speak for
            # no country, however it is named before them.
            return self.mentions.people.add(name, None)
        # The actor named nearest before the name ("Lithuanian Foreign Minister
        # Gabrielius Landsbergis"), else the first one the sentence names.
        # Never a place or an object ("…would not send instructors to Ukraine").
        # Not from what the sentence tells as background ("…, a day after the French
        # president refused to exclude…") nor from a subordinate clause ("… because the
        # text did not condemn Hamas"): that names someone else.
        hi = self.background_start(sentence)
        inner = self.lex.subordinate.search(sentence.lower(), 0, hi)
        context, _ = self.actors_in(sentence, 0, 0, inner.start() if inner else hi, matches)
        near = self.nearest_actor(sentence, matches, outside.find(name))
        # Or the country whose soldiers the sentence is about ("Croatian soldiers
        # will not go to Ukraine, President Zoran Milanović said").
        people = self.demonym_subject(sentence, matches, 0, hi)
        first = near or people or (context[0] if context else None)
        # Else the actor this paragraph is about; never one from an earlier
        # paragraph: a person whose country is unknown speaks for nobody.
        last = self.last_subject if paragraph == self.last_paragraph else None
        pointed = points_back_first(sentence, self.lex)
        if last is not None and self.mentions.arena and not (pointed or self._a_country(last)):
            # In a story about a country's own politics its people are sides of their own:
            # one named after a sentence about a party or a committee is not its voice,
            # unless a possessive points back at it ("Its leader Friedrich Merz").
            last = None
        return self.mentions.people.add(name, first or last)

    def _a_country(self, key: str) -> bool:
        record = self.mentions.records.get(key)
        if record is not None:
            return record.kind == "country"
        return self.mentions.is_new(key) and self.mentions.new_kind(key) == "country"

    def possessor(
        self, clause: str, offset: int, before: str, lo: int, matches: list[ActorMatch]
    ) -> str | None:
        """The actor whose decision a cue right after it states ("Sweden's decision not
        to send"): the name before the lexicon's ``possessed_decision``, else None."""
        pattern = self.lex.patterns.get("possessed_decision")
        found = pattern.search(before) if pattern is not None else None
        if found is None:
            return None
        end = lo + found.start()
        for m in matches:
            if m.start - offset + len(m.text) == end:
                return self.mentions.country(m)
        return None

    def former(self, lead: str) -> bool:
        """Whether the words right before a name mark an office left ("former", "ex-",
        "ehemalige"): the lexicon's ``former`` words among the last four."""
        left = {fold(w) for w in self.lex.words.get("former", ())}
        return any(w in left for w in words(lead)[-4:])

    def unnamed_opening(self, text: str) -> bool:
        """Whether the clause opens with a pronoun of many as its subject ("Many fear…",
        "Viele haben Angst vor…"): unnamed ones hold what follows."""
        opening = self.lex.patterns.get("unnamed_opening")
        return opening is not None and opening.search(text) is not None

    def named_subject(self, text: str) -> bool:
        """Whether the words before a cue (after its clause's last comma) open with a
        subject of their own that stands for no actor ("The Belgian presidency supports
        …", "Member states had approved …", "Polls show …"): the cue is that subject's,
        not the actor's the text was about before. Only for a lexicon that lists the nouns
        standing for an actor (``actor_nouns``); a German verb comes last, after its
        object, and the first word there may be that."""
        nouns = self.lex.words.get("actor_nouns")
        if not nouns or self.first_person(text):
            return False  # "What I can tell you is that we are not excluding it": the speaker's
        filler = _fillers(self.lex.language)
        for word in words(text.rsplit(",", 1)[-1]):
            if word not in filler:
                return word not in nouns and word not in ROLE_WORDS
        return False

    def unnamed_agent(self, norm: str, lo: int, hit: CueHit) -> bool:
        """Whether the cue is a passive whose doer follows it, by words that name no actor
        ("is backed by a nuclear power", "von einer Mehrheit abgelehnt")."""
        passive = self.lex.patterns.get("passive_before")
        return (
            passive is not None
            and passive.search(norm[lo : hit.end]) is not None
            and re.match(r"\s+(?:by|von)\s", norm[hit.end :]) is not None
        )

    def spoken_to(
        self, clause: str, offset: int, lo: int, hi: int, matches: list[ActorMatch]
    ) -> set[str]:
        """The actors named in clause[lo:hi] after a first-person subject ("We help Ukraine
        to defend itself, … but no Italian soldier will be sent"): what "we" do something
        to, never who holds the cue — whoever speaks does."""
        mine = self.lex.words.get("first_person", frozenset())
        return {
            actor
            for m in matches
            if lo <= (at := m.start - offset) < hi
            and any(w in mine for w in words(clause[lo:at]))
            and (actor := self.mentions.country(m))
        }

    def infinitive_objects(
        self,
        clause: str,
        offset: int,
        norm: str,
        lo: int,
        hit: CueHit,
        matches: list[ActorMatch],
    ) -> set[str]:
        """The actors named in an infinitive clause that ends in the cue ("…, die Ukraine
        auf andere Weise zu unterstützen"): such a clause has no subject of its own, so a
        name in it is what the verb acts on (the lexicon's ``infinitive_mark``)."""
        mark = self.lex.patterns.get("infinitive_mark")
        if mark is None or not mark.search(norm[: hit.start]):
            return set()
        start = max(lo, norm.rfind(",", 0, hit.start) + 1)
        return {
            actor
            for m in matches
            if start <= m.start - offset < hit.start and (actor := self.mentions.country(m))
        }

    def first_person(self, text: str) -> bool:
        """Whether the text before a cue has a first-person subject ("we", "wir"): then
        whoever speaks holds it, never a name after the cue."""
        mine = self.lex.words.get("first_person", frozenset())
        return any(w in mine for w in words(text))

    def background_start(self, text: str, start: int = 0) -> int:
        """Where, from ``start`` on, the text begins to tell what came before the news ("…,
        a day after Macron declined to exclude it"); its length when it does not."""
        background = self.lex.patterns.get("background")
        found = background.search(text.lower(), start) if background is not None else None
        return found.start() if found is not None else len(text)

    # ------------------------------------------------------------------ subjects
    def actors_in(
        self, clause: str, offset: int, lo: int, hi: int, matches: list[ActorMatch]
    ) -> tuple[list[str], list[str]]:
        """Actors named in clause[lo:hi] that act (and those after "of", "for"…, which
        hold a position only when nobody else is named); places and objects ("to
        Ukraine", "in Brussels") are left out. ``offset``: the clause's in the sentence."""
        acting: list[str] = []
        weak: list[str] = []
        # Looking after a cue (to the clause's end), a relative clause that runs to the
        # end is set apart too: "…for Croatia, which has supplied Ukraine with…".
        inner = [
            (a, b)
            for a, b in self.relative_spans(clause, open_end=hi >= len(clause) > lo)
            if b <= hi and (a >= lo or b > lo)
        ]
        # A name listed right after another shares what the first is to the clause: "the
        # borders with Poland, the Czech Republic and Austria" are all places.
        listed_after = _listed(clause, offset, matches)
        last_end, last_kind = -1, ""
        for m in matches:
            at = m.start - offset
            if not (lo <= at < hi) or any(a <= at < b for a, b in inner):
                continue  # outside the span, or inside a relative clause closed before it
            inherited = last_kind if last_end >= 0 and id(m) in listed_after else ""
            last_end, last_kind = at + len(m.text), "place"
            if inherited == "place":
                continue
            actor = self.mentions.acting(m, clause, at)
            if actor is None or self.mentions.modifier(clause, at, m):
                last_kind = ""
                continue
            if inherited == "weak":
                last_kind = "weak"
                weak.extend(self.expand(actor))
                continue
            if self.former(clause[:at][-20:]) and _titled(
                (clause[at + len(m.text) :].split() or [""])[0]
            ):
                continue  # "Former Italian prime minister …": an office left, no country
            before = clause[:at].split()[-2:]
            word = before[-1].casefold() if before else ""
            if (
                word in self.lex.words["place"] and not self.mentions.body_in(clause, at)
            ) or self.lex.contrast.search(clause[:at]):
                continue  # "unlike France": named to set the subject apart
            if self.oblique(clause[:at], m):
                continue  # "werde der Ukraine helfen": who is helped, not who acts
            quantified = self.lex.patterns.get("quantified")
            if quantified is not None and quantified.search(clause[:at]):
                continue  # "some NATO and EU member states": unnamed ones among them
            listener = self.lex.patterns.get("listener")
            if listener is not None and listener.search(clause[:at]):
                continue  # "told public broadcaster SVT": who hears it
            if (
                len(before) == 2
                and before[-1].isalpha()
                and before[-1].islower()
                and before[0].casefold() in self.lex.words["place"]
            ):
                continue  # "to western Ukraine": a place, with its adjective
            # "the foreign ministers of Estonia, Latvia and Lithuania": after a title,
            # "of" names whom they speak for, and they act.
            titled = word == "of" and len(before) == 2 and _titled(before[0])
            weak_here = word in self.lex.words["weak"] and not titled
            last_kind = "weak" if weak_here else "acting"
            (weak if weak_here else acting).extend(self.expand(actor))
        return list(dict.fromkeys(acting)), list(dict.fromkeys(weak))

    def listed(
        self,
        clause: str,
        offset: int,
        start: int,
        matches: list[ActorMatch],
        *,
        adjacent: bool = False,
    ) -> list[str]:
        """The actors named first after ``start`` and those listed with it ("Berlin, Warsaw
        and Prague"), each as who acts; empty when the first names no actor. ``adjacent``:
        only when the first follows ``start`` with an article at most between them."""
        out: list[str] = []
        end = -1
        for m in sorted(matches, key=lambda m: m.start):
            at = m.start - offset
            if at < start:
                continue
            if end < 0 and adjacent and not _OBJECT_GAP.fullmatch(clause[start:at]):
                break
            if end >= 0 and not _LIST_GAP.fullmatch(clause[end:at]):
                break
            actor = self.mentions.country(m)
            if actor is None or self.mentions.modifier(clause, at, m):
                break
            out.extend(self.expand(actor))
            end = at + len(m.text)
        return list(dict.fromkeys(out))

    def demonym_subject(
        self, text: str, matches: list[ActorMatch], lo: int, hi: int, offset: int = 0
    ) -> str | None:
        """The country whose people the text's subject are, when that is what the topic
        sends ("Croatian soldiers will not go", "The deployment of Polish soldiers … is
        not being considered"): the only such demonym in text[lo:hi], else None."""
        found: set[str] = set()
        for m in matches:
            at = m.start - offset
            if not lo <= at < hi or not self.mentions.modifier(text, at, m):
                continue
            lead = set(words(text[lo:at])) - self.lex.words.get("subject_lead", frozenset())
            if lead:
                continue  # not the subject: "we train Ukrainian soldiers"
            following = re.match(r"[\s-]+([A-Za-zÀ-ÿ]+)", text[at + len(m.text) :])
            if following and stem(following.group(1).casefold()) in self.object_stems:
                country = self.mentions.country(m)
                if country:
                    found.add(country)
        return found.pop() if len(found) == 1 else None

    def oblique(self, before: str, m: ActorMatch) -> bool:
        """Whether the article before a name marks it as no subject: German "dem", or
        "der" before a name that is not masculine ("der Ukraine", "der EU": dative or
        genitive) — unless it follows the body that speaks for it ("die Regierung der
        Slowakei"), which names who acts."""
        words = self.lex.words
        last = before.split()[-2:]
        if not last:
            return False
        article = last[-1].casefold()
        if article in words.get("oblique_articles", ()):
            return True
        if article not in words.get("feminine_oblique_articles", ()):
            return False
        if m.text.split()[0] in words.get("masculine_names", ()):
            return False
        if m.text[:1].islower() and m.text.endswith("e"):
            # An adjective after "der" ending in "-e" is nominative ("der schwedische
            # Minister sagte"); dative and genitive end in "-en" ("der schwedischen Regierung").
            return False
        head = last[0].casefold() if len(last) == 2 else ""
        return not any(head.endswith(h) for h in words.get("genitive_heads", ()))

    def relative_spans(self, text: str, *, open_end: bool = False) -> list[tuple[int, int]]:
        """Relative clauses closed by a comma (", which Macron briefed last week,"); with
        ``open_end`` also one that runs to the end (", which has supplied Ukraine with")."""
        spans = [f.span() for f in self.lex.relative.finditer(text)]
        trailing = self.lex.patterns.get("relative_to_end")
        if open_end and trailing is not None:
            spans += [f.span() for f in trailing.finditer(text)]
        return spans

    def own_subject(self, norm: str, start: int) -> bool:
        """Whether the cue at ``start`` sits in a relative clause with a subject of its own
        ("…Ukraine, which several capitals still oppose"): then the clause's pronoun is
        the object, and whoever holds the position is that subject, not the antecedent."""
        opened = list(self.lex.relative_open.finditer(norm, 0, start))
        if not opened:
            return False
        found = opened[-1]
        first = norm[found.end() : start].split()[:1]
        return bool(first) and first[0] in self.lex.words["determiners"]

    def nearest_actor(
        self, text: str, matches: list[ActorMatch], before: int, offset: int = 0
    ) -> str | None:
        """The actor named last before ``before`` in ``text`` (a clause at ``offset`` in the
        sentence the matches are from), leaving out places ("to Ukraine") and adjectives."""
        found = None
        inner = [(a, b) for a, b in self.relative_spans(text) if b <= before]
        for m in matches:
            at = m.start - offset
            if not 0 <= at < before or any(a <= at < b for a, b in inner):
                continue
            actor = self.mentions.acting(m, text, at)
            previous = text[:at].split()[-2:]
            if actor is None or self.mentions.modifier(text, at, m):
                continue
            if previous and previous[-1].casefold() in self.lex.words["place"]:
                continue
            if (
                len(previous) == 2
                and previous[-1].isalpha()
                and previous[-1].islower()
                and previous[0].casefold() in self.lex.words["place"]
            ):
                continue  # "to western Ukraine": a place, with its adjective
            if self.oblique(text[:at], m):
                continue
            found = actor
        return found

    def expand(self, actor: str) -> list[str]:
        """A group the table keeps no row for ("the three Baltic states") stands for its
        members, whose rows a careful reader would update."""
        records = self.mentions.records
        record = records.get(actor)
        if (
            record is not None
            and record.kind == "group"
            and record.members
            and (actor, self.topic) not in self.rows
        ):
            return [m for m in record.members if m in records]
        return [actor]

    def assign(
        self,
        clause: str,
        offset: int,
        norm: str,
        hits: Sequence[CueHit],
        matches: list[ActorMatch],
        default: str | None,
        default_penalty: float,
    ) -> list[Held]:
        """Each cue goes to the actors named between the previous cue and it; a cue with
        none there shares the previous cue's, or falls back on a doer named after it, the
        sentence's speaker or the actor the text was last about (``default``)."""
        out: list[Held] = []
        lo = 0
        previous: list[str] = []
        unnamed = False
        governed: set[str] = set()  # what a cue that is only a preposition acts on
        # "If Kyiv asks, we will go": a clause the sentence opens with and closes by a comma
        # names its own subject; a cue after the comma is held by the main clause's.
        fronted = self.lex.patterns.get("fronted_clause")
        opening = fronted.match(norm) if fronted is not None else None
        hypothetical = opening is not None and self.lex.conditional_start.match(norm)
        for n, hit in enumerate(hits):
            if n:
                governed.update(self._governed(clause, offset, norm, hits[n - 1], matches))
            if hypothetical and opening is not None and hit.start < opening.end():
                continue  # "If Ukraine asks for them, …": the condition, nobody's position
            if opening is not None and lo < opening.end() <= hit.start:
                lo = opening.end()
            if self.own_subject(norm, hit.start):
                continue  # an unnamed subject holds it: unclear, not proposed
            # "Neither Italy nor Spain will send": the actor after "nor" shares the cue.
            # German says it "weder Italien noch Spanien wollen … schicken": the cue opens at
            # "noch" and counts only after "weder"; both names share it.
            nor = hit.name == "nor"
            if nor and not self.lex.nor_needs.search(norm[: hit.start]):
                continue
            end = hit.end if nor or norm.startswith("nor ", hit.start) else hit.start
            # "Britain gave its permission …, and France would not rule out the same": a
            # main clause joined after one of its own names its own subject.
            joined = _joined_clause(clause, lo, end)
            acting, weak_here = self.actors_in(clause, offset, joined or lo, end, matches)
            objects = self.spoken_to(clause, offset, lo, end, matches)
            objects |= self.infinitive_objects(clause, offset, norm, lo, hit, matches)
            objects |= governed
            acting = [a for a in acting if a not in objects]
            weak_here = [a for a in weak_here if a not in objects]
            # "X said Y would send": the verb of saying hands the cue on to who follows it;
            # "…, who said Vilnius would": to the speaker when nobody follows.
            said = list(self.lex.says_that.finditer(norm, lo, hit.start))
            if said:
                later, _ = self.actors_in(clause, offset, said[-1].end(), hit.start, matches)
                if later:
                    acting = later
                elif said[-1].group("who"):
                    # "…, who said": whoever was named just before the comma speaks.
                    near = self.nearest_actor(clause, matches, said[-1].start(), offset)
                    acting = [near] if near else [default] if default else []
            # "…put off the vote after Hungary withdrew its support": a subordinate clause
            # opened before the cue is held by whoever it names, not the main subject —
            # nor the subject of the cue before it ("could not vote yes because the text
            # did not condemn …").
            opened = list(self.lex.subordinate.finditer(norm, lo, hit.start))
            if opened and (acting or previous):
                inner, _ = self.actors_in(clause, offset, opened[-1].end(), end, matches)
                if not inner:
                    # It names no actor of its own ("after Austria's minister voted"):
                    # who holds it is unclear, and never the main clause's subject.
                    lo = hit.end
                    previous = []
                    continue
                acting = inner
            elif (
                not acting
                and len(self.last_group) == 2
                and (both := self.lex.patterns.get("both_subject")) is not None
                and both.search(norm[lo : hit.start])
            ):
                # "…, beide Regierungen hätten ihre Zustimmung zurückgezogen": the two the
                # sentence before named together.
                acting = list(self.last_group)
            elif not acting and (
                unnamed
                or self.lex.unnamed_subject.search(norm[lo : hit.start])
                or self.unnamed_opening(norm[: hit.start])
            ):
                # "twelve abstained": a subject counted, not named, holds it; nobody
                # the text was about. The clause goes on about them ("…, short of the
                # majority needed to block them").
                lo = hit.end
                previous = []
                unnamed = True
                continue
            penalty = 0.0
            owner = self.possessor(clause, offset, norm[lo : hit.start], lo, matches)
            if owner is not None:
                # "Latvia welcomed Sweden's decision not to send …": the decision is
                # Sweden's, not the subject's who welcomes it.
                acting = [owner]
            if (
                not acting
                and n
                and self._preposition(norm, hit)
                and self._preposition(norm, hits[n - 1])
            ):
                # A second bare "against" is said of something else ("procedures against
                # France …, the first time the pact was used against members"): not held
                # by whoever held the first.
                lo = hit.end
                continue
            subjects = acting or previous
            if not subjects and any(a <= hit.start < b for a, b in self.relative_spans(clause)):
                # A relative clause's cue is its antecedent's, and that is nobody known here
                # ("Epic Games, whose chief has long criticised Apple, …"): not the object.
                lo = hit.end
                continue
            if not subjects:
                # Named after the cue, but not in what the clause tells as background ("…, a
                # day after the French president refused to exclude it"), nor in a
                # subordinate clause of its own ("… because the text did not condemn Hamas").
                stop = self.background_start(clause, hit.end)
                clause_of_its_own = self.lex.subordinate.search(norm, hit.end, stop)
                if clause_of_its_own is not None:
                    stop = clause_of_its_own.start()
                purpose = self.lex.patterns.get("purpose")
                aim = purpose.search(norm, hit.end, stop) if purpose is not None else None
                if aim is not None:
                    stop = aim.start()  # "…, um Moskau im Unklaren zu lassen": whom it aims at
                after, weak_after = self.actors_in(clause, offset, hit.end, stop, matches)
                # After "said that", the reported clause's own subject begins: "…has said
                # that sending Swedish troops … is not on the table".
                # A cue that opens with its own "no" holds its subject inside it ("no
                # Greek troops will be deployed"): the demonym there is whose they are.
                opens = self.lex.patterns.get("subject_inside")
                inside = len(norm) if opens and opens.match(norm[hit.start :]) else hit.start
                people = self.demonym_subject(
                    clause, matches, said[-1].end() if said else lo, inside, offset
                )
                if (weak_after or after) and self.lex.agent.match(clause[hit.end :]):
                    # A passive names its doer after "by": "blocked for weeks by Hungary";
                    # all of them when they are listed ("rejected by the governments in
                    # Berlin, Warsaw and Prague").
                    subjects = self.listed(clause, offset, hit.end, matches) or (
                        weak_after[:1] or after[:1]
                    )
                    penalty = W.holder.passive_agent
                elif self.unnamed_agent(norm, lo, hit):
                    # "… if it is backed by a nuclear power": a doer named, and no actor.
                    subjects = []
                elif people:
                    # "Croatian soldiers will not go…": the country whose soldiers they are.
                    subjects, penalty = [people], W.holder.demonym_subject
                elif after and not (
                    self.first_person(norm[lo : hit.start]) and '"' not in norm[hit.end :]
                ):
                    # ("We are ready to send…, and we told Paris so": who is told is no
                    # holder when "we" speaks; past the quote's end, who is named speaks.)
                    subjects, penalty = after[:1], W.holder.named_after_cue
                elif weak_here and not (default and default_penalty == 0.0):
                    # ("We are not at war with Russia, and no Italian soldier will be
                    # sent," Tajani said: the speaker holds it, not who "with" names.)
                    subjects, penalty = weak_here[:1], W.holder.named_after_cue
                elif default and not (
                    default_penalty > 0.0 and self.named_subject(norm[lo : hit.start])
                ):
                    subjects, penalty = [default], default_penalty
            lo = hit.end
            if not subjects:
                continue
            also = self.lex.patterns.get("as_were")
            if also is not None and hit is hits[-1] and (more := also.search(norm[hit.end :])):
                # "… were among the signatories, as were Iraq and Jordan."
                at = hit.end + more.end()
                after, _ = self.actors_in(clause, offset, at, len(clause), matches)
                subjects = list(dict.fromkeys([*subjects, *after]))
            previous = subjects
            out.append(Held(hit, tuple(subjects), penalty))
        return out

    def _preposition(self, norm: str, hit: CueHit) -> bool:
        return norm[hit.start : hit.end] in self.lex.words.get("object_prepositions", ())

    def _governed(
        self, clause: str, offset: int, norm: str, hit: CueHit, matches: list[ActorMatch]
    ) -> list[str]:
        """The actors a cue that is only a preposition names right after it ("procedures
        against France, Italy and Malta", "gegen Deutschland"): what it is against, never
        who holds a cue later in the clause ("…, the first time the pact was used against
        members")."""
        if not self._preposition(norm, hit):
            return []
        return self.listed(clause, offset, hit.end, matches, adjacent=True)
