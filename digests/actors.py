"""Find the actors a free-text question names, the way readers name them.

Readers write "Germany's", "the Germans", "Berlin", "Deutschlands", "the UK" or
"Germnay"; the stance table knows an actor by its key. ``ActorResolver`` indexes
every name the table, pycountry, countryinfo and babel know for an actor, so
finding actors costs one dictionary lookup per window of words. Countries that
are not in the table resolve too (``known=False``), so the caller can say that
nothing is recorded for Japan instead of silently ignoring the question.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from digests.cache import cached_json, fingerprint
from digests.model import ActorRecord
from digests.text import PLAIN_WORD, fold, month_names, weekday_names
from digests.text.fuzzy import any_within, within

# pycountry, countryinfo and babel are imported only when the country names are gathered
# (see _library_countries): once the names are cached, a process never loads them, which
# saves ~0.1 s of start-up and their data's memory.

__all__ = ["ActorMatch", "ActorResolver"]


@dataclass(frozen=True)
class ActorMatch:
    """One actor named in a text."""

    key: str | None  # ActorRecord.key when the actor is in the table, else None
    name: str  # canonical English name
    text: str  # the words of the text that matched
    start: int  # character span in the original text
    end: int
    score: float  # 100 for an exact name, lower for a fuzzy match
    known: bool  # the actor is in the table
    members: tuple[str, ...] = ()  # for a group actor: keys of its members


# Languages whose country names readers of this bot plausibly type.
_LOCALES = ("de", "fr", "es", "it", "nl", "pl")

# Common English names the libraries lack (countryinfo has "Great Britain",
# "UK", "US", "USA", "Dutch", "Holland", but not these).
_ENGLISH_EXTRAS: Mapping[str, tuple[str, ...]] = {
    "GB": ("Britain", "Briton", "Britons", "U.K."),
    "US": ("America", "U.S.", "U.S.A.", "Yanks"),
}
# Seats of government that stand for their country in the news, as its capital does
# ("the Kremlin said it was weighing …").
_SEATS: Mapping[str, tuple[str, ...]] = {
    "GB": ("Downing Street", "Whitehall"),
    "US": ("White House", "Pentagon", "State Department"),
    "RU": ("Kremlin",),
}

# German names readers use that the libraries lack: the everyday short forms,
# and the stems of the adjectives ("die französische Regierung", "der deutsche
# Kanzler"); ``_german_adjectives`` adds their inflected endings.
_GERMAN_EXTRAS: Mapping[str, tuple[str, ...]] = {
    "GB": ("Großbritannien", "Briten"),
    "US": ("Amerika", "Amerikaner", "USA", "Vereinigte Staaten"),
    "DE": ("Bundesregierung", "Bundeskanzler", "Bundeskanzlerin", "Deutsche", "Kanzleramt"),
    # capitals German spells its own way
    "AT": ("Wien",),
    "CZ": ("Prag",),
    "DK": ("Kopenhagen",),
    "GR": ("Athen",),
    "LT": ("Wilna",),
    "PL": ("Warschau",),
    "PT": ("Lissabon",),
    "RO": ("Bukarest",),
    "RU": ("Moskau",),
    "UA": ("Kiew",),
}
_GERMAN_ADJECTIVE_STEMS: Mapping[str, str] = {
    "AT": "österreichisch",
    "BE": "belgisch",
    "BG": "bulgarisch",
    "CA": "kanadisch",
    "CH": "schweizerisch",
    "CN": "chinesisch",
    "CZ": "tschechisch",
    "DE": "deutsch",
    "DK": "dänisch",
    "EE": "estnisch",
    "ES": "spanisch",
    "FI": "finnisch",
    "FR": "französisch",
    "GB": "britisch",
    "GR": "griechisch",
    "HR": "kroatisch",
    "HU": "ungarisch",
    "IE": "irisch",
    "IT": "italienisch",
    "JP": "japanisch",
    "LT": "litauisch",
    "LU": "luxemburgisch",
    "LV": "lettisch",
    "NL": "niederländisch",
    "NO": "norwegisch",
    "PL": "polnisch",
    "PT": "portugiesisch",
    "RO": "rumänisch",
    "RU": "russisch",
    "SE": "schwedisch",
    "SI": "slowenisch",
    "SK": "slowakisch",
    "TR": "türkisch",
    "UA": "ukrainisch",
    "US": "amerikanisch",
}


def _german_adjectives(alpha_2: str) -> tuple[str, ...]:
    stem = _GERMAN_ADJECTIVE_STEMS.get(alpha_2)
    return tuple(stem + ending for ending in ("e", "en", "er", "es")) if stem else ()


# Abbreviations that are ISO codes but in a newsroom nearly always mean
# something else: "the Spanish PM" is no question about Saint Pierre and
# Miquelon, nor "our HR team" about Croatia.
_ABBREVIATIONS = frozenset("ai cv fm hr id md mp ms pm pr ps st tv".split())

# Field ranks: when two actors claim one name, an English name beats a
# demonym or capital, which beats a translation.
_PRIMARY, _DERIVED, _FOREIGN = 0, 1, 2

# Library names that are more often something else: English words ("The
# Valley", Anguilla's capital; "Island", German for Iceland) or given names
# (the capitals Victoria, Douglas, Stanley, Hamilton; French "Maurice").
_NOT_NAMES = frozenset(
    "bottom dominique douglas hamilton island male maurice plymouth stanley valley victoria".split()
)

# Everyday English words. They never start a fuzzy match, are never reported
# as unknown names, make a library name equal to them ("Polish", "Turkey")
# count only when capitalised, and make a code equal to them ("US", "AM",
# "IT") count only outside all-caps text ("TELL US MORE", "WELT AM SONNTAG").
# The caller adds the words of its articles through ``vocabulary``.
_COMMON_WORDS = (
    frozenset(
        """
    a about above according across after again against ago ahead all allies ally
    alliance almost alone along already also although always am americas among an and
    another answer any anyone anything apart are army around article as ask asked at
    away back be because been before begin being behind below beside best better between
    beyond both brief but by call called can cannot chancellor change changed chili
    chill china clear coalition come comment conference could council countries country
    current currently day days defence defense did do does doing done down during each
    east eastern either else end europe european even ever every everyone everything
    explain explained few finish first following for foreign former franc francs from
    further general get give given go going good government governments greed green
    greet group guinea had has have having he hello help her here hers hey hi him his
    how however i if in indie indies inside instead into invitation invite invited is
    issue it its itself jersey join joined just know known last later latest leader
    leaders least less let letter like list look macaw many me meeting member members
    might military minister ministers ministry mission missions month more morons most
    much must my national nation nations near need new news next nicer no none nor north
    northern not nothing now of off official officials ok okay old on once one only onto
    oppose opposed opposes opposition or other others our ours out outside over own
    pairs parks parliament part party people per plan planned plans please polish
    position positions president prime proposal question quite quiet recent recently
    regarding report reported reports said same say says secretary sedan see send sent
    several she should show since so soldiers some someone something south southern
    spokesman spokesperson spokeswoman stance stances stand standing stands state states
    still stood story such suede summarise summarize summit support supported supports
    sure take talk talks tell than thank thanks that the their theirs them then there
    these they thing things think thinks this those though through tiger to today told
    tomorrow too topic toward towards train trainers training troops tunas turkey under
    union until up update updated upon us very via view views want wanted wants war was
    we week weeks well were west western what whatever when where whether which while
    who whom whose why will willing with within without world would year years yes
    yesterday yet you your yours
    """.split()
    )
    | month_names("en", wide_only=True)
    | weekday_names("en", wide_only=True)
)  # from Babel

# Lower-case words that may join two capitalised words into one name
# ("Bank of England", "Ursula von der Leyen").
_CONNECTORS = frozenset("of de da du des del der den van von la le al el bin".split())

_WORD = PLAIN_WORD
_SENTENCE_BREAK = re.compile(r"[.?!:;\n\"“”«»]")
# Apostrophes (straight and curly) and hyphens inside a name: "O'Brien", "Jean-Luc".
_IN_WORD = frozenset("'’‘ʼ`´-‐‑")


def _alias_key(alias: str) -> str:
    """The lookup form of a name: folded words joined by spaces, without a leading "the".

    Punctuation is dropped on both sides, so "Royaume-Uni", "U.S." and
    "Côte d'Ivoire" match however the reader punctuates them.
    """
    words = [folded for folded in map(fold, _WORD.findall(alias)) if folded]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


# Scanned texts a resolver keeps (see ``ActorResolver._scanned``): enough for the
# readings of the question being answered, too few to stand in for answering others.
_SCANS_KEPT = 4


@dataclass(frozen=True, slots=True)
class _Token:
    raw: str
    norm: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for found in _WORD.finditer(text):
        norm = fold(found.group())
        if norm:
            tokens.append(_Token(found.group(), norm, found.start(), found.end()))
    return tokens


# --- library data ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _LibraryCountry:
    alpha_2: str
    name: str  # canonical English name
    population: int  # breaks ties when two countries claim one name
    names: tuple[tuple[str, int], ...]  # (alias key, field rank)


@lru_cache(maxsize=len(_LOCALES))
def _territories(locale: str) -> Mapping[str, str]:
    from babel import Locale

    return dict(Locale.parse(locale).territories)


def _countryinfo(alpha_2: str) -> Mapping[str, Any]:
    from countryinfo import CountryInfo
    from countryinfo.exceptions import CountryNotFoundError

    try:
        info: Mapping[str, Any] = CountryInfo(alpha_2).info()
    except CountryNotFoundError:
        return {}
    # CountryInfo also accepts names; make sure the code resolved to itself.
    iso = info.get("ISO")
    return info if isinstance(iso, Mapping) and iso.get("alpha2") == alpha_2 else {}


@lru_cache(maxsize=512)
def capital_of(country: str) -> frozenset[str]:
    """The capital (or capitals) of a country by its English name, and its seat of
    government where the news names one, folded: "Ottawa" for Canada, "kremlin" for
    Russia. Empty for a name that is no country."""
    code = country_code(country)
    if code is None:
        return frozenset()
    capitals = _split(_countryinfo(code).get("capital"))
    # "Washington D.C." is "Washington" in the news.
    capitals += [re.sub(r"\s+(?:[A-Z]\.){2,}$", "", c) for c in capitals]
    return frozenset(fold(c) for c in (*capitals, *_SEATS.get(code, ())))


def _clean(name: object) -> str | None:
    """A library name readable as is: no "Korea, Republic of" or "(Malvinas)"."""
    if isinstance(name, str) and name and not any(ch in name for ch in ",()"):
        return name
    return None


def _english_name(country: Any, info: Mapping[str, Any]) -> str:
    """pycountry's common name, else its name, unless countryinfo's is more readable.

    countryinfo turns "Russian Federation" into "Russia", "Brunei Darussalam"
    into "Brunei", and "Congo, The Democratic Republic of the" into
    "Democratic Republic of the Congo"; pycountry is right about recent
    renames ("North Macedonia", "Eswatini"), which are as short.
    """
    name: str = getattr(country, "common_name", None) or country.name
    readable = _clean(name)
    other = _clean(info.get("name"))
    if other and (readable is None or len(other.split()) < len(readable.split())):
        return other
    if readable:
        return readable
    official = _clean(getattr(country, "official_name", None))
    if official:
        # "the State of Palestine", "British Virgin Islands"
        return official.removeprefix("the ")
    # "Cocos (Keeling) Islands" -> "Cocos Islands"; "Saint Martin (French part)" -> "Saint Martin".
    return re.sub(r"\s*\([^)]*\)", "", name).split(",")[0]


def _plural(demonym: str) -> str | None:
    """ "German" -> "Germans"; "British", "Japanese", "Swiss" are their own plural."""
    if demonym.endswith(("s", "sh", "ese", "x", "z")):
        return None
    return demonym + "s"


def _split(value: object) -> list[str]:
    """countryinfo packs several names in one field ("Antiguan,Barbudan", "Éire / Ireland")."""
    if not isinstance(value, str):
        return []
    return [part.strip() for part in re.split(r"[/,]", value) if part.strip()]


@lru_cache(maxsize=512)  # room for every ISO 3166 country
def _library_country(alpha_2: str) -> _LibraryCountry | None:
    """Every name pycountry, countryinfo and babel know for one country."""
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha_2)
    if country is None:
        return None
    info = _countryinfo(alpha_2)
    names: list[tuple[str, int]] = []

    def add(field: int, *values: object) -> None:
        for value in values:
            if isinstance(value, str) and value:
                names.append((value, field))

    add(
        _PRIMARY,
        country.name,
        getattr(country, "official_name", None),
        getattr(country, "common_name", None),
        country.alpha_2,
        country.alpha_3,
        info.get("name"),
        *info.get("altSpellings", ()),
        *_ENGLISH_EXTRAS.get(alpha_2, ()),
        *_SEATS.get(alpha_2, ()),
    )
    for demonym in _split(info.get("demonym")):
        add(_DERIVED, demonym, _plural(demonym))
    add(_DERIVED, *_split(info.get("capital")))
    add(_FOREIGN, *_split(info.get("nativeName")))
    translations = info.get("translations")
    if isinstance(translations, Mapping):
        add(_FOREIGN, *translations.values())
    add(_FOREIGN, *(_territories(locale).get(alpha_2) for locale in _LOCALES))
    add(_FOREIGN, *_GERMAN_EXTRAS.get(alpha_2, ()), *_german_adjectives(alpha_2))

    keyed: dict[str, int] = {}
    for value, field in names:
        key = _alias_key(value)
        if (
            key
            and key not in _NOT_NAMES
            and key not in _ABBREVIATIONS
            and (key not in keyed or field < keyed[key])
        ):
            keyed[key] = field
    population = info.get("population")
    return _LibraryCountry(
        alpha_2=alpha_2,
        name=_english_name(country, info),
        population=population if isinstance(population, int) else 0,
        names=tuple(keyed.items()),
    )


def _gather_library_countries() -> list[Any]:
    import pycountry

    found = (_library_country(country.alpha_2) for country in pycountry.countries)
    return [[c.alpha_2, c.name, c.population, [list(n) for n in c.names]] for c in found if c]


@lru_cache(maxsize=1)
def _library_countries() -> tuple[_LibraryCountry, ...]:
    """Every country the libraries know, with its names: gathered once per installation
    of the libraries and of this module (whose word lists shape the names), then read
    from the cache (digests.cache)."""
    text_package = Path(__file__).with_name("text")  # fold() shapes every name key
    sources = [Path(__file__), *sorted(text_package.rglob("*.py"))]
    key = fingerprint(sources, ("pycountry", "countryinfo", "babel"))
    return tuple(
        _LibraryCountry(alpha_2, name, population, tuple((k, f) for k, f in names))
        for alpha_2, name, population, names in cached_json(
            "countries", key, _gather_library_countries
        )
    )


@lru_cache(maxsize=1)
def _library_index() -> Mapping[str, _LibraryCountry]:
    return {country.alpha_2: country for country in _library_countries()}


def is_common_word(word: str) -> bool:
    """Whether a word is an everyday English one ("Also", "Under"), not a name."""
    return fold(word) in _COMMON_WORDS


@lru_cache(maxsize=1)
def _codes_by_name() -> Mapping[str, str]:
    out: dict[str, str] = {}
    for country in _library_countries():
        for key, _ in country.names:
            out.setdefault(key, country.alpha_2)
    return out


def country_code(name: str) -> str | None:
    """The ISO code of the country a name stands for in the libraries' names, common
    ones included ("Russia": RU, where pycountry knows only "Russian Federation")."""
    return _codes_by_name().get(_alias_key(name))


def _long_forms(alias: str) -> list[str]:
    """An alias and the forms copy spells it out in: "EU Military Assistance Mission" is
    also "European Union Military Assistance Mission" and "the European Union's …"."""
    forms = [alias]
    if re.search(r"\bEU\b", alias) and len(alias.split()) > 1:
        forms += [re.sub(r"\bEU\b", "European Union", alias)]
        forms += [re.sub(r"\bEU\b", "European Union's", alias)]
        forms += [re.sub(r"\bEU\b", "EU's", alias)]
    return forms


# --- the resolver ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Actor:
    key: str | None
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Entry:
    actor: int  # index into ActorResolver._actors
    short: bool  # a code or abbreviation: must be written in capitals
    common: bool  # also an everyday word (see _COMMON_WORDS)


@dataclass(frozen=True, slots=True)
class _Hit:
    actor: int
    first: int  # token range the hit covers, including a leading "the"
    stop: int
    start: int  # character span reported to the caller
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class _Bucket:
    """Names to match fuzzily (e.g. the one-word names starting with one letter),
    shortest first."""

    keys: list[str]
    actors: list[int]
    lengths: list[int]  # len() of each key, for bisect

    @classmethod
    def of(cls, pairs: list[tuple[str, int]]) -> _Bucket:
        pairs.sort(key=lambda pair: len(pair[0]))
        return cls([k for k, _ in pairs], [a for _, a in pairs], [len(k) for k, _ in pairs])

    def near(self, size: int, edits: int) -> tuple[list[str], list[int]]:
        """The names that can be within ``edits`` of a word of ``size`` letters: each
        edit changes the length by one at most, so no other length can match (on a
        table of thousands of names this skips most of them)."""
        lo = bisect_left(self.lengths, size - edits)
        hi = bisect_right(self.lengths, size + edits)
        return self.keys[lo:hi], self.actors[lo:hi]


def _letters(key: str) -> int:
    return len(key) - key.count(" ")


def _max_edits(word: str) -> int:
    """Conservative: one typo in a word, two in a long one ("Deutshclands")."""
    return 1 if len(word) < 10 else 2


_LONG_COMMON_WORDS = sorted(word for word in _COMMON_WORDS if len(word) >= 5)


def _is_common(word: str) -> bool:
    """An everyday word, or a typo of a long one ("Postion", "Pls")."""
    if word in _COMMON_WORDS:
        return True
    if len(word) < 5:
        return False
    return any_within(word, _LONG_COMMON_WORDS, 1)


def _after_a_name(tokens: list[_Token], index: int, text: str) -> bool:
    """Whether the word before ``tokens[index]`` is a capitalised name word inside its
    sentence ("Pope Francis", "Senator Ferrara"): the word is then part of a person's name,
    not a typo of a country's ("Francis" is one letter from "Francia")."""
    if index < 1:
        return False
    before = tokens[index - 1]
    if not before.raw[:1].isupper() or not before.raw.isalpha() or before.norm in _COMMON_WORDS:
        return False
    # A capital that opens a sentence says less, but a name may open one too ("Pope
    # Francis said"); only a break right before the word keeps the two apart.
    return not _SENTENCE_BREAK.search(text[before.end : tokens[index].start])


