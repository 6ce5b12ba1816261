"""The seeded stance table: quotes verbatim from their articles, every actor of the story
in its row, and a second seeding that adds nothing."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.core.newsbot import NewsBot
from bot.storage.models import Actor, Article, Stance, TrackedItem
from bot.storage.reads import load_table
from bot.storage.seed import load_seeds
from digests.actors import ActorResolver
from digests.model import StanceRecord, StanceTable

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
STORY: dict[str, Any] = tomllib.loads((SEEDS / "story.toml").read_text(encoding="utf-8"))
ARTICLES = {a["slug"]: a for a in STORY["articles"]}

INVITED_NO_POSITION = (
    "United Kingdom",
    "Poland",
    "Netherlands",
    "Estonia",
    "Latvia",
    "Lithuania",
    "Denmark",
    "Sweden",
)


def article_text(slug: str) -> str:
    return (SEEDS / ARTICLES[slug]["file"]).read_text(encoding="utf-8")


def seeded_quotes() -> list[tuple[str, str, str]]:
    """(where, article slug, quote) for every quote in story.toml: evidence, notes, items."""
    rows = list(STORY.get("stances", []))
    for name, template in STORY.get("stance_templates", {}).items():
        rows.extend(
            {**template, "actor": f"{actor} (template {name})"} for actor in template["actors"]
        )
    out = []
    for row in rows:
        for e in row.get("evidence", []):
            out.append((f"{row['actor']} evidence", e["article"], e["quote"]))
        for n in row.get("notes", []):
            if "quote" in n:
                out.append((f"{row['actor']} note", n["article"], n["quote"]))
    for item in STORY.get("items", []):
        for e in item.get("evidence", []):
            out.append((f"item {item['key']}", e["article"], e["quote"]))
    return out


QUOTES = seeded_quotes()


def test_the_story_file_has_quotes_to_check() -> None:
    assert len(QUOTES) >= 20
    assert {slug for _, slug, _ in QUOTES} <= set(ARTICLES)


@pytest.mark.parametrize(("where", "slug", "quote"), QUOTES, ids=[w for w, _, _ in QUOTES])
def test_every_seeded_quote_stands_verbatim_in_its_article(
    where: str, slug: str, quote: str
) -> None:
    assert quote == quote.strip() and len(quote) >= 20, f"{where}: quote too short to check"
    assert quote in article_text(slug), f"{where}: not verbatim in {slug}: {quote!r}"


# ---------------------------------------------------------------------- in the database
@pytest.fixture
def table(bot: NewsBot) -> StanceTable:
    with bot.session() as session:
        return load_table(session)


def rows_by_actor(table: StanceTable) -> dict[str, StanceRecord]:
    names = {a.key: a.name for a in table.actors}
    return {names[r.actor]: r for r in table.stances}


def test_quotes_in_the_database_stand_in_the_stored_article_with_source_and_date(
    bot: NewsBot, table: StanceTable
) -> None:
    with bot.session() as session:
        bodies = {a.slug: (a.body, a.source, a.published) for a in session.scalars(select(Article))}
    evidence = [e for r in table.stances for e in r.evidence]
    evidence += [n.evidence for r in table.stances for n in r.notes if n.evidence]
    evidence += [e for i in table.items for e in i.evidence]
    assert len(evidence) >= 20
    for e in evidence:
        assert e.article in bodies, e
        body, source, published = bodies[e.article]
        assert e.quote in body
        assert e.source == source
        assert e.date == published


def test_france_supports(table: StanceTable) -> None:
    row = rows_by_actor(table)["France"]
    assert row.stance == "supports"
    assert any("launch this coalition" in e.quote for e in row.evidence)


def test_the_united_states_opposes_and_was_invited_anyway(table: StanceTable) -> None:
    row = rows_by_actor(table)["United States"]
    assert row.stance == "opposes"
    invited = [n for n in row.notes if n.fact == "invited"]
    assert len(invited) == 1 and invited[0].value is True
    assert invited[0].evidence is not None
    assert "still received a letter of invitation" in invited[0].evidence.quote


def test_germany_opposes_and_was_not_invited(table: StanceTable) -> None:
    row = rows_by_actor(table)["Germany"]
    assert row.stance == "opposes"
    invited = [n for n in row.notes if n.fact == "invited"]
    assert len(invited) == 1 and invited[0].value is False
    assert invited[0].evidence is not None
    assert "no letter of invitation arrived" in invited[0].evidence.quote


@pytest.mark.parametrize("name", ["Italy", "Spain"])
def test_italy_and_spain_oppose_for_fear_of_escalation(table: StanceTable, name: str) -> None:
    row = rows_by_actor(table)[name]
    assert row.stance == "opposes"
    assert any("risk of escalation" in e.quote for e in row.evidence)
    assert not any(n.fact == "invited" for n in row.notes)


def test_hungary_has_a_row_but_no_stated_position(table: StanceTable) -> None:
    row = rows_by_actor(table)["Hungary"]
    assert row.stance == "unknown"
    assert any("realistic chance of winning" in e.quote for e in row.evidence)


@pytest.mark.parametrize("name", INVITED_NO_POSITION)
def test_the_invited_countries_have_no_stated_position(table: StanceTable, name: str) -> None:
    row = rows_by_actor(table)[name]
    assert row.stance == "unknown"
    invited = [n for n in row.notes if n.fact == "invited"]
    assert len(invited) == 1 and invited[0].value is True


def test_the_majority_of_eu_countries_opposes(table: StanceTable) -> None:
    row = rows_by_actor(table)["Majority of EU countries"]
    assert row.stance == "opposes"
    assert any("The majority of EU countries are against" in e.quote for e in row.evidence)


def test_eu_diplomatic_circles_see_good_reasons(table: StanceTable) -> None:
    row = rows_by_actor(table)["EU diplomatic circles"]
    assert row.stance == "supports"
    assert any("good reasons" in e.quote for e in row.evidence)


def test_exactly_one_row_per_actor_and_topic(table: StanceTable) -> None:
    pairs = [(r.actor, r.topic) for r in table.stances]
    assert len(pairs) == len(set(pairs))
    assert len(pairs) == 16


def test_the_baltic_states_are_a_group_of_three(table: StanceTable) -> None:
    group = next(a for a in table.actors if a.name == "Baltic states")
    assert sorted(group.members) == ["estonia", "latvia", "lithuania"]


def test_every_seeded_name_finds_its_own_actor(table: StanceTable) -> None:
    resolver = ActorResolver(table.actors)
    for actor in table.actors:
        for name in (actor.name, *actor.aliases):
            found = resolver.find(name)
            assert found and found[0].key == actor.key, (name, actor.key, found)


def test_tracked_items_are_seeded_with_dates(table: StanceTable) -> None:
    items = {i.name: i for i in table.items}
    assert items["EUMAM mandate revision"].due_label == "summer 2024"
    assert items["EUMAM mandate extension"].due_label == "November 2024"
    assert items["Launch of the trainer coalition"].status == "announced"


def _counts(bot: NewsBot) -> tuple[int, ...]:
    with bot.session() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Article, Actor, Stance, TrackedItem)
        )


def test_seeding_twice_adds_nothing(bot: NewsBot) -> None:
    before = _counts(bot)
    assert before[2] == 16
    with bot.session() as session:
        assert load_seeds(session, SEEDS) == 0
    assert _counts(bot) == before
    bot.prepare()  # what every start does
    assert _counts(bot) == before
