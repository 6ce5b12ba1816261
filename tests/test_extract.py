"""Extraction from articles: the sample follow-ups yield what a careful reader would
update, and articles in other shapes and wordings are read the same general way."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.storage.reads import load_table
from digests.extraction import Extraction, extract, from_html, from_text
from digests.model import StanceTable

SAMPLES = Path(__file__).parent / "data" / "articles"


@pytest.fixture
def table(bot) -> StanceTable:
    with bot.session() as session:
        return load_table(session)


def read(table: StanceTable, text: str) -> Extraction:
    return extract(from_text(text), table)


def sample(table: StanceTable, name: str) -> Extraction:
    (path,) = SAMPLES.glob(f"{name}*.txt")
    return read(table, path.read_text(encoding="utf-8"))


def stances(found: Extraction) -> dict[str, str]:
    return {p.actor: p.stance for p in found.stances}


# ---------------------------------------------------------------- the samples
def test_estonia_is_considering_but_not_alone(table):
    found = sample(table, "101")
    assert stances(found) == {"Estonia": "undecided"}
    (p,) = found.stances
    assert p.current == "unknown" and p.confidence >= 0.7
    assert "considering" in p.evidence.quote
    assert "alone" in p.summary or "on its own" in p.summary
    assert p.evidence.date.isoformat() == "2024-05-15"
    people = {m.name: m for m in found.actors if m.kind == "person" and m.key is None}
    assert people["Hanno Pevkur"].speaks_for == "Estonia"
    assert any(s.kind == "quote" and "alone" in s.text for s in found.statements)


def test_germany_opposes_confirmed_by_its_defence_minister(table):
    found = sample(table, "102")
    assert stances(found) == {"Germany": "opposes"}
    (p,) = found.stances
    assert "Pistorius" in p.evidence.quote and "ruled out" in p.evidence.quote
    assert p.confidence >= 0.85
    speakers = {s.speaker for s in found.statements}
    assert "Boris Pistorius" in speakers and "Olaf Scholz" in speakers
    assert any(s.text == "No and no." and s.actor == "Germany" for s in found.statements)


def test_spain_opposes_and_backs_expanding_eumam_sweden_undecided(table):
    found = sample(table, "103")
    assert stances(found) == {"Spain": "opposes", "Sweden": "undecided"}
    spain = next(p for p in found.stances if p.actor == "Spain")
    assert "not going to send" in spain.evidence.quote
    assert "EUMAM" in spain.summary  # the alternative it backs instead
    sweden = next(p for p in found.stances if p.actor == "Sweden")
    assert sweden.evidence.quote == "Sweden has not taken a position."
    assert "no concrete proposal" in sweden.summary
    people = {m.name: m.speaks_for for m in found.actors if m.kind == "person" and not m.key}
    assert people == {"Margarita Robles": "Spain", "Pal Jonson": "Sweden"}


def test_eumam_extension_to_november_2026_is_proposed(table):
    found = sample(table, "104")
    assert found.stances == []
    (item,) = found.items
    assert item.item == "EUMAM mandate extension"
    assert item.changes == {"status": "proposed", "due": "2026-11-30", "label": "November 2026"}
    assert "November 2026" in item.evidence.quote and item.confidence >= 0.8


def test_the_json_has_exactly_the_contract_keys(table):
    for name in ("101", "104"):
        data = sample(table, name).to_json()
        assert set(data) == {"article", "proposals"}
        assert {"title", "source", "date", "url"} <= set(data["article"])
        for p in data["proposals"]:
            if p["kind"] == "stance":
                assert set(p) == {"kind", "actor", "stance", "evidence", "confidence"}
            else:
                assert set(p) == {"kind", "item", "changes", "evidence", "confidence"}
                assert {"status", "due"} <= set(p["changes"])
            assert set(p["evidence"]) == {"quote", "source", "date"}
            assert 0 < p["confidence"] <= 1


# ---------------------------------------------------------------- other shapes and words
def test_an_article_without_a_header_in_other_words(table):
    found = read(
        table,
        "Vilnius ready to send instructors\n\n"
        "Lithuania is ready to send military instructors to Ukraine, its defence ministry "
        "said on Tuesday. Warsaw, by contrast, rejected the idea of deploying Polish troops "
        "for training on Ukrainian soil.\n\n"
        "The Netherlands has yet to decide whether to join the training mission.",
    )
    assert found.article.title == "Vilnius ready to send instructors"
    assert stances(found) == {
        "Lithuania": "supports",
        "Poland": "opposes",
        "Netherlands": "undecided",
    }


def test_negations_turn_a_stance_around(table):
    found = read(
        table,
        "Title: Rome and Copenhagen\n\nItaly does not support sending trainers to Ukraine. "
        "Denmark has not ruled out sending instructors to Ukraine, officials said.",
    )
    assert stances(found) == {"Italy": "opposes", "Denmark": "undecided"}


def test_an_article_off_the_topic_proposes_nothing(table):
    found = read(
        table,
        "Title: Wine harvest\n\nFrance expects a record wine harvest this year, the "
        "agriculture ministry said. Growers in Spain welcome the rain.",
    )
    assert found.stances == [] and found.items == []


def test_a_web_page_is_read_without_its_menus(table):
    html = """<html><head><title>Danes weigh trainers | Example News</title></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a> Subscribe now</nav>
    <article><h1>Danes weigh trainers</h1>
    <p>Denmark is considering sending military instructors to western Ukraine, Defence
    Minister Troels Lund Poulsen said on Monday, adding that no decision had been made.</p>
    <p>Copenhagen would only act together with its allies, he said.</p></article>
    <footer>Copyright Example News. Cookie settings.</footer></body></html>"""
    found = extract(from_html(html, url="https://news.example.org/danes"), table)
    assert "Subscribe" not in found.article.body and "Cookie" not in found.article.body
    assert found.article.source == "news.example.org"
    assert stances(found) == {"Denmark": "undecided"}
    (p,) = found.stances
    assert "together with its allies" in p.summary


def test_a_tracked_item_change_in_other_words(table):
    found = read(
        table,
        "Title: Council decision\n\nEU ministers formally extended the mandate of the EU "
        "Military Assistance Mission (EUMAM) until 15 November 2026 on Friday.",
    )
    (item,) = found.items
    assert item.item == "EUMAM mandate extension"
    assert item.changes == {"status": "extended", "ends": "2026-11-15"}


def test_a_plan_already_known_is_not_news_of_a_change(table):
    found = read(
        table,
        "Title: Looking ahead\n\nThe EUMAM mission will have to be extended later, "
        "diplomats said, and its mandate is expected to be revised as well.",
    )
    assert found.items == []


NORDIC = """Title: Helsinki and Oslo split over trainers
Published: 2024-07-10
Source: Nordic Wire

