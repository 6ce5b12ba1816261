"""Mechanisms found on follow-ups nobody tuned for (dev-set batch u): who holds a cue
when a speaker's country is unknown, capitals and bodies in them, listed doers of a
passive, German verb-final objects, interviews, and cues that only look like positions.
Each sentence here is the test's own, not a dev-set article's."""

from __future__ import annotations

import pytest
from extract_reading import first_story_table, read, stances

from digests.model import StanceTable


@pytest.fixture
def table(bot) -> StanceTable:
    return first_story_table(bot)


def test_a_speaker_whose_country_is_unknown_speaks_for_nobody(table):
    found = read(
        table,
        "Lithuania is ready to send instructors to Ukraine.\n\n"
        "In Oslo, Prime Minister Jonas Gahr Store has said that any deployment is not on the "
        "table.",
    )
    assert stances(found) == {"Lithuania": "supports"}


def test_the_subject_of_a_reported_clause_may_be_a_demonym_after_said_that(table):
    found = read(
        table, "In Madrid, the minister has said that sending Spanish troops is not an option."
    )
    assert stances(found) == {"Spain": "opposes"}


def test_background_names_neither_the_speakers_country_nor_a_holder(table):
    found = read(
        table,
        "Defence Minister Anna Berg said Ottawa had no intention of sending soldiers, a day "
        "after the French president refused to exclude it.",
    )
    assert "France" not in stances(found)
    assert stances(found) == {"Canada": "opposes"}


def test_bodies_in_capitals_and_every_doer_a_passive_lists(table):
    found = read(
        table,
        "The French proposal to send trainers was rejected by the governments in Rome, "
        "Madrid and Lisbon.",
    )
    assert stances(found) == {"Italy": "opposes", "Spain": "opposes", "Portugal": "opposes"}


def test_a_capital_after_a_preposition_is_no_actor(table):
    found = read(table, "Poland will not send troops, and continues its support for Kyiv.")
    assert stances(found) == {"Poland": "opposes"}


def test_a_german_verb_final_cue_supports_what_stands_before_it(table):
    found = read(
        table, "Dänemark werde die Ukraine weiterhin mit Munition unterstützen, sagte sie."
    )
    assert found.stances == []
    found = read(table, "Dänemark werde die Ausbildungsmission in der Ukraine unterstützen.")
    assert stances(found) == {"Denmark": "supports"}


def test_an_interviews_answers_are_the_interviewees(table):
    found = read(
        table,
        "Die lettische Verteidigungsministerin über Ausbilder und Munition.\n\n"
        "Frau Ministerin, würde Lettland Ausbilder in die Ukraine schicken?\n\n"
        "Wir sind bereit, unsere Ausbilder in die Ukraine zu schicken, das haben wir Berlin "
        "gesagt.\n\n"
        "Fürchten Sie eine Eskalation?\n\n"
        "Ausbildung ist keine Eskalation.",
    )
    assert stances(found) == {"Latvia": "supports"}


def test_a_clause_the_speaker_holds_hands_on_the_speaker_not_a_place_it_names(table):
    found = read(
        table,
        "Latvia's defence minister on instructors and ammunition.\n\n"
        "Minister, would Latvia send instructors to Ukraine?\n\n"
        "Partners and we are looking at whether instructors could work in the west of "
        "Ukraine, but my government has not taken a decision.\n\n"
        "Do you fear escalation?\n\n"
        "Training is not escalation.",
    )
    assert stances(found) == {"Latvia": "undecided"}


def test_a_pronoun_points_back_only_where_the_topics_nouns_were_named(table):
    found = read(
        table,
        "Dozens of countries backed a closing statement of a summit on peace in Ukraine. "
        "India and Brazil declined to sign it, and China did not send a delegation.",
    )
    assert found.stances == []


def test_a_when_clause_of_a_month_gone_by_tells_a_past_position(table):
    found = read(
        table,
        "The minister's remarks went beyond the line of early April, when the prime minister "
        "said Latvia had no plans to send its soldiers to Ukraine.",
    )
    assert found.stances == []
    found = read(
        table,
        "Das ging über die Linie vom Februar hinaus, als der Regierungschef sagte, Lettland "
        "lehne eine Entsendung von Soldaten in die Ukraine ab.",
    )
    assert found.stances == []
    found = read(table, "Latvia has no plans to send its soldiers to Ukraine, the minister said.")
    assert stances(found) == {"Latvia": "opposes"}


