"""Reading articles against a started story's topic (keywords only, no verbs of its own):
living up to a ruling or giving a result standing, and the wordings that look like a
position and are none."""

from __future__ import annotations

import pytest

from bot.storage.reads import load_table
from digests.extraction import extract, from_text
from digests.model import StanceTable, Topic

ELECTION = Topic(
    "runoff", "Disputed presidential runoff", ("presidential", "runoff", "result", "election")
)
RULING = Topic("ruling", "Court ruling on the pipeline", ("court", "ruling", "pipeline", "judges"))


@pytest.fixture
def shared_actors(bot) -> StanceTable:
    with bot.session() as session:
        return load_table(session)


def readings(shared: StanceTable, topic: Topic, body: str) -> dict[str, str]:
    table = StanceTable(actors=shared.actors, topics=[topic], facts=[], stances=[], items=[])
    text = f"Title: {topic.name}\nSource: Test Wire\nPublished: 2024-05-02\n\n{body}"
    return {p.actor: p.stance for p in extract(from_text(text), table).stances}


def test_complying_with_or_enforcing_the_ruling_and_refusing_to(shared_actors):
    found = readings(
        shared_actors,
        RULING,
        "The judges ruled on Monday. Austria will comply with the ruling. "
        "Belgium will not enforce the court's ruling, its justice minister said.",
    )
    assert found == {"Austria": "supports", "Belgium": "opposes"}


def test_giving_the_result_standing_or_not(shared_actors):
    found = readings(
        shared_actors,
        ELECTION,
        "Japan congratulated the winner on the runoff result. "
        "Kenya would not recognise the result of the runoff.",
    )
    assert found == {"Japan": "supports", "Kenya": "opposes"}


def test_neither_one_nor_the_other_is_no_side(shared_actors):
    english = readings(
        shared_actors, ELECTION, "Finland has neither accepted nor rejected the runoff result."
    )
    german = readings(
        shared_actors,
        ELECTION,
        "Portugal hat das Ergebnis der Stichwahl weder anerkannt noch zurückgewiesen. "
        "Österreich erkennt das Ergebnis der Wahl nicht an.",
    )
    assert english == {"Finland": "undecided"}
    assert german == {"Portugal": "undecided", "Austria": "opposes"}


def test_what_looks_like_a_position_on_the_result_and_is_none(shared_actors):
    found = readings(
        shared_actors,
        ELECTION,
        # A count set beside another, and recognising someone as the winner: who won,
        # not where the speaker stands on the result.
        "Serbia's election commission gave the governing party 47 percent of the vote "
        "against 24 percent for the opposition list in the runoff. "
        "Canada recognised the challenger as the winner of the presidential runoff.",
    )
    assert found == {}


def proposals(shared: StanceTable, topic: Topic, body: str) -> dict[str, tuple[str, float]]:
    table = StanceTable(actors=shared.actors, topics=[topic], facts=[], stances=[], items=[])
    text = f"Title: {topic.name}\nSource: Test Wire\nPublished: 2024-05-02\n\n{body}"
    return {p.actor: (p.stance, p.confidence) for p in extract(from_text(text), table).stances}


def test_the_decision_is_the_news_the_story_is_about(shared_actors):
    found = readings(
        shared_actors,
        RULING,
        "The judges halted the pipeline in a ruling on Monday.\n\n"
        "Belgium opposes the decision. Chile opposes the decision to raise transit fees.",
    )
    assert found == {"Belgium": "opposes"}


def test_a_stranger_opening_a_sentence_does_not_speak_for_the_actor_before(shared_actors):
    plain = "The judges halted the pipeline in a ruling on Monday.\n\nBelgium opposes the ruling."
    alone = proposals(shared_actors, RULING, plain)
    followed = proposals(
        shared_actors, RULING, plain + " Union leader Anna Berg welcomed the ruling."
    )
    assert followed == alone == {"Belgium": ("opposes", alone["Belgium"][1])}


def test_keeping_the_decision_open_is_undecided(shared_actors):
    english = readings(
        shared_actors, ELECTION, "Finland keeps its options open on the runoff result."
    )
    german = readings(
        shared_actors,
        ELECTION,
        "Portugal hält sich die Entscheidung über das Ergebnis der Stichwahl offen.",
    )
    assert english == {"Finland": "undecided"}
    assert german == {"Portugal": "undecided"}


