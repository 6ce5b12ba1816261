"""The stance answerer, as a user sees it: the actor, the stance, the quote that backs
it (verbatim, with source and date), the as-of date — and an honest "no position
recorded" where the sources say nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.core.newsbot import NewsBot
from digests.answer import Answer
from digests.document import Quote
from digests.render import to_text

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "seeds" / "articles" / "000-welt-trainers-coalition.txt").read_text(
    encoding="utf-8"
)
SOURCE = "WELT AM SONNTAG"
AS_OF = "9 Jun 2024"
OPPONENTS = {"United States", "Germany", "Italy", "Spain", "Majority of EU countries"}
INVITED = {
    "United States",
    "United Kingdom",
    "Poland",
    "Netherlands",
    "Estonia",
    "Latvia",
    "Lithuania",
    "Denmark",
    "Sweden",
}
NO_STATED_POSITION = INVITED - {"United States"} | {"Hungary"}


def ask(bot: NewsBot, question: str) -> tuple[Answer, str]:
    answer = bot.answer(question)
    return answer, to_text(answer.document)


def actors(answer: Answer) -> list[str]:
    return [hit.actor.name for hit in answer.stances]


def quotes(answer: Answer) -> list[Quote]:
    return [b for b in answer.document.blocks if isinstance(b, Quote)]


def assert_quotes_verbatim(answer: Answer) -> None:
    shown = quotes(answer)
    assert shown, "an answer about a position shows the quote that backs it"
    for q in shown:
        assert q.text in ARTICLE, f"not verbatim: {q.text!r}"
        assert q.source and SOURCE in q.source
        assert q.date == AS_OF


# ---------------------------------------------------------------------- one actor
POSITIONS = [
    # Germany: name, possessive, demonym, capital, officials, government, German, typos
    ("What is Germany's position?", "Germany", "opposes"),
    ("What do the Germans think?", "Germany", "opposes"),
    ("Where does Berlin stand on the trainer mission?", "Germany", "opposes"),
    ("What does Scholz think about sending trainers?", "Germany", "opposes"),
    ("What did Pistorius say?", "Germany", "opposes"),
    ("How does the traffic light coalition see it?", "Germany", "opposes"),
    ("Was ist die Position Deutschlands?", "Germany", "opposes"),
    ("Wie steht Deutschland zur Ausbildungsmission?", "Germany", "opposes"),
    ("What is Germnay's stance?", "Germany", "opposes"),
    ("GERMANY POSITION", "Germany", "opposes"),
    ("germany", "Germany", "opposes"),
    ("🇩🇪?", "Germany", "opposes"),
    # United States
    ("What is the US position?", "United States", "opposes"),
    ("What does Washington think?", "United States", "opposes"),
    ("What did Kirby say?", "United States", "opposes"),
    ("Where do the Americans stand?", "United States", "opposes"),
    ("What's Biden's view?", "United States", "opposes"),
    # France
    ("What is France's position?", "France", "supports"),
    ("What does Macron want?", "France", "supports"),
    ("What did the Élysée say?", "France", "supports"),
    ("Was sagt Frankreich?", "France", "supports"),
    # the rest of the table
    ("What is Italy's view?", "Italy", "opposes"),
    ("What does Rome think?", "Italy", "opposes"),
    ("What does Meloni think?", "Italy", "opposes"),
    ("Itlay position", "Italy", "opposes"),
    ("What is the Spanish position?", "Spain", "opposes"),
    ("What does Madrid think?", "Spain", "opposes"),
    ("What is Hungary's position?", "Hungary", "unknown"),
    ("What's Hungray's stance?", "Hungary", "unknown"),
    ("What does Orbán think?", "Hungary", "unknown"),
    ("What's Britain's stance?", "United Kingdom", "unknown"),
    ("what about the brits", "United Kingdom", "unknown"),
    ("What do the Dutch think?", "Netherlands", "unknown"),
    ("What is The Hague's position?", "Netherlands", "unknown"),
    ("What does Warsaw think?", "Poland", "unknown"),
    ("What about the Poles?", "Poland", "unknown"),
    ("What do the Swedes think?", "Sweden", "unknown"),
    ("What is Estonia's view?", "Estonia", "unknown"),
    ("Where does Riga stand?", "Latvia", "unknown"),
    ("Lithuania", "Lithuania", "unknown"),
    ("Denmark?", "Denmark", "unknown"),
    ("What do most EU countries think?", "Majority of EU countries", "opposes"),
    ("What do EU diplomats say?", "EU diplomatic circles", "supports"),
    ("Quelle est la position de l'Allemagne?", "Germany", "opposes"),
    ("Whta is Frances position", "France", "supports"),
]


@pytest.mark.parametrize(("question", "actor", "stance"), POSITIONS)
def test_a_named_actor_gets_its_stance_with_quote_source_and_date(
    bot: NewsBot, question: str, actor: str, stance: str
) -> None:
    answer, text = ask(bot, question)
    assert actors(answer) == [actor]
    assert answer.stances[0].record.stance == stance
    assert f"as of {AS_OF}" in text
    for e in answer.stances[0].record.evidence:
        assert e.quote in text
    assert_quotes_verbatim(answer)


def test_a_country_named_as_the_subject_of_the_question_is_not_a_second_actor(
    bot: NewsBot,
) -> None:
    answer, text = ask(bot, "What is Germany's position on training in Ukraine?")
    assert actors(answer) == ["Germany"]
    assert "No position recorded" not in text


def test_a_misspelt_name_is_read_as_the_actor_and_the_reading_is_shown(bot: NewsBot) -> None:
    answer, text = ask(bot, "Was Swedn invited?")
    assert actors(answer) == ["Sweden"]
    assert "Yes: Sweden was invited" in text
    assert "Reading “Swedn” as Sweden" in text


def test_an_official_answer_says_whom_they_speak_for_and_puts_their_quote_first(
    bot: NewsBot,
) -> None:
    answer, text = ask(bot, "What did Kirby say?")
    assert "John Kirby" in text and "speaks for United States" in text
    assert "stressed Kirby" in quotes(answer)[0].text


def test_an_answer_keeps_the_notes_that_are_not_stances(bot: NewsBot) -> None:
    _, text = ask(bot, "What is Germany's position?")
    assert "Not invited" in text
    assert "no letter of invitation arrived at the Berlin Ministry of Defense" in text


def test_a_german_noun_beside_a_named_actor_is_not_a_second_actor(bot: NewsBot) -> None:
    answer, text = ask(bot, "Wie steht Frankreich zu den Ausbildern?")
    assert actors(answer) == ["France"]
    assert "No position recorded" not in text


def test_a_german_question_about_an_unknown_country_still_says_so(bot: NewsBot) -> None:
    answer, text = ask(bot, "Was ist die Position von Ruritanien?")
    assert actors(answer) == []
    assert "No position recorded for Ruritanien" in text


# ---------------------------------------------------------------------- honest gaps
UNKNOWN_ACTORS = [
    ("What is Japan's position?", "Japan"),
    ("What does Atlantis think?", "Atlantis"),
    ("What does China think about the training mission?", "China"),
    ("Where does Canada stand?", "Canada"),
    ("What is Putin's view?", "Putin"),
    ("What is NATO's position?", "NATO"),
    ("What's Ukraine's position?", "Ukraine"),
    ("Does Brazil support the mission?", "Brazil"),
    ("Does Acme Corp support the mission?", "Acme Corp"),
    ("Compare Germany and Atlantis", "Atlantis"),
]


@pytest.mark.parametrize(("question", "name"), UNKNOWN_ACTORS)
def test_an_actor_the_sources_say_nothing_about_gets_no_invented_position(
    bot: NewsBot, question: str, name: str
) -> None:
    answer, text = ask(bot, question)
    assert f"No position recorded for {name}" in text
    assert name not in actors(answer)
    others = [hit for hit in answer.stances if hit.actor.name.lower() not in question.lower()]
    assert others == []
    if not answer.stances:
        for word in ("supports", "opposes", "Yes:", "No:"):
            assert word not in text


@pytest.mark.parametrize(
    "question",
    [
        "Who supports nuclear energy?",
        "Who opposes the death penalty?",
        "Who supports Brexit?",
    ],
)
def test_a_subject_outside_the_sources_gets_no_record(bot: NewsBot, question: str) -> None:
    answer, text = ask(bot, question)
    assert answer.stances == []
    assert "record no positions" in text


@pytest.mark.parametrize(
    ("question", "actor"),
    [
        ("What is Germany's position on nuclear energy?", "Germany"),
        ("Does France support nuclear energy?", "France"),
        ("What does Italy think about the euro?", "Italy"),
    ],
)
def test_a_known_actor_on_another_subject_gets_no_record_and_no_verdict(
    bot: NewsBot, question: str, actor: str
) -> None:
    answer, text = ask(bot, question)
    assert answer.stances == []
    assert f"No position recorded for {actor} on" in text
    assert "Yes:" not in text and "No:" not in text


# ---------------------------------------------------------------------- lists
WHO = [
    ("Who opposes training in Ukraine?", OPPONENTS),
    ("Who is against sending trainers?", OPPONENTS),
    ("Who refuses to take part?", OPPONENTS),
    ("Who will not take part?", OPPONENTS),
    ("Who doesn't want to send soldiers?", OPPONENTS),
    ("Is anyone against?", OPPONENTS),
    ("Wer ist dagegen?", OPPONENTS),
    ("Welche Länder sind gegen die Mission?", OPPONENTS),
    ("Who supports the mission?", {"France", "EU diplomatic circles"}),
    ("Who is in favour?", {"France", "EU diplomatic circles"}),
    ("Who wants to send troops?", {"France", "EU diplomatic circles"}),
    ("Wer ist dafür?", {"France", "EU diplomatic circles"}),
    ("Which countries back Macron?", {"France"}),
    ("Which countries will send soldiers?", {"France"}),
    ("Who was invited?", INVITED),
    ("Who got a letter?", INVITED),
    ("Which countries received an invitation?", INVITED),
    ("Wer wurde eingeladen?", INVITED),
    ("Who wasn't invited?", {"Germany"}),
    ("Which countries did not get an invitation?", {"Germany"}),
    ("Wer wurde nicht eingeladen?", {"Germany"}),
    ("Which Baltic states were invited?", {"Estonia", "Latvia", "Lithuania"}),
    ("Who was invited but refuses?", {"United States"}),
    ("Besides Germany, who opposes?", OPPONENTS - {"Germany"}),
    ("Who fears escalation?", {"Germany", "Italy", "Spain"}),
    ("Who has not taken a position?", NO_STATED_POSITION),
    ("Who has no position?", NO_STATED_POSITION),
    ("who oposes the mision", OPPONENTS),
    ("wer ist dagegn", OPPONENTS),
    (
        "Which EU countries oppose the mission?",
        {"Germany", "Italy", "Spain", "Majority of EU countries"},
    ),
    ("Which EU countries were invited?", INVITED - {"United States", "United Kingdom"}),
    ("Who sees good reasons for training in Ukraine?", {"EU diplomatic circles"}),
]


@pytest.mark.parametrize(("question", "expected"), WHO)
def test_who_questions_list_exactly_the_matching_actors(
    bot: NewsBot, question: str, expected: set[str]
) -> None:
    answer, text = ask(bot, question)
    assert set(actors(answer)) == expected
    for name in expected:
        assert name in text
    assert_quotes_verbatim(answer)


def test_a_list_puts_countries_first_and_groups_rows_that_read_alike(bot: NewsBot) -> None:
    answer, text = ask(bot, "Who opposes the mission?")
    assert actors(answer)[-1] == "Majority of EU countries"
    assert "Italy, Spain: opposes" in text  # one shared quote, not two copies
    assert text.count("fear that training on site") == 1
    assert f"as of {AS_OF}" in text


@pytest.mark.parametrize(
    "question", ["Who is undecided?", "Who is neutral?", "Who hasn't decided yet?"]
)
def test_nobody_is_undecided_and_the_answer_says_so_without_inventing(
    bot: NewsBot, question: str
) -> None:
    answer, text = ask(bot, question)
    assert "No actor in the stance table is recorded as undecided" in text
    assert {hit.record.stance for hit in answer.stances} == {"unknown"}
    assert set(actors(answer)) == NO_STATED_POSITION


def test_the_sources_silence_on_an_invitation_is_said(bot: NewsBot) -> None:
    _, text = ask(bot, "Who was not invited?")
    assert "don't say either way" in text
    assert "Hungary" in text


# ---------------------------------------------------------------------- yes / no
VERDICTS = [
    ("Does Italy support the mission?", "Italy", "No:"),
    ("Is Spain against it?", "Spain", "Yes:"),
    ("Is Spain in favour?", "Spain", "No:"),
    ("Is Germany taking part?", "Germany", "No:"),
    ("Will Germany send soldiers?", "Germany", "No:"),
    ("Is Berlin opposed to the idea?", "Germany", "Yes:"),
    ("Does the US oppose the coalition?", "United States", "Yes:"),
    ("Are the Americans joining?", "United States", "No:"),
    ("Does Washington want to participate?", "United States", "No:"),
    ("Is Paris for it?", "France", "Yes:"),
    ("Is Macron in favour?", "France", "Yes:"),
    ("Ist Italien dagegen?", "Italy", "Yes:"),
    ("Ist Spanien dafür?", "Spain", "No:"),
    ("Unterstützt Frankreich die Mission?", "France", "Yes:"),
    ("Does Hungary support the mission?", "Hungary", "Not clearly:"),
    ("Did Latvia agree?", "Latvia", "Not clearly:"),
    ("Is Germany part of the coalition?", "Germany", "No:"),
    ("Did Pistorius reject the idea?", "Germany", "Yes:"),
]


@pytest.mark.parametrize(("question", "actor", "verdict"), VERDICTS)
def test_a_yes_no_question_gets_its_verdict_first(
    bot: NewsBot, question: str, actor: str, verdict: str
) -> None:
    answer, text = ask(bot, question)
    assert actors(answer) == [actor]
    assert f"{verdict} {actor}" in text
    assert_quotes_verbatim(answer)


def test_asking_for_both_stances_gets_no_verdict(bot: NewsBot) -> None:
    answer, text = ask(bot, "Does Germany support or oppose?")
    assert actors(answer) == ["Germany"]
    assert "Yes:" not in text and "No:" not in text


INVITATIONS = [
    ("Was the UK invited?", "United Kingdom", "Yes: United Kingdom was invited"),
    ("was the uk invited", "United Kingdom", "Yes: United Kingdom was invited"),
    ("Was Britain invited?", "United Kingdom", "Yes: United Kingdom was invited"),
    ("Was Warsaw invited?", "Poland", "Yes: Poland was invited"),
    ("Wurde Polen eingeladen?", "Poland", "Yes: Poland was invited"),
    ("Were the Danes invited?", "Denmark", "Yes: Denmark was invited"),
    ("Was the United States invited?", "United States", "Yes: United States was invited"),
    ("Did the Americans get a letter?", "United States", "Yes: United States was invited"),
    ("Was Germany invited?", "Germany", "No: Germany was not invited"),
    ("Did Germany get an invitation?", "Germany", "No: Germany was not invited"),
    ("Wurde Deutschland eingeladen?", "Germany", "No: Germany was not invited"),
    ("Was Hungary invited?", "Hungary", "The sources don't say whether Hungary was invited"),
]


@pytest.mark.parametrize(("question", "actor", "expected"), INVITATIONS)
def test_invitation_questions_answer_from_the_notes(
    bot: NewsBot, question: str, actor: str, expected: str
) -> None:
    answer, text = ask(bot, question)
    assert actors(answer) == [actor]
    assert expected in text
    assert_quotes_verbatim(answer)


def test_an_unknown_actors_invitation_is_not_guessed(bot: NewsBot) -> None:
    answer, text = ask(bot, "Was Japan invited?")
    assert answer.stances == []
    assert "The sources don't say whether Japan was invited" in text


# ---------------------------------------------------------------------- time in a question
# Dates, months, years and words like "now" or "still" say when, not what about: the
# answer is the position on record, never "no position recorded on “june”".
TIMED_POSITIONS = [
    ("As of June, what is Germany's position?", "Germany", "opposes"),
    ("What was Germany's position in June 2024?", "Germany", "opposes"),
    ("Wie steht Deutschland im Juni?", "Germany", "opposes"),
    ("What was the US position on 9 June 2024?", "United States", "opposes"),
    ("What did Italy say at the end of May?", "Italy", "opposes"),
    ("Germany's position, mid-June?", "Germany", "opposes"),
    ("What is France's position currently?", "France", "supports"),
    ("What does France think now?", "France", "supports"),
    ("Where does Italy stand today?", "Italy", "opposes"),
    ("What is Spain's position at the moment?", "Spain", "opposes"),
    ("Wie steht Frankreich derzeit?", "France", "supports"),
]


@pytest.mark.parametrize(("question", "actor", "stance"), TIMED_POSITIONS)
def test_dates_and_time_words_are_not_read_as_the_subject(
    bot: NewsBot, question: str, actor: str, stance: str
) -> None:
    answer, text = ask(bot, question)
    assert actors(answer) == [actor]
    assert answer.stances[0].record.stance == stance
    assert "No position recorded" not in text
    assert f"as of {AS_OF}" in text
    assert_quotes_verbatim(answer)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("As of June, does Germany support the mission?", "No: Germany"),
        ("Is Spain still against it?", "Yes: Spain"),
        ("Was Poland invited in June 2024?", "Yes: Poland was invited"),
    ],
)
def test_a_time_before_or_inside_a_yes_no_question_keeps_the_verdict(
    bot: NewsBot, question: str, expected: str
) -> None:
    _, text = ask(bot, question)
    assert expected in text


@pytest.mark.parametrize(
    "question", ["Who opposed it in June?", "Wer war im Juni dagegen?", "Who opposes it as of now?"]
)
def test_a_list_with_a_time_lists_the_matching_actors(bot: NewsBot, question: str) -> None:
    answer, _ = ask(bot, question)
    assert set(actors(answer)) == OPPONENTS


def test_a_time_does_not_hide_a_subject_the_sources_do_not_cover(bot: NewsBot) -> None:
    answer, text = ask(bot, "What was Germany's position on nuclear energy in June?")
    assert answer.stances == []
    assert "No position recorded for Germany on “nuclear energy”." in text


def test_accepting_an_invitation_is_not_the_same_as_receiving_it(bot: NewsBot) -> None:
    answer, text = ask(bot, "Did Sweden accept the invitation?")
    assert actors(answer) == ["Sweden"]
    assert "Yes:" not in text
    assert "Sweden was invited; the sources record no answer from it." in text


def test_declining_an_invitation_is_answered_from_the_position(bot: NewsBot) -> None:
    _, text = ask(bot, "Did the US turn down the invitation?")
    assert "Yes: United States opposes" in text


def test_who_accepted_lists_only_invited_supporters(bot: NewsBot) -> None:
    answer, text = ask(bot, "Who accepted the invitation?")
    assert actors(answer) == []
    assert "No actor in the stance table supports and was invited." in text


# ---------------------------------------------------------------------- groups, several actors
@pytest.mark.parametrize(
    "question",
    [
        "Were the Baltic states invited?",
        "Were the Baltics invited?",
        "Were the Balts invited?",
        "Wurden die baltischen Staaten eingeladen?",
    ],
)
def test_a_group_answers_for_its_members(bot: NewsBot, question: str) -> None:
    answer, text = ask(bot, question)
    assert set(actors(answer)) == {"Estonia", "Latvia", "Lithuania"}
    assert "Estonia, Latvia and Lithuania were invited" in text
    assert_quotes_verbatim(answer)


def test_a_group_without_its_own_position_says_so(bot: NewsBot) -> None:
    answer, text = ask(bot, "What do the Baltic states think?")
    assert "No position of Baltic states as a whole is recorded" in text
    assert {hit.record.stance for hit in answer.stances} == {"unknown"}


def test_none_of_a_group_matching_is_said_plainly(bot: NewsBot) -> None:
    answer, text = ask(bot, "Which of the Baltic states oppose it?")
    assert "None of Estonia, Latvia and Lithuania opposes" in text
    assert all(hit.record.stance == "unknown" for hit in answer.stances)


def test_the_eu_answer_shows_what_is_reported_for_it(bot: NewsBot) -> None:
    answer, text = ask(bot, "What does the EU think?")
    assert actors(answer) == ["Majority of EU countries", "EU diplomatic circles"]
    assert "No position of European Union as a whole is recorded" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Compare France and Germany", ["France", "Germany"]),
        ("Germany vs France", ["Germany", "France"]),
        ("Why are Germany, Italy and Spain against it?", ["Germany", "Italy", "Spain"]),
    ],
)
def test_several_actors_come_in_the_order_asked(
    bot: NewsBot, question: str, expected: list[str]
) -> None:
    answer, _ = ask(bot, question)
    assert actors(answer) == expected
    assert answer.document.title and all(name in answer.document.title for name in expected)


# ---------------------------------------------------------------------- tracked items
ITEMS = [
    ("When is the EUMAM mandate revised?", "EUMAM mandate revision", "summer 2024"),
    ("When is the mandate revision?", "EUMAM mandate revision", "summer 2024"),
    ("Wann wird das Mandat überprüft?", "EUMAM mandate revision", "summer 2024"),
    ("When does the mandate expire?", "EUMAM mandate extension", "November 2024"),
    ("When will the EU mission be extended?", "EUMAM mandate extension", "November 2024"),
    ("Wann wird das Mandat verlängert?", "EUMAM mandate extension", "November 2024"),
    ("What's the status of the coalition launch?", "Launch of the trainer coalition", "announced"),
    ("When will the coalition launch?", "Launch of the trainer coalition", "in the coming days"),
]


@pytest.mark.parametrize(("question", "name", "shown"), ITEMS)
def test_tracked_item_questions_give_status_and_due_date(
    bot: NewsBot, question: str, name: str, shown: str
) -> None:
    answer, text = ask(bot, question)
    assert [i.name for i in answer.items] == [name]
    assert answer.stances == []
    assert shown in text and "Status:" in text
    assert_quotes_verbatim(answer)


def test_a_passed_due_date_is_flagged(bot: NewsBot) -> None:
    # The test clock stands in November 2026: every seeded date has passed.
    _, text = ask(bot, "When does the mandate expire?")
    assert "That date has passed and no later status is recorded" in text


@pytest.mark.parametrize("question", ["What are the upcoming deadlines?", "What's next?"])
def test_upcoming_deadlines_list_every_item_and_say_none_is_ahead(
    bot: NewsBot, question: str
) -> None:
    answer, text = ask(bot, question)
    assert {i.name for i in answer.items} == {
        "EUMAM mandate revision",
        "EUMAM mandate extension",
        "Launch of the trainer coalition",
    }
    assert "No tracked item is due after today" in text


@pytest.mark.parametrize(
    "question", ["What is EUMAM?", "Tell me about the EU Training Mission Ukraine"]
)
def test_the_mission_is_explained_with_its_dates(bot: NewsBot, question: str) -> None:
    answer, text = ask(bot, question)
    assert "military assistance mission" in text
    assert {i.name for i in answer.items} >= {"EUMAM mandate revision", "EUMAM mandate extension"}
    assert answer.stances == []


# ---------------------------------------------------------------------- odd input
ODD = [
    "",
    "   ",
    "?!?!",
    "...",
    "🙂",
    "hello",
    "help me",
    "ما هو موقف ألمانيا؟",
    "מה עמדת גרמניה?",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u200f\u200e",
    "x" * 5000,
    "What is Germany's position? " * 200,
    "\x00\x1b[31m",
]


@pytest.mark.parametrize("question", ODD, ids=range(len(ODD)))
def test_odd_input_gets_a_plain_reply_and_no_position(bot: NewsBot, question: str) -> None:
    answer, text = ask(bot, question)
    assert text.strip()
    assert answer.stances == [] and answer.items == []
    assert "Traceback" not in text


def test_a_long_question_is_refused_with_its_length(bot: NewsBot) -> None:
    _, text = ask(bot, "x" * 5000)
    assert "5000 characters" in text


def test_mentions_and_repeats_do_not_confuse_the_answer(bot: NewsBot) -> None:
    answer, _ = ask(bot, "@everyone what is germany's position")
    assert actors(answer) == ["Germany"]
    answer, _ = ask(bot, "Germany Germany Germany")
    assert actors(answer) == ["Germany"]


def test_an_overview_lists_every_row_by_stance(bot: NewsBot) -> None:
    answer, text = ask(bot, "Give me an overview")
    assert len(answer.stances) == 16
    assert "Support: France, EU diplomatic circles" in text
    assert "Oppose: United States, Germany, Italy, Spain, Majority of EU countries" in text


# ---------------------------------------------------------------------- changes show at once
def test_a_changed_stance_is_answered_with_its_history(bot: NewsBot, chat: Any) -> None:
    reply = chat.say('stance set Sweden supports summary="Sweden will send trainers."')
    assert "Sweden" in reply
    answer, text = ask(bot, "Does Sweden support the mission?")
    assert actors(answer) == ["Sweden"]
    assert answer.stances[0].record.stance == "supports"
    assert "Yes: Sweden supports" in text
    assert "Invited, no stated position → supports since 28 Nov 2026." in text


# ---------------------------------------------------------------------- JSON
def test_the_json_answer_has_exactly_the_contract_keys(bot: NewsBot) -> None:
    answer, text = ask(bot, "Was Germany invited?")
    data = answer.to_json(text)
    assert set(data) == {"question", "answer", "stances", "items"}
    assert data["answer"] == text
    (stance,) = data["stances"]
    assert set(stance) == {"actor", "stance", "summary", "evidence", "story", "topic"}
    assert stance["actor"] == "Germany"
    assert (stance["story"], stance["topic"]) == ("trainers-coalition", "training-mission")
    for e in stance["evidence"]:
        assert set(e) == {"quote", "source", "date"}
        assert e["quote"] in ARTICLE and e["date"] == "2024-06-09"
    answer, text = ask(bot, "When does the mandate expire?")
    (item,) = answer.to_json(text)["items"]
    assert item == {
        "name": "EUMAM mandate extension",
        "status": "due",
        "due": "2024-11-30",
        "ends": None,
        "story": "trainers-coalition",
        "topic": "training-mission",
    }


def test_the_json_answer_gives_a_term_end_apart_from_the_due_date(bot: NewsBot, chat: Any) -> None:
    chat.say("track update eumam-extension status=extended ends=2027-05-31")
    answer, text = ask(bot, "When does the mandate expire?")
    (item,) = answer.to_json(text)["items"]
    assert (item["status"], item["due"], item["ends"]) == ("extended", "2024-11-30", "2027-05-31")


def test_a_rebuild_after_a_change_reads_the_changed_text_and_forgets_the_old(
    bot: NewsBot, chat: Any
) -> None:
    # The rebuild reuses the words of the texts that did not change: the new summary
    # must still be read, and the replaced one must no longer match.
    answer, _ = ask(bot, "Who fears sabotage?")
    assert "Sweden" not in actors(answer)
    chat.say('stance set Sweden opposes summary="Sweden fears sabotage of its depots."')
    answer, text = ask(bot, "Who fears sabotage?")
    assert actors(answer) == ["Sweden"], text
    chat.say('stance set Sweden opposes summary="Sweden fears flooding of its depots."')
    answer, text = ask(bot, "Who fears sabotage?")
    assert "sabotage" not in text.lower()  # no row says it any more: only "fears" matches
    answer, text = ask(bot, "Who fears flooding?")
    assert actors(answer) == ["Sweden"], text


def test_a_country_the_asked_subject_goes_into_is_not_a_second_actor(bot: NewsBot) -> None:
    # Italy holds a position of its own; here it is only where the trainers would go.
    answer, _ = ask(bot, "Where does Berlin stand on sending trainers into Italy?")
    assert actors(answer) == ["Germany"]


def test_a_name_inside_the_asked_subject_is_not_a_second_actor(bot: NewsBot) -> None:
    # France holds a position, but here it is only whose plan the subject is: Norway,
    # which the table does not hold, is the one asked about.
    answer, text = ask(bot, "What is Norway's position on Macron's plan to send French trainers?")
    assert actors(answer) == [], text
    assert "No position recorded for Norway" in text
    # A list brings a second actor back in.
    answer, text = ask(bot, "What is Germany's position on the mission, and Italy's?")
    assert actors(answer) == ["Germany", "Italy"], text


def test_a_persons_name_is_not_read_as_a_typo_of_a_country(bot: NewsBot) -> None:
    # "Francis" is one letter from a country's name in another language; after "Pope" it
    # is part of a person's name, whom the sources do not quote.
    answer, text = ask(bot, "What is Pope Francis's position on the trainers?")
    assert actors(answer) == [] and not answer.items, text
    assert "No position recorded for Pope Francis" in text
    answer, text = ask(bot, "Where does Itlay stand?")
    assert actors(answer) == ["Italy"], text
