"""How news copy states a position or a development: the words, not the sentences.

Each cue is a pattern over a normalised clause (lower case, plain quotes, "n't" → " not")
with the stance or status it signals and how strongly. Patterns are general phrasing
("ruled out sending", "is not going to send", "is considering"), never a sample's wording,
and they are data: one file per language in ``lexicons/`` (English, German).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from digests.text import fold, stem_set, words

_LEXICONS = resources.files("digests.extraction") / "lexicons"


@dataclass(frozen=True)
class Cue:
    stance: str
    weight: float  # how plainly the phrase states the stance, 0-1
    pattern: re.Pattern[str]
    name: str


@dataclass(frozen=True)
class ShortForm:
    """An institution a report calls by the head noun of its name alone once the report
    is about the union it belongs to ("the Commission" in a report on the EU)."""

    name: str  # "European Commission"
    short: re.Pattern[str]  # how the report calls it
    context: re.Pattern[str]  # what the report must name for the short form to mean it


@dataclass(frozen=True)
class Lexicon:
    """One language's ways of stating positions and developments, read from its data file
    (``lexicons/<language>.toml``): the cues with their weights, and the patterns and word
    lists the reader uses to cut clauses and find who speaks."""

    language: str
    stance_cues: tuple[Cue, ...]
    status_cues: tuple[Cue, ...]
    patterns: dict[str, re.Pattern[str]]
    words: dict[str, frozenset[str]]
    short_forms: tuple[ShortForm, ...] = ()
    # A party family's plural in the language, by the English name it is kept under
    # ("Sozialisten": "Socialists"), so reports in both languages name one actor.
    party_names: dict[str, str] = field(default_factory=dict)
    # Role words that say whose voice a person is without naming a country: the
    # institution's name ("commissioner": the European Commission).
    institution_roles: dict[str, str] = field(default_factory=dict)

    def institution(self, word: str) -> str | None:
        """The institution a title's word speaks for (``institution_roles``), a compound
        by its end: "Commissioner", "EU-Innenkommissarin" → "European Commission"."""
        last = fold(word).rsplit("-", 1)[-1].strip(",.;:\"'“”„")
        return next((v for k, v in self.institution_roles.items() if last.endswith(k)), None)

    def __getattr__(self, name: str) -> re.Pattern[str]:
        try:
            return self.patterns[name]
        except KeyError:
            raise AttributeError(name) from None


def _expand(pattern: str, fragments: dict[str, str]) -> str:
    for name, value in fragments.items():
        pattern = pattern.replace(f"<{name}>", value)
    return pattern


@cache
def lexicon(language: str) -> Lexicon:
    """The lexicon of a language ("en", "de"); English for any other."""
    path = _LEXICONS / f"{language}.toml"
    if not path.is_file():
        path = _LEXICONS / "en.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    fragments: dict[str, str] = data.get("fragments", {})
    # Fragments may use the ones listed before them.
    for name in list(fragments):
        fragments[name] = _expand(fragments[name], fragments)

    def cues(key: str, field: str) -> tuple[Cue, ...]:
        return tuple(
            Cue(
                c[field],
                float(c["weight"]),
                re.compile(_expand(c["pattern"], fragments)),
                c["name"],
            )
            for c in data.get(key, [])
        )

    return Lexicon(
        language=data.get("language", language),
        stance_cues=cues("stance", "stance"),
        status_cues=cues("status", "status"),
        patterns={
            **{k: re.compile(_expand(v, fragments)) for k, v in data["patterns"].items()},
            # The verbs of taking part, for telling the cues built on them apart.
            **({"act_verb": re.compile(rf"\b{fragments['ACT']}\b")} if "ACT" in fragments else {}),
        },
        words={k: frozenset(v.split()) for k, v in data.get("words", {}).items()},
        short_forms=tuple(
            ShortForm(f["name"], re.compile(f["short"]), re.compile(f["context"]))
            for f in data.get("short_form", [])
        ),
        party_names=dict(data.get("party_names", {})),
        institution_roles={fold(k): v for k, v in data.get("institution_roles", {}).items()},
    )


ENGLISH = lexicon("en")
STANCE_CUES = ENGLISH.stance_cues
STATUS_CUES = ENGLISH.status_cues
FLAT_NO = ENGLISH.flat_no  # a quote that is only "no" ("No and no."): a refusal
CONDITIONS = ENGLISH.conditions  # conditions and alternatives kept in a summary
ALTERNATIVE = ENGLISH.alternative  # "supports expanding the EU mission instead"
HEDGES = ENGLISH.hedges  # words that soften what follows
SECOND_HAND = ENGLISH.second_hand  # anonymous officials, diplomats, sources
PAST_POSITION = ENGLISH.past_position  # "had earlier ruled out"
CONDITIONAL_START = ENGLISH.conditional_start
SPEECH = ENGLISH.speech  # verbs that report speech or a public act
FUTURE = ENGLISH.future  # "will be extended", "has to be extended": a plan, not news
DATE_LEADS = ENGLISH.date_leads  # words that tell a date is an end or a time

# Words of German that English copy does not use: enough of them, and a text is German.
_GERMAN = frozenset(
    """der die das und ist nicht wird werden sich mit den dem des ein eine einer zu auf
    auch sagte hat haben noch nach bei wie oder aber kein keine keinen sei werde wolle
    dass für vom zum zur im einen einem sie wir ob über soll sollte wurde""".split()
)
_ENGLISH = frozenset(
    """the and is not will be with of to a an on also said has have still after at as
    or but would""".split()
)


def language_of(text: str) -> str:
    """ "de" when the text reads as German (by its function words), else "en"."""
    german = english = 0
    # Any letter makes a word: a name's "ņ" or "ć" does not split it into English "a".
    for word in re.findall(r"[^\W\d_]+", text[:4000].lower()):
        german += word in _GERMAN
        english += word in _ENGLISH
    return "de" if german > english else "en"


def normalise(text: str) -> str:
    """Lower case, plain quotes and apostrophes, "n't"/"won't" spelled out."""
    text = text.lower()
    text = text.replace("’", "'").replace("‘", "'")
    for mark in "“”„«»":
        text = text.replace(mark, '"')
    text = re.sub(r"\bwon't\b", "will not", text)
    text = re.sub(r"\bcan't\b", "can not", text)
    text = re.sub(r"\bcannot\b", "can not", text)
    text = re.sub(r"n't\b", " not", text)
    return text


@dataclass(frozen=True)
class CueHit:
    stance: str
    weight: float
    name: str
    start: int
    end: int


def stance_cues(clause: str, lex: Lexicon = ENGLISH) -> list[CueHit]:
    """Every cue found in a normalised clause, overlapping ones resolved to the first listed."""
    hits: list[CueHit] = []
    taken: list[tuple[int, int]] = []
    for cue in lex.stance_cues:
        for found in cue.pattern.finditer(clause):
            span = found.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            if _noun_use(clause, span, lex):
                continue
            taken.append(span)
            hits.append(CueHit(cue.stance, cue.weight, cue.name, *span))
    return sorted(hits, key=lambda h: h.start)


def _noun_use(clause: str, span: tuple[int, int], lex: Lexicon) -> bool:
    """Whether a cue's word stands as a noun here: a word that is verb and noun alike
    (lexicon ``noun_forms``: "block", "veto") right after a determiner or a word that
    qualifies a noun (``noun_qualifiers``: "a single veto", "bought the entire block") names
    a thing, not what the subject does."""
    word = clause[span[0] : span[1]].split()[:1]
    if not word or word[0] not in lex.words.get("noun_forms", frozenset()):
        return False
    before = clause[: span[0]].split()[-1:]
    noun_leads = lex.words.get("determiners", frozenset()) | lex.words.get(
        "noun_qualifiers", frozenset()
    )
    return bool(before) and before[0] in noun_leads


def status_cues(clause: str, lex: Lexicon = ENGLISH) -> list[CueHit]:
    hits = []
    for cue in lex.status_cues:
        for found in cue.pattern.finditer(clause):
            hits.append(CueHit(cue.stance, cue.weight, cue.name, *found.span()))
    return sorted(hits, key=lambda h: h.start)


@cache
def reversing_words() -> frozenset[str]:
    """The stems of the words that make a topic the undoing of a thing, in every lexicon."""
    return stem_set(w for lang in ("en", "de") for w in lexicon(lang).words.get("reversing", ()))


def undoes(topic_name: str) -> bool:
    """Whether a topic's name opens with the undoing of a thing ("Halting arms exports to
    Israel", "Germany's halt to …"), in its first three words: "The US law forcing a sale
    or a ban" is about the law, whatever it may bring."""
    return bool(stem_set([" ".join(words(topic_name)[:3])]) & reversing_words())


def points_back_first(sentence: str, lex: Lexicon) -> bool:
    """Whether the sentence opens with a possessive that points back at the actor the text
    was about ("Its leader Friedrich Merz demanded …"; lexicon ``possessive_openers``)."""
    opener = sentence.split()[:1]
    return bool(opener) and opener[0].casefold() in lex.words.get("possessive_openers", frozenset())
