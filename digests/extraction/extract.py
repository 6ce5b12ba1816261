"""Read an article, stage by stage, into what it would change in the table:

segment (dateline, header, body; ``article_input``, ``segment``) → mentions (who and
what each sentence names; ``mentions``) → clauses (``clauses``) → holder (who holds each
cue's position; ``holders``) → cue (``cues``, from the per-language lexicons) → date and
tense (``items``) → score (``scoring``, weights in ``weights.toml``).

Here the stages are put together: readings per actor add up to stance proposals, and the
item reader turns status and date words into item proposals.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
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
from digests.extraction.cues import (
    CueHit,
    Lexicon,
    language_of,
    lexicon,
    normalise,
    points_back_first,
    stance_cues,
    undoes,
)
from digests.extraction.holders import NOBODY, Holders, Speaker
from digests.extraction.items import ItemReader
from digests.extraction.mentions import ACRONYM, Mentions
from digests.extraction.model import (
    ItemProposal,
    MentionedActor,
    ProposalEvidence,
    StanceProposal,
    Statement,
)
from digests.extraction.people import ROLE_WORDS
from digests.extraction.scoring import WEIGHTS as W
from digests.model import StanceRecord, StanceTable
from digests.text import fold, stem, stopwords, words

MAX_SUMMARY = 600


# A main clause joined to the one before it, opened by a name ("…, and Representative
# Raja Krishnamoorthi said").
_JOINED = re.compile(r",\s+(?:and|but|while|und|aber|während)\s+(?=[A-ZÄÖÜ])")


def _only_a_title(lead: list[str]) -> bool:
    """Whether the words before a name are at most its title ("Union leader", "Senate
    Republican leader"): capitalised or a title's words, three at most."""
    return len(lead) <= 3 and all(w[:1].isupper() or w.casefold() in ROLE_WORDS for w in lead)


@dataclass
class _Reading:
    """One stance signal: this actor, this stance, on the strength of this sentence."""

    actor: str
    stance: str
    confidence: float
    sentence: str
    index: int  # sentence order in the article; the title is 0
    quoted: bool
    paragraph: int = -1
    doubted: bool = False  # hedged, second hand or conditional


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
    """The stages over one article: its sentences' mentions, each clause's cues with the
    actors that hold them, and the readings they add up to."""

    def __init__(self, article: ArticleInput, table: StanceTable, resolver: ActorResolver) -> None:
        self.article = article
        # The article's language picks the lexicon its cues, speech verbs and clause
        # breaks come from.
        self.lex: Lexicon = lexicon(language_of(f"{article.title} {article.body}"))
        self.table = table
        self.resolver = resolver
        self.rows: dict[tuple[str, str], StanceRecord] = {
            (r.actor, r.topic): r for r in table.stances
        }
        self.mentions = Mentions(table, resolver, self.lex)
        self.holders = Holders(self.lex, self.mentions, self.rows.keys())
        self.states: dict[str, _ActorState] = {}
        self.statements: list[Statement] = []
        # The words that make a text about a topic; not its place ("Ukraine"): a text
        # that names the country and nothing of what is done there is about something else.
        self.topic_stems = _topic_stems(table, resolver)
        self.topic = table.topics[0].key if table.topics else None
        # The words of the topic's own name: a cue among them may be the name itself.
        self.name_words = frozenset(w for t in table.topics[:1] for w in words(t.name))
        # Its head, before any "and": "Orbán's Moscow peace mission and the boycott of …"
        # is about the mission, and a boycott named after it is a reaction to that.
        determiners = _folded(self._words_of_both("determiners"))
        self.head_words = frozenset(w for t in table.topics[:1] for w in _head(t.name, determiners))
        # A story about a person's office or candidacy ("Ursula von der Leyen's second term"):
        # its topic's name holds a name of two words or more that is no actor, and "her" or
        # "him" as a cue's object is that person (the lexicon's ``person_pronouns``).
        self.person_topic = any(
            len(name.split()) >= 2
            for t in table.topics[:1]
            if not t.verbs
            for name in resolver.unmatched_names(t.name)
        )
        # A topic that undoes a thing ("Halting arms exports"): doing so takes its side.
        self.undoing = any(undoes(t.name) for t in table.topics)
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
        # A topic that sends soldiers also sends the lexicon's other words for military
        # people ("members of its Defence Forces", "service members", "personnel").
        personnel = {stem(w) for w in self.lex.words.get("personnel", ())}
        # What a frame must name to be the topic's ("as part of the training mission"):
        # its own nouns, not the soldiers any mission sends ("as part of a force to
        # monitor a ceasefire" is another one).
        self.frame_stems = {key: found - personnel for key, found in self.object_stems.items()}
        self.object_stems = {
            key: found | personnel if found & personnel else found
            for key, found in self.object_stems.items()
        }
        self.mentions.arena = self._arena(table)
        self.places: frozenset[str] = frozenset()  # where the topic is done (Ukraine)
        self.context_on_topic = False
        self.context_names_topic = False
        self.paragraph = -1
        self._group: list[str] = []  # the list the last sentence opened with
        self._actor_stems_of: tuple[int, frozenset[str]] = (-1, frozenset())

    def _words_of_both(self, key: str) -> frozenset[str]:
        """A word list of the article's lexicon and of the English one: a started story's
        topic is named in its own language and in English."""
        return lexicon("en").words.get(key, frozenset()) | self.lex.words.get(key, frozenset())

    def _arena(self, table: StanceTable) -> frozenset[str]:
        """The countries a started story's topic names when it is about their own
        politics (its words hold an election, a law, a coalition: the lexicon's
        ``domestic`` words): "Georgia's foreign influence law", "Germany's snap election".
        There a president and a prime minister are sides of their own, not the country."""
        # The topic is named in the story's language and in English: both lexicons' words.
        domestic = self._words_of_both("domestic")
        out: set[str] = set()
        for t in table.topics:
            if t.verbs or not domestic & {w for k in (t.name, *t.keywords) for w in words(k)}:
                continue
            for m in self.resolver.find(t.name):
                actor = self.mentions.country(m)
                record = self.mentions.records.get(actor or "")
                if actor and (record.kind == "country" if record else self.mentions.is_new(actor)):
                    out.add(actor)
        return frozenset(out)

    # ------------------------------------------------------------------ topic
    def topic_hits(self, text: str) -> int:
        if self.topic is None:
            return 0
        found = self.topic_stems[self.topic]
        return sum(1 for w in words(text) if self.topic_word(w, found))

    def topic_word(self, word: str, wanted: set[str]) -> bool:
        """Whether the word is one of the topic's (``wanted``: stems): by its stem, or in
        German, which inflects and compounds its nouns ("Ausbildern", "Bundeswehr-
        Ausbilder", "Militärausbilder"), as a word that starts or ends with a long one —
        ending it after a word of its own, not a syllable ("Kommission" is no mission)."""
        if stem(word) in wanted:
            return True
        return self.lex.language == "de" and any(
            len(x) >= 5 and (word.startswith(x) or (word.endswith(x) and len(word) - len(x) >= 4))
            for x in wanted
        )

    def choose_topic(self, paragraphs: Sequence[Sequence[str]]) -> None:
        if len(self.topic_stems) >= 2:
            text = " ".join(s for p in paragraphs for s in p)
            all_stems = [stem(w) for w in words(text)]
            self.topic = max(
                self.topic_stems,
                key=lambda k: sum(1 for s in all_stems if s in self.topic_stems[k]),
            )
        self.holders.topic = self.topic
        if self.topic is not None:
            self.holders.object_stems = frozenset(self.object_stems[self.topic])

    # ------------------------------------------------------------------ reading
    def read(self, paragraphs: list[list[str]]) -> None:
        a = self.article
        self.choose_topic(paragraphs)
        # The body's own one-word names (the title is in headline capitals).
        self.mentions.learn_names(s for p in paragraphs[1:] for s in p)
        self.article_on_topic = self.topic_hits(" ".join(s for p in paragraphs for s in p)) >= 2
        self.title_on_topic = self.topic_hits(a.title) >= 1
        # A topic done somewhere (its keywords name the place: trainers sent to Ukraine)
        # is less surely what an article means that never names that place, in any form
        # ("Westukraine", "ukrainische"): soldiers stationed in Lithuania, or deployed to
        # a border at home, are no trainers sent to Ukraine.
        self.places = _topic_places(self.table, self.resolver).get(self.topic or "", frozenset())
        text = fold(f"{a.title} {a.body}")
        self.names_place = not self.places or any(fold(p)[:6] in text for p in self.places)
        index = 0
        previous = ""
        # An interview: several paragraphs end in a question. Those are the interviewer's,
        # and what they take as given ("Macron says it should not be excluded. Would Prague
        # take part?") is no one's position in this article.
        asked = {
            number
            for number, sentences in enumerate(paragraphs)
            if number > 0 and sentences and _asks(sentences[-1])
        }
        interview = len(asked) >= 2
        # Who answers: the country of the person the interview's introduction presents
        # ("Der litauische Außenminister Gabrielius Landsbergis über …").
        interviewee = self.interviewee(paragraphs, asked) if interview else None
        for number, sentences in enumerate(paragraphs):
            paragraph_on_topic = self.topic_hits(" ".join(sentences)) >= 1
            self.paragraph = number
            if interview and number in asked:
                index += len(sentences)
                continue
            answer = interviewee is not None and number > min(asked)
            for sentence in sentences:
                if answer:
                    # An answer is the interviewee's: what it says without naming anyone
                    # ("Wir sind bereit…") is theirs, not the last actor named.
                    self.holders.settle(interviewee, number)
                # What a pronoun object may stand for: the paragraph's topic, or the one
                # the sentence before named (the end of the previous paragraph).
                self.context_on_topic = paragraph_on_topic or self.topic_hits(previous) >= 1
                # A pronoun needs the topic's nouns there, not only its place or its verbs:
                # "refused to endorse it" after a conference on aid to Ukraine, where someone
                # "did not send a minister", points back at the conference's text.
                self.context_names_topic = self.about_topic(
                    " ".join(sentences)
                ) or self.about_topic(previous)
                self.read_sentence(sentence, index, number, paragraph_on_topic)
                previous = sentence
                index += 1

    def interviewee(self, paragraphs: Sequence[Sequence[str]], asked: set[int]) -> str | None:
        """The country an interview's introduction (the body's paragraphs before its first
        question) presents its interviewee as speaking for: the first actor it names as
        who speaks, a demonym in a title too, not a place or an object."""
        place = self.lex.words["place"] | self.lex.words["weak"]
        for sentences in paragraphs[1 : min(asked)]:
            for sentence in sentences:
                for m in sorted(self.mentions.find(sentence), key=lambda m: m.start):
                    before = sentence[: m.start].split()[-1:]
                    if before and before[0].casefold() in place:
                        continue
                    actor = self.mentions.country(m)
                    if actor is not None:
                        return actor
        return None

    def read_sentence(self, sentence: str, index: int, paragraph: int, on_topic: bool) -> None:
        # mentions
        matches = self.mentions.find(sentence)
        self.mentions.count(matches)
        quotes = [(q.start(1), q.end(1), q.group(1)) for q in QUOTE.finditer(sentence)]
        outside = mask(sentence, [(s - 1, e + 1) for s, e, _ in quotes])
        # Whoever a closed relative clause names ("NATO, which Macron briefed, said…")
        # is not who speaks.
        speaking = mask(outside, self.holders.relative_spans(outside))
        # Before the speaker is looked for: finding who speaks meets them ("President
        # Salome Zourabichvili opposes the law and has said …" opens with a stranger).
        stranger = self.opens_with_stranger(sentence, matches)
        speaker = self.holders.speaker(sentence, speaking, matches, paragraph)
        if stranger and speaker.actor is None and speaker.person is None:
            speaker = self.own_side(sentence)
        elif speaker.actor is None and self.opens_with_person(sentence, matches):
            # "Georgescu lehnt das Urteil ab.": the person named before is its subject —
            # a side of their own where the story is their country's politics, else the
            # voice of no actor, never of the actor the text was about before.
            own = self.own_side(sentence)
            speaker = own if own.actor else speaker
            stranger = True
        # The subject a clause without a name of its own falls back on — none when the
        # sentence opens with somebody of its own whom no actor stands for ("Palestinian
        # President Mahmoud Abbas welcomed it."): that is not the actor before going on.
        carried, carried_penalty = self.holders.carried(paragraph, index)
        if speaker.actor is None and (speaker.person or stranger):
            # Somebody speaks whose country is not known ("…, Prime Minister Ulf Kristersson
            # has said"): they speak for nobody, least of all the actor before them —
            # unless a title opened by a possessive points back at the actor the text was
            # about ("Its leader Friedrich Merz demanded …"): that names whom they speak for.
            if not points_back_first(sentence, self.lex):
                carried = None
                # The text goes on about them: "…," he said" is theirs, not the actor's
                # an earlier paragraph was about.
                self.holders.forget()
            elif carried is not None:
                carried_penalty = 0.0  # named by "its": no guess which actor is meant
        if self.opens_with_thing(sentence, matches):
            carried = None  # "The programme, called …, will include": about the thing
        fallback = speaker.actor or carried
        first_subject: str | None = None
        self._group = []
        # clauses -> holder -> cue
        for start, clause in self.subject_parts(clauses(sentence, self.lex), speaker):
            # A clause that names nobody is about whoever speaks ("we can take it into
            # review," Jonson said), else about the actor the text was last about.
            default = speaker.actor or fallback
            default_penalty = 0.0 if speaker.actor else carried_penalty
            if speaker.actor and self.opened_by_another(clause, speaker):
                # "McConnell filed a brief urging the justices to reject it, and
                # Representative Krishnamoorthi said …": the first part is McConnell's.
                default = None
            found = self.read_clause(
                clause, start, sentence, index, matches, default, default_penalty, on_topic
            )
            first_subject = first_subject or found
            if found and not speaker.actor:
                # "Denmark signalled openness but said no decision had been taken": a
                # later clause without a name goes on about the earlier clause's subject.
                fallback, carried_penalty = found, 0.0
        for _, _, text in quotes:
            if self.lex.flat_no.match(normalise(text)) and (speaker.actor or first_subject):
                actor = speaker.actor or first_subject
                assert actor is not None
                self.add_reading(
                    actor, "opposes", W.holder.quoted_flat_no, sentence, index, quoted=True
                )
        if quotes and speaker.person and speaker.actor:
            self.own_words(speaker.actor, sentence, index, paragraph)
        self.record_statements(sentence, quotes, speaker.person, speaker.actor, matches)
        subject = speaker.actor or first_subject
        self.holders.settle(subject, paragraph, self._group)
        self.mentions.meet_people(sentence, subject or fallback)

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
        """The clause's cues, each scored for the actors that hold it, and the conditions
        it attaches. Returns the clause's first subject."""
        norm = normalise(clause)
        hits = stance_cues(norm, self.lex)
        everyone, weak = self.holders.actors_in(clause, offset, 0, len(clause), matches)
        if self.lex.conditions.search(norm):
            # A condition belongs to whoever the clause names or speaks; carried over
            # from an earlier paragraph, the link is too loose.
            nearby = [default] if default and default_penalty <= 0.1 else []
            for actor in everyone or weak or nearby:
                self.state(actor).conditions.append((index, sentence))
        # A clause whose subject is the speaker ("we are looking at a role in the east of
        # Moldova") is not about a country it names only after "of", "for" …: the clause
        # after it goes on about the speaker.
        # Nor does a clause that names countries only as places or objects ("Checks at the
        # borders with Poland … will be joined") turn the text to them: it stays on the
        # actor it was about, when there is one.
        named = everyone or ([] if self.holders.first_person(norm) or default else weak)
        first = named[0] if named else default
        if not self._group:
            # The list the clause opens with ("Irak und Jordanien stehen nicht mehr auf der
            # Liste der Staaten, die … für die Ukraine unterstützen": Iraq and Jordan).
            self._group = self._opening_list(clause, offset, matches)
        for held in self.holders.assign(
            clause, offset, norm, hits, matches, default, default_penalty
        ):
            self.score(
                held.hit, norm, clause, sentence, index, list(held.holders), held.penalty, on_topic
            )
        return first

    def _opening_list(self, clause: str, offset: int, matches: list[ActorMatch]) -> list[str]:
        out: list[str] = []
        at = 0
        for m in sorted(matches, key=lambda m: m.start):
            start = m.start - offset
            if start < at:
                continue
            if not (_OPENING_GAP if at == 0 else _LIST_GAP).match(clause[at:start]):
                break
            actor = self.mentions.acting(m, clause, start)
            if actor is None:
                break
            out.append(actor)
            at = start + len(m.text)
        return out

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
        reaction = self._reaction_object(norm[hit.end :])
        if reaction is not None and reaction not in self.head_words:
            # "Budapest rejected the boycott": a side on others' reaction to the news,
            # whose side on the news itself a reader has to infer.
            penalty += W.doubt.reaction
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
        if not self.names_place:
            penalty += W.topic.place_unnamed
        background = self.lex.patterns.get("background")
        if background is not None and background.search(norm[: hit.start]):
            return  # "…, a day after Macron declined to exclude it": what came before
        if _asks(sentence):
            return  # "Will Sweden join?": a question states no position
        if self.lex.question.search(norm[: hit.start]):
            return  # "asked whether Denmark would join": the question, not the answer
        free = self.lex.patterns.get("free_relative")
        if free is not None and free.search(norm[: hit.start]):
            return  # "what commanders asked for": a thing someone wants, no position
        if self.lex.past_position.search(norm[: hit.start]):
            return  # a position the actor has since left behind
        whole = normalise(sentence)
        # Where the cue stands in the sentence (the clause, up to its cue, found there).
        found = whole.find(norm[: hit.end])
        at = found + hit.start if found >= 0 else -1
        if self._past_aside(whole, at):
            return  # "The Greens, who voted against her in 2019, …": then, not now
        if self._in_possessive_aside(whole, norm, hit):
            # "Slovakia, whose prime minister has spoken out against …, has not objected":
            # told of the actor in passing; its main clause says where it stands.
            penalty += W.doubt.aside
        doubt = penalty
        if self.lex.hedges.search(norm):
            penalty += W.doubt.hedge
        if self.lex.second_hand.search(norm) or self.lex.second_hand.search(whole):
            penalty += W.doubt.second_hand  # others say so: less sure than its own word
        if self.lex.conditional_start.search(norm) or (
            # A side taken on a condition after it, or a door left open only on one ("would
            # not rule out backing it if …"); openness on a condition is openness all the
            # same ("is open to sending, as long as …").
            (stance in ("supports", "opposes") or hit.name == "not ruled out")
            and self._condition_after(whole, at, hit)
        ):
            penalty += W.doubt.conditional
        without = self.lex.patterns.get("without_before")
        if stance == "opposes" and without is not None and without.search(norm[: hit.start]):
            penalty += W.doubt.conditional  # "cannot use them without …": on a condition
        quoted = '"' in whole
        doubted = penalty > doubt
        for actor in subjects:
            self.add_reading(
                actor, stance, weight - penalty, sentence, index, quoted=quoted, doubted=doubted
            )

    def _past_aside(self, whole: str, cue: int) -> bool:
        """Whether the cue at ``cue`` stands in a relative clause set off by commas that
        names a time gone by (the lexicon's ``past_time``, or a year before the article's)."""
        if cue < 0:
            return False
        past = self.lex.patterns.get("past_time")
        year = self.article.published.year if self.article.published else None
        for lo, hi in self.holders.relative_spans(whole):
            if not lo <= cue < hi:
                continue
            aside = whole[lo:hi]
            if past is not None and past.search(aside):
                return True
            if year is not None and any(
                int(y) < year for y in re.findall(r"\b(?:19|20)\d\d\b", aside)
            ):
                return True
        return False

    def _weak_object(self, norm: str, hit: CueHit) -> bool:
        """Whether the cue's object is a bad version of the thing ("a weak treaty", "kein
        schwaches Abkommen"): after the cue, or (a language that puts the verb last) in
        the cue or before it in the clause."""
        after = self.lex.patterns.get("weak_object")
        before = self.lex.patterns.get("weak_object_before")
        return bool(after and after.match(norm, hit.end)) or bool(
            before and before.search(norm[: hit.end])
        )

    def _condition_after(self, whole: str, cue: int, hit: CueHit) -> bool:
        """Whether a condition follows the cue at ``cue`` in its sentence ("ready to take
        part if …", "bereit mitzuwirken, wenn …"), the clauses after it included."""
        pattern = self.lex.patterns.get("condition_after")
        if pattern is None or cue < 0:
            return False
        return pattern.match(whole, cue + hit.end - hit.start) is not None

    def opens_with_stranger(self, sentence: str, matches: list[ActorMatch]) -> bool:
        """Whether the sentence opens with a name (two capitalised words or more, after
        at most a title: "Union leader Anna Berg", or initials: "Die FDP"; or any name a
        relative clause tells about: "Spotify, which …") that is no actor and no person met
        before."""
        if self._opened_by_actor(sentence, matches):
            return False
        for key in ("named_opening", "named_the_opening"):
            opening = self.lex.patterns.get(key)
            found = opening.match(sentence) if opening is not None else None
            if found is not None and not any(m.start < found.end() for m in matches):
                # "Spotify, which had complained …, welcomed", "The Coalition for App
                # Fairness also welcomed it": a name of its own, no actor.
                return True
        names = self.mentions.resolver.unmatched_names(sentence)
        if not names or self.mentions.person(names[0]):
            return False
        name = names[0].split()
        if name[0].casefold() in self.lex.words.get("determiners", frozenset()):
            # German capitalises its nouns: "Die Regierung in Vilnius" is no name, but
            # "Die FDP" is one, by its initials.
            name = name[1:]
            if len(name) != 1 or not ACRONYM.fullmatch(name[0]):
                return False
        elif len(name) < 2 and not ACRONYM.fullmatch(name[0]):
            return False  # one capitalised word is no name; initials are ("The SNP said")
        lead = sentence[: sentence.find(names[0])].split()
        return _only_a_title(lead)

    def _opened_by_actor(self, sentence: str, matches: list[ActorMatch]) -> bool:
        """Whether an actor the resolver found opens the sentence, not as the first part
        of a title glued to it ("NATO-Generalsekretär Jens Stoltenberg")."""
        return any(m.start < 3 and not self.mentions.titled_compound(sentence, m) for m in matches)

    def opens_with_person(self, sentence: str, matches: list[ActorMatch]) -> bool:
        """Whether the sentence opens, after at most a title, with a person met before,
        by full name or surname alone, whom no actor of the table stands for."""
        if self._opened_by_actor(sentence, matches):
            return False
        names = self.mentions.resolver.unmatched_names(sentence)
        if not names or self.mentions.person(names[0]) is None:
            return False
        return _only_a_title(sentence[: sentence.find(names[0])].split())

    def subject_parts(
        self, found: list[tuple[int, str]], speaker: Speaker
    ) -> list[tuple[int, str]]:
        """The clauses, each cut where a main clause of its own joins it (", and
        Representative Krishnamoorthi said …") when the speaker is named only after the
        cut: what comes before is someone else's."""
        if speaker.person is None:
            return found
        surname = speaker.person.split()[-1]
        out: list[tuple[int, str]] = []
        for start, clause in found:
            cut = _JOINED.search(clause)
            if (
                cut is not None
                and surname in clause[cut.end() :]
                and surname not in clause[: cut.start()]
            ):
                out += [(start, clause[: cut.start()]), (start + cut.end(), clause[cut.end() :])]
            else:
                out.append((start, clause))
        return out

    def opened_by_another(self, clause: str, speaker: Speaker) -> bool:
        """Whether a clause that does not name the speaker opens with a name of its own
        (after at most a title), one the table does not hold: its subject is someone else."""
        if speaker.person is None or speaker.person.split()[-1] in clause:
            return False
        names = self.mentions.resolver.unmatched_names(clause)
        if not names or len(names[0].split()) < 2:
            return False
        lead = clause[: clause.find(names[0])].split()
        return _only_a_title(lead)

    def own_side(self, sentence: str) -> Speaker:
        """The person a sentence opens with, in a story about their own country's politics
        ("Donald Trump, who as president tried to ban it, now opposes the bill"): a side of
        their own, as a new actor. Elsewhere nobody: whom they speak for is not known."""
        names = self.mentions.resolver.unmatched_names(sentence)
        titled = self.mentions.title_country(sentence, names[0]) if names else None
        if titled is not None and not self.mentions.arena:
            # Anywhere, a title that names whose voice they are ("Economics Commissioner
            # Paolo Gentiloni": the Commission's).
            person = self.mentions.person(names[0]) or self.mentions.people.add(names[0], titled)
            if person is not None:
                return Speaker(person.name, self.mentions.voice(person.name, titled))
        if not self.mentions.arena or not names:
            return NOBODY
        if points_back_first(sentence, self.lex):
            return NOBODY  # "Its leader Friedrich Merz demanded …": the voice of "it"
        person = self.mentions.person(names[0]) or self.mentions.people.add(names[0], titled)
        party = self.lex.words.get("party_words", frozenset()) | self.lex.words.get(
            "quantities", frozenset()
        )
        if person is None or {fold(w) for w in person.name.split()} & {fold(w) for w in party}:
            return NOBODY  # "Fifty Democrats voted no": members of a party, no person
        if person.speaks_for is None:
            # Met before without a country; here the title names whose voice they are.
            person.speaks_for = titled
        if person.speaks_for is not None:
            # "French President …": for their country, as ever.
            return Speaker(person.name, self.mentions.voice(person.name, person.speaks_for))
        own = self.lex.words.get("own_roles", frozenset())
        # The title before the name, when the name came without it ("President Lena …").
        lead = sentence[: max(sentence.find(names[0]), 0)].split()
        titles = [w for w in lead if w.casefold() in ROLE_WORDS]
        role = person.role or " ".join(titles)
        if role and not own & set(words(role)):
            return NOBODY  # "President Javier Milei": whose president is not said
        return Speaker(person.name, self.mentions.own_person(person.name))

    def opens_with_thing(self, sentence: str, matches: list[ActorMatch]) -> bool:
        """Whether the sentence opens with "The" and a noun that is no actor, nothing that
        stands for one (the lexicon's ``actor_nouns``), then a comma, a verb or a
        preposition: its subject is that thing ("The command will not send …", "The bans on
        … apply", "Environmental groups were relieved …"), not the actor the text was
        about. German: the lexicon's ``thing_opening``."""
        thing = self.lex.patterns.get("thing_opening")
        if thing is not None:
            # A language that capitalises its nouns names the thing by its article and
            # noun before the verb ("Der Rat unterstützt den Aufschub"): one that no actor
            # is and that stands for none (the lexicon's ``body_nouns``).
            opened = thing.match(sentence)
            bodies = self.lex.words.get("body_nouns", frozenset()) | self.lex.words.get(
                "speaking_bodies", frozenset()
            )
            # (a compound ends in one: "Außenministerin", "Regierungssprecher")
            return (
                opened is not None
                and not any(fold(opened.group("noun")).endswith(fold(b)) for b in bodies)
                and not any(m.start < opened.end() for m in matches)
            )
        nouns = self.lex.words.get("actor_nouns")
        followers = self.lex.words.get("subject_followers")
        if not nouns or not followers:
            return False
        # "The command will …", or a plural after a word that qualifies it
        # ("Environmental groups were relieved …").
        found = re.match(r"\s*The\s+([a-z][a-z-]*)(\s*,|\s+([a-z]+))", sentence) or re.match(
            r"\s*(?:The\s+)?[A-Z][a-z-]+\s+([a-z][a-z-]*s)(\s*,|\s+([a-z]+))", sentence
        )
        if found is None or found.group(1) in nouns:
            return False
        if any(m.start < found.end() for m in matches):
            return False
        return (
            found.group(3) is None
            or found.group(3) in followers
            or found.group(3) in self.lex.words.get("subject_prepositions", frozenset())
        )

    def names_a_person(self, text: str, match: ActorMatch) -> bool:
        """ "the Dutchman", "the Briton": a nationality word standing for a person, not
        for the country."""
        before = text[: match.start].split()[-1:]
        return (
            match.text.casefold() in self.lex.words.get("person_demonyms", frozenset())
            and bool(before)
            and before[0].casefold() in self.lex.words.get("news_determiners", frozenset())
        )

    def points_back(self, text: str, *, anywhere: bool = False, refusal: bool = False) -> bool:
        """Whether the cue's object (``text``: what follows the cue, or with ``anywhere``
        the subject before a passive one) stands for the topic, which its paragraph or the
        sentence before names: a pronoun ("voted against it", "backs it"); for a refusal,
        a word for a proposal ("rejected the idea", "the plan was turned down"; backing
        "the plan" is left out: whose plan is too often unclear). For a topic that is the
        news itself (a story started from its articles: no verbs of its own), so does a
        general noun for the news that ends the clause ("opposes the decision."), and a
        nationality word standing for a person ("endorsed the Dutchman"): the candidate
        or leader the story is about. A seeded topic's news may be something else
        ("welcomed the decision" to extend another mission), and "the decision to raise
        taxes" says what it is."""
        if not self.context_on_topic:
            return False
        ahead = words(text)
        if not anywhere and ahead and ahead[0] in self.lex.words.get("pronoun_objects", ()):
            return self.context_names_topic
        if (
            self.person_topic
            and not anywhere
            and ahead
            and ahead[0] in self.lex.words.get("person_pronouns", ())
            and (
                len(ahead) == 1
                or _second_word(text) in self.lex.words.get("news_nouns", frozenset())
                or re.match(r"\s*\w+\s*(?:[.;,]|$|\b(?:for|as|in|on|and|but)\b)", text)
            )
        ):
            return True  # "voted for her", "opposes her reappointment": the person it is about
        back = self.lex.patterns.get("proposal_object")
        if (
            refusal
            and back is not None
            and (back.search(text) if anywhere else back.match(text)) is not None
        ):
            return True
        if anywhere or not ahead or self.topic is None or self.verb_patterns.get(self.topic):
            return False
        if (
            len(ahead) >= 2
            and ahead[0] in self.lex.words.get("news_determiners", frozenset())
            and ahead[1] in self.lex.words.get("person_demonyms", frozenset())
        ):
            return True  # "endorsed the Dutchman": the person the story is about
        nouns = self.lex.words.get("news_nouns", frozenset())
        determiners = self.lex.words.get("news_determiners", frozenset())
        if (
            len(ahead) >= 2
            and ahead[0] in determiners
            and ahead[1] in nouns
            and (found := re.match(r"\s*\w+\s+[\w-]+", text)) is not None
            and self._object_ends(text[found.end() :])
        ):
            return True
        # One adjective between: "backs the new timetable.", "welcomed the joint declaration."
        if (
            len(ahead) >= 3
            and ahead[0] in determiners
            and ahead[1] in self.lex.words.get("news_adjectives", frozenset())
            and ahead[2] in nouns
            and re.match(r"\s*\w+\s+[\w-]+\s+[\w-]+\s*(?:[.;!]|,\s|$)", text) is not None
        ):
            return True
        # Or an actor's: "welcomed the US decision.", "backs Washington's move."
        owner = re.match(r"\s*(?:(?:the|this|that)\s+)?([\w.-]+?)(?=['’]s\s|\s)", text)
        if owner is None or self.resolver.resolve(owner.group(1)) is None:
            return False
        rest = text[owner.end() :]
        noun = _owned_noun(rest)
        return noun in nouns and self._object_ends(rest[rest.find(noun) + len(noun) :])

    def _not_yet(self, norm: str, hit: CueHit) -> bool:
        """Whether the cue is said not to have happened yet, before it or (German) after."""
        before = self.lex.patterns.get("not_yet")
        after = self.lex.patterns.get("not_yet_after")
        return bool(before and before.search(norm[: hit.start])) or bool(
            after and after.match(norm[hit.end :])
        )

    def _names_the_topic(self, norm: str, hit: CueHit) -> bool:
        """Whether the cue is a word of the topic's own name, standing in that name ("a
        package of sanctions against Russia" in the story "Sanctions against Russia"):
        its words and the one before it are all the name's."""
        name = self.name_words
        cue = words(norm[hit.start : hit.end])
        before = words(norm[: hit.start])[-1:]
        return bool(cue) and set(cue) <= name and bool(before) and before[0] in name

    def _object_ends(self, rest: str) -> bool:
        """Whether the object ends where ``rest`` begins: at the end of the clause, or where
        the subject goes on to say something ("welcomed the vote and said it was ready"),
        after at most an adverb of its own ("supports the nomination too, and said …")."""
        rest = re.sub(r"^\s+(?:too|also|as well|again|now|once more|in principle)\b", "", rest)
        if re.match(r"\s*(?:[.;!]|,\s|$)", rest):
            return True
        joined = re.match(r"\s+and\s+", rest)
        return joined is not None and self.lex.speech.match(rest, joined.end()) is not None

    def object_before(self, text: str) -> bool:
        """Whether the clause up to a verb-final cue names the topic, or points back at it
        ("lehnt das ab", "unterstützt es") where the text around is about it."""
        if self.about_topic(text):
            return True
        pointers = self.lex.words.get("object_pointers", frozenset())
        return self.context_on_topic and any(w in pointers for w in words(text))

    def sent_elsewhere(self, text: str) -> bool:
        """Whether what is sent goes to a country that is not the topic's place: the first
        name after a word of destination ("to Lithuania", "nach Litauen") is another one."""
        if not self.places:
            return False
        leads = self._lexicon_words("destination_leads")
        for m in sorted(self.resolver.find(text), key=lambda m: m.start):
            before = text[: m.start].split()[-1:]
            if before and fold(before[0]) in leads:
                return m.score >= 100 and m.name not in self.places
        return False

    def _approves_the_topic(self, after: str) -> bool:
        """Whether what is approved is the topic: a word pointing back at it, or a head noun
        (past determiners and whose it is: "Sweden's accession") that is the topic's, or a
        word for the news ("approved the text"), or names it after "of"; never a budget or a
        mandate for it ("approved a budget of 409 million euros for the mission")."""
        if self.points_back(after):
            return True
        skip = stopwords(self.lex.language) | self.lex.words.get("determiners", frozenset())
        news = self.lex.words.get("news_nouns", frozenset())
        said = words(after)[:10]
        for n, word in enumerate(said):
            if word in skip or _names_actor(self.resolver, word):
                continue
            # Or what it is of: "approved Moldova's membership of the grid".
            of = said[n + 1 : n + 4] if said[n + 1 : n + 2] == ["of"] else []
            return word in news or self.about_topic(word) or self.about_topic(" ".join(of[1:]))
        return False

    def _open_to_something_else(self, after: str) -> bool:
        """Whether what a door is left open to, named after the cue in words of its own,
        is not the topic ("would not rule out tabling further changes", "… that Budapest
        could take the matter to court"); a pronoun ("does not exclude it") or nothing
        after the cue (German puts the object before it) points back at the topic."""
        # Only the object itself: not a condition after it ("… if the legal text is not
        # ready"), which may name the topic's own words.
        after = re.split(
            r"[,;.:]|\b(?:if|unless|because|when|after|before|while|once)\b", after[:80]
        )[0]
        if not re.match(r"\s*[a-z]", after):
            return False
        pronoun = re.match(
            r"\s*(?:it|this|that|them|anything|nothing)\b(?!\s+[a-z]+\s+[a-z]+)", after
        )
        return pronoun is None and not self.about_topic(after) and not self.points_back(after)

    def _object_elsewhere(self, before: str) -> bool:
        """Whether the cue stands in a relative clause whose object is the noun before it
        (the lexicon's ``object_relative``) and that noun is not the topic, nor a word for
        the news ("the groups which Turkey considers …")."""
        head = self._relative_head("object_relative", before)
        if head is None:
            return False
        news = self.lex.words.get("news_nouns", frozenset())
        return not (head in stopwords(self.lex.language) or head in news or self.about_topic(head))

    def _relative_head(self, key: str, before: str) -> str | None:
        """The noun a relative clause the cue stands in turns on (group ``head`` of the
        lexicon's pattern ``key``), or None when the cue stands in no such clause."""
        relative = self.lex.patterns.get(key)
        found = relative.search(before) if relative is not None else None
        return found.group("head") if found is not None else None

    def _in_possessive_aside(self, whole: str, norm: str, hit: CueHit) -> bool:
        """Whether the cue stands in a clause set off by commas and opened by "whose"
        ("Slovakia, whose prime minister …, has not objected"; ``possessive_aside``)."""
        aside = self.lex.patterns.get("possessive_aside")
        if aside is None:
            return False
        at = whole.find(norm) + hit.start
        return any(f.start() <= at < f.end() for f in aside.finditer(whole))

    def _owned_by_a_thing(self, before: str) -> bool:
        """Whether the cue stands in a "whose …" clause whose noun is a thing (the lexicon's
        ``possessive_relative``): not a body that acts (``actor_nouns``), not the topic."""
        head = self._relative_head("possessive_relative", before)
        if head is None:
            return False
        return head not in self.lex.words.get("actor_nouns", frozenset()) and not (
            self.about_topic(head)
        )

    def _no_object_inside(self, clause: str, hit: CueHit) -> bool:
        """Whether a German verb split around its object ("stimmte dem Gesetz zu") holds no
        noun between its parts ("Deutschland stimmte ebenfalls zu."): the cue stands on its
        own, about what its paragraph is about, as "remains opposed." does in English."""
        parts = clause[hit.start : hit.end].split()
        return len(parts) > 1 and not any(w[:1].isupper() for w in parts[1:-1])

    def framed_elsewhere(self, text: str) -> bool:
        """Whether what is sent is sent as part of something the text names that is not
        the topic (the lexicon's ``frame``: "as part of a possible international force to
        monitor a future ceasefire"): none of the topic's own nouns up to the clause's end."""
        frame = self.lex.patterns.get("frame")
        found = frame.search(text) if frame is not None else None
        if found is None or self.topic is None:
            return False
        named = words(re.split(r"[,;.:]", text[found.end() :], maxsplit=1)[0])
        wanted = self.frame_stems.get(self.topic, set())
        return bool(named) and not any(self.topic_word(w, wanted) for w in named)

    def done_there(self, text: str) -> bool:
        """Whether the text puts what it says in the topic's place, after a word of being
        there ("should take place in Ukraine", "on Ukrainian soil"), and not instead of
        somewhere else ("outside Ukraine", "in Poland rather than in Ukraine")."""
        if self.lex.alternative.search(text):
            return False
        leads = self._lexicon_words("there_leads")
        folded = fold(text)
        for place in self.places:
            for found in re.finditer(re.escape(fold(place)[:6]), folded):
                if any(w in leads for w in folded[: found.start()].split()[-2:]):
                    return True
        return False

    def _reaction_object(self, rest: str) -> str | None:
        """What the cue takes as its object (the first word after it, past its articles),
        when that is others' reaction to the news: a boycott, criticism, a veto."""
        skip = self._lexicon_words("determiners")
        for w in words(rest)[:3]:
            if w not in skip:
                return w if w in self._lexicon_words("reaction_nouns") else None
        return None

    def _lexicon_words(self, key: str) -> frozenset[str]:
        """A word list of the lexicon, folded as ``words`` reads text."""
        return _folded(self.lex.words.get(key, frozenset()))

    def about_topic(self, text: str) -> bool:
        """Whether the text names what the topic is about (its nouns, not its place)."""
        if self.topic is None:
            return False
        wanted = self.object_stems[self.topic] - self._actor_stems()
        return any(self.topic_word(w, wanted) for w in words(text))

    def _actor_stems(self) -> frozenset[str]:
        """The stems of the names of actors the article meets that the table lacks (a
        platform, a candidate: "TikTok", "Georgescu"), unless the story's title names
        them: a keyword read from the articles for being said often, but a stance on
        that actor ("proceedings against TikTok", "endorsed Georgescu") is none on the
        topic."""
        m = self.mentions
        # The name sets only grow: their sizes say whether any name came since.
        key = m.names_met()
        if self._actor_stems_of[0] != key:
            names = (
                *m.new_names.values(),
                *m.person_names,
                *m.organisation_names,
                *m.proper_names,
                *m.unknown_names(),
            )
            own = {stem(w) for w in self.name_words}
            found = frozenset(stem(w) for n in names for w in words(n)) - own
            self._actor_stems_of = (key, found)
        return self._actor_stems_of[1]

    def judge(self, hit: CueHit, norm: str, clause: str) -> tuple[str | None, float]:
        """The stance a cue signals here: flipped by a negation before it, and none at all
        for support of some other body's plan ("instead supports expanding EUMAM") or for
        sending something other than what the topic is about."""
        stance, weight = hit.stance, hit.weight
        if self._names_the_topic(norm, hit):
            return None, 0.0  # "sanctions against Russia" in a story of that name
        # The verbs of the topic's action: the lexicon's for a language that has them
        # (German), else the story's own (seeded, English).
        verbs = self.lex.patterns.get("send_verb") or (
            self.verb_patterns.get(self.topic) if self.topic else None
        )
        act = self.lex.patterns.get("act_verb")
        if (
            verbs is None
            and act is not None
            and act.search(norm[hit.start : hit.end])
            and not (self.topic and self.verb_patterns.get(self.topic))
        ):
            # A topic with no verbs of its own (a story started from its articles: a law,
            # a deal) is not about taking part: "would put a burden on farmers" is no
            # readiness to send anything.
            return None, 0.0
        if (
            verbs is not None
            and verbs.search(norm[hit.start : hit.end])
            and not self.about_topic(norm[hit.start : hit.end + 60])
            and not self.points_back(norm[hit.end :])  # "ready to send them"
        ):
            return None, 0.0
        if (
            verbs is not None
            and verbs.search(norm[hit.start : hit.end])
            and (
                # "will deploy 200 soldiers to Lithuania": not the topic's place; "… as part
                # of a force to monitor a ceasefire": not the topic's mission
                self.sent_elsewhere(clause[hit.start : hit.end + 80])
                or self.framed_elsewhere(norm[hit.end : hit.end + 160])
            )
        ):
            return None, 0.0
        if self._weak_object(norm, hit):
            return None, 0.0  # "would not accept a weak treaty": what it should be, no side
        if hit.name == "approves" and not self._approves_the_topic(norm[hit.end :]):
            return None, 0.0  # "approved a budget of 409 million euros for the mission's costs"
        if self._object_elsewhere(norm[: hit.start]):
            return None, 0.0  # "groups which Turkey considers terrorist": about the groups
        if self._owned_by_a_thing(norm[: hit.start]):
            return None, 0.0  # "the Falklands, whose status was not open to negotiation"
        failed = self.lex.patterns.get("failed_to")
        if failed is not None and failed.search(norm[: hit.start]):
            return None, 0.0  # "governments failed to approve the law": no one's side
        noun = self.lex.patterns.get("noun_before")
        if (
            hit.name == "ready to take part"
            and norm.startswith("plan", hit.start)
            and noun is not None
            and noun.search(norm[: hit.start])
        ):
            return None, 0.0  # "the French plan to send": a plan, not the subject's readiness
        if hit.name in _SPAN_CHECKED and not self.about_topic(norm[hit.start : hit.end]):
            return None, 0.0  # "es werde keine Zölle geben": none of something else
        if hit.name in _PLACE_CHECKED and self.places and not self.done_there(norm[hit.end :]):
            return None, 0.0  # "argues that training should stay outside Ukraine"
        if hit.name == "not ruled out" and self._open_to_something_else(norm[hit.end :]):
            return None, 0.0  # "would not rule out a short delay to the final sign-off"
        if hit.name in _OBJECT_CHECKED:
            # "supports Ukraine's EU bid", "opposes sanctions", "blocking payments for
            # weapons", "refused to supply missiles": a position on something else. A cue
            # that ends its clause ("remains opposed.") stands on its own.
            # A cue that takes in its object's article ("rejected the", "dismissed the"):
            # the object starts at the article ("dismissed the meeting." points back).
            article = re.search(r"\s(?:the|this|that)$", norm[hit.start : hit.end])
            start = hit.start + article.start() if article else hit.end
            after = norm[start : hit.end + 60]
            before = norm[: hit.start]
            refusal = stance == "opposes"
            if act is not None and (verb := re.match(rf"\s*{act.pattern}", after)):
                # "refused to join it": what the verb of taking part acts on is the object.
                after = after[verb.end() :]
            refused = self.lex.patterns.get("negated_object")
            if stance == "supports" and refused is not None and refused.search(after):
                return None, 0.0  # "welcomed Sweden's decision not to send": not the topic
            passive = self.lex.patterns.get("passive_before")
            adjective = self.lex.patterns.get("adjective_after")
            if (
                passive is not None
                and passive.search(before + norm[hit.start : hit.end])
                and not (adjective is not None and adjective.match(norm, hit.end))
            ):
                # "The deployment … has been rejected by Spain": what is rejected is the
                # clause's subject, before the cue.
                if not self.about_topic(before) and not self.points_back(
                    before, anywhere=True, refusal=refusal
                ):
                    return None, 0.0
            elif (
                re.match(r"\s*[a-z]", after)
                and not self.about_topic(after)
                and not self.points_back(after, refusal=refusal)
            ):
                return None, 0.0
            elif (
                not re.match(r"\s*[a-zäöüß]", after)
                and self.lex.words.get("object_pointers")
                and not self.object_before(norm[: hit.end])
                and not (self.context_on_topic and self._no_object_inside(clause, hit))
            ):
                # A language that puts the verb last (German) names the object before the
                # cue: "Belgien werde die Ukraine weiter mit Waffen unterstützen" supports
                # something else, unless the topic or a word pointing back at it is there.
                return None, 0.0
        cue = words(norm[hit.start : hit.end])[:1]
        following = words(norm[hit.end : hit.end + 50])[:4]
        if (
            stance == "supports"
            and cue
            and cue[0] in self._lexicon_words("welcoming")
            and any(w in self._lexicon_words("personnel") for w in following)
            and not any(w in self._lexicon_words("proposal_words") for w in following)
        ):
            # "welcomed the first German soldiers": a host greeting troops who came, no
            # position on sending its own.
            return None, 0.0
        warned = self.lex.patterns.get("warned")
        if (
            warned is not None
            and norm.startswith("against", hit.start)
            and warned.search(norm[: hit.start])
        ):
            return None, 0.0  # "warned France against sending": nobody's position
        if stance == "opposes" and self.lex.dropped.search(norm[: hit.start]):
            return None, 0.0  # "lifted its veto": the opposition is over, not stated
        negated = self.lex.negation_before.search(norm[: hit.start]) is not None
        if not negated and hit.name in _NEGATABLE:
            # A language that negates after the verb, or between a separable verb's parts
            # (German: "unterstützt das Abkommen nicht", "lehnt es nicht ab").
            trailing = self.lex.patterns.get("negation_after")
            between = self.lex.patterns.get("negation_inside")
            negated = bool(trailing and trailing.match(norm[hit.end :])) or bool(
                between and between.search(norm[hit.start : hit.end])
            )
        if hit.name == "does the undoing" and not self.undoing:
            return None, 0.0  # "stopped", "lifted": the topic's action only if it undoes
        if stance == "supports" and hit.name in _NEGATABLE and self._not_yet(norm, hit):
            # "has not yet signed", "has yet to sign": no side so far.
            return "undecided", weight - W.doubt.negated_support
        if hit.name in ("supports", "approves", "opposes", "does the undoing") and negated:
            if stance == "supports":
                return "opposes", weight - W.doubt.negated_support
            return "undecided", weight - W.doubt.negated_opposition
        if negated and hit.name in (
            "votes in favour",
            "votes against",
            "vetoes",
            "abstains",
            "refuses",
        ):
            # "did not vote yes": it abstained or voted no, unclear which; "did not block
            # the decision", "lehnt es nicht ab": it let it pass, for or against it;
            # "enthielt sich nicht": it voted, one way or the other.
            return None, 0.0
        if hit.name == "considering" and negated:
            return "opposes", weight - W.doubt.negated_considering  # "not something we…"
        if stance == "supports" and hit.name == "supports":
            # Only up to the next comma: ", Latvian diplomats said" is who reports it; nor
            # what the subject goes on to say ("welcomed her re-election and said Kyiv …").
            tail = re.split(r",|\band said\b", clause[hit.end : hit.end + 80])[0]
            others = [
                m
                for m in self.resolver.find(tail)
                if m.key
                and not self.mentions.modifier(tail, m.start, m)
                and not self.names_a_person(tail, m)
                # "… use the missiles against targets inside Russia": a place
                and (tail[: m.start].split() or [""])[-1].casefold() not in self.lex.words["place"]
                # "welcomed the US decision": whose news it is, not whom it backs
                and _owned_noun(tail[m.end :]) not in self.lex.words.get("news_nouns", frozenset())
            ]
            if self.lex.alternative.search(norm) or others:
                return None, 0.0
        return stance, weight

    def own_words(self, actor: str, sentence: str, index: int, paragraph: int) -> None:
        """A quote by the actor's own spokesperson that states no position of its own,
        right after a sentence that does ("Austria supported the law. "…," Gewessler
        told reporters."): the two together back the reading, in the speaker's words."""
        state = self.states.get(actor)
        if state is None or not state.readings:
            return
        last = state.readings[-1]
        if last.index == index or last.index != index - 1 or last.paragraph != paragraph:
            return  # the quote holds a reading of its own, or follows no plain statement
        if self.lex.speech.search(normalise(last.sentence)) or '"' in normalise(last.sentence):
            return  # already someone's words: a second quote adds nothing to choose
        for r in state.readings:
            if r.index == last.index:
                r.sentence, r.quoted = f"{r.sentence} {sentence}", True

    def state(self, actor: str) -> _ActorState:
        return self.states.setdefault(actor, _ActorState())

    def add_reading(
        self,
        actor: str,
        stance: str,
        confidence: float,
        sentence: str,
        index: int,
        *,
        quoted: bool,
        doubted: bool = False,
    ) -> None:
        if confidence <= W.doubt.floor:
            return
        self.state(actor).readings.append(
            _Reading(actor, stance, confidence, sentence, index, quoted, self.paragraph, doubted)
        )

    # ------------------------------------------------------------------ statements
    def record_statements(
        self,
        sentence: str,
        quotes: list[tuple[int, int, str]],
        person: str | None,
        actor: str | None,
        matches: list[ActorMatch],
    ) -> None:
        actor_name = self.mentions.name(actor) if actor else None
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
                if m.key and self.mentions.table_actor(m.key):
                    speaker, speaks_for = m.name, self.mentions.table_actor(m.key)
                    break
        if speaker is None and speaks_for is None:
            return
        found = re.search(r"\b(?:that|:)\s+(.+)$", sentence)
        text = found.group(1) if found else sentence
        self.statements.append(
            Statement(
                "reported",
                speaker,
                self.mentions.name(speaks_for) if speaks_for else None,
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
        new = self.mentions.is_new(actor)
        if (
            not state.readings
            or self.topic is None
            or (actor not in self.mentions.records and not new)
        ):
            return None
        scores: dict[str, float] = {}
        for r in state.readings:
            scores[r.stance] = scores.get(r.stance, 0.0) + r.confidence
        stance = max(scores, key=lambda s: scores[s])
        agreeing = [r for r in state.readings if r.stance == stance]
        # Mixed and undecided take no side either way: one against the other is less of a
        # contradiction than for against against ("abstained", "backed parts of it").
        against = sum(
            v * (W.proposal.neighbour_share if {s, stance} <= _NO_SIDE else 1.0)
            for s, v in scores.items()
            if s != stance
        )
        # The clearest sentence backs it: a body sentence over the headline, a quote over
        # a paraphrase, the earlier over the later.
        name = self.mentions.name(actor)
        best = max(
            agreeing,
            key=lambda r: (
                r.confidence
                - (W.proposal.headline_only if r.index == 0 else 0.0)
                + (W.proposal.opens_with_actor if _opens_with(r.sentence, name) else 0.0),
                r.quoted,
                -r.index,
            ),
        )
        # A headline sums up its body in shorthand, without the body's doubts ("Denmark
        # weighs role" over "…, according to two officials"): when every body sentence
        # doubts it, they say how sure it is, and the headline only agrees.
        body = [r for r in agreeing if r.index > 0]
        doubted = bool(body) and all(r.doubted for r in body)
        confidence = max(r.confidence for r in (body if doubted else agreeing))
        confidence += W.proposal.agreeing_bonus * (len(agreeing) - 1)
        if against:
            confidence -= W.proposal.disagreement * against / scores[stance]
        if all(r.doubted for r in agreeing):
            # Hedged, second hand or on a condition in every sentence: for review, however
            # many say so or however strong the cue.
            confidence = min(confidence, W.proposal.doubted_highest)
        confidence = max(W.proposal.lowest, min(W.proposal.highest, confidence))
        row = self.rows.get((actor, self.topic))
        quotes = {e.quote for e in row.evidence} if row else set()
        if row is not None and row.stance == stance and best.sentence in quotes:
            return None  # nothing new: the table already holds this, with this very quote
        a = self.article
        if new:
            confidence = max(W.proposal.lowest, confidence - W.proposal.new_actor)
        return StanceProposal(
            actor_key=re.sub(r"[^a-z0-9]+", "-", self.mentions.name(actor).casefold()).strip("-")
            if new
            else actor,
            actor=self.mentions.name(actor),
            topic=self.topic,
            stance=stance,
            summary=self.summary(best, agreeing, state),
            evidence=ProposalEvidence(best.sentence, a.source, a.published, a.url),
            confidence=round(confidence, 2),
            current=row.stance if row else None,
            new_actor=new,
            new_kind=self.mentions.new_kind(actor),
            aliases=self.mentions.aliases(actor) if new else (),
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


# Cues whose object must be the topic for them to state a position on it.
_OBJECT_CHECKED = frozenset(
    {
        "supports",
        "approves",
        "opposes",
        "vetoes",
        "will not accept",
        "criticises",
        "refuses",
        "turned down",
        "distances itself",
        "condemns",
        "calls for withdrawal",
        "does the undoing",
        "keeps its no",
        "keeps its yes",
    }
)


# What stands before and between the names of a list a clause opens with.
_OPENING_GAP = re.compile(r"^\W*(?:(?:the|die|der|das|auch|also)\s+)?$", re.I)
_LIST_GAP = re.compile(r"^[\s,;]*(?:(?:and|or|und|oder|sowie|the|die|der|das)\s+)*$", re.I)


# Cues a negation after them (in a language that puts it there) turns round or voids.
_NEGATABLE = frozenset(
    {
        "supports",
        "approves",
        "opposes",
        "refuses",
        "abstains",
        "votes in favour",
        "votes against",
        "vetoes",
        "considering",  # "Wir erwägen das nicht": not considering it is a no
    }
)

# The stances that take no side: readings of one against the other are neighbours.
_NO_SIDE = frozenset({"mixed", "undecided"})


def _opens_with(sentence: str, name: str) -> bool:
    """Whether the sentence opens with the actor's name ("The United States agreed …")."""
    return re.match(rf"\W*(?:the\s+)?{re.escape(name)}\b", sentence, re.I) is not None


def _owned_noun(rest: str) -> str:
    """The noun right after a name, past its possessive ("'s decision", " move"), as
    written."""
    found = re.match(r"(?:['’]s)?\s+([\w-]+)", rest)
    return found.group(1) if found else ""


def _second_word(text: str) -> str:
    """The second word as written, hyphens kept ("her re-election": "re-election")."""
    found = re.match(r"\s*\w+\s+([\w-]+)", text)
    return found.group(1) if found else ""


def _asks(sentence: str) -> bool:
    """Whether a sentence is a question ("Will Sweden join?")."""
    return sentence.rstrip(" \"'”“»«").endswith("?")


@lru_cache(maxsize=64)
def _folded(listed: frozenset[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in listed)


# Cues that hold their object inside them: it must be the topic.
_SPAN_CHECKED = frozenset({"there will be none", "argues it should"})

# Cues of what should happen: it must happen where the topic is done ("should take place
# in Ukraine"), or it is a view on where else to do it.
_PLACE_CHECKED = frozenset({"argues it should"})

# Per resolver (one per table; an ingest batch keeps it), the topics' object stems: working
# them out asks the resolver about every keyword, a cost not worth paying per article.
_OBJECT_STEMS: weakref.WeakKeyDictionary[ActorResolver, dict[tuple[Any, ...], Any]] = (
    weakref.WeakKeyDictionary()
)


def _names_actor(resolver: ActorResolver, word: str) -> bool:
    found = resolver.resolve(word)
    return found is not None and found.score >= 100 and len(word) > 3


def _head(name: str, determiners: frozenset[str]) -> list[str]:
    """A topic name's words before an "and" (or "und") that opens a second noun phrase,
    one of the ``determiners`` after it ("… peace mission and the boycott of …"), not one
    that joins two words of the first ("Russian and Belarusian athletes")."""
    ws = words(name)
    for i, w in enumerate(ws[:-1]):
        if w in _AND and ws[i + 1] in determiners:
            return ws[:i]
    return ws


_AND = frozenset({"and", "und"})


def _object_stems(table: StanceTable, resolver: ActorResolver) -> dict[str, set[str]]:
    signature = ("objects", *((t.key, tuple(t.keywords)) for t in table.topics))
    cached = _OBJECT_STEMS.setdefault(resolver, {})
    if signature not in cached:
        cached[signature] = {
            t.key: {
                stem(w)
                for kw in t.keywords
                for w in words(kw)
                if stem(w) not in {stem(v) for v in t.verbs} and not _names_actor(resolver, w)
            }
            for t in table.topics
        }
    result: dict[str, set[str]] = cached[signature]
    return result


def _topic_places(table: StanceTable, resolver: ActorResolver) -> dict[str, frozenset[str]]:
    """Each topic's places: the actors its keywords name, for a topic with verbs of its own
    (what is done, and where: "send", "Ukraine"). A topic started from its articles has
    none: the place it names may be its very subject."""
    signature = ("places", *((t.key, tuple(t.keywords), bool(t.verbs)) for t in table.topics))
    cached = _OBJECT_STEMS.setdefault(resolver, {})
    if signature not in cached:
        found: dict[str, frozenset[str]] = {}
        for t in table.topics:
            names = set()
            for kw in t.keywords if t.verbs else ():
                match = resolver.resolve(kw)
                if match is not None and match.score >= 100 and len(kw) > 3:
                    names.add(match.name)
            found[t.key] = frozenset(names)
        cached[signature] = found
    result: dict[str, frozenset[str]] = cached[signature]
    return result


def _topic_stems(table: StanceTable, resolver: ActorResolver) -> dict[str, set[str]]:
    """Each topic's keyword stems, leaving out the ones that name an actor or a place
    when the topic has verbs of its own: those say what is done there, and a text naming
    only the place is about something else. A topic started from its articles has no
    verbs yet, and the place it names may be its very subject ("strikes into Russia")."""
    signature = ("topic", *((t.key, tuple(t.keywords), bool(t.verbs)) for t in table.topics))
    cached = _OBJECT_STEMS.setdefault(resolver, {})
    if signature not in cached:
        cached[signature] = {
            t.key: {
                stem(w)
                for kw in t.keywords
                for w in words(kw)
                if not (t.verbs and _names_actor(resolver, w))
            }
            for t in table.topics
        }
    result: dict[str, set[str]] = cached[signature]
    return result


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
    items = ItemReader(table, resolver).read(article, paragraphs, reader.mentions.find)
    return Extraction(
        article=article,
        actors=reader.mentions.mentioned(),
        statements=reader.statements,
        stances=reader.stance_proposals(),
        items=items,
    )