def test_a_sentence_about_a_thing_carries_no_actor_over(table):
    body = (
        "Latvia agreed on Monday to host a logistics hub for aid to Ukraine. "
        "The hub, to be run from Riga, will not send any soldiers into Ukraine."
    )
    assert read(table, body).stances == []
    body = (
        "Latvia discussed the training mission on Monday. "
        "The government will not send any soldiers into Ukraine."
    )
    assert stances(read(table, body)) == {"Latvia": "opposes"}


def test_welcoming_troops_who_came_is_no_position_on_sending(table):
    body = (
        "The first Dutch soldiers of a new battalion arrived in Latvia for training. "
        "Latvia's defence minister welcomed the soldiers and said barracks would be built."
    )
    assert read(table, body).stances == []
    body = "Latvia welcomed the plan to send instructors to Ukraine."
    assert stances(read(table, body)) == {"Latvia": "supports"}


def test_a_noun_and_an_invitation_not_received_are_no_positions(table):
    assert read(table, "Hungary stayed out of paying for that part of the support.").stances == []
    found = read(table, "Officials in Rome said they had not been asked to contribute trainers.")
    assert found.stances == []


def test_still_not_launched_is_stalled(table):
    found = read(
        table,
        "The trainer coalition Macron promised to launch in the coming days has still not "
        "been launched.",
        published="2024-11-25",
    )
    assert [(p.item, p.changes.get("status")) for p in found.items] == [
        ("Launch of the trainer coalition", "stalled")
    ]


def test_a_position_every_sentence_doubts_stays_in_review(table):
    found = read(
        table,
        "Sweden has ruled out sending instructors to Ukraine, according to two officials."
        "\n\nSweden has ruled out any deployment of trainers, diplomats said.",
    )
    (proposal,) = found.stances
    assert (proposal.actor, proposal.stance) == ("Sweden", "opposes")
    assert proposal.confidence < 0.8


def test_a_headline_does_not_lift_what_its_body_reports_second_hand(table):
    found = extract_titled(
        table,
        "Denmark weighs sending trainers to Ukraine",
        "Denmark is considering sending instructors to Ukraine, according to two officials.",
    )
    (proposal,) = found.stances
    assert (proposal.actor, proposal.stance) == ("Denmark", "undecided")
    assert proposal.confidence < 0.8


def test_a_refusal_negated_leaves_the_door_open(table):
    found = read(
        table,
        "It is not out of the question that Danish instructors could one day work in "
        "Ukraine, Denmark's defence minister said.",
    )
    assert stances(found) == {"Denmark": "undecided"}


def test_a_clause_set_off_and_opened_by_after_is_background(table):
    found = read(
        table,
        "The government in Bratislava said in March that it would not send instructors, "
        "after the Danish prime minister refused to rule out such a mission.",
    )
    assert stances(found) == {"Slovakia": "opposes"}


def test_who_a_fronted_condition_names_does_not_hold_the_main_clause(table):
    found = read(table, "If Ukraine asks for them, Latvia will send instructors to Ukraine.")
    assert stances(found) == {"Latvia": "supports"}


def test_what_someone_asked_for_is_a_thing_not_their_position(table):
    found = read(
        table,
        "The EU's mission for Ukraine has trained 40,000 Ukrainian soldiers, none of them "
        "inside Ukraine.\n\nIts commander said the mission had shaped its courses to what "
        "Ukrainian officers asked for, from mine clearing to the training of snipers.",
    )
    assert stances(found) == {}


def test_he_said_after_a_speaker_of_unknown_country_is_not_the_earlier_actor(table):
    found = read(
        table,
        "Denmark and Norway are among the largest donors to the ammunition fund for Ukraine, "
        "and Belgium said it would add more money.\n\n"
        "President Karel Dvorak told reporters that the fund worked well. "
        '"We do not send soldiers, we send what Ukraine\'s soldiers need," he said.',
    )
    assert stances(found) == {}


