"""Read an article sentence by sentence: who acts in each clause, what they say or do,
and what that means for the stance table and the tracked items.

The subject of a clause is the table actor named before its cue ("Spain is not going to
send…"), the speaker of a quote ("…,” Pistorius said), or — when a clause names nobody
("Defence Minister Pal Jonson said there was no proposal yet") — the actor the text was
last about. People the table lacks are read as speaking for the actor named with them.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from digests.actors import ActorMatch, ActorResolver
from digests.extraction.article_input import ArticleInput
from digests.extraction.clauses import (
    QUOTE,
    body_paragraphs,
    clauses,
    join_ordinal_dates,
    mask,
)
from digests.extraction.cues import CueHit, Lexicon, language_of, lexicon, normalise, stance_cues
from digests.extraction.items import ItemReader
from digests.extraction.model import (
    ItemProposal,
    MentionedActor,
    ProposalEvidence,
    StanceProposal,
    Statement,
)
from digests.extraction.people import ROLE_WORDS, PeopleIndex, Person
from digests.extraction.scoring import WEIGHTS as W
from digests.model import ActorRecord, StanceRecord, StanceTable
from digests.text import stem, words

MAX_SUMMARY = 600
# Nouns after a demonym that make it the country speaking or acting ("the Polish defence
# ministry", "Latvian diplomats"); any other noun makes it a mere adjective ("the French
# letter", "Hungarian soldiers"), which is no actor at all.
_BODY_NOUNS = ROLE_WORDS | frozenset(
    """government ministry cabinet official officials diplomat diplomats authorities side
    delegation embassy army military armed forces parliament leadership administration
    premier source sources counterpart counterparts""".split()
)
# How demonyms end ("Latvian", "Polish", "French", "Dutch", "Czech", "Israeli", "Baltic"),
# unlike the names of capitals that stand for their country ("Madrid", "Stockholm").
_DEMONYM = re.compile(r"(?:an|ish|ch|ese|i|ic|ss|ek)$")
# What may follow a demonym used as a noun ("the Dutch will send", "the French also said").
_AFTER_NOUN = frozenset(
    """will would shall should can could may might must is are was were has have had do does
    did also still too now remain remains remained and or nor""".split()
)
# An organisation's acronym: "NATO", "OSCE" (two letters are too often a country's code).
_ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")
# Key prefix for a country the table does not hold yet.
NEW_ACTOR = "+"


@dataclass
class _Reading:
    """One stance signal: this actor, this stance, on the strength of this sentence."""

    actor: str
    stance: str
    confidence: float
    sentence: str
    index: int  # sentence order in the article; the title is 0
    quoted: bool


@dataclass
class _ActorState:
    readings: list[_Reading] = field(default_factory=list)
    conditions: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Extraction:
    article: ArticleInput
    actors: list[MentionedActor]
    statements: list[Statement]
    stances: list[StanceProposal]
    items: list[ItemProposal]

    @property
    def proposals(self) -> list[StanceProposal | ItemProposal]:
        return [*self.stances, *self.items]

    def to_json(self, **article_extra: Any) -> dict[str, Any]:
        return {
            "article": {
                **self.article.to_json(),
                **article_extra,
                "actors": [m.to_json() for m in self.actors],
                "statements": [s.to_json() for s in self.statements],
            },
            "proposals": [p.to_json() for p in self.proposals],
        }


class _Reader:
    def __init__(self, article: ArticleInput, table: StanceTable, resolver: ActorResolver) -> None:
        self.article = article
        # The article's language picks the lexicon its cues, speech verbs and clause
        # breaks come from.
        self.lex: Lexicon = lexicon(language_of(f"{article.title} {article.body}"))
        self.table = table
        self.resolver = resolver
        self.records = {a.key: a for a in table.actors}
        self.rows: dict[tuple[str, str], StanceRecord] = {
            (r.actor, r.topic): r for r in table.stances
        }
        self.people = PeopleIndex()
        self.found: dict[str, list[ActorMatch]] = {}
        self.new_names: dict[str, str] = {}  # NEW_ACTOR + name → name
        self.states: dict[str, _ActorState] = {}
        self.statements: list[Statement] = []
        self.mentions: dict[str, int] = {}
        self.unknown_countries: dict[str, int] = {}
        self.organisation_names: set[str] = set()
        self.last_subject: str | None = None
        self.last_paragraph = -1
        self.topic_stems = {
            t.key: {stem(w) for kw in t.keywords for w in words(kw)} for t in table.topics
        }
        self.topic = table.topics[0].key if table.topics else None
        # The verbs of each topic's action (the story's data, e.g. "send", "deploy"):
        # what they act on decides whether the topic is meant.
        self.verb_patterns = {
            t.key: re.compile(r"\b(?:" + "|".join(map(re.escape, t.verbs)) + r")\b")
            for t in table.topics
            if t.verbs
        }
        # What may be sent for it to count: the topic's own nouns ("trainers", "soldiers",
        # "mission"), not its verbs ("send") or its place ("Ukraine") — "will send air
        # defence systems to Ukraine" is not a stance on sending trainers.
        self.object_stems = _object_stems(table, resolver)

    # ------------------------------------------------------------------ actors
    def find(self, sentence: str) -> list[ActorMatch]:
        """The resolver's matches, once per sentence: both readers need them."""
        found = self.found.get(sentence)
        if found is None:
            found = self.resolver.find(sentence)
            found = self.found[sentence] = found + self.organisations(sentence, found)
        return found

    def organisations(self, sentence: str, found: list[ActorMatch]) -> list[ActorMatch]:
        """Organisations the table lacks, named by their acronym ("NATO", "OSCE"): they may
        hold a position of their own — and then nobody named near them holds it."""
        out = []
        for hit in _ACRONYM.finditer(sentence):
            word = hit.group()
            if word in self.lex.words["not_organisations"] or any(
                m.start < hit.end() and hit.start() < m.end for m in found
            ):
                continue
            if self.resolver.resolve(word) is not None:
                continue  # a name the resolver knows (a country's code, an alias)
            self.organisation_names.add(word)
            out.append(ActorMatch(None, word, word, hit.start(), hit.end(), 100.0, False))
        return out

    def table_actor(self, key: str) -> str | None:
        """The actor a match stands for in the table: a person speaks for a country."""
        record = self.records.get(key)
        if record is None:
            return None
        if record.kind == "person":
            return record.speaks_for
        if record.kind == "mission":
            return None
        return key

    def acting(self, m: ActorMatch, text: str | None = None, at: int = 0) -> str | None:
        """The actor a match can stand for as a subject: a table actor (a person for the
        country they speak for), or a country the table lacks when named as one — in
        full ("Finland", "the Slovak Republic"), or as a demonym before a body that
        speaks for it ("the Belgian government", "Czech Prime Minister …"), not as a
        mere adjective ("Finnish soldiers") — a candidate new row."""
        if m.key:
            return self.table_actor(m.key)
        if m.known or m.score < 100:
            return None
        bare = m.text.casefold().removeprefix("the ")
        if bare != m.name.casefold() and not _official_name(m.text):
            following = re.match(r"\s+([A-Za-z]+)", text[at + len(m.text) :]) if text else None
            if following is None or following.group(1).casefold() not in _BODY_NOUNS:
                return None
        key = NEW_ACTOR + m.name
        self.new_names[key] = m.name
        return key

    def name(self, key: str) -> str:
        record = self.records.get(key)
        return record.name if record else self.new_names.get(key, key)

    # ------------------------------------------------------------------ topic
    def topic_hits(self, text: str) -> int:
        if self.topic is None:
            return 0
        found = self.topic_stems[self.topic]
        return sum(1 for w in words(text) if stem(w) in found)

    def choose_topic(self, paragraphs: Sequence[Sequence[str]]) -> None:
        if len(self.topic_stems) < 2:
            return
        text = " ".join(s for p in paragraphs for s in p)
        all_stems = [stem(w) for w in words(text)]
        self.topic = max(
            self.topic_stems, key=lambda k: sum(1 for s in all_stems if s in self.topic_stems[k])
        )

    # ------------------------------------------------------------------ reading
    def read(self, paragraphs: list[list[str]]) -> None:
        a = self.article
        self.choose_topic(paragraphs)
        self.article_on_topic = self.topic_hits(" ".join(s for p in paragraphs for s in p)) >= 2
        self.title_on_topic = self.topic_hits(a.title) >= 1
        index = 0
        for number, sentences in enumerate(paragraphs):
            paragraph_on_topic = self.topic_hits(" ".join(sentences)) >= 1
            for sentence in sentences:
                self.read_sentence(sentence, index, number, paragraph_on_topic)
                index += 1

    def read_sentence(self, sentence: str, index: int, paragraph: int, on_topic: bool) -> None:
        matches = self.find(sentence)
        for m in matches:
            if m.key:
                self.mentions[m.key] = self.mentions.get(m.key, 0) + 1
            elif m.score >= 100 and m.text[:1].isupper():
                # (an acronym the table lacks is an organisation: listed as one below)
                self.unknown_countries[m.name] = self.unknown_countries.get(m.name, 0) + 1
        quotes = [(q.start(1), q.end(1), q.group(1)) for q in QUOTE.finditer(sentence)]
        outside = mask(sentence, [(s - 1, e + 1) for s, e, _ in quotes])
        # Whoever a closed relative clause names ("NATO, which Macron briefed, said…")
        # is not who speaks.
        speaking = mask(outside, self.relative_spans(outside))
        speaker_person, speaker_actor = self.speaker(sentence, speaking, matches, paragraph)
        # The subject a clause without a name of its own falls back on.
        fallback = speaker_actor or (
            self.last_subject if paragraph == self.last_paragraph or index > 0 else None
        )
        carried_penalty = (
            W.holder.carried_same_paragraph
            if paragraph == self.last_paragraph
            else W.holder.carried_other_paragraph
        )
        first_subject: str | None = None
        for start, clause in clauses(sentence, self.lex):
            # A clause that names nobody is about whoever speaks ("we can take it into
            # review," Jonson said), else about the actor the text was last about.
            default = speaker_actor or fallback
            default_penalty = 0.0 if speaker_actor else carried_penalty
            found = self.read_clause(
                clause, start, sentence, index, matches, default, default_penalty, on_topic
            )
            first_subject = first_subject or found
            if found and not speaker_actor:
                # "Denmark signalled openness but said no decision had been taken": a
                # later clause without a name goes on about the earlier clause's subject.
                fallback, carried_penalty = found, 0.0
        for _, _, text in quotes:
            if self.lex.flat_no.match(normalise(text)) and (speaker_actor or first_subject):
                actor = speaker_actor or first_subject
                assert actor is not None
                self.add_reading(
                    actor, "opposes", W.holder.quoted_flat_no, sentence, index, quoted=True
                )
        self.record_statements(sentence, quotes, outside, speaker_person, speaker_actor, matches)
        subject = speaker_actor or first_subject
        if subject:
            self.last_subject = subject
            self.last_paragraph = paragraph
        for name in self.resolver.unmatched_names(sentence):
            self.people.add(name, subject or fallback)

    def speaker(
        self, sentence: str, outside: str, matches: list[ActorMatch], paragraph: int
    ) -> tuple[str | None, str | None]:
        """Who speaks in a sentence that reports speech: a person (table or not) outside
        any quote, and the table actor they speak for."""
        if not self.lex.speech.search(normalise(outside)):
            return None, None
        for m in matches:
            record = self.records.get(m.key or "")
            if record and record.kind == "person" and outside[m.start : m.end] == m.text:
                return record.name, record.speaks_for
        for name in self.resolver.unmatched_names(outside):
            person: Person | None = self.people.find(name.split()[-1]) or self.people.find(name)
            if person is None:
                # The actor named nearest before the name ("Lithuanian Foreign Minister
                # Gabrielius Landsbergis"), else the first one the sentence names.
                # Never a place or an object ("…would not send instructors to Ukraine"):
                # a person whose country is not known speaks for nobody.
                context, _ = self.actors_in(sentence, 0, 0, len(sentence), matches)
                near = self.nearest_actor(sentence, matches, outside.find(name))
                first = near or (context[0] if context else None)
                # Else the actor this paragraph is about; never one from an earlier
                # paragraph: a person whose country is unknown speaks for nobody.
                last = self.last_subject if paragraph == self.last_paragraph else None
                person = self.people.add(name, first or last)
            if person is not None:
                return person.name, person.speaks_for
        return None, None

    def actors_in(
        self, clause: str, offset: int, lo: int, hi: int, matches: list[ActorMatch]
    ) -> tuple[list[str], list[str]]:
        """Table actors named in clause[lo:hi] that act (and those after "of", "for"…);
        places and objects ("to Ukraine", "in Brussels") are left out."""
        acting: list[str] = []
        weak: list[str] = []
        inner = [(a, b) for a, b in self.relative_spans(clause) if b <= hi]
        for m in matches:
            at = m.start - offset
            if not (lo <= at < hi) or any(a <= at < b for a, b in inner):
                continue  # outside the span, or inside a relative clause closed before it
            actor = self.acting(m, clause, at)
            if actor is None or self.modifier(clause, at, m):
                continue
            before = clause[:at].split()[-2:]
            word = before[-1].casefold() if before else ""
            if word in self.lex.words["place"] or self.lex.contrast.search(clause[:at]):
                continue  # "unlike France": named to set the subject apart
            if (
                len(before) == 2
                and before[-1].isalpha()
                and before[-1].islower()
                and before[0].casefold() in self.lex.words["place"]
            ):
                continue  # "to western Ukraine": a place, with its adjective
            (weak if word in self.lex.words["weak"] else acting).extend(self.expand(actor))
        return list(dict.fromkeys(acting)), list(dict.fromkeys(weak))

    def relative_spans(self, text: str) -> list[tuple[int, int]]:
        """Relative clauses closed by a comma (", which Macron briefed last week,")."""
        return [f.span() for f in self.lex.relative.finditer(text)]

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

    def modifier(self, text: str, at: int, m: ActorMatch) -> bool:
        """Whether a name qualifies a noun rather than acts. German capitalises nouns, not
        adjectives: a capitalised name there ("Frankreich hingegen") is never one."""
        if self.lex.language == "de" and m.text[:1].isupper():
            return False
        return is_modifier(text, at, m)

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
            actor = self.acting(m, text, at)
            previous = text[:at].split()[-1:]
            if actor is None or self.modifier(text, at, m):
                continue
            if previous and previous[0].casefold() in self.lex.words["place"]:
                continue
            found = actor
        return found

    def expand(self, actor: str) -> list[str]:
        """A group the table keeps no row for ("the three Baltic states") stands for its
        members, whose rows a careful reader would update."""
        record = self.records.get(actor)
        if (
            record is not None
            and record.kind == "group"
            and record.members
            and (actor, self.topic) not in self.rows
        ):
            return [m for m in record.members if m in self.records]
        return [actor]

    def read_clause(
        self,
        clause: str,
        offset: int,
        sentence: str,
        index: int,
        matches: list[ActorMatch],
        default: str | None,
        default_penalty: float,
        on_topic: bool,
    ) -> str | None:
        """Each cue goes to the actors named between the previous cue and it; a cue with
        none there shares the previous cue's, or falls back on the sentence's speaker or
        the actor the text was last about. Returns the clause's first subject."""
        norm = normalise(clause)
        hits = stance_cues(norm, self.lex)
        everyone, weak = self.actors_in(clause, offset, 0, len(clause), matches)
        if self.lex.conditions.search(norm):
            # A condition belongs to whoever the clause names or speaks; carried over
            # from an earlier paragraph, the link is too loose.
            nearby = [default] if default and default_penalty <= 0.1 else []
            for actor in everyone or weak or nearby:
                self.state(actor).conditions.append((index, sentence))
        named = everyone or weak
        first = named[0] if named else default
        lo = 0
        previous: list[str] = []
        for hit in hits:
            if self.own_subject(norm, hit.start):
                continue  # an unnamed subject holds it: unclear, not proposed
            # "Neither Italy nor Spain will send": the actor after "nor" shares the cue.
            # German says it "weder Italien noch Spanien wollen … schicken": the cue opens at
            # "noch" and counts only after "weder"; both names share it.
            nor = hit.name == "nor"
            if nor and not self.lex.nor_needs.search(norm[: hit.start]):
                continue
            end = hit.end if nor or norm.startswith("nor ", hit.start) else hit.start
            acting, weak_here = self.actors_in(clause, offset, lo, end, matches)
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
            penalty = 0.0
            subjects = acting or previous
            if not subjects:
                after, weak_after = self.actors_in(clause, offset, hit.end, len(clause), matches)
                if weak_after and self.lex.agent.match(clause[hit.end :]):
                    # A passive names its doer after "by": "blocked for weeks by Hungary".
                    subjects, penalty = weak_after[:1], W.holder.passive_agent
                elif after:
                    subjects, penalty = after[:1], W.holder.named_after_cue
                elif weak_here:
                    subjects, penalty = weak_here[:1], W.holder.named_after_cue
                elif default:
                    subjects, penalty = [default], default_penalty
            lo = hit.end
            if not subjects:
                continue
            previous = subjects
            self.score(hit, norm, clause, sentence, index, subjects, penalty, on_topic)
        return first

    def score(
        self,
        hit: CueHit,
        norm: str,
        clause: str,
        sentence: str,
        index: int,
        subjects: list[str],
        penalty: float,
        on_topic: bool,
    ) -> None:
        stance, weight = self.judge(hit, norm, clause)
        if stance is None:
            return
        # How sure the cue is about the story's topic: said of it in the clause itself,
        # nearby, or only in an article that is about it.
        if self.topic_hits(clause) >= 1:
            pass
        elif self.topic_hits(sentence) >= 1 or on_topic:
            penalty += W.topic.in_sentence
        elif self.article_on_topic:
            penalty += W.topic.in_article
        elif self.title_on_topic:
            penalty += W.topic.in_title
        else:
            return
        if sentence.rstrip(" \"'”“»«").endswith("?"):
            return  # "Will Sweden join?": a question states no position
        if self.lex.question.search(norm[: hit.start]):
            return  # "asked whether Denmark would join": the question, not the answer
        if self.lex.past_position.search(norm[: hit.start]):
            return  # a position the actor has since left behind
        if self.lex.hedges.search(norm):
            penalty += W.doubt.hedge
        if self.lex.second_hand.search(norm):
            penalty += W.doubt.second_hand  # others say so: less sure than its own word
        if self.lex.conditional_start.search(norm):
            penalty += W.doubt.conditional
        quoted = '"' in normalise(sentence)
        for actor in subjects:
            self.add_reading(actor, stance, weight - penalty, sentence, index, quoted=quoted)

    def about_topic(self, text: str) -> bool:
        """Whether the text names what the topic is about (its nouns, not its place)."""
        if self.topic is None:
            return False
        wanted = self.object_stems[self.topic]
        if self.lex.language == "de":
            # German inflects and compounds its nouns ("Bundeswehr-Ausbildern",
            # "Militärausbilder"): a word that starts or ends with a topic noun counts.
            long = [w for w in wanted if len(w) >= 5]
            return any(
                stem(w) in wanted or any(w.startswith(x) or w.endswith(x) for x in long)
                for w in words(text)
            )
        return any(stem(w) in wanted for w in words(text))

    def judge(self, hit: CueHit, norm: str, clause: str) -> tuple[str | None, float]:
        """The stance a cue signals here: flipped by a negation before it, and none at all
        for support of some other body's plan ("instead supports expanding EUMAM") or for
        sending something other than what the topic is about."""
        stance, weight = hit.stance, hit.weight
        # The verbs of the topic's action: the lexicon's for a language that has them
        # (German), else the story's own (seeded, English).
        verbs = self.lex.patterns.get("send_verb") or (
            self.verb_patterns.get(self.topic) if self.topic else None
        )
        if (
            verbs is not None
            and verbs.search(norm[hit.start : hit.end])
            and not self.about_topic(norm[hit.start : hit.end + 60])
        ):
            return None, 0.0
        if hit.name in ("supports", "opposes"):
            # "supports Ukraine's EU bid", "opposes sanctions": a position on something
            # else. A cue that ends its clause ("remains opposed.") stands on its own.
            after = norm[hit.end : hit.end + 60]
            if re.match(r"\s*[a-z]", after) and not self.about_topic(after):
                return None, 0.0
        if stance == "opposes" and self.lex.dropped.search(norm[: hit.start]):
            return None, 0.0  # "lifted its veto": the opposition is over, not stated
        negated = self.lex.negation_before.search(norm[: hit.start]) is not None
        if hit.name in ("supports", "opposes") and negated:
            if stance == "supports":
                return "opposes", weight - W.doubt.negated_support
            return "undecided", weight - W.doubt.negated_opposition
        if hit.name == "considering" and negated:
            return "opposes", weight - W.doubt.negated_considering  # "not something we…"
        if stance == "supports" and hit.name == "supports":
            # Only up to the next comma: ", Latvian diplomats said" is who reports it.
            tail = clause[hit.end : hit.end + 80].split(",")[0]
            others = [
                m for m in self.resolver.find(tail) if m.key and not self.modifier(tail, m.start, m)
            ]
            if self.lex.alternative.search(norm) or others:
                return None, 0.0
        return stance, weight

    def state(self, actor: str) -> _ActorState:
        return self.states.setdefault(actor, _ActorState())

    def add_reading(
        self, actor: str, stance: str, confidence: float, sentence: str, index: int, *, quoted: bool
    ) -> None:
        if confidence <= W.doubt.floor:
            return
        self.state(actor).readings.append(
            _Reading(actor, stance, confidence, sentence, index, quoted)
        )

    # ------------------------------------------------------------------ statements
    def record_statements(
        self,
        sentence: str,
        quotes: list[tuple[int, int, str]],
        outside: str,
        person: str | None,
        actor: str | None,
        matches: list[ActorMatch],
    ) -> None:
        actor_name = self.name(actor) if actor else None
        for _, _, text in quotes:
            if len(text.split()) >= 2 or self.lex.flat_no.match(normalise(text)):
                self.statements.append(
                    Statement("quote", person or actor_name, actor_name, text.strip(" ,"), sentence)
                )
        if quotes or not self.lex.speech.search(normalise(sentence)):
            return
        speaker = person
        speaks_for = actor
        if speaker is None:
            for m in matches:
                if m.key and self.table_actor(m.key):
                    speaker, speaks_for = m.name, self.table_actor(m.key)
                    break
        if speaker is None and speaks_for is None:
            return
        found = re.search(r"\b(?:that|:)\s+(.+)$", sentence)
        text = found.group(1) if found else sentence
        self.statements.append(
            Statement(
                "reported",
                speaker,
                self.name(speaks_for) if speaks_for else None,
                text.rstrip("."),
                sentence,
            )
        )

    # ------------------------------------------------------------------ results
    def stance_proposals(self) -> list[StanceProposal]:
        out = []
        for actor, state in self.states.items():
            proposal = self.proposal_for(actor, state)
            if proposal is not None:
                out.append(proposal)
        out.sort(key=lambda p: -p.confidence)
        return out

    def proposal_for(self, actor: str, state: _ActorState) -> StanceProposal | None:
        new = actor.startswith(NEW_ACTOR)
        if not state.readings or self.topic is None or (actor not in self.records and not new):
            return None
        scores: dict[str, float] = {}
        for r in state.readings:
            scores[r.stance] = scores.get(r.stance, 0.0) + r.confidence
        stance = max(scores, key=lambda s: scores[s])
        agreeing = [r for r in state.readings if r.stance == stance]
        against = sum(v for s, v in scores.items() if s != stance)
        # The clearest sentence backs it: a body sentence over the headline, a quote over
        # a paraphrase, the earlier over the later.
        best = max(
            agreeing,
            key=lambda r: (
                r.confidence - (W.proposal.headline_only if r.index == 0 else 0.0),
                r.quoted,
                -r.index,
            ),
        )
        confidence = max(r.confidence for r in agreeing)
        confidence += W.proposal.agreeing_bonus * (len(agreeing) - 1)
        if against:
            confidence -= W.proposal.disagreement * against / scores[stance]
        confidence = max(W.proposal.lowest, min(W.proposal.highest, confidence))
        row = self.rows.get((actor, self.topic))
        quotes = {e.quote for e in row.evidence} if row else set()
        if row is not None and row.stance == stance and best.sentence in quotes:
            return None  # nothing new: the table already holds this, with this very quote
        a = self.article
        if new:
            confidence = max(W.proposal.lowest, confidence - W.proposal.new_actor)
        return StanceProposal(
            actor_key=re.sub(r"[^a-z0-9]+", "-", self.name(actor).casefold()).strip("-")
            if new
            else actor,
            actor=self.name(actor),
            topic=self.topic,
            stance=stance,
            summary=self.summary(best, agreeing, state),
            evidence=ProposalEvidence(best.sentence, a.source, a.published, a.url),
            confidence=round(confidence, 2),
            current=row.stance if row else None,
            new_actor=new,
            new_kind="organisation" if self.name(actor) in self.organisation_names else "country",
        )

    def summary(self, best: _Reading, agreeing: list[_Reading], state: _ActorState) -> str:
        """The backing sentence without its "…, X said on Monday", one more sentence that
        says the same, and the conditions attached ("not alone", "instead …")."""
        lead = best.sentence
        if not lead.lstrip().startswith(('"', "“")):
            lead = self.lex.trailing_attribution.sub(".", lead)
        parts = [lead]
        others = sorted(
            (r for r in agreeing if r.index > 0 and r.sentence != best.sentence),
            key=lambda r: r.index,
        )
        if others and not others[0].sentence.lstrip().startswith(('"', "“")):
            parts.append(others[0].sentence)
        # Body sentences first: a headline states a condition in shorthand.
        for _, sentence in sorted(state.conditions, key=lambda c: (c[0] == 0, c[0])):
            if sentence not in parts and sentence != best.sentence:
                parts.append(sentence)
            if len(parts) >= 3:
                break
        text = " ".join(parts)
        return text if len(text) <= MAX_SUMMARY else text[: MAX_SUMMARY - 1].rsplit(" ", 1)[0] + "…"

    def mentioned(self) -> list[MentionedActor]:
        out = []
        for key, count in self.mentions.items():
            record = self.records[key]
            out.append(
                MentionedActor(
                    record.name, key, record.kind, count, speaks_for=_name(self.records, record)
                )
            )
        for person in self.people.people.values():
            speaks = self.records.get(person.speaks_for or "")
            out.append(
                MentionedActor(
                    person.name,
                    None,
                    "person",
                    person.mentions,
                    role=person.role,
                    speaks_for=speaks.name if speaks else None,
                )
            )
        for name, count in self.unknown_countries.items():
            kind = "organisation" if name in self.organisation_names else "country"
            out.append(MentionedActor(name, None, kind, count))
        return out


