"""A story about a country's own politics (its law, its election): the people in it are
sides of their own, and what each says stays theirs. Each text is the test's own."""

from __future__ import annotations

from test_story_start import applied, start
from test_story_start_cues import positions

TITLE = "Canada's online streaming law"


def article(body: str) -> str:
    return f"Title: The streaming law\nSource: Test Wire\nPublished: 2024-05-14\n\n{body}\n"


def start_own(bot, tmp_path, body: str) -> dict[str, set[str]]:
    return positions(start(bot, tmp_path, {"a.txt": article(body)}, title=TITLE))


def test_a_person_who_opens_a_sentence_is_a_side_of_their_own(bot, tmp_path):
    found = start_own(
        bot,
        tmp_path,
        "Canada's parliament passed the online streaming law on Tuesday.\n\n"
        "Pierre Poilievre, who voted for a first draft in 2021, now opposes the law. "
        "Speaker Greg Fergus backed the streaming law.",
    )
    assert found.get("Pierre Poilievre") == {"opposes"}
    assert found.get("Greg Fergus") == {"supports"}


def test_a_president_of_no_named_country_and_members_of_a_party_are_no_side(bot, tmp_path):
    found = start_own(
        bot,
        tmp_path,
        "Canada's parliament passed the online streaming law on Tuesday.\n\n"
        "President Lena Marsh backed the streaming law. "
        "Forty Liberals voted against the streaming law.",
    )
    assert not any("Marsh" in actor or "Liberals" in actor for actor in found)


def test_its_leader_speaks_for_the_party_the_sentence_before_opens_with(bot, tmp_path):
    found = start_own(
        bot,
        tmp_path,
        "Canada's parliament debates the online streaming law this week.\n\n"
        "The NDP wants the streaming law passed quickly. Its leader Jagmeet Singh demanded "
        "a vote on the streaming law before the summer.",
    )
    assert "Jagmeet Singh" not in found
    assert found.get("NDP") == {"supports"}


def test_fighting_the_law_opposes_it_and_a_senator_s_title_is_not_his_name(bot, tmp_path):
    found = start_own(
        bot,
        tmp_path,
        "Canada's parliament passed the online streaming law on Tuesday.\n\n"
        "Conservative Senator Don Plett said he would fight the law in the Senate.",
    )
    assert found == {"Don Plett": {"opposes"}}


def test_what_comes_before_another_speaker_s_clause_is_not_theirs(bot, tmp_path):
    found = start_own(
        bot,
        tmp_path,
        "Canada's parliament passed the online streaming law on Tuesday.\n\n"
        "Senator Paula Simons filed a motion urging the Senate to reject the streaming law, "
        "and Heritage Minister Pascale St-Onge said the law would stand.",
    )
    assert "Pascale St-Onge" not in found and "Canada" not in found


def test_a_law_that_may_bring_a_ban_is_no_story_about_a_ban(bot, tmp_path):
    # "… or face a ban" in the title: opposing the law is a plain position on it.
    found = positions(
        start(
            bot,
            tmp_path,
            {
                "a.txt": article(
                    "Canada's parliament passed the online streaming law on Tuesday.\n\n"
                    "Pierre Poilievre now opposes the streaming law."
                )
            },
            title="Canada's law forcing streaming services to pay or face a ban",
        )
    )
    assert found.get("Pierre Poilievre") == {"opposes"}


def test_a_side_named_after_its_title_or_in_the_article_s_spelling_is_applied(bot, tmp_path):
    # A title opened by a party's word, and a party the German copy spells its own way,
    # still open the sentence: plain statements, applied.
    german = (
        "Titel: Das Streaminggesetz\nQuelle: Testdienst\nDatum: 2024-05-14\n\n"
        "Kanadas Parlament hat das Streaminggesetz am Dienstag verabschiedet. Die Grünen "
        "lehnen das Streaminggesetz ab."
    )
    english = article(
        "Canada's parliament passed the online streaming law on Tuesday.\n\n"
        "Conservative Senator Don Plett said he would fight the streaming law in the Senate."
    )
    start(bot, tmp_path, {"a.txt": english, "b.txt": german}, title=TITLE)
    rows = applied(bot)
    assert rows.get("Don Plett") == "opposes"
    assert rows.get("Greens") == "opposes"


def test_a_person_met_as_an_object_later_opens_a_sentence_by_surname(bot, tmp_path):
    started = start(
        bot,
        tmp_path,
        {
            "a.txt": article(
                "Canada's parliament passed the online streaming law on Tuesday.\n\n"
                "StreamCo rejects the claim that the law was written to favour Marc Dubois, "
                "the owner of a rival broadcaster.\n\n"
                "Dubois backs the streaming law."
            )
        },
        title=TITLE,
    )
    # The sentence is his, not the platform's the text was about before; named as what
    # StreamCo's claim is about, he speaks for nobody but himself.
    assert positions(started).get("Marc Dubois") == {"supports"}
    assert "supports" not in positions(started).get("StreamCo", set())
    # A plain statement by his surname alone is applied, as one by his full name would be.
    assert applied(bot).get("Marc Dubois") == "supports"