def test_a_party_named_by_its_initials_holds_its_own_words(table):
    found = read(
        table,
        "Bundeskanzler Olaf Scholz hat im Bundestag die Vertrauensfrage verloren. Scholz "
        "warf der FDP vor, die Regierung sabotiert zu haben.\n\n"
        "Die FDP schließt eine erneute Koalition mit der SPD nicht aus.",
    )
    assert stances(found) == {}


def test_arguing_it_should_happen_there_is_backing_it(table):
    found = read(
        table,
        "Estonia, for its part, still argues that some of the training should take place "
        "in Ukraine itself.",
    )
    assert stances(found) == {"Estonia": "supports"}


def test_arguing_it_should_happen_elsewhere_or_about_something_else_is_no_backing(table):
    found = read(
        table,
        "Spain argues that the training of Ukrainian soldiers should stay outside Ukraine."
        "\n\nItaly insists that Europe must put more air defence systems in Ukraine.",
    )
    assert stances(found) == {}


def test_a_name_ending_like_a_determiner_does_not_hide_the_verb_after_it(table):
    # "Spain supports": the "in " of "Spain" is no determiner before a noun "supports".
    found = read(
        table,
        "Britain backs sending instructors to Ukraine.\n\n"
        "Spain supports sending trainers to Ukraine as well.",
    )
    assert stances(found) == {"United Kingdom": "supports", "Spain": "supports"}


def test_refusing_a_gerund_refuses_what_it_sends(table):
    found = read(
        table,
        "Norway has rejected sending soldiers to Ukraine.\n\n"
        "Portugal rejected sending air defence systems to Ukraine.",
    )
    assert stances(found) == {"Norway": "opposes"}


def test_opposed_to_is_the_subjects_own_position_not_a_passive(table):
    found = read(
        table,
        "Slovakia is firmly opposed to sending trainers to Ukraine.\n\n"
        "The plan to send instructors was opposed by Hungary.",
    )
    assert stances(found) == {"Slovakia": "opposes", "Hungary": "opposes"}


def test_german_inflected_topic_nouns_make_a_sentence_about_the_topic(table):
    found = read(table, "Spanien lehnt die Entsendung von Ausbildern in die Ukraine ab.")
    assert stances(found) == {"Spain": "opposes"}


def test_a_german_word_ending_in_a_topic_noun_as_a_syllable_is_not_that_noun(table):
    found = read(
        table,
        "Die EU-Kommission prüft einen Schutzwall an der Ostgrenze.\n\n"
        "Deutschland unterstützt den Vorstoß grundsätzlich.",
    )
    assert stances(found) == {}


def test_sending_them_sends_what_the_text_before_names(table):
    found = read(
        table,
        "Poland trains Ukrainian soldiers at home and has no instructors in Ukraine. "
        "Lithuania said it was ready to send them.\n\n"
        "Norway will send air defence systems to Ukraine. Denmark is ready to send them too.",
    )
    assert stances(found) == {"Lithuania": "supports"}


def test_a_german_decision_not_taken_is_no_refusal_of_what_it_would_decide(table):
    found = read(
        table,
        "Norwegen hat sich noch nicht entschieden, ob es Ausbilder in die Ukraine schickt.",
    )
    assert stances(found) == {"Norway": "undecided"}


def test_a_short_german_report_with_a_name_in_other_letters_reads_as_german(table):
    found = read(
        table,
        "Lettland will keine Soldaten in die Ukraine schicken, sagte Ministerpräsidentin "
        "Evika Siliņa.",
    )
    assert stances(found) == {"Latvia": "opposes"}


def test_a_german_verb_second_before_its_negation_refuses_sending(table):
    found = read(
        table,
        "Tschechien schickt keine Soldaten in die Ukraine, sagte der Regierungschef.\n\n"
        "Frankreich schickt nicht nur Ausbilder, sondern auch Waffen in die Ukraine.\n\n"
        "Polen schickt keine Panzer mehr in die Ukraine.",
    )
    assert stances(found) == {"Czechia": "opposes"}


