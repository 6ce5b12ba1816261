"""Ways of taking a side that a story's first articles use and the reader once missed or
misread: approving, agreeing with a German separable verb, giving up a veto, condemning;
and subjects of their own that stop a sentence being read as the actor's before it.
Each text is the test's own."""

from __future__ import annotations

from extract_reading import first_story_table, read, stances
from test_story_start import applied, start


def article(published: str, body: str) -> str:
    return (
        f"Title: Moldova and the regional power grid\nSource: Test Wire\n"
        f"Published: {published}\n\n{body}\n"
    )


def positions(started: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for p in started["proposals"]:
        if p.get("kind") == "stance":
            out.setdefault(p["actor"], set()).add(p["stance"])
    return out


def test_a_parliament_that_approves_it_and_one_that_lifts_its_veto_support_it(bot, tmp_path):
    started = start(
        bot,
        tmp_path,
        {
            "a.txt": article(
                "2024-03-04",
                "The European Parliament approved Moldova's membership of the power grid on "
                "Tuesday.\n\n"
                "Bulgaria lifted its veto on Moldova joining the power grid.",
            )
        },
    )
    found = positions(started)
    assert found["European Parliament"] == {"supports"}
    assert found["Bulgaria"] == {"supports"}


def test_what_is_approved_must_be_the_story_itself_not_a_budget_for_it(bot, tmp_path):
    started = start(
        bot,
        tmp_path,
        {
            "a.txt": article(
                "2024-03-04",
                "Romania supports Moldova joining the power grid.\n\n"
                "The Romanian parliament approved a budget of 40 million euros for the power "
                "grid's new lines.",
            )
        },
    )
    backing = [p["evidence"]["quote"] for p in started["proposals"] if p.get("actor") == "Romania"]
    assert backing == ["Romania supports Moldova joining the power grid."]


def test_a_german_separable_verb_with_nothing_between_its_parts_agrees(bot, tmp_path):
    text = (
        "Title: Moldau darf dem Stromnetz beitreten\nSource: Test Wire\nPublished: 2024-06-10\n\n"
        "Die Betreiber haben den Beitritt Moldaus zum regionalen Stromnetz beschlossen. "
        "Rumänien stimmte ebenfalls zu. Moskau verurteilte die Einigung."
    )
    start(bot, tmp_path, {"a.txt": text})
    rows = applied(bot)
    assert rows["Romania"] == "supports"
    assert rows["Russia"] == "opposes"


def test_a_subject_of_its_own_is_not_the_actor_the_text_was_about(bot, tmp_path):
    # "The Romanian presidency", "Polls", "The rules on …": whoever they are, not Hungary.
    started = start(
        bot,
        tmp_path,
        {
            "a.txt": article(
                "2024-03-04",
                "Hungary opposes Moldova joining the power grid.\n\n"
                "The Romanian presidency supports the request. Polls show a clear majority "
                "of Moldovans in favour of joining the grid. The rules on unacceptable "
                "delays apply from January.",
            )
        },
    )
    assert positions(started).get("Hungary") == {"opposes"}


def test_a_party_whose_name_opens_with_a_letter_beyond_a_to_z_is_named_in_full(bot, tmp_path):
    started = start(
        bot,
        tmp_path,
        {
            "a.txt": article(
                "2024-03-04",
                "Moldova's parliament voted for joining the power grid.\n\n"
                "The nationalist İYİ Party voted against joining the power grid.",
            )
        },
    )
    assert positions(started).get("İYİ Party") == {"opposes"}


def test_a_veto_named_as_a_thing_is_nobody_s_act(bot):
    found = read(
        first_story_table(bot),
        "Lithuania is ready to send instructors to Ukraine, so that the mission cannot be "
        "stopped by a single veto.",
    )
    assert stances(found) == {"Lithuania": "supports"}


def test_soldiers_sent_as_part_of_another_force_are_not_the_story_s(bot):
    found = read(
        first_story_table(bot),
        "Poland has no plans to send soldiers to Ukraine as part of a possible force to "
        "monitor a future ceasefire.",
    )
    assert stances(found) == {}
