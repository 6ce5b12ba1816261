"""The extraction stages one at a time (segment, lexicon, holder, dates), and the dev set
as a whole: nothing wrong at or above the auto-apply confidence."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest
from extract_reading import first_story_table, read, stances

from bot.config.settings import Settings
from digests.extraction import from_text
from digests.extraction.cues import language_of, lexicon, normalise, stance_cues
from digests.extraction.segment import split_dateline, split_header, written_date
from digests.model import StanceTable

BENCH = Path(__file__).parent.parent / "bench"


@pytest.fixture
def table(bot) -> StanceTable:
    return first_story_table(bot)


# ---------------------------------------------------------------- segment
def test_a_wire_dateline_gives_date_and_agency_and_leaves_the_body():
    line, body = split_dateline("BRATISLAVA, June 20, 2024 (Central Wire) — Slovakia will not.")
    assert line is not None and line.place == "BRATISLAVA"
    assert line.published == date(2024, 6, 20) and line.agency == "Central Wire"
    assert body == "Slovakia will not."
    line, body = split_dateline("BERLIN, 12. Juni 2024 (Agentur) – Deutschland wird keine.")
    assert line is not None and line.published == date(2024, 6, 12)
    assert body.startswith("Deutschland")


def test_a_headline_may_end_in_a_quoted_phrase_but_not_in_a_quoted_sentence():
    found = from_text('Cameron: trainers would be "a target"\n\nBritain will not send them.')
    assert found.title == 'Cameron: trainers would be "a target"'
    found = from_text('He said: "We will not send them."\n\nBritain will not send them.')
    assert found.title != 'He said: "We will not send them."'


def test_prose_that_opens_in_capitals_is_no_dateline():
    assert split_dateline("NATO, the alliance, said no - again.")[0] is None
    assert split_dateline("Slovakia will not send soldiers.")[0] is None


def test_a_dateline_whose_year_is_left_out_is_still_no_actor():
    line, body = split_dateline("TALLINN, Oct 2 (Baltic Wire) — Sweden has not closed the door.")
    assert line is not None and line.place == "TALLINN" and line.agency == "Baltic Wire"
    assert line.published is None and body.startswith("Sweden")


def test_the_short_lines_under_a_headline_give_date_and_source():
    english = from_text(
        "Oslo keeps its instructors at home\nWednesday, September 11, 2024\n"
        "Fjord Business Wire, Bergen\n\nNorway will not send instructors, the minister said."
    )
    assert english.published == date(2024, 9, 11) and english.source == "Fjord Business Wire"
    assert english.body.startswith("Norway")
    german = from_text(
        "Oslo schickt keine Ausbilder\n\nOslo/Berlin, 14. November 2024 | Testblatt, Ressort "
        "Ausland | Von unserer Korrespondentin Eva Muster\n\nNorwegen schickt keine Ausbilder."
    )
    assert german.published == date(2024, 11, 14) and german.source == "Testblatt"
    assert german.body.startswith("Norwegen")
    numeric = from_text(
        "Oslo schickt keine Ausbilder\n24.09.2024, 18:15 Uhr\nQuelle: Testblatt\n\n"
        "Norwegen schickt keine Ausbilder."
    )
    assert numeric.published == date(2024, 9, 24) and numeric.source == "Testblatt"
    # An outlet's line first, the headline under it.
    outlet_first = from_text(
        "Testblatt – Politik\nDienstag, 25. Juni 2024\nOslo schickt keine Ausbilder in die "
        "Ukraine, sagt der Minister\n\nNorwegen schickt keine Ausbilder."
    )
    assert outlet_first.source == "Testblatt" and outlet_first.published == date(2024, 6, 25)
    assert outlet_first.title.startswith("Oslo schickt") and outlet_first.body.startswith("Nor")
    # A first paragraph of prose is no such block, even with a date in it.
    prose = from_text("Oslo says no\n\nOn June 3, 2024 Norway said it would not send anyone.")
    assert prose.published is None and prose.body.startswith("On June 3")


def test_a_web_page_s_section_label_and_repeated_headline_are_no_text():
    page = (
        "<html><head><title>Oslo keeps its instructors at home</title></head><body>"
        "<article><p>Defence</p><h1>Oslo keeps its instructors at home</h1>"
        "<p>WASHINGTON — Norway will not send military instructors to Ukraine, its defence "
        "minister said on the sidelines of the summit in Washington on Tuesday.</p>"
        "<p>The minister said the question was closed for now and would not be reopened.</p>"
        "</article></body></html>"
    )
    found = from_text(page)
    assert found.dateline is not None and found.dateline.startswith("WASHINGTON")
    assert found.body.startswith("Norway")


def test_german_header_keys_and_written_dates():
    meta, body = split_header("Titel: Rom sagt nein\nDatum: 2024-06-07\nQuelle: Dienst\n\nText.")
    assert meta == {"title": "Rom sagt nein", "date": "2024-06-07", "source": "Dienst"}
    assert body == "Text."
    assert written_date("15. November 2026") == date(2026, 11, 15)
    assert written_date("November 15, 2026") == date(2026, 11, 15)
    assert written_date("the 15th") is None


# ---------------------------------------------------------------- cues
def test_the_language_picks_the_lexicon():
    assert language_of("Italien wird keine Soldaten in die Ukraine schicken, sagte er.") == "de"
    assert language_of("Italy will not send soldiers to Ukraine, he said.") == "en"
    de = lexicon("de")
    hits = stance_cues(normalise("Die Niederlande schließen eine Beteiligung nicht aus"), de)
    assert [h.stance for h in hits] == ["undecided"]  # "nicht aus": the door stays open


def test_a_double_negation_keeps_the_door_open(table):
    found = read(table, "Sweden would not exclude sending military instructors to Ukraine.")
    assert stances(found) == {"Sweden": "undecided"}
    # Also with its object between the verb and "out".
    found = read(table, "Sending instructors to Ukraine? Finland does not rule it out.")
    assert stances(found) == {"Finland": "undecided"}


def test_a_pronoun_for_the_topic_inside_the_cue(table):
    # Turning "the idea" down with it between, readiness "to do it": the topic, by a word
    # standing for it.
    found = read(
        table,
        "Sending military instructors to Ukraine remains the question of the summer. "
        'Washington and London have both turned the idea down. "Spain is ready to do it," '
        "its defence minister said.",
    )
    assert stances(found) == {
        "United States": "opposes",
        "United Kingdom": "opposes",
        "Spain": "supports",
    }


def test_back_as_an_adverb_is_no_backing():
    def supports(text: str) -> bool:
        return any(h.stance == "supports" for h in stance_cues(normalise(text), lexicon("en")))

    assert not supports("The wolf has only just come back to large parts of Europe.")
    assert not supports("Paris will not back down.")
    assert supports("Germany will back the plan.") and supports("Spain backs it.")


def test_common_ways_of_saying_no(table):
    found = read(
        table,
        "Hungary has no intention of sending soldiers to Ukraine.\n\n"
        "Spain turned down the invitation to send instructors to Ukraine.\n\n"
        "Italy is reluctant to send trainers to Ukraine.",
    )
    assert stances(found) == {"Hungary": "opposes", "Spain": "opposes", "Italy": "opposes"}


def test_german_statements_are_read(table):
    found = read(
        table,
        "Italien wird keine Soldaten zur Ausbildung in die Ukraine schicken. Das sagte "
        "Außenminister Antonio Tajani am Freitag.\n\n"
        "Litauen ist bereit, Ausbilder in die Ukraine zu entsenden.",
    )
    assert stances(found) == {"Italy": "opposes", "Lithuania": "supports"}
    # Another's readiness, and its infinitive set off by commas, are not the subject's will.
    found = read(
        table,
        "Estlands neuer Verteidigungsminister will die Bereitschaft der Vorgängerregierung, "
        "Ausbilder in die Ukraine zu schicken, nicht ungeprüft übernehmen.",
    )
    assert stances(found).get("Estonia") != "supports"


# ---------------------------------------------------------------- holder
def test_a_minister_of_no_known_country_speaks_for_nobody(table):
    found = read(
        table, "Foreign Minister Anna Berg said her country would not send instructors to Ukraine."
    )
    assert found.stances == []  # not "Ukraine opposes": Ukraine is where they would go


def test_a_relative_clause_names_neither_subject_nor_speaker(table):
    found = read(
        table,
        "NATO, which Macron briefed on the plan last week, has said it has no plans to send "
        "trainers to Ukraine.",
    )
    assert "France" not in stances(found)


def test_whose_people_they_are_names_no_one_who_acts(table):
    # "NATO personnel" are NATO's people, not NATO acting.
    found = read(
        table,
        "Germany has ruled out sending instructors to Ukraine. The new command will "
        "organise training in allied countries and will not station NATO personnel in "
        "Ukraine, officials said.",
    )
    assert stances(found) == {"Germany": "opposes"}


def test_a_country_new_to_the_table_named_formally(table):
    found = read(
        table,
        "The Slovak Republic will not take part in any training mission on Ukrainian "
        "territory, Defence Minister Robert Kaliňák said.",
    )
    (slovakia,) = found.stances
    assert (slovakia.actor, slovakia.stance, slovakia.new_actor) == ("Slovakia", "opposes", True)


def test_a_german_country_new_to_the_table_named_as_a_noun_acts(table):
    found = read(
        table,
        "Die Slowakei wird keine Soldaten in die Ukraine entsenden, auch nicht zur "
        "Ausbildung, sagte Ministerpräsident Robert Fico.",
        published="2024-02-27",
    )
    assert stances(found) == {"Slovakia": "opposes"}
    # The adjective before a noun stands for nobody: "slowakische Soldaten" acts not.
    found = read(
        table,
        "Slowakische Soldaten nehmen an keiner Mission in der Ukraine teil, sagte ein Beamter.",
        published="2024-02-27",
    )
    assert "Slovakia" not in stances(found)


def test_blocking_something_else_or_talk_of_sending_is_no_position(table):
    found = read(
        table,
        "Hungary has spent most of the year blocking payments from the European Peace "
        "Facility for weapons sent to Kyiv.\n\n"
        "Britain and France might revive discussions about sending military trainers to "
        "Ukraine, a newspaper reported.",
        published="2024-11-26",
    )
    assert stances(found) == {}


def test_a_question_states_no_position(table):
    assert read(table, "Will Sweden join the coalition of trainers in Ukraine?").stances == []


# ---------------------------------------------------------------- dates
def test_a_month_named_about_the_past_is_no_deadline(table):
    found = read(
        table,
        "Macron first floated the idea of a coalition of trainers in February, and the "
        "launch of the coalition was announced in June.",
        published="2024-09-10",
    )
    assert found.items == []


def test_an_extension_until_a_date_sets_the_new_end(table):
    found = read(
        table,
        "The EU extended the mandate of the European Union's Military Assistance Mission in "
        "support of Ukraine until 15 November 2026.",
        published="2024-11-18",
    )
    (item,) = found.items
    assert item.item == "EUMAM mandate extension"
    assert item.changes == {"status": "extended", "ends": "2026-11-15"}


def test_an_extension_whose_end_is_not_read_waits_for_review(table):
    found = read(
        table,
        "Die Außenminister haben am Montag beschlossen, das Mandat der Mission EUMAM Ukraine "
        "zu verlängern. Die Mission kann ihre Arbeit damit fortsetzen.",
        published="2024-11-18",
    )
    (item,) = found.items
    assert item.changes.get("status") == "extended" and "ends" not in item.changes
    assert item.confidence < Settings().ingest_apply_threshold


def test_a_term_runs_until_a_date_in_other_words_and_in_german(table):
    runs = read(
        table,
        "The EUMAM mandate, which EU ministers renewed in November, now runs until "
        "15 November 2026.",
        published="2024-12-02",
    )
    assert {i.item: i.changes for i in runs.items} == {
        "EUMAM mandate extension": {"status": "extended", "ends": "2026-11-15"}
    }
    agreed = read(
        table,
        "EU ministers agreed to prolong the EUMAM mandate until the end of 2026.",
        published="2024-11-18",
    )
    assert {i.item: i.changes for i in agreed.items} == {
        # A lengthening agreed is, for the item that lengthens a term, the extension done.
        "EUMAM mandate extension": {"status": "extended", "ends": "2026-12-31"}
    }
    german = read(
        table,
        "Die EU-Außenminister haben das Mandat der Mission EUMAM bis zum 15. November 2026 "
        "verlängert.",
        published="2024-11-18",
    )
    assert {i.item: i.changes for i in german.items} == {
        "EUMAM mandate extension": {"status": "extended", "ends": "2026-11-15"}
    }
    # The end in the sentence after, as the date the mission's work goes on until.
    for text in (
        "Die EU-Außenminister haben beschlossen, das Mandat der Mission EUMAM zu verlängern. "
        "Die Mission kann ihre Arbeit damit bis zum 15. November 2026 fortsetzen.",
        "EU ministers extended the mandate of EUMAM on Monday. The mission can "
        "continue its work until 15 November 2026.",
    ):
        after = read(table, text, published="2024-11-18")
        assert {i.item: i.changes for i in after.items} == {
            "EUMAM mandate extension": {"status": "extended", "ends": "2026-11-15"}
        }


def test_an_extension_not_yet_decided_moves_no_end(table):
    # A plan is no news of an extension: the mandate still ends when it did.
    found = read(
        table,
        "The EUMAM mandate is expected to be extended until November 2026.",
        published="2024-10-01",
    )
    assert all("ends" not in i.changes for i in found.items)


def test_a_sentence_about_two_items_gives_each_its_own_words(table):
    found = read(
        table,
        "EU ministers extended the EUMAM mandate until 15 November 2026 on Monday, and its "
        "revision has been postponed to March 2025.",
        published="2024-11-18",
    )
    assert {i.item: i.changes for i in found.items} == {
        "EUMAM mandate extension": {"status": "extended", "ends": "2026-11-15"},
        "EUMAM mandate revision": {
            "status": "stalled",
            "due": "2025-03-31",
            "label": "March 2025",
        },
    }


def test_lengthening_words_decide_the_end_only_for_their_own_item(table):
    def changes(body: str, published: str = "2024-11-18") -> dict[str, dict[str, str | None]]:
        return {i.item: i.changes for i in read(table, body, published=published).items}

    # The mission named without "mandate" is lengthened all the same.
    assert changes(
        "EU foreign ministers on Monday prolonged EUMAM Ukraine until 15 November 2026."
    ) == {"EUMAM mandate extension": {"status": "extended", "ends": "2026-11-15"}}
    # An extension's end that nobody decided is neither a deadline nor an end.
    assert (
        changes("Hungary had threatened to block the extension of EUMAM until 15 November 2026.")
        == {}
    )
    # "…, while the extension is due by November": the revision's clause keeps its date.
    assert changes(
        "The EUMAM revision has been postponed until October 2024, while the extension is due "
        "by November 2024.",
        published="2024-08-01",
    ) == {
        "EUMAM mandate revision": {
            "status": "stalled",
            "due": "2024-10-31",
            "label": "October 2024",
        }
    }
    # A deadline moved lengthens no term.
    found = changes(
        "The deadline for the revision of the EUMAM mandate was extended until October 2024.",
        published="2024-08-01",
    )
    assert all("ends" not in c and c.get("status") != "extended" for c in found.values())


def test_a_past_date_is_never_a_deadline_nor_an_end(table):
    found = read(
        table,
        "The EU first extended the EUMAM mandate until 15 November 2024 last year.",
        published="2025-02-01",
    )
    for i in found.items:
        assert i.changes.get("due") is None and i.changes.get("ends") is None


# ---------------------------------------------------------------- the dev set
def test_nothing_wrong_reaches_auto_apply_on_the_dev_set(table):
    spec = importlib.util.spec_from_file_location("bench_extraction", BENCH / "bench_extraction.py")
    assert spec is not None and spec.loader is not None
    sys.path.insert(0, str(BENCH))
    try:
        bench = importlib.util.module_from_spec(spec)
        sys.modules["bench_extraction"] = bench  # its dataclasses look themselves up
        spec.loader.exec_module(bench)
    finally:
        sys.path.remove(str(BENCH))
        sys.modules.pop("bench_extraction", None)
    scores, _, _ = bench.run(table, Settings().ingest_apply_threshold)
    assert len(scores) >= 40
    wrong_auto = [(s.file, n) for s in scores for n in s.notes if n.startswith("  AUTO")]
    assert wrong_auto == []
    total = bench.Score()
    for s in scores:
        total.add(s.stances)
        total.add(s.items)
    assert total.precision >= 0.9 and total.recall >= 0.85


# ---------------------------------------------------------------- clauses
def test_clauses_break_at_semicolons_colons_and_contrasts_but_not_inside_quotes():
    from digests.extraction.clauses import clauses, join_ordinal_dates

    en = lexicon("en")
    parts = [c for _, c in clauses('Spain said no; Italy agreed: "yes, but later," it said', en)]
    assert parts == ["Spain said no", "Italy agreed", '"yes, but later," it said']
    assert join_ordinal_dates(["Sie läuft bis zum 15.", "November 2026 weiter."]) == [
        "Sie läuft bis zum 15. November 2026 weiter."
    ]


# ---------------------------------------------------------------- reversals, votes, pronouns
def test_support_withdrawn_reads_as_opposition_and_belongs_to_who_withdrew_it(table):
    found = read(table, "The EU postponed the training mission after Hungary withdrew its support.")
    assert stances(found) == {"Hungary": "opposes"}
    found = read(table, "Ungarn zog seine Unterstützung für die Ausbildungsmission zurück.")
    assert stances(found) == {"Hungary": "opposes"}


def test_an_abstention_is_undecided_and_a_counted_subject_is_nobody_known(table):
    found = read(
        table,
        "Spain is ready to send military instructors to Ukraine.\n\n"
        "Ten countries voted for the training mission, five against and twelve abstained, "
        "short of the majority needed to block the training mission.\n\n"
        "Europe is divided over NATO's role in the training mission.",
    )
    assert stances(found) == {"Spain": "supports"}
    found = read(table, "Belgium abstained in the vote on the training mission.")
    assert stances(found) == {"Belgium": "undecided"}


def test_a_pronoun_object_stands_for_the_topic_the_text_just_named(table):
    found = read(
        table,
        "Ministers voted on the EU training mission for Ukraine on Monday.\n\n"
        "Italy voted against it, and Spain voted in favour.",
    )
    assert stances(found) == {"Italy": "opposes", "Spain": "supports"}
    # Nothing before says what "it" is: no position.
    assert stances(read(table, "Italy voted against it.")) == {}


def test_the_spokespersons_own_words_back_the_plain_statement_before_them(table):
    found = read(
        table,
        "Ministers met in Brussels after Austria's defence minister Klaudia Tanner spoke.\n\n"
        'Austria will send military instructors to Ukraine. "Our soldiers are ready for '
        'this," Tanner told reporters.',
    )
    [austria] = [p for p in found.stances if p.actor == "Austria"]
    assert austria.stance == "supports"
    assert austria.evidence.quote.startswith("Austria will send military instructors")
    assert "Tanner told reporters" in austria.evidence.quote


def test_criticism_is_proposed_for_review_never_applied_by_itself(table):
    found = read(table, "Hungary criticised the EU training mission for Ukraine.")
    [hungary] = found.stances
    assert (hungary.actor, hungary.stance) == ("Hungary", "opposes")
    assert hungary.confidence < 0.8  # below the auto-apply threshold: an admin decides
    assert stances(read(table, "Hungary criticised the weather in Brussels.")) == {}


def test_german_being_against_and_not_accepting(table):
    found = read(
        table,
        "Auch Polen ist gegen die Ausbildungsmission in der Ukraine.\n\n"
        "Ungarn wird die Ausbildungsmission in dieser Form nicht akzeptieren.",
    )
    assert stances(found) == {"Poland": "opposes", "Hungary": "opposes"}


def test_cannot_support_is_a_no_and_a_name_with_its_article_in_a_list_is_as_sure(table):
    found = read(
        table,
        "Italy, the Netherlands and Poland also oppose the EU training mission for Ukraine. "
        '"We cannot support the training mission," Dutch officials said.',
    )
    assert stances(found) == {"Italy": "opposes", "Netherlands": "opposes", "Poland": "opposes"}
    sure = {p.actor: p.confidence for p in found.stances}
    assert sure["Netherlands"] >= sure["Italy"]