def _slip_of(word: str, name: str) -> bool:
    """ "frnace" (two letters swapped) or "germny" (an inner letter dropped) for a name.

    A last letter dropped is left out: "macro" is a word, not a slip for "Macron".
    """
    if len(word) == len(name):
        return sorted(word) == sorted(name)
    return len(name) == len(word) + 1 and any(
        name[:i] + name[i + 1 :] == word for i in range(len(name) - 1)
    )


class ActorResolver:
    """Finds the table's actors, and any other country, in free text.

    Everything is precomputed here so ``find`` stays well under a millisecond;
    build a new resolver when the actor table changes.
    """

    def __init__(self, actors: Sequence[ActorRecord], vocabulary: Iterable[str] = ()) -> None:
        self._actors: list[_Actor] = []
        # alias key -> (rank, actor); the lowest rank wins. Ranks order, in turn:
        # names the table states (they override the libraries: "Brussels" is the
        # EU, not Belgium), the field rank, table countries before the rest, the
        # larger population ("Congo"), then table order.
        claims: dict[str, tuple[tuple[int, int, int, int, int], int]] = {}

        def claim(key: str, actor: int, rank: tuple[int, int, int, int, int]) -> None:
            if key and (key not in claims or rank < claims[key][0]):
                claims[key] = (rank, actor)

        taken: set[str] = set()
        for order, record in enumerate(actors):
            actor = len(self._actors)
            self._actors.append(_Actor(record.key, record.name, tuple(record.members)))
            claim(_alias_key(record.name), actor, (0, 0, 0, 0, order))
            claim(_alias_key(record.key), actor, (0, 0, 0, 0, order))
            for alias in record.aliases:
                for form in _long_forms(alias):
                    claim(_alias_key(form), actor, (0, 1, 0, 0, order))
            code = (record.country_code or "").upper()
            country = _library_index().get(code) if code and code not in taken else None
            if country is not None:
                taken.add(code)
                for key, field in country.names:
                    claim(key, actor, (1, field, 0, -country.population, order))

        for country in _library_countries():
            if country.alpha_2 in taken:
                continue
            actor = len(self._actors)
            self._actors.append(_Actor(None, country.name, ()))
            for key, field in country.names:
                claim(key, actor, (1, field, 1, -country.population, 0))

        self._index: dict[str, _Entry] = {}
        # First word of a name -> most words any name starting with it has, so
        # a scan only tries the windows that can match.
        self._longest: dict[str, int] = {}
        buckets: dict[str, list[tuple[str, int]]] = {}
        choices: list[tuple[str, int]] = []  # every name long enough to match fuzzily
        for key, (_, actor) in claims.items():
            words = key.split(" ")
            entry = _Entry(actor, short=_letters(key) <= 3, common=key in _COMMON_WORDS)
            self._index[key] = entry
            self._longest[words[0]] = max(self._longest.get(words[0], 0), len(words))
            if len(words) == 1 and not entry.short:
                # Hint so the scan also tries a German genitive ("deutschlands").
                self._longest.setdefault(key + "s", 1)
            if _letters(key) >= 5 and not entry.common:
                choices.append((key, actor))
                if len(words) == 1 and key.isalpha():
                    buckets.setdefault(key[0], []).append((key, actor))
        # Typos rarely hit the first letter, and keying the fuzzy choices by it
        # both rules out pairs like "while"/"Chile" and makes the search cheap.
        self._buckets = {letter: _Bucket.of(pairs) for letter, pairs in buckets.items()}
        self._choices = _Bucket.of(choices)
        self._table_actors = frozenset(
            index for index, actor in enumerate(self._actors) if actor.key is not None
        )
        # Texts scanned lately: answering one question scans it for actors and again for
        # names that are no actor, and a follow-up reads it twice over (the actors are
        # fixed for the resolver's life, so a text always scans the same).
        self._scans: dict[str, tuple[list[_Token], list[_Hit]]] = {}
        self._vocabulary = frozenset(
            folded for phrase in vocabulary for folded in map(fold, _WORD.findall(phrase))
        )

    # -- public API ---------------------------------------------------------

    def find(self, text: str, *, every: bool = False) -> list[ActorMatch]:
        """All actors named in ``text``, in order of appearance, each once — or, with
        ``every``, each time it is named ("In Washington, … said the United States …":
        a place first, then who acts)."""
        seen: set[int] = set()
        matches: list[ActorMatch] = []
        for hit in self._scanned(text)[1]:
            if every or hit.actor not in seen:
                seen.add(hit.actor)
                matches.append(self._match(hit, text))
        return matches

    def resolve(self, name: str) -> ActorMatch | None:
        """The actor one typed name means ("germany", "DE", "Berlin", "uk"), or None.

        Unlike ``find`` this trusts the input to be a name, so codes match in
        any case and no everyday-word guard applies.
        """
        text = name.strip()
        start = len(name) - len(name.lstrip())
        key = _alias_key(text)
        if not key:
            return None
        # As typed, without a possessive "'s", without a genitive "-s".
        for candidate in (key, key.removesuffix(" s"), key.removesuffix("s")):
            entry = self._index.get(candidate)
            if entry is not None and (
                candidate == key or not (entry.short or key in _COMMON_WORDS)
            ):
                return self._match(_Hit(entry.actor, 0, 0, start, start + len(text), 100.0), name)
        if _letters(key) >= 5:
            fuzzy = self._closest(key, *self._choices.near(len(key), _max_edits(key)))
            if fuzzy is not None:
                actor, score = fuzzy
                return self._match(_Hit(actor, 0, 0, start, start + len(text), score), name)
        found = self.find(name)
        return found[0] if found else None

    def unmatched_names(self, text: str) -> list[str]:
        """Capitalised name-like phrases that resolved to no actor, in order, each once.

        Lets the caller answer "no position recorded for Foo" instead of
        answering about nobody. Everyday words that open a sentence ("What",
        "Does", "Is") are trimmed, and phrases made only of everyday words
        ("Position", "Friday") are dropped.
        """
        tokens, hits = self._scanned(text)
        covered: set[int] = set()
        for hit in hits:
            covered.update(range(hit.first, hit.stop))

        def gap(index: int) -> str:
            """The characters between token ``index - 1`` and token ``index``."""
            if index <= 0:
                return text[: tokens[0].start] if tokens else ""
            if index >= len(tokens):
                return text[tokens[-1].end :]
            return text[tokens[index - 1].end : tokens[index].start]

        def next_to_actor(first: int, last: int) -> bool:
            # "Emmanuel Macron", "President Biden": a name run into a matched
            # name belongs to that actor.
            return (first - 1 in covered and gap(first).isspace()) or (
                last + 1 in covered and gap(last + 1).isspace()
            )

        names: list[str] = []
        for first, last in self._capitalised_runs(tokens, covered, gap):
            if next_to_actor(first, last):
                continue
            if first == 0 or _SENTENCE_BREAK.search(gap(first)):
                while first <= last and _is_common(tokens[first].norm):
                    first += 1
            if all(_is_common(token.norm) for token in tokens[first : last + 1]):
                continue
            phrase = text[tokens[first].start : tokens[last].end]
            if len(phrase) >= 2 and phrase not in names:
                names.append(phrase)
        return names

    @staticmethod
    def _capitalised_runs(
        tokens: list[_Token], covered: set[int], gap: Callable[[int], str]
    ) -> list[tuple[int, int]]:
        """Index ranges of consecutive capitalised words outside any match.

        Words join across spaces, hyphens and apostrophes ("Jean-Luc",
        "O'Brien") and across a lower-case connector ("Bank of England").
        """
        runs: list[tuple[int, int]] = []
        first: int | None = None
        last = -1
        for index, token in enumerate(tokens):
            if index in covered or not (token.raw[0].isupper() and token.raw.isalpha()):
                continue
            between = gap(index)
            joined = first is not None and (
                (index == last + 1 and (between.isspace() or between in _IN_WORD))
                or (
                    # one or two connectors: "Bank of England", "Ursula von der Leyen"
                    last + 2 <= index <= last + 3
                    and all(
                        tokens[k].norm in _CONNECTORS
                        and tokens[k].raw.islower()
                        and gap(k).isspace()
                        for k in range(last + 1, index)
                    )
                    and between.isspace()
                )
            )
            if not joined:
                if first is not None:
                    runs.append((first, last))
                first = index
            last = index
        if first is not None:
            runs.append((first, last))
        return runs

    # -- scanning -----------------------------------------------------------

    def _scanned(self, text: str) -> tuple[list[_Token], list[_Hit]]:
        """``text``'s tokens and hits, from the texts scanned lately when it is one; the
        lists are shared, so callers only read them."""
        found = self._scans.get(text)
        if found is None:
            tokens = _tokens(text)
            found = (tokens, self._scan(tokens, text))
            if len(self._scans) >= _SCANS_KEPT:
                self._scans.clear()
            self._scans[text] = found
        return found

    def _scan(self, tokens: list[_Token], text: str) -> list[_Hit]:
        """Leftmost-longest hits without overlaps: "United States" wins over "States"."""
        hits: list[_Hit] = []
        index = 0
        while index < len(tokens):
            # "the" is dropped from names, and taken into the span when present,
            # so "the Baltic states" and "Baltic states" both match.
            lead = 1 if tokens[index].norm == "the" and index + 1 < len(tokens) else 0
            hit = self._exact(tokens, index + lead) or self._fuzzy(tokens, index + lead, text)
            if hit is None:
                index += 1
                continue
            # A possessive "'s" needs nothing: the apostrophe splits it off as a
            # word of its own, so "Germany's" matches as "Germany".
            actor, stop, score = hit
            hits.append(_Hit(actor, index, stop, tokens[index].start, tokens[stop - 1].end, score))
            index = stop
        return hits

    def _exact(self, tokens: list[_Token], index: int) -> tuple[int, int, float] | None:
        if index >= len(tokens):
            return None
        longest = self._longest.get(tokens[index].norm)
        if longest is None:
            return None
        for count in range(min(longest, len(tokens) - index), 0, -1):
            window = tokens[index : index + count]
            key = " ".join(token.norm for token in window)
            entry = self._index.get(key)
            if entry is None and len(key) > 4 and key.endswith("s") and key not in _COMMON_WORDS:
                # German genitive "Deutschlands", "Frankreichs", "Berlins".
                entry = self._index.get(key[:-1])
                if entry is not None and entry.short:
                    entry = None
            if entry is not None and self._written_as_name(entry, tokens, index, count):
                return entry.actor, index + count, 100.0
        return None

    @staticmethod
    def _written_as_name(entry: _Entry, tokens: list[_Token], index: int, count: int) -> bool:
        window = tokens[index : index + count]
        if entry.short:
            # "US" is the United States, "us" the pronoun; "it"/"is" never match.
            if not all(token.raw.isupper() for token in window):
                return False
            if entry.common:
                # In shouted text capitals say nothing: "TELL US MORE".
                neighbours = (
                    tokens[max(index - 1, 0) : index] + tokens[index + count : index + count + 1]
                )
                return not any(
                    len(token.raw) >= 3 and token.raw.isalpha() and token.raw.isupper()
                    for token in neighbours
                )
            return True
        if entry.common:
            # "Polish" the demonym, "polish" the verb.
            return window[0].raw[0].isupper()
        return True

    def _fuzzy(self, tokens: list[_Token], index: int, text: str) -> tuple[int, int, float] | None:
        if index >= len(tokens):
            return None
        token = tokens[index]
        word = token.norm
        if len(word) < 5 or not word.isalpha() or word in _COMMON_WORDS or word in self._vocabulary:
            return None
        if _after_a_name(tokens, index, text):
            return None
        # Five- and six-letter words are one edit away from too many English
        # words and given names ("quite"/Quito, "Angela"/Angola); trust them
        # only when written as a name and when the typo is two swapped letters
        # ("Itlay"), which rarely makes another word.
        # Typed in lower case ("germny", "frnace") such a word is taken only for
        # an actor of the table, and only when two letters are swapped or an inner
        # one dropped: the slips of fast typing, which rarely turn a name into a word.
        short = len(word) < 7
        lower_short = short and not token.raw[0].isupper()
        bucket = self._buckets.get(word[0])
        if bucket is None:
            return None
        keys, actors = bucket.near(len(word), _max_edits(word))
        found = self._closest(
            word,
            keys,
            actors,
            swaps_only=short and not lower_short,
            slips_only=self._table_actors if lower_short else None,
        )
        if found is None:
            return None
        actor, score = found
        return actor, index + 1, score

    @staticmethod
    def _closest(
        word: str,
        keys: list[str],
        actors: list[int],
        *,
        swaps_only: bool = False,
        slips_only: frozenset[int] | None = None,
    ) -> tuple[int, float] | None:
        """The one actor whose name is within a typo of ``word``, with a 0-100 score.

        OSA distance counts a swap of two letters ("Germnay") as one edit.
        When names of two actors are equally close the word is ambiguous and
        matches neither.
        """
        results = within(word, keys, _max_edits(word), 4)
        if swaps_only:
            results = [result for result in results if sorted(result[0]) == sorted(word)]
        if slips_only is not None:
            results = [
                result
                for result in results
                if actors[result[2]] in slips_only and _slip_of(word, result[0])
            ]
        if not results:
            return None
        best = results[0][1]
        candidates = {actors[index] for _, distance, index in results if distance == best}
        if len(candidates) != 1:
            return None
        choice = results[0][0]
        return candidates.pop(), round(100.0 * (1 - best / max(len(word), len(choice))), 1)

    def _match(self, hit: _Hit, text: str) -> ActorMatch:
        actor = self._actors[hit.actor]
        return ActorMatch(
            key=actor.key,
            name=actor.name,
            text=text[hit.start : hit.end],
            start=hit.start,
            end=hit.end,
            score=hit.score,
            known=actor.key is not None,
            members=actor.members,
        )