_OFFICIAL = re.compile(r"\b(?:Republic|Kingdom|Federation|Confederation|State|Principality)\b")


def _official_name(text: str) -> bool:
    """ "the Slovak Republic", "the Kingdom of the Netherlands": a country's formal name."""
    return len(text.split()) > 1 and _OFFICIAL.search(text) is not None


# Per resolver (one per table; an ingest batch keeps it), the topics' object stems: working
# them out asks the resolver about every keyword, a cost not worth paying per article.
_OBJECT_STEMS: weakref.WeakKeyDictionary[ActorResolver, dict[tuple[Any, ...], Any]] = (
    weakref.WeakKeyDictionary()
)


def _object_stems(table: StanceTable, resolver: ActorResolver) -> dict[str, set[str]]:
    signature = tuple((t.key, tuple(t.keywords)) for t in table.topics)
    cached = _OBJECT_STEMS.setdefault(resolver, {})
    if signature not in cached:

        def names_actor(word: str) -> bool:
            found = resolver.resolve(word)
            return found is not None and found.score >= 100 and len(word) > 3

        cached[signature] = {
            t.key: {
                stem(w)
                for kw in t.keywords
                for w in words(kw)
                if stem(w) not in {stem(v) for v in t.verbs} and not names_actor(w)
            }
            for t in table.topics
        }
    result: dict[str, set[str]] = cached[signature]
    return result