def test_the_dutchman_is_the_candidate_and_turkey_names_a_country(shared_actors):
    race = Topic(
        "chief", "Race for the next alliance chief", ("race", "chief", "candidate", "rutte")
    )
    found = readings(
        shared_actors,
        race,
        "Portugal backs Rutte as the next alliance chief.\n\n"
        "Turkey also endorsed the Dutchman last month, its president's office said.",
    )
    assert found == {"Portugal": "supports", "Türkiye": "supports"}


LAW = Topic("pipeline-law", "The pipeline law", ("pipeline", "law", "parliament"))


def test_condemning_it_or_calling_for_its_repeal_opposes_it(shared_actors):
    found = readings(
        shared_actors,
        LAW,
        "Parliament passed the pipeline law on Tuesday. Japan condemned the adoption. "
        "The foreign ministers of Chile, Peru and Norway urged the government to withdraw "
        "the law. Kenya asked the government to withdraw its police from the border, and "
        "Brazil condemned the arrests.",
    )
    assert found == {
        "Japan": "opposes",
        "Chile": "opposes",
        "Peru": "opposes",
        "Norway": "opposes",
    }


def test_a_past_perfect_tells_a_position_left_behind(shared_actors):
    # The narrator's past perfect is what came before; in reported speech it is the
    # speaker's present ("said it had rejected").
    english = readings(
        shared_actors,
        RULING,
        "The judges ruled on Monday. Norway had rejected the court's ruling for months. "
        "Denmark said it had rejected the ruling.",
    )
    assert "Norway" not in english
    assert english.get("Denmark") == "opposes"
    german = readings(
        shared_actors,
        Topic("urteil", "Das Urteil des Gerichts", ("gericht", "urteil", "richter")),
        "Die Richter haben am Montag entschieden. Vor einem Jahr hatte Polen das Urteil "
        "des Gerichts abgelehnt. Österreich lehnt das Urteil ab.",
    )
    assert german == {"Austria": "opposes"}


def test_a_commission_and_an_acronym_with_an_umlaut_are_organisations(shared_actors):
    english = readings(
        shared_actors,
        RULING,
        "The judges ruled on Monday. The European Commission welcomed the ruling.",
    )
    assert english == {"European Commission": "supports"}
    german = readings(
        shared_actors,
        Topic("urteil", "Das Urteil des Gerichts", ("gericht", "urteil", "richter")),
        "Die Richter haben am Montag entschieden. Die ÖVP lehnt das Urteil ab.",
    )
    assert german == {"ÖVP": "opposes"}


VOTE = Topic("vote", "Council resolution on the truce", ("council", "resolution", "truce"))


def test_backing_part_of_it_is_mixed_and_a_vote_not_cast_is_no_side(shared_actors):
    found = readings(
        shared_actors,
        VOTE,
        "The council adopted the truce resolution on Monday. "
        "Peru fully supported some of the resolution's goals. "
        "Ecuador did not vote yes on the resolution. "
        "Chile abstained because the text did not condemn the attacks.",
    )
    # Chile: "did not condemn" is the text's, not Chile's.
    assert found == {"Peru": "mixed", "Chile": "undecided"}


def test_abstaining_and_backing_parts_do_not_contradict(shared_actors):
    table = StanceTable(actors=shared_actors.actors, topics=[VOTE], facts=[], stances=[], items=[])
    text = (
        "Title: Council resolution on the truce\nSource: Test Wire\nPublished: 2024-05-02\n\n"
        "The council adopted the truce resolution on Monday. Chile abstained. "
        "Its ambassador said Chile backed parts of the resolution."
    )
    only = [p for p in extract(from_text(text), table).stances if p.actor == "Chile"]
    alone = [
        p
        for p in extract(
            from_text(
                text.replace(" Its ambassador said Chile backed parts of the resolution.", "")
            ),
            table,
        ).stances
        if p.actor == "Chile"
    ]
    assert [p.stance for p in only] == ["undecided"]
    assert only[0].confidence == alone[0].confidence


MARKETS = Topic("markets", "The digital markets law", ("digital", "markets", "law"))


