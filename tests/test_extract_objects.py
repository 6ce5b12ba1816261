"""What a position is about and who holds it, in wording the dev set's first batches did
not use: an actor named twice in a sentence, the story's place without its subject, a
refusal of something else, a passive refusal."""

from __future__ import annotations

import pytest

from bot.storage.reads import load_table
from digests.extraction import extract, from_text
from digests.model import StanceTable


@pytest.fixture
def table(bot) -> StanceTable:
    with bot.session() as session:
        return load_table(session)


def read(table: StanceTable, body: str, published: str = "2024-06-20"):
    return extract(from_text(f"Title: Test\nPublished: {published}\nSource: Test\n\n{body}"), table)


def stances(found) -> dict[str, str]:
    return {p.actor: p.stance for p in found.stances}


def test_a_capital_named_as_a_place_does_not_hide_the_country_that_acts_later(table):
    found = read(
        table,
        "In Washington, a State Department spokesman said the United States had no plans "
        "to send American instructors to Ukraine.",
    )
    assert stances(found) == {"United States": "opposes"}


def test_the_story_s_place_alone_does_not_put_a_sentence_on_the_topic(table):
    found = read(
        table,
        "The United States said it welcomed the court's ruling, and the Commission said it "
        "was examining the role of social media. The candidate opposes further aid to Ukraine.",
    )
    assert found.stances == []


def test_refusing_to_supply_something_else_is_no_position_on_trainers(table):
    body = (
        "Germany has trained thousands of Ukrainian soldiers at home.\n\n"
        "Chancellor Olaf Scholz again refused to supply Ukraine with cruise missiles."
    )
    assert stances(read(table, body)) == {}
    # The refusal of a proposal named before it is one.
    found = read(
        table,
        "France asked its allies to send military instructors to Ukraine. "
        "Poland rejected the idea on Tuesday.",
    )
    assert stances(found).get("Poland") == "opposes"


def test_a_passive_refusal_is_about_its_subject(table):
    found = read(table, "The dispatch of Belgian trainers to Ukraine was turned down by Belgium.")
    assert stances(found) == {"Belgium": "opposes"}
    found = read(table, "A new tax on airline tickets was turned down by Belgium.")
    assert stances(found) == {}


def test_a_risk_not_taken_is_no_indecision_and_nothing_committed_is_no_refusal(table):
    found = read(
        table,
        "Chancellor Olaf Scholz said no German soldiers would be deployed to Ukraine, and "
        "called instructors on Ukrainian soil a risk Berlin would not take.",
    )
    assert stances(found) == {"Germany": "opposes"}
    found = read(
        table,
        "Estonian officials said sending instructors to Ukraine is being studied, but "
        "Tallinn has not committed to anything.",
    )
    assert stances(found) == {"Estonia": "undecided"}


def test_someone_else_s_plan_to_send_is_no_readiness_and_keeping_away_from_it_is_a_no(table):
    found = read(
        table,
        "Rome and Madrid have again distanced themselves from the French plan to send "
        "military instructors to Ukraine.",
    )
    assert stances(found) == {"Italy": "opposes", "Spain": "opposes"}
    found = read(table, "Spain said the French plan to send instructors would come up in June.")
    assert stances(found) == {}


def test_a_german_name_after_dative_der_is_who_is_helped_not_who_acts(table):
    found = read(
        table,
        "Österreich werde sich nicht beteiligen, sagte Kanzler Karl Nehammer. Das Land werde "
        "der Ukraine weiter helfen, aber keine Soldaten schicken.",
    )
    assert "Ukraine" not in stances(found)
    assert stances(found).get("Austria") == "opposes"
    # After the body that speaks for it, the genitive names who acts.
    found = read(table, "Die Regierung der Slowakei wird keine Soldaten in die Ukraine entsenden.")
    assert stances(found) == {"Slovakia": "opposes"}
