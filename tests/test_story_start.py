"""Starting a story from its first articles: which positions the start applies at once,
which it leaves to an admin, and how an actor's move between dated articles is kept."""

from __future__ import annotations

import contextlib
import io
import json

from story_devset import table_rows

from bot.cli.story import run_story_new
from digests.render import to_text

MARCH = """Title: Moldova asks to join the regional power grid
Source: Test Wire
Published: 2024-03-04

Moldova asked on Monday to join the regional power grid, a step its government says
would end its dependence on a single supplier.

Hungary opposes Moldova joining the power grid. Its energy minister said the network was
not ready for another member.

Romania supports Moldova joining the grid.

Croatia, which joined the power grid in 2019, is its newest member.
"""

JUNE = """Title: Hungary changes course on Moldova's grid request
Source: Test Wire
Published: 2024-06-10

Hungary now supports Moldova joining the power grid, after the operators agreed on new
safety rules.

In Moldova, the opposition Socialist Party, which won the local elections last year, is
against joining the grid.
"""

SEPTEMBER = """Title: Moldova to join the regional power grid in January
Source: Test Wire
Published: 2024-09-02

The members of the regional power grid decided on Monday that Moldova joins on 1 January.

Budapest, which had blocked the request for months, voted in favour.
"""


def start(
    bot, tmp_path, texts: dict[str, str], title: str = "Moldova joining the power grid"
) -> dict:
    paths = []
    for name, text in texts.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = run_story_new(
            bot,
            [title, "--key", "grid", "--from", *paths, "--apply"],
            as_json=True,
        )
    assert code == 0
    bot.changed()
    return json.loads(out.getvalue())


def applied(bot) -> dict[str, str]:
    return {actor: stance for actor, stance, _ in table_rows(bot, "grid")}


def test_an_actor_that_moved_and_kept_its_new_position_ends_on_it(bot, tmp_path):
    # Against in March, for in June and September: the table ends on "supports", and the
    # March position is applied before it, as its history.
    started = start(bot, tmp_path, {"a.txt": MARCH, "b.txt": JUNE, "c.txt": SEPTEMBER})
    assert applied(bot)["Hungary"] == "supports"
    hungary = {
        p["stance"]
        for p in started["proposals"]
        if p.get("actor") == "Hungary" and p.get("status") == "applied"
    }
    assert hungary == {"opposes", "supports"}


def test_what_an_actor_had_done_is_no_position_it_holds_now(bot, tmp_path):
    # "which had blocked the request" is the past: only "voted in favour" is read.
    started = start(bot, tmp_path, {"c.txt": SEPTEMBER})
    hungary = {p["stance"] for p in started["proposals"] if p.get("actor") == "Hungary"}
    assert hungary == {"supports"}


def test_an_aside_about_a_member_is_no_position_of_it(bot, tmp_path):
    start(bot, tmp_path, {"a.txt": MARCH})
    rows = applied(bot)
    assert rows["Romania"] == "supports"
    assert "Croatia" not in rows


def test_a_party_after_the_place_it_acts_in_opens_a_plain_statement(bot, tmp_path):
    start(bot, tmp_path, {"a.txt": MARCH, "b.txt": JUNE})
    assert applied(bot).get("Socialist Party") == "opposes"


KREMLIN = """Title: Moscow warns Moldova over the power grid
Source: Test Wire
Published: 2024-03-05

The Kremlin described the grid plan as a threat on Tuesday. Its spokesman Dmitry Peskov
said Russia rejects the power grid plan.
"""


def test_a_spokesman_speaks_for_the_seat_of_government_named_before(bot, tmp_path):
    # "The Kremlin" is Russia: its spokesman's words are Russia's plain statement.
    start(bot, tmp_path, {"k.txt": KREMLIN})
    assert applied(bot).get("Russia") == "opposes"


def test_who_does_what_the_subject_is_about_is_not_asked_about(bot, tmp_path):
    start(bot, tmp_path, {"a.txt": MARCH})
    answer = bot.answer("What is Hungary's position on Romania and Moldova joining the grid?")
    reply = answer.to_json(to_text(answer.document))
    assert {s["actor"]: s["stance"] for s in reply["stances"]} == {"Hungary": "opposes"}


VERDICTS = """Title: Neighbours react to Moldova's grid plan
Source: Test Wire
Published: 2024-03-06

Romania backs Moldova joining the power grid, and Ukraine's Prime Minister Denys Shmyhal
called it a victory for the whole region.

Belarus called the grid plan a costly mistake.
"""