def test_none_who_will_go_is_a_refusal(table):
    found = read(table, 'Croatia\'s president said: "No Croatian soldier will go to Ukraine."')
    assert stances(found) == {"Croatia": "opposes"}


def test_an_act_made_the_condition_of_another_is_no_readiness(table):
    found = read(
        table,
        "Bulgaria will think twice before sending any soldiers to Ukraine, its prime "
        "minister said.",
    )
    assert stances(found) == {}


def test_a_german_speaker_named_by_der_and_a_demonym_speaks_for_that_country(table):
    found = read(
        table,
        "„Wir werden keine Soldaten in die Ukraine entsenden“, sagte der schwedische "
        "Verteidigungsminister am Dienstag.",
    )
    assert stances(found) == {"Sweden": "opposes"}


def test_a_share_of_people_in_a_poll_is_not_their_country(table):
    found = read(table, "A poll showed 62 percent of Poles oppose sending soldiers to Ukraine.")
    assert stances(found) == {}


def test_not_keeping_another_from_sending_is_no_refusal(table):
    found = read(
        table,
        "Washington will not stop France from sending trainers to Ukraine, a US official said.",
    )
    assert stances(found) == {}


def test_warning_someone_against_it_is_no_position_of_theirs(table):
    found = read(
        table,
        "Moscow warned the Baltic governments and Finland against sending instructors to Ukraine.",
    )
    assert stances(found) == {}


def test_warning_against_it_oneself_opposes_it(table):
    found = read(table, "Hungary warns against sending trainers to Ukraine.")
    assert stances(found) == {"Hungary": "opposes"}


def test_someone_out_of_office_speaks_for_no_country(table):
    found = read(
        table,
        "Former Italian prime minister Paolo Verdi said Europe should consider sending "
        "trainers to Ukraine.\n\n"
        '"Sending trainers to Ukraine should not be ruled out," former Estonian defence '
        "minister Jaan Tamm told the conference.",
    )
    assert stances(found) == {}


def test_a_refusal_that_opens_with_no_holds_whose_people_it_names(table):
    found = read(
        table, "Its position has not changed: no Greek troops will be deployed to Ukraine."
    )
    assert stances(found) == {"Greece": "opposes"}


def test_a_decision_someone_owns_is_theirs_not_the_welcomers(table):
    found = read(table, "Latvia welcomed Sweden's decision not to send trainers to Ukraine.")
    assert stances(found) == {"Sweden": "opposes"}


def test_readiness_signalled_is_backing_readiness_as_a_subject_is_not(table):
    found = read(
        table,
        "Lithuania has signalled its readiness to send instructors to Ukraine.\n\n"
        "Hungary's readiness to send trainers to Ukraine is zero, its prime minister said.",
    )
    assert stances(found) == {"Lithuania": "supports"}


def test_there_will_be_none_holds_whose_people_it_names(table):
    found = read(table, "There will be no Danish instructors in Ukraine, the minister said.")
    assert stances(found) == {"Denmark": "opposes"}


@pytest.mark.parametrize(
    "text",
    [
        "Spain will not send trainers to Ukraine, a Madrid newspaper reported on Monday.",
        "Sweden is expected to announce that it has ruled out sending instructors to Ukraine.",
        "Spanien werde keine Ausbilder in die Ukraine schicken, berichtete eine Zeitung.",
    ],
)
def test_a_paper_reporting_it_or_an_expectation_stays_in_review(table, text):
    (proposal,) = read(table, text).stances
    assert proposal.stance == "opposes"
    assert proposal.confidence < 0.8


def test_sending_soldiers_to_another_country_is_another_deployment(table):
    english = read(
        table,
        "The Netherlands will deploy 200 soldiers to Lithuania as part of NATO's forward "
        "presence.\n\nPortugal is ready to send trainers to western Ukraine.",
    )
    german = read(
        table,
        "Norwegen will Soldaten nach Litauen entsenden, um die Ostflanke zu stärken.\n\n"
        "Ausbilder in der Ukraine sind für Oslo dagegen kein Thema.",
    )
    assert stances(english) == {"Portugal": "supports"}
    assert stances(german) == {"Norway": "opposes"}  # the Ukraine sentence's, not Lithuania's


