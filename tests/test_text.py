"""The engine's one text-normalisation module, and the story knowledge it is handed as data."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.core.newsbot import NewsBot
from bot.storage.models import Topic
from bot.storage.reads import load_table
from bot.storage.seed import load_seeds
from digests.actors import ActorResolver
from digests.dates import DateError, parse_date
from digests.model import StanceTable
from digests.model import Topic as TopicRecord
from digests.question import QuestionReader
from digests.text import (
    STOPWORDS,
    fold,
    language_of,
    month_numbers,
    stem,
    stopwords,
    weekday_names,
    words,
)
from tests.test_seeds import SEEDS


def test_folding_makes_case_accents_sharp_s_quotes_and_dashes_plain() -> None:
    assert fold("Élysée") == fold("ELYSEE") == "elysee"
    assert fold("Straße") == "strasse"
    assert fold("won’t „so“ – «oui»") == 'won\'t "so" - "oui"'
    assert words("Germany’s trainers won’t go") == ["germany", "trainers", "wont", "go"]
    # Apostrophes join letters only inside a word; quotes around words are not letters.
    assert words("'Ukraine's' allies'' O'Brien's x''y 1990s-era") == [
        "ukraine",
        "allies",
        "obrien",
        "x",
        "y",
        "1990s",
        "era",
    ]
    assert words("Élysée’s ‘ja’ über-Straße") == ["elysee", "ja", "uber", "strasse"]


def test_stop_words_are_kept_per_language_and_keep_words_that_mean_something() -> None:
    assert {"the", "which", "would"} <= stopwords("en")
    assert {"der", "und", "welche"} <= stopwords("de")
    assert {"the", "der", "please"} <= STOPWORDS
    # "us" names the United States; "nicht" and "gegen" carry a stance.
    assert not {"us", "nicht", "gegen", "kein"} & STOPWORDS


def test_german_words_get_the_german_stemmer_and_english_words_the_english_one() -> None:
    assert stem(fold("Soldaten"), "de") == stem(fold("Soldat"), "de") != stem("soldaten")
    assert stem("unterstutzen", "de") == stem("unterstutz", "de")
    assert stem("ueberpruefung", "de").startswith("de:")
    assert stem("supporting") == stem("supports") == "support"
    assert language_of(words("Wer ist gegen die Mission?")) == "de"
    assert language_of(words("Was the UK invited?")) == "en"


def test_month_and_weekday_names_come_in_every_form_readers_write() -> None:
    english, german = month_numbers("en"), month_numbers("de")
    assert english["sept"] == english["sep"] == english["september"] == 9
    assert german["marz"] == german["maerz"] == german["marzes"] == 3
    assert german["januars"] == german["jan"] == 1
    assert {"monday", "montag", "montags", "sonntag"} <= weekday_names(wide_only=True)
    assert "so" not in weekday_names(wide_only=True)  # German "So." is also "so"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 Nov 2024", date(2024, 11, 15)),
        ("November 15, 2024", date(2024, 11, 15)),
        ("3 Sept. 2024", date(2024, 9, 3)),
        ("15. März 2024", date(2024, 3, 15)),
        ("1. Dezember 2026", date(2026, 12, 1)),
        ("2024-11-15", date(2024, 11, 15)),
    ],
)
def test_written_dates_in_english_and_german(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_an_impossible_written_date_is_refused_plainly() -> None:
    with pytest.raises(DateError, match="not a real date"):
        parse_date("31 Feb 2024")


def test_the_seeded_topic_carries_its_verbs_and_glossary(bot: NewsBot) -> None:
    with bot.session() as session:
        table = load_table(session)
    topic = table.topics[0]
    assert {"send", "deploy"} <= set(topic.verbs)
    assert dict(topic.glossary)["ausbilder"] == "trainers"


def test_a_database_seeded_before_topics_had_a_lexicon_gets_the_seeds(bot: NewsBot) -> None:
    with bot.session() as session:
        for topic in session.scalars(select(Topic)):
            topic.lexicon = {}
    with bot.session() as session:
        assert load_seeds(session, SEEDS) == 1
    with bot.session() as session:
        assert all(t.lexicon["verbs"] for t in session.scalars(select(Topic)))
        assert load_seeds(session, SEEDS) == 0  # a second start changes nothing


def test_a_glossary_is_the_stories_not_the_engines() -> None:
    """The same German question reads the story's word only when its topic says so."""
    plain = StanceTable(topics=[TopicRecord("t", "sending trainers", ("trainers",))])
    glossed = StanceTable(
        topics=[
            TopicRecord(
                "t", "sending trainers", ("trainers",), glossary=(("ausbilder", "trainers"),)
            )
        ]
    )
    question = "Wer schickt Ausbilder?"
    read = [
        QuestionReader(t, ActorResolver(t.actors), vocabulary=[], topic_vocab=[]).read(question)
        for t in (plain, glossed)
    ]
    assert "ausbilder" in read[0].rest and "trainers" in read[1].rest
    assert read[1].known and not read[0].known


def test_the_compiled_stemmers_stem_as_the_pure_python_ones() -> None:
    # snowballstemmer hands over to PyStemmer when it is installed; a version of it that
    # stemmed differently would change which rows and phrases a question matches.
    pytest.importorskip("Stemmer")
    from snowballstemmer.english_stemmer import EnglishStemmer
    from snowballstemmer.german_stemmer import GermanStemmer

    from digests.lexicon import STANCE_PHRASES, STANCE_WORDS
    from digests.text.stemming import _STEMMERS

    vocabulary = set(STOPWORDS)
    for entries in (*STANCE_PHRASES.values(), *STANCE_WORDS.values()):
        for entry in entries:
            vocabulary.update(words(entry))
    for path in sorted(p for p in SEEDS.rglob("*") if p.is_file()):
        vocabulary.update(words(path.read_text("utf-8")))
    assert len(vocabulary) > 700
    for lang, pure in (("en", EnglishStemmer()), ("de", GermanStemmer())):
        differ = [w for w in vocabulary if _STEMMERS[lang].stemWord(w) != pure.stemWord(w)]
        assert not differ, (lang, differ[:10])