def test_a_verdict_in_a_joined_main_clause_is_a_plain_statement(bot, tmp_path):
    start(bot, tmp_path, {"v.txt": VERDICTS})
    rows = applied(bot)
    assert rows.get("Ukraine") == "supports"
    assert rows.get("Belarus") == "opposes"


CRITICISM = """Title: Romania questions the grid timetable
Source: Test Wire
Published: 2024-07-01

Romania criticised the timetable for the power grid.
"""


def test_a_doubted_later_reading_does_not_undo_a_plain_one(bot, tmp_path):
    # Criticism is a review-level reading: it waits beside the plain support of March.
    started = start(bot, tmp_path, {"a.txt": MARCH, "r.txt": CRITICISM})
    assert applied(bot)["Romania"] == "supports"
    romania = {
        p["stance"]: p["status"] for p in started["proposals"] if p.get("actor") == "Romania"
    }
    assert romania == {"supports": "applied", "opposes": "pending"}


SALES = """Title: Arms sales to Ruritania under pressure
Source: Test Wire
Published: 2024-04-02

Sweden opposes the arms sales to Ruritania.

Norway supports halting the arms sales to Ruritania.

Finland halted its arms sales to Ruritania in March. Iceland has not stopped its arms
sales to Ruritania.
"""

EXPORTE = """Titel: Bundesregierung verteidigt Rüstungsexporte nach Israel
Quelle: Hauptstadt-Dienst
Datum: 10. Oktober 2024

Deutschland will weiter Waffen an Israel liefern. Bundeskanzler Olaf Scholz sagte im
Bundestag, die Regierung habe keine Lieferungen gestoppt.

Die Linke lehnt die Exporte ab und fordert einen vollständigen Stopp.
"""


def test_a_topic_that_undoes_a_thing_takes_statements_about_the_undoing(bot, tmp_path):
    # "opposes the arms sales" is for halting them, the other way round: not applied.
    start(bot, tmp_path, {"s.txt": SALES}, title="Halting arms sales to Ruritania")
    rows = applied(bot)
    assert rows.get("Norway") == "supports"
    assert "Sweden" not in rows
    # Doing the undoing is taking its side; not doing it, the other.
    assert rows.get("Finland") == "supports"
    assert rows.get("Iceland") == "opposes"


def test_stopping_something_is_no_position_on_a_topic_that_undoes_nothing(bot, tmp_path):
    start(bot, tmp_path, {"s.txt": SALES}, title="Arms sales to Ruritania")
    assert "Finland" not in applied(bot)


def test_a_rejection_of_the_thing_beside_a_demand_for_its_halt_is_left_to_review(bot, tmp_path):
    start(bot, tmp_path, {"e.txt": EXPORTE}, title="Halting arms exports to Israel")
    assert "Linke" not in applied(bot)


def test_a_group_named_after_the_stance_word_does_not_limit_the_list(bot, tmp_path):
    # "the G7 grid plan" is a plan the G7 is named for: Hungary, no G7 member, opposes it.
    start(bot, tmp_path, {"a.txt": MARCH})
    answer = bot.answer("Who opposes the G7 grid plan for Moldova?", story="grid")
    reply = answer.to_json(to_text(answer.document))
    assert {s["actor"]: s["stance"] for s in reply["stances"]} == {"Hungary": "opposes"}


def test_who_is_against_them_joining_asks_for_those_against(bot, tmp_path):
    # The doers of "joining" are the subject, and "joining" no stance word of the question;
    # "Romania's entry" after "blocking" is whose entry, not a second actor asked about.
    start(bot, tmp_path, {"a.txt": MARCH})
    asked = {
        "Who is against Moldova and Romania joining the grid?": {"Hungary": "opposes"},
        "Is Hungary still blocking Romania's grid plan?": {"Hungary": "opposes"},
    }
    for question, expected in asked.items():
        answer = bot.answer(question, story="grid")
        reply = answer.to_json(to_text(answer.document))
        assert {s["actor"]: s["stance"] for s in reply["stances"]} == expected, question


DOUBTS = """Title: Neighbours weigh Moldova's grid plan
Source: Test Wire
Published: 2024-03-07

Bulgaria is unlikely to support Moldova joining the power grid.

Serbia will only support Moldova joining the power grid if its own link is built first.

Romania backs Moldova joining the power grid.
"""


def test_a_likelihood_or_a_condition_is_no_plain_statement(bot, tmp_path):
    start(bot, tmp_path, {"d.txt": DOUBTS})
    rows = applied(bot)
    assert rows.get("Romania") == "supports"
    assert "Bulgaria" not in rows
    assert "Serbia" not in rows
