"""What a position is about and who holds it, in wording the dev set's first batches did
not use: an actor named twice in a sentence, the story's place without its subject, a
refusal of something else, a passive refusal."""

from __future__ import annotations

import pytest
from extract_reading import first_story_table, read, stances

from digests.model import StanceTable


@pytest.fixture
def table(bot) -> StanceTable:
    return first_story_table(bot)


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


def test_who_speaks_stands_next_to_the_verb_of_saying_not_later_in_the_sentence(table):
    found = read(
        table,
        "Bulgaria has no intention of sending its soldiers to Ukraine, Prime Minister Nikolai "
        "Denkov said on Tuesday, a day after President Emmanuel Macron declined to exclude "
        "sending Western troops.",
    )
    assert stances(found) == {"Bulgaria": "opposes"}


def test_the_country_whose_soldiers_are_the_subject_holds_the_position(table):
    found = read(
        table,
        "Croatian soldiers will not go to Ukraine, President Zoran Milanović said. "
        '"Not a single Croatian soldier will be part of it," Milanović told reporters.',
    )
    assert stances(found) == {"Croatia": "opposes"}
    found = read(
        table,
        "The deployment of Polish soldiers to Ukraine is not being considered, the defence "
        "minister said.",
    )
    assert stances(found) == {"Poland": "opposes"}
    # An object is no subject: "we train Ukrainian soldiers".
    found = read(table, "We train Ukrainian soldiers at home and will keep doing so.")
    assert "Ukraine" not in stances(found)


def test_a_quantified_group_is_nobody_the_table_holds(table):
    found = read(
        table,
        "Prime Minister Robert Fico said that some NATO and EU member states were "
        "considering sending their own soldiers to Ukraine.",
    )
    assert "European Union" not in stances(found) and "NATO" not in stances(found)


def test_a_relative_clause_to_the_end_names_nobody_who_holds_the_cue_before_it(table):
    found = read(
        table,
        'Pistorius said sending troops was "not on the table" for Germany, which has '
        "supplied Ukraine with tanks.",
    )
    assert stances(found) == {"Germany": "opposes"}


def test_german_refusals_and_openings_in_other_words(table):
    found = read(
        table,
        "Frankreich will Soldaten zur Ausbildung in die Ukraine entsenden. Bundeskanzler Olaf "
        "Scholz hat der Entsendung von Bodentruppen eine klare Absage erteilt.",
    )
    assert stances(found).get("Germany") == "opposes"
    found = read(
        table,
        "Es werde keine Soldaten auf ukrainischem Boden geben, sagte Scholz.",
    )
    assert stances(found) == {"Germany": "opposes"}
    found = read(table, "Es werde keine neuen Zölle geben, sagte Scholz.")
    assert stances(found) == {}
    found = read(
        table,
        "Man solle bei der Ausbildung in der Ukraine nichts von vornherein ausschließen, "
        "sagte Kaja Kallas.",
    )
    assert stances(found) == {"Estonia": "undecided"}


def test_an_interviewer_s_premise_is_no_one_s_position(table):
    found = read(
        table,
        "Minister, President Macron says sending soldiers to Ukraine should not be excluded. "
        "Would Latvia take part?\n\n"
        "We are not going to send Latvian soldiers to Ukraine.\n\n"
        "Not even instructors?\n\n"
        "Not even instructors.",
    )
    assert "France" not in stances(found)


def test_neither_negates_and_who_is_told_holds_nothing(table):
    found = read(
        table,
        "Hungary will neither send soldiers to Ukraine nor allow training missions on its "
        "territory, the foreign minister said.",
    )
    assert stances(found) == {"Hungary": "opposes"}
    found = read(
        table,
        "Sending Swedish soldiers to Ukraine is not on the agenda, Ulf Kristersson said. "
        '"There is no request for it," Kristersson told public broadcaster SVT.',
    )
    assert "SVT" not in stances(found)


def test_other_words_for_soldiers_are_what_the_topic_sends(table):
    found = read(
        table,
        "Ireland will not send members of its Defence Forces to Ukraine, Foreign Affairs "
        "Minister Micheál Martin said.",
    )
    assert stances(found) == {"Ireland": "opposes"}
    found = read(table, "Ireland will not send its EU members a bill for the summit.")
    assert stances(found) == {}


def test_what_another_had_done_before_the_news_is_background(table):
    found = read(
        table,
        "Finland is not planning to send its soldiers to Ukraine, Prime Minister Petteri Orpo "
        "said, after the French president had refused to rule out a deployment.",
    )
    assert stances(found) == {"Finland": "opposes"}
    found = read(
        table,
        "Österreich wird keine Soldaten in die Ukraine entsenden, sagte Karl Nehammer, "
        "nachdem Präsident Emmanuel Macron einen solchen Schritt nicht ausgeschlossen hatte.",
    )
    assert stances(found) == {"Austria": "opposes"}


def test_a_german_sentence_opening_with_a_capitalised_noun_goes_on_about_its_actor(table):
    found = read(
        table,
        "Am weitesten geht Litauen bei der Ausbildung. Die Regierung in Vilnius wäre nach "
        "Worten von Außenminister Gabrielius Landsbergis bereit, Soldaten zur Ausbildung in "
        "die Ukraine zu entsenden.",
    )
    assert stances(found) == {"Lithuania": "supports"}