Finland will send 30 military instructors to western Ukraine this autumn, Defence Minister \
Antti Hakkanen announced on Tuesday.

Norway's government said it had no plans to deploy soldiers inside Ukraine. "We will \
continue to train Ukrainians on Norwegian soil," a spokesperson said.

Poland's Prime Minister Donald Tusk said Warsaw could consider joining the mission under \
certain conditions.

The Council adopted a decision extending the mandate of EUMAM until 15 November 2026, \
diplomats said. The launch of the trainer coalition has been delayed again."""


def test_countries_new_to_the_table_and_items_in_other_words(table):
    found = read(table, NORDIC)
    assert stances(found) == {"Finland": "supports", "Norway": "opposes", "Poland": "undecided"}
    finland = next(p for p in found.stances if p.actor == "Finland")
    assert finland.new_actor and finland.actor_key == "finland" and finland.current is None
    poland = next(p for p in found.stances if p.actor == "Poland")
    assert "Council" not in poland.summary  # a later paragraph is not its condition
    items = {i.item: i.changes for i in found.items}
    assert items["EUMAM mandate extension"]["ends"] == "2026-11-15"
    assert "due" not in items["EUMAM mandate extension"]  # an end of term, no deadline
    assert items["EUMAM mandate extension"]["status"] in ("adopted", "extended")
    assert items["Launch of the trainer coalition"] == {"status": "stalled"}


def test_more_wordings_of_refusal_hesitation_and_readiness(table):
    found = read(
        table,
        "Britain rules out troops as Vilnius signals readiness\n\n"
        "Lithuania is prepared to send troops to Ukraine for training missions, Foreign "
        "Minister Gabrielius Landsbergis told the Financial Times.\n\n"
        "British Prime Minister Rishi Sunak said the UK had no plans to deploy large numbers "
        'of troops to Ukraine. "That is not something we are considering," a Downing Street '
        "spokesperson added.\n\n"
        "Latvia's Defence Minister Andris Spruds said sending instructors was not excluded.\n\n"
        "Hungary said it would not take part in any such mission and would block EU funding "
        "for it. Denmark signalled openness to the idea but said no decision had been taken.",
    )
    assert stances(found) == {
        "United Kingdom": "opposes",
        "Lithuania": "supports",
        "Latvia": "undecided",
        "Hungary": "opposes",
        "Denmark": "undecided",
    }


def test_launches_and_postponements_of_tracked_items(table):
    found = read(
        table,
        "Title: Paris launches trainer coalition without Berlin\nPublished: 2024-06-14\n"
        "Source: Sample wire\n\n"
        "French President Emmanuel Macron on Friday launched the coalition to send military "
        "trainers to Ukraine, with the Netherlands and Lithuania among the first members.\n\n"
        "The Dutch government confirmed it would take part. Italy's Prime Minister Giorgia "
        'Meloni said Rome would not send soldiers, calling the plan "a dangerous escalation".\n\n'
        "The summer revision of the EUMAM mandate has been postponed until September, EU "
        "officials said.",
    )
    items = {i.item: i.changes for i in found.items}
    assert items["Launch of the trainer coalition"] == {"status": "launched"}
    assert items["EUMAM mandate revision"] == {
        "status": "stalled",
        "due": "2024-09-30",
        "label": "September 2024",
    }
    assert stances(found) == {"Netherlands": "supports", "Italy": "opposes"}


@pytest.mark.parametrize("name", ["101", "102", "103", "104"])
def test_every_proposal_quotes_its_article_verbatim(table, name):
    found = sample(table, name)
    text = " ".join([found.article.title, *found.article.body.split()])
    assert found.proposals
    for p in found.proposals:
        assert p.evidence.quote in text or p.evidence.quote == found.article.title
        assert p.evidence.source == found.article.source
        assert p.evidence.date == found.article.published


def test_a_group_without_its_own_row_speaks_for_its_members(table):
    found = read(
        table,
        "Title: Baltic states ready to send instructors\nPublished: 2024-06-25\n\n"
        "The three Baltic states are ready to send military instructors to Ukraine, their "
        "defence ministers said in a joint statement on Tuesday.\n\n"
        "Most EU countries remain opposed to training on Ukrainian soil, diplomats said.",
    )
    assert stances(found) == {
        "Estonia": "supports",
        "Latvia": "supports",
        "Lithuania": "supports",
        "Majority of EU countries": "opposes",  # a group with a row of its own keeps it
    }


def test_sending_something_else_is_not_a_stance_on_the_topic(table):
    found = read(
        table,
        "Title: Air defence for Kyiv\n\nGermany will send air defence systems to Ukraine, "
        "the government said. Spain is not going to deploy fighter jets to Ukraine either. "
        "Debate over training missions continues.",
    )
    assert found.stances == []
    found = read(table, "Title: Trainers\n\nGermany will send trainers to Ukraine, it said.")
    assert stances(found) == {"Germany": "supports"}


def test_a_position_on_something_else_is_not_one_on_the_topic(table):
    found = read(
        table,
        "Title: Summit notes\n\nFrance supports Ukraine's bid to join the EU, Macron said. "
        "Hungary opposes new sanctions on Russia. Germany remains opposed to training "
        "soldiers inside Ukraine.",
    )
    assert stances(found) == {"Germany": "opposes"}


def test_an_organisation_named_by_its_head_noun_is_no_person(table):
    found = read(
        table,
        "Title: Training mission\nPublished: 2024-05-15\nSource: Test Wire\n\n"
        "Human Rights Watch criticised the plan to train Ukrainian soldiers in Ukraine.\n",
    )
    kinds = {m.name: m.kind for m in found.actors if m.key is None}
    assert kinds.get("Human Rights Watch") == "organisation"