def extract_titled(table: StanceTable, title: str, body: str):
    from digests.extraction import extract, from_text

    return extract(
        from_text(f"Title: {title}\nPublished: 2024-06-20\nSource: Test\n\n{body}"), table
    )


def test_what_someone_had_said_is_a_position_of_the_past(table):
    english = read(
        table,
        "Back in March, as foreign minister, she had said that Latvia was ready to send "
        "trainers to Ukraine. Her successor now says the question is closed.",
    )
    assert "Latvia" not in stances(english)
    german = read(
        table,
        "Der Minister hatte im Frühjahr gesagt, Lettland sei bereit, Ausbilder in die Ukraine "
        "zu schicken.",
    )
    assert "Latvia" not in stances(german)
    # Said now about what was decided before: today's word.
    assert stances(read(table, "Latvia said it had decided to send trainers to Ukraine.")) == {
        "Latvia": "supports"
    }


def test_what_an_aside_says_the_subject_was_doing_is_past(table):
    found = read(
        table,
        "Latvia, which in the spring was still weighing whether to send trainers to Ukraine, "
        "will host a conference in June.",
    )
    assert "Latvia" not in stances(found)
    # An aside that states where the subject stands now still says so.
    now = read(table, "Latvia, which backs sending trainers to Ukraine, will host a conference.")
    assert stances(now) == {"Latvia": "supports"}


def test_others_firmly_against_are_unnamed_whoever_speaks(table):
    found = read(
        table,
        "Interview with the EU's foreign policy chief.\n\n"
        "Q: Will trainers go to Ukraine?\n\n"
        "A: I asked the ministers about sending trainers to Ukraine. Some member states were "
        "in favour, others were firmly against.",
    )
    assert "European Union" not in stances(found)


def test_a_seat_of_government_speaks_for_a_country_the_table_lacks_where_a_clause_opens(table):
    found = read(
        table,
        "Officials of the International Olympic Committee met in Lausanne on Monday.\n\n"
        "The Kremlin said it was weighing whether to send instructors to Ukraine.",
    )
    assert stances(found) == {"Russia": "undecided"}
    # Moscow as an object is no one who speaks.
    told = read(
        table,
        '"We should not tell Moscow what we will do," Latvia\'s minister said. '
        '"There is no decision on sending trainers to Ukraine."',
    )
    assert "Russia" not in stances(told)


def test_waiting_and_weighing_that_are_no_deliberation(table):
    assert (
        stances(
            read(
                table, '"We cannot wait for the war to end by itself," Hungary said of the mission.'
            )
        )
        == {}
    )
    burden = read(
        table, "Latvia said the costs of sending trainers to Ukraine could weigh on its budget."
    )
    assert stances(burden).get("Latvia") != "undecided"
    # Waiting for a decision's occasion is no side taken yet.
    waits = read(table, "Sweden is waiting for a concrete proposal on sending trainers to Ukraine.")
    assert stances(waits) == {"Sweden": "undecided"}


def test_a_start_is_the_item_s_only_when_said_of_it(table):
    found = read(
        table,
        "Macron's trainer coalition has not been launched. Scholz spoke of the election "
        "campaign that began with the collapse of his coalition.",
    )
    assert all(i.changes.get("status") != "launched" for i in found.items)
    agreed = read(table, "Several partners had agreed to join the trainer coalition, Macron said.")
    assert all(i.changes.get("status") != "agreed" for i in agreed.items)


def test_what_we_do_to_a_country_makes_it_no_holder(table):
    # After "we", a name is what the speaker's side does something to; the quote is the
    # speaker's (Italy's, as the sentence before says), never Ukraine's nor Russia's.
    found = read(
        table,
        'Italy would not send soldiers to Ukraine, Tajani told reporters. "We help Ukraine '
        "to defend itself, but we are not at war with Russia, and no Italian soldier will "
        'be sent to Ukrainian soil."',
    )
    assert stances(found) == {"Italy": "opposes"}


