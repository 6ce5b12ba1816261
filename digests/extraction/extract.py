"""Read an article sentence by sentence: who acts in each clause, what they say or do,
and what that means for the stance table and the tracked items.

The subject of a clause is the table actor named before its cue ("Spain is not going to
send…"), the speaker of a quote ("…,” Pistorius said), or — when a clause names nobody
("Defence Minister Pal Jonson said there was no proposal yet") — the actor the text was
last about. People the table lacks are read as speaking for the actor named with them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from digests.actors import ActorMatch, ActorResolver
from digests.extraction.article_input import ArticleInput
from digests.extraction.cues import (
    ALTERNATIVE,
    CONDITIONAL_START,
    CONDITIONS,
    FLAT_NO,
    HEDGES,
    PAST_POSITION,
    SECOND_HAND,
    SPEECH,
    CueHit,
    normalise,
    stance_cues,
)
from digests.extraction.items import ItemReader
from digests.extraction.model import (
    ItemProposal,
    MentionedActor,
    ProposalEvidence,
    StanceProposal,
    Statement,
)
from digests.extraction.people import ROLE_WORDS, PeopleIndex, Person
from digests.model import ActorRecord, StanceRecord, StanceTable
from digests.sentences import split_paragraphs, split_sentences
from digests.text import stem, words

# Quotes in English (“…”, "…"), German („…“) and French/Swiss («…») marks.
_QUOTE = re.compile(r"[\"“„«]([^\"“”„«»]{2,}?)[\"”“»]")
# Clause breaks: semicolons and "but"/"while"/"whereas"; commas join lists, so they stay.
_CLAUSE_BREAK = re.compile(r";\s+|,?\s+(?:but|while|whereas|although)\s+")
# Prepositions before a name that make it a place or an object, not who acts:
# "instructors to Ukraine", "a meeting in Brussels".
_PLACE_WORDS = frozenset("in at to into inside from on onto near across".split())
_WEAK_WORDS = frozenset("of for with by among".split())
_NEGATION_BEFORE = re.compile(r"\b(?:not|never|no longer|nor)\s+(?:\w+\s+){0,3}$")
_TRAILING_ATTRIBUTION = re.compile(
    r",\s+(?:[^,\"“”]{0,80}?\s)?(?:said|says|told [\w ]{1,30}|announced|stressed|added)"
    r"(?:\s+[^,\"“”]{0,60})?\.$"
)
MAX_SUMMARY = 600
# Nouns after a demonym that make it the country speaking or acting ("the Polish defence
# ministry", "Latvian diplomats"); any other noun makes it a mere adjective ("the French
# letter", "Hungarian soldiers"), which is no actor at all.
_BODY_NOUNS = ROLE_WORDS | frozenset(
    """government ministry cabinet official officials diplomat diplomats authorities side
    delegation embassy army military armed forces parliament leadership administration
    premier source sources""".split()
)
# How demonyms end ("Latvian", "Polish", "French", "Dutch", "Czech", "Israeli", "Baltic"),
# unlike the names of capitals that stand for their country ("Madrid", "Stockholm").
_DEMONYM = re.compile(r"(?:an|ish|ch|ese|i|ic|ss|ek)$")
# What may follow a demonym used as a noun ("the Dutch will send", "the French also said").
_AFTER_NOUN = frozenset(
    """will would shall should can could may might must is are was were has have had do does
    did also still too now remain remains remained and or nor""".split()
)
_DROPPED = re.compile(
    r"\b(?:lift|lifts|lifted|lifting|drop|drops|dropped|dropping|abandon\w*|withdr\w+|"
    r"end|ends|ended|ending|give up|gave up|gives up)\s+(?:its|their|his|her|the)\s+$"
)
_CONTRAST = re.compile(
    r"\b(?:unlike|except|excluding|apart from|in contrast to|contrary to|other than)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_SAYS_THAT = re.compile(
    r"(?:,\s*(?P<who>who|which)\s+)?\b(?:said|says|told [a-z ]{1,30}?|added|announced|insisted|"
    r"stressed|confirmed|warned)(?:\s+that)?\b"
)
_QUESTION = re.compile(r"\b(?:asked|asking|wondered|unclear|unknown)?\s*\b(?:whether)\b[^,]*$")
_AGENT = re.compile(r"(?:\s+[\w-]+){0,4}?\s+by\s+(?:the\s+)?[A-Z]")
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
        self.last_subject: str | None = None
        self.last_paragraph = -1
        self.topic_stems = {
            t.key: {stem(w) for kw in t.keywords for w in words(kw)} for t in table.topics
        }
        self.topic = table.topics[0].key if table.topics else None
        # The verbs of each topic's action (the story's data, e.g. "send", "deploy"):
        # what they act on decides whether the topic is meant.
        self.verb_stems = {t.key: {stem(w) for w in t.verbs} for t in table.topics}
        self.verb_patterns = {
            t.key: re.compile(r"\b(?:" + "|".join(map(re.escape, t.verbs)) + r")\b")
            for t in table.topics
            if t.verbs
        }
        # What may be sent for it to count: the topic's own nouns ("trainers", "soldiers",
        # "mission"), not its verbs ("send") or its place ("Ukraine") — "will send air
        # defence systems to Ukraine" is not a stance on sending trainers.
        self.object_stems = {
            t.key: {
                stem(w)
                for kw in t.keywords
                for w in words(kw)
                if stem(w) not in self.verb_stems[t.key] and not self._names_actor(w)
            }
            for t in table.topics
        }

    # ------------------------------------------------------------------ actors
    def find(self, sentence: str) -> list[ActorMatch]:
        """The resolver's matches, once per sentence: both readers need them."""
        found = self.found.get(sentence)
        if found is None:
            found = self.found[sentence] = self.resolver.find(sentence)
        return found

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

    def acting(self, m: ActorMatch) -> str | None:
        """The actor a match can stand for as a subject: a table actor (a person for the
        country they speak for), or a country the table lacks when named in full
        ("Finland", not the adjective "Finnish") — a candidate new row."""
        if m.key:
            return self.table_actor(m.key)
        if m.known or m.score < 100 or m.text.casefold().removeprefix("the ") != m.name.casefold():
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
                self.unknown_countries[m.name] = self.unknown_countries.get(m.name, 0) + 1
        quotes = [(q.start(1), q.end(1), q.group(1)) for q in _QUOTE.finditer(sentence)]
        outside = _mask(sentence, [(s - 1, e + 1) for s, e, _ in quotes])
        speaker_person, speaker_actor = self.speaker(sentence, outside, matches)
        # The subject a clause without a name of its own falls back on.
        fallback = speaker_actor or (
            self.last_subject if paragraph == self.last_paragraph or index > 0 else None
        )
        carried_penalty = 0.1 if paragraph == self.last_paragraph else 0.2
        first_subject: str | None = None
        for start, clause in _clauses(sentence):
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
            if FLAT_NO.match(normalise(text)) and (speaker_actor or first_subject):
                actor = speaker_actor or first_subject
                assert actor is not None
                self.add_reading(actor, "opposes", 0.8, sentence, index, quoted=True)
        self.record_statements(sentence, quotes, outside, speaker_person, speaker_actor, matches)
        subject = speaker_actor or first_subject
        if subject:
            self.last_subject = subject
            self.last_paragraph = paragraph
        for name in self.resolver.unmatched_names(sentence):
            self.people.add(name, subject or fallback)

    def speaker(
        self, sentence: str, outside: str, matches: list[ActorMatch]
    ) -> tuple[str | None, str | None]:
        """Who speaks in a sentence that reports speech: a person (table or not) outside
        any quote, and the table actor they speak for."""
        if not SPEECH.search(normalise(outside)):
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
                context = [a for a in map(self.acting, matches) if a]
                near = self.nearest_actor(sentence, matches, outside.find(name))
                first = near or (context[0] if context else None)
                person = self.people.add(name, first or self.last_subject)
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
        for m in matches:
            at = m.start - offset
            if not (lo <= at < hi):
                continue
            actor = self.acting(m)
            if actor is None or is_modifier(clause, at, m):
                continue
            before = clause[:at].split()[-2:]
            word = before[-1].casefold() if before else ""
            if word in _PLACE_WORDS or _CONTRAST.search(clause[:at]):
                continue  # "unlike France": named to set the subject apart
            if (
                len(before) == 2
                and before[-1].isalpha()
                and before[-1].islower()
                and before[0].casefold() in _PLACE_WORDS
            ):
                continue  # "to western Ukraine": a place, with its adjective
            (weak if word in _WEAK_WORDS else acting).extend(self.expand(actor))
        return list(dict.fromkeys(acting)), list(dict.fromkeys(weak))

    def nearest_actor(
        self, text: str, matches: list[ActorMatch], before: int, offset: int = 0
    ) -> str | None:
        """The actor named last before ``before`` in ``text`` (a clause at ``offset`` in the
        sentence the matches are from), leaving out places ("to Ukraine") and adjectives."""
        found = None
        for m in matches:
            at = m.start - offset
            if not 0 <= at < before:
                continue
            actor = self.acting(m)
            previous = text[:at].split()[-1:]
            if actor is None or is_modifier(text, at, m):
                continue
            if previous and previous[0].casefold() in _PLACE_WORDS:
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
        hits = stance_cues(norm)
        everyone, weak = self.actors_in(clause, offset, 0, len(clause), matches)
        if CONDITIONS.search(norm):
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
            # "Neither Italy nor Spain will send": the actor after "nor" shares the cue.
            end = hit.end if norm.startswith("nor ", hit.start) else hit.start
            acting, weak_here = self.actors_in(clause, offset, lo, end, matches)
            # "X said Y would send": the verb of saying hands the cue on to who follows it;
            # "…, who said Vilnius would": to the speaker when nobody follows.
            said = list(_SAYS_THAT.finditer(norm, lo, hit.start))
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
                if weak_after and _AGENT.match(clause[hit.end :]):
                    # A passive names its doer after "by": "blocked for weeks by Hungary".
                    subjects, penalty = weak_after[:1], 0.1
                elif after:
                    subjects, penalty = after[:1], 0.15
                elif weak_here:
                    subjects, penalty = weak_here[:1], 0.15
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
            penalty += 0.05
        elif self.article_on_topic:
            penalty += 0.1
        elif self.title_on_topic:
            penalty += 0.2
        else:
            return
        if _QUESTION.search(norm[: hit.start]):
            return  # "asked whether Denmark would join": the question, not the answer
        if PAST_POSITION.search(norm[: hit.start]):
            return  # a position the actor has since left behind
        if HEDGES.search(norm):
            penalty += 0.1
        if SECOND_HAND.search(norm):
            penalty += 0.1  # others say so for the actor: less sure than its own word
        if CONDITIONAL_START.search(norm):
            penalty += 0.25
        quoted = '"' in normalise(sentence)
        for actor in subjects:
            self.add_reading(actor, stance, weight - penalty, sentence, index, quoted=quoted)

    def about_topic(self, text: str) -> bool:
        """Whether the text names what the topic is about (its nouns, not its place)."""
        if self.topic is None:
            return False
        wanted = self.object_stems[self.topic]
        return any(stem(w) in wanted for w in words(text))

    def _names_actor(self, word: str) -> bool:
        found = self.resolver.resolve(word)
        return found is not None and found.score >= 100 and len(word) > 3

    def judge(self, hit: CueHit, norm: str, clause: str) -> tuple[str | None, float]:
        """The stance a cue signals here: flipped by a negation before it, and none at all
        for support of some other body's plan ("instead supports expanding EUMAM") or for
        sending something other than what the topic is about."""
        stance, weight = hit.stance, hit.weight
        verbs = self.verb_patterns.get(self.topic) if self.topic else None
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
        if stance == "opposes" and _DROPPED.search(norm[: hit.start]):
            return None, 0.0  # "lifted its veto": the opposition is over, not stated
        negated = _NEGATION_BEFORE.search(norm[: hit.start]) is not None
        if hit.name in ("supports", "opposes") and negated:
            return ("opposes", weight) if stance == "supports" else ("undecided", weight - 0.2)
        if hit.name == "considering" and negated:
            return "opposes", weight - 0.05  # "not something we are considering"
        if stance == "supports" and hit.name == "supports":
            # Only up to the next comma: ", Latvian diplomats said" is who reports it.
            tail = clause[hit.end : hit.end + 80].split(",")[0]
            others = [
                m for m in self.resolver.find(tail) if m.key and not is_modifier(tail, m.start, m)
            ]
            if ALTERNATIVE.search(norm) or others:
                return None, 0.0
        return stance, weight

    def state(self, actor: str) -> _ActorState:
        return self.states.setdefault(actor, _ActorState())

    def add_reading(
        self, actor: str, stance: str, confidence: float, sentence: str, index: int, *, quoted: bool
    ) -> None:
        if confidence <= 0.2:
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
            if len(text.split()) >= 2 or FLAT_NO.match(normalise(text)):
                self.statements.append(
                    Statement("quote", person or actor_name, actor_name, text.strip(" ,"), sentence)
                )
        if quotes or not SPEECH.search(normalise(sentence)):
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
            key=lambda r: (r.confidence - (0.15 if r.index == 0 else 0.0), r.quoted, -r.index),
        )
        confidence = max(r.confidence for r in agreeing) + 0.05 * (len(agreeing) - 1)
        if against:
            confidence -= 0.3 * against / scores[stance]
        confidence = max(0.05, min(0.97, confidence))
        row = self.rows.get((actor, self.topic))
        quotes = {e.quote for e in row.evidence} if row else set()
        if row is not None and row.stance == stance and best.sentence in quotes:
            return None  # nothing new: the table already holds this, with this very quote
        a = self.article
        if new:
            confidence = max(0.05, confidence - 0.1)  # a new row deserves a second look
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
        )

    def summary(self, best: _Reading, agreeing: list[_Reading], state: _ActorState) -> str:
        """The backing sentence without its "…, X said on Monday", one more sentence that
        says the same, and the conditions attached ("not alone", "instead …")."""
        lead = best.sentence
        if not lead.lstrip().startswith(('"', "“")):
            lead = _TRAILING_ATTRIBUTION.sub(".", lead)
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
            out.append(MentionedActor(name, None, "country", count))
        return out


