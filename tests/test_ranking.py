"""Sentence splitting and key-point ranking, on the seed article and small texts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from digests.model import ArticleText
from digests.ranking import MAX_WORDS, rank_key_points
from digests.sentences import normalise_whitespace, split_sentences

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "articles" / "000-welt-trainers-coalition.txt"

KIRBY = (
    "“That has been the case so far, and it will continue to be the case in the future,”"
    " stressed Kirby."
)


@pytest.fixture(scope="module")
def seed_sentences() -> list[str]:
    return split_sentences(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_article(seed_sentences: list[str]) -> ArticleText:
    return ArticleText(
        slug="welt-trainers-coalition",
        title="Macron forges coalition to send Western military trainers to Ukraine",
        source="WELT AM SONNTAG",
        published=date(2024, 6, 9),
        sentences=tuple(seed_sentences),
    )


def article(slug: str, published: date | None, *sentences: str, source: str = "") -> ArticleText:
    return ArticleText(
        slug=slug,
        title=slug,
        source=source or slug,
        published=published,
        sentences=sentences,
    )


# --- sentences ----------------------------------------------------------------------


def test_seed_split_keeps_quotes_whole(seed_sentences: list[str]) -> None:
    # The closing quote follows the comma; a naive splitter cuts after "future,”".
    assert KIRBY in seed_sentences
    assert "“Several partners have already agreed,” Macron said at the weekend." in seed_sentences
    assert len(seed_sentences) == 20
    assert all(s == s.strip() and s for s in seed_sentences)


def test_split_does_not_break_on_abbreviations() -> None:
    text = (
        "The U.S. government will not send troops. Officials in Washington, D.C. confirmed it"
        " on Friday.\n\nGen. Thierry Burkhard wrote to Mr. Pistorius at 9 a.m. on Monday."
    )
    assert split_sentences(text) == [
        "The U.S. government will not send troops.",
        "Officials in Washington, D.C. confirmed it on Friday.",
        "Gen. Thierry Burkhard wrote to Mr. Pistorius at 9 a.m. on Monday.",
    ]


def test_split_on_paragraphs_first_and_join_wrapped_lines() -> None:
    text = (
        "A headline without a full stop\n\nFirst line of a\nwrapped paragraph. Second one.\n\n \n"
    )
    assert split_sentences(text) == [
        "A headline without a full stop",
        "First line of a wrapped paragraph.",
        "Second one.",
    ]
    assert split_sentences(" \n\n ") == []
    assert normalise_whitespace(" a\tb\u00a0 c\n") == "a b c"


# --- ranking: the seed article -----------------------------------------------------------


def test_seed_key_points_are_not_just_the_lead(
    seed_article: ArticleText, seed_sentences: list[str]
) -> None:
    points = rank_key_points([seed_article])
    assert len(points) == 6
    positions = [seed_sentences.index(p.sentence) for p in points]
    # A lead-N summary would pick positions 0-5; most picks must come from later on.
    assert sum(pos >= 6 for pos in positions) >= 3, positions
    # The story's central fact, the (EU) training mission in Ukraine, is among them.
    assert any("training mission" in p.sentence for p in points), positions
    # Side remarks are not: the short quotes and the bare "that is possible" line.
    assert KIRBY not in [p.sentence for p in points]
    assert all(
        p.article == "welt-trainers-coalition" and p.source == "WELT AM SONNTAG" for p in points
    )


def test_output_sorted_deterministic_and_limited(seed_article: ArticleText) -> None:
    points = rank_key_points([seed_article], limit=4)
    assert len(points) == 4
    assert [p.score for p in points] == sorted((p.score for p in points), reverse=True)
    assert points == rank_key_points([seed_article], limit=4)
    # A bigger limit extends the list; it does not swap out the best points (shown by
    # score, a point picked later may stand before one picked earlier).
    assert set(points) <= set(rank_key_points([seed_article], limit=8))
    assert len(rank_key_points([seed_article], limit=1)) == 1
    assert rank_key_points([seed_article], limit=0) == []


def test_limit_above_candidates_returns_each_distinct_sentence_once() -> None:
    art = article(
        "a",
        date(2024, 6, 1),
        "Estonia is considering sending soldiers to western Ukraine for training tasks.",
        "Spain will not send military instructors to Ukraine, its defence minister said.",
        "Too short to count.",
    )
    points = rank_key_points([art], limit=10)
    assert len(points) == 2
    assert "Too short to count." not in [p.sentence for p in points]


def test_empty_inputs() -> None:
    assert rank_key_points([]) == []
    assert rank_key_points([article("empty", date(2024, 6, 1))]) == []
    assert rank_key_points([article("short", None, "Only five words here today.")]) == []


def test_very_long_sentences_are_capped() -> None:
    long = " ".join(f"word{i}" for i in range(150)) + "."
    points = rank_key_points([article("long", None, long, "A normal sentence about the story.")])
    capped = [p.sentence for p in points if p.sentence.startswith("word0 ")]
    assert len(capped) == 1
    assert len(capped[0].split()) == MAX_WORDS + 1  # the words plus "…"
    assert capped[0].endswith("…")


# --- ranking: across articles --------------------------------------------------------------

# Two outlets reporting the same fact in slightly different words, each with its own
# other sentences, all on the story.
OUTLET_A = (
    "French President Emmanuel Macron wants to send Western military trainers to Ukraine"
    " within days.",
    "Paris sent letters of invitation to about ten European governments last week.",
    "Germany was not invited to join the training mission in Ukraine.",
    "The majority of EU countries oppose training Ukrainian soldiers inside Ukraine.",
)
OUTLET_B = (
    "Emmanuel Macron, the French President, wants to send Western military trainers to"
    " Ukraine in the coming days.",
    "Washington does not want American soldiers to take part in the training mission.",
    "Estonia is considering sending soldiers to western Ukraine for training tasks.",
    "Hungary says Ukraine no longer has a realistic chance of winning the war.",
)


def test_near_duplicates_from_two_outlets_yield_one_point() -> None:
    articles = [
        article("a-outlet", date(2024, 6, 9), *OUTLET_A, source="Outlet A"),
        article("b-outlet", date(2024, 6, 9), *OUTLET_B, source="Outlet B"),
    ]
    # The limit admits every sentence, so only duplicate removal can drop one.
    points = rank_key_points(articles, limit=8)
    trainers = [p for p in points if "military trainers" in p.sentence]
    assert len(trainers) == 1
    assert len(points) == 7


def test_newer_article_wins_a_tie() -> None:
    sentences = OUTLET_A
    # Slugs sort the older article first, so a slug tie-break alone would pick it.
    older = article("a-older", date(2024, 6, 1), *sentences)
    newer = article("b-newer", date(2024, 6, 5), *sentences)
    for order in ([older, newer], [newer, older]):
        points = rank_key_points(order, limit=8)
        assert len(points) == len(sentences)  # each sentence once, not twice
        assert {p.article for p in points} == {"b-newer"}
        assert all(p.published == date(2024, 6, 5) for p in points)


def test_equal_dates_break_ties_by_slug() -> None:
    first = article("a-first", date(2024, 6, 1), *OUTLET_B)
    second = article("b-second", date(2024, 6, 1), *OUTLET_B)
    assert {p.article for p in rank_key_points([second, first], limit=8)} == {"a-first"}


def test_older_articles_count_less() -> None:
    art = article("a", date(2024, 6, 1), *OUTLET_A)
    fresh = rank_key_points([art], today=date(2024, 6, 1))
    stale = rank_key_points([art], today=date(2024, 7, 1))
    assert [p.sentence for p in fresh] == [p.sentence for p in stale]
    assert all(s.score < f.score for f, s in zip(fresh, stale, strict=True))
    # today defaults to the newest publication date, not the wall clock.
    assert rank_key_points([art]) == fresh


def test_story_wide_sentence_beats_an_aside() -> None:
    # The same fact as the story's other reports should outrank an article's aside,
    # even when the aside is what that article dwells on.
    story = [article(f"s{i}", date(2024, 6, 9), *OUTLET_A) for i in range(3)]
    aside = article(
        "aside",
        date(2024, 6, 9),
        "The ministry canteen in Berlin served asparagus soup on Friday evening.",
        "Asparagus soup is popular in Berlin every spring, the canteen staff noted.",
        "Macron wants to send Western military trainers to Ukraine soon, officials say.",
    )
    points = rank_key_points([*story, aside], limit=8)
    asides = [i for i, p in enumerate(points) if "asparagus" in p.sentence.lower()]
    assert asides == [len(points) - 2, len(points) - 1], [p.sentence for p in points]


# --- scale -----------------------------------------------------------------------------------