def test_not_considering_it_in_german_is_a_no(table):
    found = read(
        table,
        "Polen erwägt die Entsendung von Ausbildern nicht, sagte der Verteidigungsminister "
        "am Mittwoch in Warschau.",
    )
    assert stances(found) == {"Poland": "opposes"}


def test_a_place_with_its_adjective_is_no_speakers_country(table):
    found = read(
        table,
        "Estonia could send instructors to western Ukraine if a coalition is formed, but the "
        "government has not taken a decision, Defence Minister Hanno Pevkur said.",
    )
    assert "Ukraine" not in stances(found)


def test_an_adjective_is_no_demand_and_an_objectless_refusal_is_no_refusal(table):
    found = read(
        table,
        "Ukrainian soldiers who have gone through the courses have described them as "
        "demanding but useful. Orbán wants peace talks, an idea most EU governments reject "
        "as long as Russian troops occupy Ukrainian territory.",
    )
    assert stances(found) == {}


def test_what_had_been_agreed_is_history_not_news_of_the_item(table):
    found = read(
        table,
        "Several partners had agreed, Macron said in June, and the coalition of trainers "
        "would be launched in the coming days. Three months later there is no coalition.",
        published="2024-09-24",
    )
    assert all(i.changes.get("status") != "agreed" for i in found.items)


def test_the_items_own_word_goes_back_to_the_paragraph_before_for_its_other_word(table):
    found = read(
        table,
        "Three months after Macron promised a coalition of trainers, there is no "
        "coalition and no date.\n\nThe launch has, in effect, stalled.",
        published="2024-09-24",
    )
    assert [(i.item, i.changes.get("status")) for i in found.items] == [
        ("Launch of the trainer coalition", "stalled")
    ]
    # One word of the item, with nothing before it that names its other words, is no
    # sentence about it.
    alone = read(table, "The launch has, in effect, stalled.", published="2024-09-24")
    assert alone.items == []


@pytest.mark.parametrize(
    "body, country",
    [
        ("Britain has said no.", "United Kingdom"),
        ("Germany remains the clearest no among the large countries.", "Germany"),
        ("London is not on board.", "United Kingdom"),
    ],
)
def test_a_plain_no_in_an_analysis_of_the_topic_is_a_refusal(table, body, country):
    # The paragraph names the topic; the sentence only says no.
    found = read(
        table,
        f"Macron's coalition to send military trainers into Ukraine has few takers. {body}",
    )
    assert stances(found).get(country) == "opposes"


def test_no_that_ends_no_phrase_is_no_refusal(table):
    found = read(
        table,
        "Macron's coalition to send military trainers into Ukraine has few takers. Britain "
        "said no more about it, and the idea is no longer discussed in London.",
    )
    assert "United Kingdom" not in stances(found)


def test_a_plain_yes_in_an_analysis_of_the_topic_is_backing(table):
    found = read(
        table,
        "Macron's coalition to send military trainers into Ukraine has few takers. "
        "Lithuania remains the clearest yes.",
    )
    assert stances(found) == {"Lithuania": "supports"}


def test_a_name_in_a_german_infinitive_clause_is_what_the_verb_acts_on(table):
    found = read(
        table,
        "Österreich schickt keine Ausbilder in die Ukraine. Die Neutralität hindert Wien "
        "nicht daran, die Ukraine auf andere Weise zu unterstützen.",
    )
    assert "Ukraine" not in stances(found)


def test_the_missions_words_with_another_country_are_another_mission(table):
    found = read(
        table,
        "EU governments agreed on Monday that the European Union's training mission in "
        "Mozambique will be turned into a smaller military assistance mission. The new "
        "mission, to be called EUMAM Mozambique, is expected to run until mid-2026.",
        published="2024-07-08",
    )
    assert found.items == [] and "EUMAM" not in stances(found)


def test_ruling_out_no_option_in_german_keeps_it_open_and_whom_it_aims_at_holds_nothing(table):
    found = read(
        table,
        "Finnlands Präsident Alexander Stubb wirbt dafür, bei der Entsendung von Ausbildern "
        "in die Ukraine keine Option von vornherein auszuschließen, um Moskau über die "
        "Absichten des Westens im Unklaren zu lassen.",
    )
    assert stances(found) == {"Finland": "undecided"}