def _name(records: dict[str, ActorRecord], record: ActorRecord) -> str | None:
    other = records.get(record.speaks_for or "")
    return other.name if other else None


def is_modifier(text: str, at: int, m: ActorMatch) -> bool:
    """Whether a match at ``at`` in ``text`` is a demonym qualifying some other noun ("the
    French letter", "the German-led initiative") rather than naming who acts."""
    rest = text[at + len(m.text) :]
    owner = re.match(r"['’]s\s+([a-z]+)\b", rest)
    if owner is not None:
        # "Ukraine's most generous backers": what the name owns is spoken of, unless it
        # is who speaks for it ("Spain's defence minister", "Poland's government").
        return owner.group(1) not in _BODY_NOUNS
    bare = m.text.casefold().removeprefix("the ")
    if bare == m.name.casefold() or " " in bare or not _DEMONYM.search(bare):
        return False  # a country's or a capital's name ("Madrid says no") acts
    if re.match(r"-[a-z]", rest):
        return True  # "German-led", "French-backed"
    found = re.match(r"\s+([a-z]+)\b", rest)
    if found is None:
        return False
    word = found.group(1)
    return word not in _BODY_NOUNS and word not in _AFTER_NOUN and not word.endswith("ed")


def extract(
    article: ArticleInput,
    table: StanceTable,
    resolver: ActorResolver | None = None,
    body: list[list[str]] | None = None,
) -> Extraction:
    """What the article says, and what it would change in the table. ``body``: the
    article's sentences by paragraph, when the caller has split them already."""
    resolver = resolver or ActorResolver(table.actors)
    split = body if body is not None else body_paragraphs(article.body)
    paragraphs = [[article.title], *(join_ordinal_dates(p) for p in split)]
    reader = _Reader(article, table, resolver)
    reader.read(paragraphs)
    items = ItemReader(table, resolver).read(article, paragraphs, reader.find)
    return Extraction(
        article=article,
        actors=reader.mentioned(),
        statements=reader.statements,
        stances=reader.stance_proposals(),
        items=items,
    )