def test_a_one_word_name_the_article_uses_on_its_own_is_an_organisation(shared_actors):
    found = readings(
        shared_actors,
        MARKETS,
        "The digital markets law took effect on Thursday. Globex rejects the law. "
        "A fine for Globex could follow within months. "
        "Vandelay welcomed the law and said it would open its app store. "
        "Analysts at Vandelay expect other firms to follow. "
        "Commissioner Maria Lopez said her office backed parts of the law because "
        "the rules did not name Globex.",
    )
    # The commissioner's words are hers, not those of the company her clause names.
    assert found == {"Globex": "opposes", "Vandelay": "supports"}


def test_the_news_named_in_general_words_before_its_holder_goes_on(shared_actors):
    found = readings(
        shared_actors,
        RULING,
        "The judges ruled on Monday. Austria welcomed the decision and said it would comply. "
        "Belgium welcomed the decision and the new sanctions on its neighbour.",
    )
    # Belgium's "decision" is one of two things welcomed: which decision is unclear.
    assert found == {"Austria": "supports"}


def test_not_taking_sides_is_undecided(shared_actors):
    english = readings(shared_actors, ELECTION, "Mexico has not taken sides on the runoff result.")
    german = readings(
        shared_actors,
        Topic("stichwahl", "Die umstrittene Stichwahl", ("stichwahl", "ergebnis", "wahl")),
        "Mexiko hat im Streit um das Ergebnis der Stichwahl keine Seite bezogen.",
    )
    assert english == {"Mexico": "undecided"}
    assert german == {"Mexico": "undecided"}


def test_calling_it_a_success_or_a_failure_is_a_verdict(shared_actors):
    english = readings(
        shared_actors,
        ELECTION,
        "Japan called the runoff result a clear victory for democracy. "
        "Kenya called the result a grave mistake.",
    )
    german = readings(
        shared_actors,
        Topic("stichwahl", "Die umstrittene Stichwahl", ("stichwahl", "ergebnis", "wahl")),
        "Polen bezeichnete das Ergebnis der Stichwahl als großen Erfolg. "
        "Ungarn nannte das Ergebnis einen schweren Fehler.",
    )
    assert english == {"Japan": "supports", "Kenya": "opposes"}
    assert german == {"Poland": "supports", "Hungary": "opposes"}


def test_who_an_aside_names_or_a_name_of_its_own_opens_is_no_one_else(shared_actors):
    found = readings(
        shared_actors,
        MARKETS,
        "The digital markets law took effect on Thursday. Globex said it disagreed with "
        "the finding. Acme Games, whose chief has long criticised Globex, called the law "
        "a victory for developers. The Alliance for Fair Markets also welcomed the law. "
        "Spotify, which had complained about Globex for years, welcomed the law.",
    )
    # Neither the aside's Globex nor the alliance after Globex's sentence is Globex; the
    # name an aside tells about is an organisation of its own, and so is the alliance.
    assert found == {
        "Globex": "opposes",
        "Spotify": "supports",
        "Alliance for Fair Markets": "supports",
    }


def test_a_german_party_called_alliance_or_the_left_is_an_organisation(shared_actors):
    german = readings(
        shared_actors,
        Topic("urteil", "Das Urteil des Gerichts", ("gericht", "urteil", "richter")),
        "Die Richter haben am Montag entschieden. Das Bündnis Sahra Wagenknecht lehnt "
        "das Urteil ab. Die Linke begrüßt das Urteil.",
    )
    assert german == {"Bündnis Sahra Wagenknecht": "opposes", "Linke": "supports"}


LOAN = Topic("loan", "The loan backed by frozen assets", ("loan", "assets", "plan"))


def test_pushing_for_it_and_a_big_step_back_it_and_a_warning_long_past_does_not(
    shared_actors,
):
    found = readings(
        shared_actors,
        LOAN,
        "Leaders agreed on the loan on Thursday. The United States pushed hardest for the "
        "plan. Canada called the loan a big step. Germany had long warned against the loan.",
    )
    assert found == {"United States": "supports", "Canada": "supports"}


SANCTIONS = Topic("sanctions", "Sanctions against Ruritania", ("sanctions", "package", "ruritania"))