def _name(records: dict[str, ActorRecord], record: ActorRecord) -> str | None:
    other = records.get(record.speaks_for or "")
    return other.name if other else None


def is_modifier(text: str, at: int, m: ActorMatch) -> bool:
    """Whether a match at ``at`` in ``text`` is a demonym qualifying some other noun ("the
    French letter", "the German-led initiative") rather than naming who acts."""
    bare = m.text.casefold().removeprefix("the ")
    if bare == m.name.casefold() or " " in bare or not _DEMONYM.search(bare):
        return False  # a country's or a capital's name ("Madrid says no") acts
    rest = text[at + len(m.text) :]
    if re.match(r"-[a-z]", rest):
        return True  # "German-led", "French-backed"
    found = re.match(r"\s+([a-z]+)\b", rest)
    if found is None:
        return False
    word = found.group(1)
    return word not in _BODY_NOUNS and word not in _AFTER_NOUN and not word.endswith("ed")


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given spans blanked out (same length, so offsets still hold)."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            chars[i] = " "
    return "".join(chars)


def _clauses(sentence: str) -> list[tuple[int, str]]:
    """Clauses with their offsets. A break inside a quote does not split it."""
    quoted = [(q.start(), q.end()) for q in _QUOTE.finditer(sentence)]
    out: list[tuple[int, str]] = []
    start = 0
    for found in _CLAUSE_BREAK.finditer(sentence):
        if any(s < found.start() < e for s, e in quoted):
            continue
        if found.start() > start:
            out.append((start, sentence[start : found.start()]))
        start = found.end()
    if start < len(sentence):
        out.append((start, sentence[start:]))
    return out


def body_paragraphs(body: str) -> list[list[str]]:
    """The body's sentences, paragraph by paragraph (split once: it is the costly step)."""
    return [split_sentences(p) for p in split_paragraphs(body)]


def extract(
    article: ArticleInput,
    table: StanceTable,
    resolver: ActorResolver | None = None,
    body: list[list[str]] | None = None,
) -> Extraction:
    """What the article says, and what it would change in the table. ``body``: the
    article's sentences by paragraph, when the caller has split them already."""
    resolver = resolver or ActorResolver(table.actors)
    paragraphs = [[article.title], *(body if body is not None else body_paragraphs(article.body))]
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
