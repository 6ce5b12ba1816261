"""ActorResolver: which actors a reader's question names."""

from __future__ import annotations

import time
from itertools import pairwise

import pytest

from digests.actors import ActorMatch, ActorResolver
from digests.model import ActorRecord

TABLE = (
    ActorRecord(
        "germany",
        "Germany",
        country_code="DE",
        aliases=("Scholz", "the traffic light coalition"),
    ),
    ActorRecord(
        "united_states",
        "United States",
        country_code="US",
        aliases=("Kirby", "Washington", "the Americans", "Biden"),
    ),
    ActorRecord("united_kingdom", "United Kingdom", country_code="GB"),
    ActorRecord("france", "France", country_code="FR", aliases=("Macron", "Paris")),
    ActorRecord(
        "baltic_states",
        "Baltic states",
        kind="group",
        members=("estonia", "latvia", "lithuania"),
        aliases=("the three Baltic states",),
    ),
    ActorRecord("eu", "European Union", kind="organisation", aliases=("Brussels",)),
    ActorRecord("estonia", "Estonia", country_code="EE"),
    ActorRecord("latvia", "Latvia", country_code="LV"),
    ActorRecord("lithuania", "Lithuania", country_code="LT"),
    ActorRecord("kallas", "Kaja Kallas", kind="person", speaks_for="estonia", aliases=("Kallas",)),
)


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver(TABLE)


def keys(matches: list[ActorMatch]) -> list[str | None]:
    return [match.key for match in matches]


def only(resolver: ActorResolver, text: str) -> ActorMatch:
    matches = resolver.find(text)
    assert len(matches) == 1, matches
    return matches[0]


# --- the ways readers name a table actor -----------------------------------


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("What is Germany's position?", "germany"),
        ("What is Germany’s position?", "germany"),  # curly apostrophe
        ("Where does Berlin stand?", "germany"),  # capital from countryinfo
        ("What do the Germans think?", "germany"),  # plural demonym
        ("Was ist die Position Deutschlands?", "germany"),  # German genitive
        ("Quelle est la position de l'Allemagne ?", "germany"),  # babel, French
        ("What did Scholz say?", "germany"),  # seeded alias
        ("Is the traffic light coalition against it?", "germany"),
        ("Was the UK invited?", "united_kingdom"),
        ("What about Great Britain?", "united_kingdom"),
        ("What about Britain?", "united_kingdom"),
        ("What about the British?", "united_kingdom"),
        ("Does the US take part?", "united_states"),
        ("Does the USA take part?", "united_states"),
        ("What does America want?", "united_states"),
        ("What did Washington say?", "united_states"),
        ("What did Kirby say?", "united_states"),
        ("Do the Americans agree?", "united_states"),
        ("What does Paris want?", "france"),
        ("Was Brussels consulted?", "eu"),  # the seed wins over Belgium's capital
        ("Does the EU agree?", "eu"),
        ("What does Kallas say?", "kallas"),  # a person is its own actor
    ],
)
def test_finds_table_actor(resolver: ActorResolver, question: str, key: str) -> None:
    match = only(resolver, question)
    assert match.key == key
    assert match.known
    assert match.score == 100
    assert question[match.start : match.end] == match.text


def test_match_carries_canonical_name_and_span(resolver: ActorResolver) -> None:
    question = "What is Germany's position?"
    match = only(resolver, question)
    assert match.name == "Germany"
    assert match.text == "Germany"
    assert (match.start, match.end) == (8, 15)


def test_longest_name_wins(resolver: ActorResolver) -> None:
    assert only(resolver, "Do the United States agree?").text == "the United States"
    assert only(resolver, "Is the traffic light coalition split?").text == (
        "the traffic light coalition"
    )


def test_group_returns_its_members(resolver: ActorResolver) -> None:
    for question in ("What do the Baltic states say?", "And the three Baltic states?"):
        match = only(resolver, question)
        assert match.key == "baltic_states"
        assert match.members == ("estonia", "latvia", "lithuania")


def test_several_actors_in_order_each_once(resolver: ActorResolver) -> None:
    question = "Do Germany, Berlin, France and the Baltic states agree with Washington and Japan?"
    matches = resolver.find(question)
    assert keys(matches) == ["germany", "france", "baltic_states", "united_states", None]
    assert matches[-1].name == "Japan"
    assert [m.start for m in matches] == sorted(m.start for m in matches)
    for left, right in pairwise(matches):
        assert left.end <= right.start


# --- countries that are not in the table -----------------------------------