def test_not_blocking_it_is_no_side_and_the_topic_s_name_is_no_cue(shared_actors):
    found = readings(
        shared_actors,
        SANCTIONS,
        "EU governments agreed on a new package of sanctions against Ruritania on Thursday. "
        "Hungary did not block the package. Germany now supports the package.",
    )
    # "sanctions against Ruritania" names the topic: the ministers' agreement is no "against".
    assert found == {"Germany": "supports"}


MEMBERSHIP = Topic("accession", "Ruritania's accession to the alliance", ("accession", "alliance"))


def test_ratifying_or_praising_it_backs_it_and_not_ratifying_it_does_not(shared_actors):
    found = readings(
        shared_actors,
        MEMBERSHIP,
        "The alliance met on Monday. Portugal ratified the accession in March. "
        "Greece praised the accession. Austria has not ratified the accession.",
    )
    assert found == {"Portugal": "supports", "Greece": "supports", "Austria": "opposes"}


GAMES = Topic("games", "Neutral athletes at the Games", ("neutral", "athletes", "games", "olympic"))


def test_a_country_that_opens_a_sports_body_s_name_is_part_of_it(shared_actors):
    found = readings(
        shared_actors,
        GAMES,
        "The Canadian Olympic Committee, by contrast, has backed the rules for neutral "
        "athletes. The Japan Football Association welcomed the decision on the neutral "
        "athletes.",
    )
    assert "Canada" not in found and "Japan" not in found
    assert found.get("Canadian Olympic Committee") == "supports"


SUMMIT_TRIP = Topic(
    "trip",
    "The president's summit trip and the boycott of his talks",
    ("summit", "trip", "boycott", "talks"),
)
GAS_SANCTIONS = Topic("sanctions", "Sanctions on imported gas", ("sanctions", "gas", "imports"))


def test_a_side_on_others_reaction_to_the_news_is_only_for_review(shared_actors):
    trip = proposals(
        shared_actors,
        SUMMIT_TRIP,
        "The president flew to the summit on Friday. Austria rejected the boycott of the talks "
        "as childish.",
    )
    assert trip["Austria"][1] < 0.6  # a side on the boycott: whose side on the trip?
    # Where the reaction is the news itself, a side on it is as sure as any.
    sanctions = proposals(
        shared_actors, GAS_SANCTIONS, "Austria rejected the sanctions on gas imports."
    )
    assert sanctions["Austria"][0] == "opposes"
    assert sanctions["Austria"][1] - trip["Austria"][1] >= 0.25


ABKOMMEN = Topic("abkommen", "Das Abkommen", ("abkommen",))


def test_a_german_negation_after_the_verb_turns_it_round_or_voids_it(shared_actors):
    found = readings(
        shared_actors,
        ABKOMMEN,
        "Die Minister berieten über das Abkommen. Polen unterstützt das Abkommen nicht. "
        "Spanien enthielt sich bei der Abstimmung über das Abkommen nicht. "
        "Malta lehnt das Abkommen nicht ab. "
        "Irland unterstützt nicht nur das Abkommen, sondern auch den Plan.",
    )
    # Spain voted and Malta did not reject it, one way or the other: no side read.
    assert found == {"Poland": "opposes", "Ireland": "supports"}


def test_a_final_text_is_the_news_and_not_rejecting_it_no_side(shared_actors):
    found = readings(
        shared_actors,
        RULING,
        "The judges ruled on Monday. Austria now backs the final text. "
        "Belgium did not reject the ruling.",
    )
    assert found == {"Austria": "supports"}


def test_not_yet_having_signed_it_is_no_side_yet(shared_actors):
    english = readings(
        shared_actors,
        Topic("agreement", "The agreement", ("agreement",)),
        "Ministers discussed the agreement. Finland has not yet signed the agreement. "
        "Norway has yet to sign the agreement.",
    )
    german = readings(
        shared_actors,
        ABKOMMEN,
        "Die Minister berieten über das Abkommen. Finnland hat das Abkommen noch nicht "
        "unterzeichnet. Schweden unterzeichnet das Abkommen noch nicht.",
    )
    assert english == {"Finland": "undecided", "Norway": "undecided"}
    assert german == {"Finland": "undecided", "Sweden": "undecided"}
