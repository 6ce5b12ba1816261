"""Reading a question into the independent signals an answer is chosen by.

The actors it names (``ActorResolver``, plus the table's own short names), words asking
for a list ("who", "which"), a stance ("against", "won't join"), a fact ("invited"), a
tracked item ("revision") — and the words left over, sorted into those the sources use
and those they never do. A question whose subject the sources never mention gets "no
record", not the nearest position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from digests.actors import ActorMatch, ActorResolver
from digests.answer_lexicon import (
    AGREE_WORDS,
    CHANGE_PHRASES,
    CHANGE_WORDS,
    COMPARE_WORDS,
    COUNT_PHRASES,
    COUNT_WORDS,
    DEMONYM_PLACE_WORDS,
    DIFFER_WORDS,
    FACT_DENIAL_PHRASES,
    OUT_OF_SCOPE_WORDS,
    REASON_PHRASES,
    REASON_WORDS,
    SINCE_WHEN_PHRASES,
    SUBJECT_BREAKS,
    SUBJECT_MARKERS,
    SUBJECT_OPENERS,
    TARGET_PLACE_WORDS,
    PhraseKinds,
    Phrases,
)
from digests.lexicon import (
    ACCEPT_WORDS,
    COUNTRY_WORDS,
    DEADLINE_WORDS,
    DECLINE_WORDS,
    EXCLUDING_WORDS,
    GENERIC_WORDS,
    GERMAN_GLOSSARY,
    ITEM_WORDS,
    LIST_WORDS,
    NEGATIONS,
    OVERVIEW_WORDS,
    POSITION_WORDS,
    REPLY_WORDS,
    TIME_PHRASES,
    TIME_PREFIXES,
    TIME_WORDS,
    TOPIC_MARKERS,
    UPCOMING_WORDS,
    YES_NO_OPENERS,
)
from digests.model import ActorRecord, FactKind, StanceTable
from digests.search import RowSearch
from digests.stance_signals import (
    is_stance_word,
    keys_of,
    lexicon_key,
    negated_before,
    read_signals,
    resolve_stances,
)
from digests.text import (
    STOPWORDS,
    fold,
    language_of,
    stem,
    stems,
    stems_in_every_language,
    words,
)
from digests.text.corpus import Corpus, all_words
from digests.text.fuzzy import any_within
from digests.text.memo import Kept

_FLAG = re.compile("[\U0001f1e6-\U0001f1ff]{2}")
# "UK", "U.S.", "eu": two or three letters standing alone, dots allowed between them.
_SHORT_TOKEN = re.compile(r"(?<![\w.])[^\W\d_](?:\.?[^\W\d_]){1,2}\.?(?![\w])")

# Words that say how a question asks, or when, never what about: left over once the
# actors, stance and fact are read, they make no subject.
_NO_SUBJECT = frozenset().union(
    STOPWORDS,
    GENERIC_WORDS,
    LIST_WORDS,
    POSITION_WORDS,
    ITEM_WORDS,
    UPCOMING_WORDS,
    OVERVIEW_WORDS,
    COUNTRY_WORDS,
    EXCLUDING_WORDS,
    NEGATIONS,
    YES_NO_OPENERS,
    DEADLINE_WORDS,
    TIME_WORDS,
    COMPARE_WORDS,
    CHANGE_WORDS,
    COUNT_WORDS,
)
# A capitalised word among these is a sentence opener or a German noun, not a name.
_NOT_NAMES = _NO_SUBJECT | TIME_PREFIXES
_TIME_PHRASES = [tuple(words(p)) for p in TIME_PHRASES]
# By first word: a question's word is compared only with the phrases it can start.
_TIME_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in _TIME_PHRASES:
    if _phrase:
        _TIME_PHRASES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
# What a question asks for beyond a position, read in one pass.
_ASKS = PhraseKinds(
    changes=CHANGE_PHRASES, reasons=REASON_PHRASES, since=SINCE_WHEN_PHRASES, count=COUNT_PHRASES
)


@dataclass
class Question:
    raw: str
    actors: list[ActorMatch]
    actor_at: list[int]  # for each actor: the index in ``rest`` where its name stood
    rest: list[str]  # folded words outside actor names
    rest_stems: list[str]
    topic_stems: list[str]  # the same, less those placing the question in time
    wants_list: bool
    stances: set[str]
    fact: FactKind | None
    fact_negated: bool
    fact_reply: bool  # asks how the actor answered the fact ("accept the invitation")
    yes_no: bool
    about_items: bool
    wants_upcoming: bool
    wants_overview: bool
    countries_only: bool
    known: list[str]  # content words the sources use (stems)
    known_words: list[str]  # the same, as typed
    foreign: list[str]  # content words the sources never use (as typed)
    foreign_topic: list[str]  # those after "on", "about" or a stance word: the asked subject
    signal_spans: list[tuple[int, int]]
    # Indexes in ``rest`` of the words that say what the question is about (fact words
    # included), and of those naming the asked subject (after "on", a stance word).
    content_at: list[int]
    subject_at: list[int]
    # Index in ``rest`` of the first topic marker ("on"), position word or stance phrase:
    # what follows is the subject asked about.
    subject_start: int | None
    strangers: list[str]  # capitalised names that are no actor ("Atlantis")
    corrections: list[tuple[str, str]]  # typed name → actor read for it
    # Capitalised names that are no actor but the sources use ("Ruth Brand", named in an
    # article without a position of her own)
    named: list[str] = field(default_factory=list)
    # What kind of answer beyond a position the question asks for.
    text: str = ""  # the question as read (German glossed): where ``actors`` stand
    all_words: list[str] = field(default_factory=list)  # every folded word, actors included
    wants_changes: bool = False  # "what changed?", "what's new since Monday?"
    wants_reasons: bool = False  # "why?", "what are Madrid's reasons?"
    since_when: bool = False  # "since when?"
    compare: str | None = None  # "agree" ("are they aligned?"), "differ" or "compare"
    wants_count: bool = False  # "how many …"
    out_of_scope: list[str] = field(default_factory=list)  # "population", "governs"
    role_candidates: list[str] = field(default_factory=list)  # "the president": who may be meant

    def copied(self) -> Question:
        """A shallow copy (``copy.copy`` goes through the pickle protocol, ten times
        slower for a reading this size)."""
        twin = object.__new__(Question)
        twin.__dict__.update(self.__dict__)
        return twin

    def off_topic(self, *, named: bool = False) -> bool:
        """Words the sources never use, and none they do: a question about something else.

        With actors named, only the asked subject counts ("Germany's position on
        nuclear energy"); other words ("compare", "respond") are not a subject."""
        foreign = self.foreign_topic if named else self.foreign
        if not foreign or self.fact is not None:
            return False
        # Asked of an actor, a subject mostly of words the sources never use is another
        # one, though one of its words is theirs ("Belgium's position on extending the
        # life of its nuclear reactors" in a story about extending a loan).
        return not self.known or (named and len(foreign) > 2 * len(self.known))


def flags_to_codes(text: str) -> str:
    """🇩🇪 → " DE ": a flag names its country by the ISO code its two symbols spell."""
    return _FLAG.sub(
        lambda m: " " + "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in m.group()) + " ", text
    )


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


# Texts whose actors a reader keeps: the readings of the question being answered (see
# ActorResolver's scans), too few to stand in for answering others.
_FOUND_KEPT = 4

_GLOSS_WORD = re.compile(r"[^\W\d_]+")


def _glossed(question: str, glossary: dict[str, str]) -> str:
    """The question with German content words in the English the sources use
    ("EU-Diplomaten" → "EU-diplomats"), so actors and topics read alike in both."""
    return _GLOSS_WORD.sub(lambda m: glossary.get(fold(m.group()), m.group()), question)


def _is_vocabulary(word: str) -> bool:
    return word in _NOT_NAMES or is_stance_word(word)


def _subject_start(rest: list[str], in_signal: set[int], timed: set[int]) -> int | None:
    return next(
        (
            i
            for i, w in enumerate(rest)
            if i in in_signal or (i not in timed and (w in TOPIC_MARKERS or w in POSITION_WORDS))
        ),
        None,
    )


def _timed(rest: list[str]) -> set[int]:
    """Indexes of the words that place the question in time: "as of June", "in 2024",
    "at the end of May", "still"."""
    timed = {i for i, w in enumerate(rest) if w in TIME_WORDS or w.isdigit()}
    for i, w in enumerate(rest):
        for phrase in _TIME_PHRASES_BY_FIRST.get(w, ()):
            if tuple(rest[i : i + len(phrase)]) == phrase:
                timed.update(range(i, i + len(phrase)))
    for i, w in enumerate(rest):
        if w in TIME_PREFIXES:
            # "end of the month": function words may stand between it and the time word.
            j = i + 1
            while j < min(len(rest), i + 3) and rest[j] in STOPWORDS and j not in timed:
                j += 1
            if j < len(rest) and j in timed:
                timed.update(range(i, j))
    return timed


def _demonym_place(question: str, m: ActorMatch) -> bool:
    before = question[: m.start].split()[-1:]
    return (
        fold(m.text) != fold(m.name)
        and bool(before)
        and before[0].casefold() in DEMONYM_PLACE_WORDS
        and re.match(r"\s+[a-zäöüß]", question[m.end :]) is not None
    )


_ARTICLES = frozenset("the die der den dem das".split())


def _without_places(question: str, actors: list[ActorMatch]) -> list[ActorMatch]:
    """The actors asked about, less a name after an earlier one that the subject places
    something in ("strikes into Russia", "troops in Ukraine"): part of the subject; and
    less who does what the subject is about ("Croatia's position on Romania and Bulgaria
    joining", "Who is against Romania and Bulgaria joining?")."""
    # "training on Ukrainian soil": a demonym after a word of place, before a noun, places
    # the subject; no actor is asked about (even alone).
    actors = [m for m in actors if not _demonym_place(question, m)]
    doers = _gerund_subjects(question, actors)
    actors = [m for m in actors if m not in doers]
    if len(actors) < 2:
        return actors
    kept = actors[:1]
    comparing = not COMPARE_WORDS.isdisjoint(words(question))
    for m in actors[1:]:
        if not comparing and _inside_the_subject(question[kept[-1].end : m.start]):
            continue
        before = question[: m.start].split()[-1:]
        # Past an article: "für die Ukraine", "for the Kurds".
        leading = [w for w in question[: m.start].split()[-2:] if w.casefold() not in _ARTICLES]
        if leading[-1:] and leading[-1].casefold() in TARGET_PLACE_WORDS:
            continue
        if (
            before
            and before[0].casefold() in SUBJECT_MARKERS
            and re.match(r"['’]s\b", question[m.end :])
        ):
            continue  # "Spain's position on Ukraine's strikes": whose strikes, not who asks
        kept.append(m)
    return kept


def _inside_the_subject(gap: str) -> bool:
    """Whether a name after ``gap`` (the text since the last actor asked about) stands
    inside the subject that actor is asked about: a subject opener ("on", "about") and,
    after it, no list or clause that could bring in a second actor ("…, and Italy's?")."""
    if re.search(r"[,;:?!()]", gap):
        return False
    ws = words(gap)
    opener = next((i for i, w in enumerate(ws) if w in SUBJECT_OPENERS), None)
    return opener is not None and SUBJECT_BREAKS.isdisjoint(ws[opener:])


_LIST_GAP = re.compile(r"\s*(?:,|,?\s*(?:and|or|und|oder))\s*")
_GERUND = re.compile(r"\s+[a-z]+ing\b")


def _gerund_subjects(question: str, actors: list[ActorMatch]) -> list[ActorMatch]:
    """The names that open a gerund clause of the asked subject, after "on", "about" …
    ("on Romania and Bulgaria joining Schengen"): those who do what the subject is about,
    not actors asked about."""
    out: list[ActorMatch] = []
    run: list[ActorMatch] = []
    for n, m in enumerate(actors):
        if not run or not _LIST_GAP.fullmatch(question[run[-1].end : m.start]):
            run = []
        run.append(m)
        following = actors[n + 1] if n + 1 < len(actors) else None
        if following is not None and _LIST_GAP.fullmatch(question[m.end : following.start]):
            continue  # the run goes on
        before = question[: run[0].start].split()[-1:]
        if before and before[0].casefold() in SUBJECT_MARKERS and _GERUND.match(question[m.end :]):
            out += run
    return out


def _gerund_spans(question: str, doers: list[ActorMatch]) -> list[tuple[int, int]]:
    """Where the gerund after each of the doers stands ("joining" in "on Romania and
    Bulgaria joining Schengen")."""
    out = []
    for m in doers:
        found = _GERUND.match(question, m.end)
        if found is not None:
            out.append((found.start(), found.end()))
    return out


def _has_phrase(ws: Sequence[str], phrases: Phrases) -> bool:
    return phrases.found_in(ws)


def _comparing(rest: Sequence[str], n_actors: int) -> str | None:
    """ "agree" when asked whether actors agree, "differ" whether they differ, "compare"
    for a plain comparison; None unless two actors or more (or "they") are named."""
    asked = set(rest)
    if not asked & COMPARE_WORDS or (n_actors < 2 and not asked & {"they", "both", "beide"}):
        return None
    if asked & DIFFER_WORDS:
        return "differ"
    if asked & AGREE_WORDS:
        return "agree"
    return "compare"


def _fact_words(f: FactKind) -> Iterable[str]:
    yield from f.keywords
    yield from words(f.yes)


class QuestionReader:
    """Built once per version of the table: knows its actors, facts and vocabulary."""

    def __init__(
        self,
        table: StanceTable,
        resolver: ActorResolver,
        *,
        vocabulary: Sequence[str],
        topic_vocab: Iterable[frozenset[str]],
        row_texts: Corpus | None = None,
    ) -> None:
        """``row_texts``: the words of the rows' summaries, quotes and notes, if read
        already (the row search reads them)."""
        self.facts = list(table.facts)
        self.resolver = resolver
        # General German, then each topic's own words (the story's data).
        self.glossary = dict(GERMAN_GLOSSARY)
        for topic in table.topics:
            self.glossary.update((fold(k), v) for k, v in topic.glossary)
        # Fact keywords are the story's, in any language: keyed under every stemmer.
        self.fact_keys = {
            f.key: frozenset(lexicon_key(w, lang) for w in _fact_words(f) for lang in ("en", "de"))
            for f in table.facts
        }
        # What the sources talk about at all: a question about anything else gets "no record".
        if row_texts is None:
            row_texts = RowSearch(table.stances).texts
        known_words = row_texts.vocabulary.union(
            all_words(
                [
                    *vocabulary,
                    *(t.name for t in table.topics),
                    *(k for t in table.topics for k in t.keywords),
                    *(f.label for f in table.facts),
                    *(a.description or "" for a in table.actors),
                    *(f"{i.name} {i.description or ''} {' '.join(i.aliases)}" for i in table.items),
                ]
            )
        )
        # Indexed under every language's stemmer: a question is stemmed in its own.
        self.known_stems: frozenset[str] = frozenset(
            s for w in known_words for s in stems_in_every_language(w)
        ).union(*topic_vocab)
        self._known_long = sorted(w for w in known_words if len(w) >= 5 and w.isalpha())
        self._known_by_initial: dict[str, list[str]] = {}
        for w in self._known_long:
            self._known_by_initial.setdefault(w[0], []).append(w)
        self._known_words = frozenset(known_words)
        # The words of the topics' names and keywords, stemmed: a story's own subject is
        # in scope even when the word is one no table holds elsewhere ("climate").
        self.topic_word_stems = frozenset(
            stem(w) for t in table.topics for k in (t.name, *t.keywords) for w in words(k)
        )
        # Short names the table lists itself ("UK", "EU", "USA") also match in lower case
        # ("was the uk invited"); the resolver wants codes in capitals, for "us" and "it".
        self._short_names: dict[str, ActorRecord] = {}
        for actor in table.actors:
            for alias in actor.aliases:
                key = fold(alias).replace(".", "").replace(" ", "")
                if 2 <= len(key) <= 3 and key.isalpha() and key not in STOPWORDS:
                    self._short_names.setdefault(key, actor)

        # People by the role the article gives them ("the French general staff", "the
        # White House's communications man"): the words of their descriptions.
        self._roles = [
            (a, frozenset(stems(a.description)))
            for a in table.actors
            if a.kind == "person" and a.description
        ]
        self._role_words: frozenset[str] = frozenset()
        self._telling: dict[str | None, frozenset[str]] = {}
        if self._roles:  # (a table without people skips reading every row and name)
            self._read_roles(table)
        self._fact_words: dict[tuple[str, str, str], bool] = {}
        self._found: Kept[str, tuple[ActorMatch, ...]] = Kept(_FOUND_KEPT)  # _find_actors

    def _read_roles(self, table: StanceTable) -> None:
        """The words that name a person by their role ("the chancellor")."""
        # The folded words of descriptions that name no country or body ("chancellor",
        # "staff"): a question with none of them names no role, and is skipped at once.
        name_words = {
            w
            for a in table.actors
            if a.kind != "person"
            for n in (a.name, *a.aliases)
            for w in words(n)
        }
        self._role_words = frozenset(
            w
            for a, _ in self._roles
            for w in words(a.description or "")
            if w not in STOPWORDS and w not in name_words
        )
        role_df: dict[str, int] = {}
        for _, vocab in self._roles:
            for s in vocab:
                role_df[s] = role_df.get(s, 0) + 1
        summary_words = all_words(r.summary for r in table.stances).difference(STOPWORDS)
        row_stems = {stem(w) for w in summary_words}
        name_df: dict[str, int] = {}
        for a in table.actors:
            for s in {s for n in (a.name, *a.aliases) for s in stems(n)}:
                name_df[s] = name_df.get(s, 0) + 1
        # One word alone names a person only when no other role, no row and no other
        # actor's name uses it ("chancellor" is Scholz's; "French" names France too).
        self._telling = {
            a.key: frozenset(
                s
                for s in vocab
                if role_df[s] == 1
                and len(s) >= 6
                and s not in row_stems
                and name_df.get(s, 0) <= (1 if s in stems(" ".join((a.name, *a.aliases))) else 0)
            )
            for a, vocab in self._roles
        }

    def knows_all(self, typed: Iterable[str]) -> bool:
        """Whether the sources use every one of these words (in any language's form)."""
        return all(not self.known_stems.isdisjoint(stems_in_every_language(fold(w))) for w in typed)

    def read(self, raw: str) -> Question:
        question = _glossed(raw, self.glossary)
        every = words(question)
        asks = _ASKS.found_in(every)
        actors = self._find_actors(question)
        # (Who a role could mean comes back with the actors, not through the reader's
        # state: readings are kept per table version, and threads read side by side.)
        actors, ambiguous = self._with_roles(question, actors, every)
        strangers = self._strangers(question, actors)
        corrections = self._correct_misspelt_names(question, actors, strangers)
        named = self._named(question, actors, strangers)
        actors.sort(key=lambda m: m.start)
        # "… Romania and Bulgaria joining": the gerund is the subject's, no stance word.
        gerunds = _gerund_spans(question, _gerund_subjects(question, actors))
        named_here = actors
        actors = _without_places(question, actors)
        spans = [(m.start, m.end) for m in actors] + gerunds
        rest_text = _blank_spans(question, spans)
        rest = words(rest_text)
        # The names left in the subject ("the G7 loan to Ukraine") say where it is, not
        # what: they make it neither the sources' subject nor another one.
        placed = {
            len(words(rest_text[: m.start])) + k
            for m in named_here
            if m not in actors
            for k in range(len(words(m.text)))
        }
        lang = language_of(every)
        rest_stems = [stem(w, lang) for w in rest]
        actor_at = [len(words(rest_text[: m.start])) for m in actors]
        signals = read_signals(rest, self._known_words.__contains__, lang)
        in_signal = {j for s in signals for j in range(s.start, s.end)}
        timed = _timed(rest) - in_signal  # "not yet decided" asks for a stance

        fact = None
        fact_at = -1
        for f in self.facts:
            for i, w in enumerate(rest):
                if i not in in_signal and self._is_fact_word(f, w, lang):
                    fact, fact_at = f, i
                    break
            if fact:
                break
        fact_negated = fact is not None and (
            negated_before(rest, fact_at, in_signal) or _has_phrase(rest, FACT_DENIAL_PHRASES)
        )
        stances = resolve_stances(signals, has_fact=fact is not None)
        asked = set(every)
        fact_reply = fact is not None and bool(asked & REPLY_WORDS)
        if fact_reply and not stances:
            # "Who accepted the invitation?" lists who takes part, not who was invited.
            if asked & ACCEPT_WORDS:
                stances = {"supports"}
            elif asked & DECLINE_WORDS:
                stances = {"opposes"}

        known: list[str] = []
        known_words: list[str] = []
        foreign: list[str] = []
        foreign_topic: list[str] = []
        content_at: list[int] = []
        subject_at: list[int] = []
        subject_start = _subject_start(rest, in_signal, timed)
        for i, (w, s) in enumerate(zip(rest, rest_stems, strict=True)):
            if i in in_signal or i in timed or w in _NO_SUBJECT or not w.isalpha() or len(w) < 3:
                continue
            content_at.append(i)
            if i == fact_at or (fact and self._is_fact_word(fact, w, lang)):
                continue
            if subject_start is not None and i >= subject_start:
                subject_at.append(i)
            if i in placed:
                continue
            if s in self.known_stems or self._near_known(w):
                known.append(s)
                known_words.append(w)
            else:
                foreign.append(w)
                if subject_start is not None and i >= subject_start:
                    foreign_topic.append(w)

        # "As of June, does Germany …?": the question proper starts after the time.
        lead = 0
        while lead in timed and not (actor_at and actor_at[0] <= lead):
            lead += 1
        first = (every[lead : lead + 1] or [""])[0]
        # German asks yes/no with the verb first: "Unterstützt Frankreich die Mission?"
        verb_first = bool(signals) and signals[0].start == lead and rest[lead : lead + 1] == [first]
        return Question(
            raw=raw,
            actors=actors,
            actor_at=actor_at,
            rest=rest,
            rest_stems=rest_stems,
            topic_stems=[s for i, s in enumerate(rest_stems) if i not in timed],
            wants_list=any(w in LIST_WORDS for w in rest) or "count" in asks,
            stances=stances,
            fact=fact,
            fact_negated=fact_negated,
            fact_reply=fact_reply,
            yes_no=(first in YES_NO_OPENERS or verb_first) and bool(actors),
            about_items=any(w in ITEM_WORDS for i, w in enumerate(rest) if i not in timed),
            wants_upcoming=any(w in UPCOMING_WORDS for w in rest),
            wants_overview=any(w in OVERVIEW_WORDS for w in rest),
            countries_only=any(w in COUNTRY_WORDS for w in rest),
            known=known,
            known_words=known_words,
            foreign=foreign,
            foreign_topic=foreign_topic,
            signal_spans=[(s.start, s.end) for s in signals],
            content_at=content_at,
            subject_at=subject_at,
            subject_start=subject_start,
            strangers=strangers,
            named=named,
            corrections=corrections,
            text=question,
            all_words=every,
            # Named actors: "has Estonia changed its mind?" asks for its position and
            # history; only "what changed for Estonia?" asks for the change log.
            wants_changes="changes" in asks
            or (
                bool(set(rest) & CHANGE_WORDS)
                and not stances
                and fact is None
                and not actors
                # "Where does Wagenknecht stand on new elections?": about someone
                and not named
                and not strangers
            ),
            wants_reasons="reasons" in asks or not REASON_WORDS.isdisjoint(rest),
            since_when="since" in asks,
            compare=_comparing(rest, len(actors) + sum(len(m.members) for m in actors)),
            wants_count="count" in asks,
            # A word no table holds ("climate") — unless it is the story's own topic word
            # (a court's climate ruling).
            out_of_scope=[
                w for w in rest if w in OUT_OF_SCOPE_WORDS and stem(w) not in self.topic_word_stems
            ],
            role_candidates=ambiguous if not actors else [],
        )

    def _with_roles(
        self, question: str, actors: list[ActorMatch], every: Sequence[str]
    ) -> tuple[list[ActorMatch], list[str]]:
        """Adds the person a role in the question names, in place of the actor they
        speak for when that was named by the same words ("French" in "the French
        general staff"). A role is two words of a description, or one telling word.
        Also returns who the role could mean when it fits several people."""
        if not self._roles or not self._role_words.intersection(every):
            return actors, []
        found = [
            (m.group(), stem(fold(m.group())), m.start(), m.end())
            for m in _GLOSS_WORD.finditer(question)
            if fold(m.group()) not in STOPWORDS
        ]
        best: list[tuple[int, ActorRecord, list[tuple[str, str, int, int]]]] = []
        for person, vocab in self._roles:
            if any(m.key == person.key for m in actors):
                return actors, []
            hit = [f for f in found if f[1] in vocab]
            telling = self._telling[person.key]
            if len({h[1] for h in hit}) >= 2 or any(h[1] in telling for h in hit):
                best.append((len({h[1] for h in hit}), person, hit))
        if not best:
            if not actors:
                # "What did the president say?": one role word several people share.
                for _, s, _, _ in found:
                    people = [p for p, vocab in self._roles if s in vocab]
                    if 2 <= len(people) <= 6 and len(s) >= 5:
                        return actors, [f"{p.name} ({p.description})" for p in people]
            return actors, []
        best.sort(key=lambda b: -b[0])
        if len(best) > 1 and best[1][0] == best[0][0]:
            # Two people fit the role equally ("the president"): name neither, but say who.
            return actors, [f"{p.name} ({p.description})" for n, p, _ in best if n == best[0][0]]
        _, person, hit = best[0]
        start, end = min(h[2] for h in hit), max(h[3] for h in hit)
        kept = []
        for m in actors:
            overlaps = m.start < end and start < m.end
            if m.key == person.speaks_for or overlaps:
                continue
            if m.known:
                return actors, []  # the question names someone else: the words are not a role
            kept.append(m)
        match = ActorMatch(
            key=person.key,
            name=person.name,
            text=question[start:end],
            start=start,
            end=end,
            score=80.0,
            known=True,
            members=person.members,
        )
        return sorted([*kept, match], key=lambda m: m.start), []

    def actors_in(self, text: str) -> list[ActorMatch]:
        """The actors ``text`` names, typos of table names included, in order."""
        actors = self._find_actors(text)
        self._correct_misspelt_names(text, actors, self._strangers(text, actors))
        return sorted(actors, key=lambda m: m.start)

    def _correct_misspelt_names(
        self, question: str, actors: list[ActorMatch], strangers: list[str]
    ) -> list[tuple[str, str]]:
        """ "Swedn": too short for the resolver's guard against English words, but as a
        capitalised name it is a typo of an actor the table knows. Moves such names from
        ``strangers`` to ``actors`` and returns them with the actor read for each."""
        corrections: list[tuple[str, str]] = []
        for name in list(strangers):
            guess = self.resolver.resolve(name)
            start = question.find(name)
            if guess is None or not guess.known or not guess.key or start < 0:
                continue
            if any(m.key == guess.key for m in actors):
                strangers.remove(name)
                continue
            actors.append(replace(guess, text=name, start=start, end=start + len(name)))
            strangers.remove(name)
            corrections.append((name, guess.name))
        return corrections

    def _is_fact_word(self, fact: FactKind, word: str, lang: str = "en") -> bool:
        known = self._fact_words.get((fact.key, word, lang))
        if known is None:
            known = any(k in self.fact_keys[fact.key] for k in keys_of(word, lang))
            if len(self._fact_words) < 65536:  # the words questions use recur
                self._fact_words[(fact.key, word, lang)] = known
        return known

    def _find_actors(self, question: str) -> list[ActorMatch]:
        """The actors ``question`` names; a follow-up's check and its reading ask alike."""
        return list(self._found.get(question, lambda: tuple(self._names_in(question))))

    def _names_in(self, question: str) -> list[ActorMatch]:
        actors = self.resolver.find(question)
        if not self._short_names:
            return actors
        taken = [(m.start, m.end) for m in actors]
        for found in _SHORT_TOKEN.finditer(question):
            actor = self._short_names.get(fold(found.group()).replace(".", ""))
            if actor is None or any(a < found.end() and found.start() < b for a, b in taken):
                continue
            if any(m.key == actor.key for m in actors):
                continue
            actors.append(
                ActorMatch(
                    key=actor.key,
                    name=actor.name,
                    text=found.group(),
                    start=found.start(),
                    end=found.end(),
                    score=90.0,
                    known=True,
                    members=actor.members,
                )
            )
        return sorted(actors, key=lambda m: m.start)

    def _strangers(self, question: str, actors: list[ActorMatch]) -> list[str]:
        """Capitalised names that are no actor — minus words that only look like names
        (German nouns, sentence openers: "Welche Fristen", "Position")."""
        # "Wie steht Frankreich zu den Ausbildern?": in German a lone capitalised word
        # beside a known actor is a noun; "Ruritanien" asked alone is still a stranger.
        german = language_of(words(question)) == "de"
        out = []
        for found in self.resolver.unmatched_names(question):
            name = self._without_leading_vocabulary(found)
            ws = words(name)
            if not ws or (german and actors and len(ws) == 1):
                continue
            if any(not _is_vocabulary(w) and stem(w) not in self.known_stems for w in ws):
                out.append(name)
        return out

    def _named(self, question: str, actors: list[ActorMatch], strangers: list[str]) -> list[str]:
        """Names that are no actor and no stranger: people or parties the sources name
        ("Ruth Brand", "the Left Party"; one word alone after the opening: "And
        Lindner?"), whom a search of the rows must find by name. Not in German, which
        capitalises its nouns ("zur Abschlusserklärung des Gipfels")."""
        if language_of(words(question)) == "de":
            return []
        out = []
        for found in self.resolver.unmatched_names(question):
            name = self._without_leading_vocabulary(found)
            ws = words(name)
            at = question.find(name)
            if not ws or name in strangers or any(a.start <= at < a.end for a in actors):
                continue
            if len(ws) == 1 and not question[:at].strip():
                continue  # a capitalised opening word
            if all(
                stem(w) in self.topic_word_stems or (len(w) <= 3 and part.isupper())
                for w, part in zip(ws, name.split(), strict=False)
            ):
                # Made of the story's topic words and acronyms ("the AI Act"): the subject
                # asked about, not whom.
                continue
            if all(not _is_vocabulary(w) for w in ws):
                out.append(name)
        return out

    @staticmethod
    def _without_leading_vocabulary(name: str) -> str:
        """ "Position von Ruritanien" → "Ruritanien": question words capitalised before a
        name, and the particles that tie them to it, are not part of the name."""
        parts = name.split()
        while len(parts) > 1 and all(_is_vocabulary(w) for w in words(parts[0])):
            parts.pop(0)
            while len(parts) > 1 and parts[0].islower():
                parts.pop(0)
        return " ".join(parts)

    def _near_known(self, word: str) -> bool:
        """A typo of a word the sources use ("trainig") is that word; so is a compound
        built on one ("Ausbildungsmission")."""
        if len(word) < 5 or not self._known_long:
            return False
        if len(word) >= 8:
            for k in range(4, len(word) - 3):
                head, tail = word[:k], word[k:]
                if (len(head) >= 5 and stem(head) in self.known_stems) or (
                    len(tail) >= 5 and stem(tail) in self.known_stems
                ):
                    return True
        # A short word one letter off another is as often a word of its own ("grain" is
        # no "train", "brain" no "drain"): below eight letters a typo keeps the first
        # letter, as typos nearly always do.
        if len(word) < 8:
            return any_within(word, self._known_by_initial.get(word[0], ()), 1)
        return any_within(word, self._known_long, 2)