@pytest.mark.parametrize("question", ["What about Japan?", "The Japanese?", "And Tokyo?"])
def test_unknown_country_resolves_without_key(resolver: ActorResolver, question: str) -> None:
    match = only(resolver, question)
    assert (match.key, match.name, match.known) == (None, "Japan", False)


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("What does the Russian Federation say?", "Russia"),
        ("And South Korea?", "South Korea"),
        ("What about the Dutch?", "Netherlands"),
        ("What about Holland?", "Netherlands"),
        ("Is Belgium in?", "Belgium"),
    ],
)
def test_unknown_country_gets_readable_english_name(
    resolver: ActorResolver, question: str, name: str
) -> None:
    assert only(resolver, question).name == name


def test_ukraine_is_the_only_match_in_a_training_question(resolver: ActorResolver) -> None:
    match = only(resolver, "Who opposes training in Ukraine?")
    assert (match.key, match.name, match.known) == (None, "Ukraine", False)


# --- things that must not match --------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Can you tell us more?",  # the pronoun, not the United States
        "Is it in the plan?",  # "IS", "IT", "IN" are country codes
        "Who is against the train and the general position?",
        "What stance does the mission support?",
        "Which nation states support it?",
        "Please polish the summary.",  # "Polish" only when capitalised
        "TELL US MORE",  # capitals in shouted text say nothing
        "The WELT AM SONNTAG reported it",  # AM is Armenia's code
        "Pairs of trainers, quite a finish",  # one edit from Paris, Quito, Finnish
    ],
)
def test_everyday_words_match_nothing(resolver: ActorResolver, question: str) -> None:
    assert resolver.find(question) == []


def test_capitalised_demonym_still_matches(resolver: ActorResolver) -> None:
    assert only(resolver, "What do the Polish say?").name == "Poland"


# --- typos -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("What is Germnay's position?", "Germany"),
        ("Does Hungray block it?", "Hungary"),
        ("And Estonai?", "Estonia"),
        ("Was sagt Deutshcland?", "Germany"),
        ("What did Washingtn say?", "United States"),
        ("What about Itlay?", "Italy"),
    ],
)
def test_typos_match_fuzzily(resolver: ActorResolver, question: str, name: str) -> None:
    match = only(resolver, question)
    assert match.name == name
    assert 80 <= match.score < 100


def test_short_words_match_fuzzily_only_when_clearly_a_misspelt_name(
    resolver: ActorResolver,
) -> None:
    # "Angela" is one letter from Angola; short typos must be swapped letters.
    assert resolver.find("What does Angela think?") == []
    # ... in a word written as a name.
    assert resolver.find("what about itlay?") == []


def test_vocabulary_words_only_match_exactly() -> None:
    resolver = ActorResolver(TABLE, vocabulary=["The Germnay brand said so."])
    assert resolver.find("What is Germnay's position?") == []
    assert keys(resolver.find("What is Germany's position?")) == ["germany"]


# --- resolve: one name typed by an admin -----------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("germany", "germany"),
        ("DE", "germany"),
        ("de", "germany"),
        ("Berlin", "germany"),
        ("uk", "united_kingdom"),
        ("us", "united_states"),
        ("  Germnay ", "germany"),
        ("the Baltic states", "baltic_states"),
        ("Brussels", "eu"),
    ],
)
def test_resolve_one_name(resolver: ActorResolver, name: str, key: str) -> None:
    match = resolver.resolve(name)
    assert match is not None
    assert match.key == key


def test_resolve_unknown_country_and_nonsense(resolver: ActorResolver) -> None:
    japan = resolver.resolve("japan")
    assert japan is not None
    assert (japan.key, japan.name, japan.known) == (None, "Japan", False)
    assert resolver.resolve("Atlantis") is None
    assert resolver.resolve("") is None


# --- unmatched names -------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("What is Foo's position?", ["Foo"]),
        ("Does Atlantis support the mission?", ["Atlantis"]),
        ("What do Germany and Atlantis think?", ["Atlantis"]),
        ("Is the Bank of England for it?", ["Bank of England"]),
        ("What is Germany's position?", []),
        ("What did Emmanuel Macron say on Friday?", []),
        ("Where does Berlin stand?", []),
    ],
)
def test_unmatched_names(resolver: ActorResolver, question: str, names: list[str]) -> None:
    assert resolver.unmatched_names(question) == names


# --- speed -----------------------------------------------------------------


def test_find_is_fast(resolver: ActorResolver) -> None:
    question = "Do Germany, France and the three Baltic states agree with Germnay and Japan on it?"
    runs = 200
    started = time.perf_counter()
    for _ in range(runs):
        resolver.find(question)
    assert (time.perf_counter() - started) / runs < 0.001


def test_rebuilding_is_fast() -> None:
    ActorResolver(TABLE)  # the library data is cached after the first build
    started = time.perf_counter()
    ActorResolver(TABLE)
    assert time.perf_counter() - started < 0.5
