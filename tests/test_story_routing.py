"""Routing a question to the story it is about when its subject is told by a place
("about Greenland", "about Grönland") or by a word of the same family as the
story's own ("recognising" for a story about recognition)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from story_rows import add_pact_story

from bot.storage.models import Actor, Stance, StanceRevision, Story, Topic
from digests.render import to_text

QUOTE = "Poland backs the recognition of Greenland's independence."


def add_greenland_story(bot) -> None:
    with bot.session() as session:
        story = Story(key="greenland", title="Recognition of an independent Greenland")
        session.add(story)
        session.flush()
        topic = Topic(
            key="greenland",
            name="recognising Greenland's independence",
            keywords=["recognition", "independence", "greenland", "referendum"],
            story_id=story.id,
        )
        session.add(topic)
        poland = session.scalars(select(Actor).where(Actor.key == "poland")).one()
        evidence = [{"quote": QUOTE, "source": "Example Daily", "date": "2024-05-02"}]
        row = Stance(
            actor=poland,
            topic=topic,
            stance="supports",
            summary="Backs the recognition.",
            evidence=evidence,
            notes=[],
            as_of=date(2024, 5, 2),
        )
        row.revisions.append(
            StanceRevision(
                stance="supports", summary=row.summary, evidence=evidence, notes=[], changed_by="t"
            )
        )
        session.add(row)
    bot.changed()


def stories_of(bot, question: str) -> set[str]:
    answer = bot.answer(question)
    return {s["story"] for s in answer.to_json(to_text(answer.document))["stances"]}


def test_a_place_in_the_asked_subject_says_which_story(bot):
    add_pact_story(bot)
    add_greenland_story(bot)
    # Without a subject Poland is asked about in every story it holds a position in.
    assert stories_of(bot, "What is Poland's position?") == {
        "trainers-coalition",
        "migration-pact",
        "greenland",
    }
    assert stories_of(bot, "What does Poland say about Greenland?") == {"greenland"}
    assert stories_of(bot, "What does Poland say about Grönland?") == {"greenland"}


def test_a_word_of_the_family_of_the_story_s_own(bot):
    add_pact_story(bot)
    add_greenland_story(bot)
    assert stories_of(bot, "Who supports recognising it?") == {"greenland"}


def test_a_place_with_a_subject_no_story_there_holds_says_nothing_of_it(bot):
    add_pact_story(bot)
    add_greenland_story(bot)
    # "the loan for Greenland" is not the Greenland story's subject: a place alone does
    # not route it there, and no story gives Poland's position on something else.
    assert stories_of(bot, "What is Poland's position on the fishing loan for Greenland?") == set()


def add_weapons_story(bot) -> None:
    """A story started from German articles: its topic's words are German ("Waffen")."""
    with bot.session() as session:
        story = Story(key="waffen", title="Waffen für Ruritanien")
        session.add(story)
        session.flush()
        topic = Topic(
            key="waffen", name="Waffen für Ruritanien", keywords=["waffen"], story_id=story.id
        )
        session.add(topic)
        poland = session.scalars(select(Actor).where(Actor.key == "poland")).one()
        evidence = [{"quote": "Polen liefert Waffen.", "source": "Test", "date": "2024-05-02"}]
        row = Stance(
            actor=poland,
            topic=topic,
            stance="supports",
            summary="Liefert Waffen.",
            evidence=evidence,
            notes=[],
            as_of=date(2024, 5, 2),
        )
        row.revisions.append(
            StanceRevision(
                stance="supports", summary=row.summary, evidence=evidence, notes=[], changed_by="t"
            )
        )
        session.add(row)
    bot.changed()


def test_a_german_compound_is_of_no_family_by_its_first_part(bot):
    add_pact_story(bot)
    add_weapons_story(bot)
    assert stories_of(bot, "Was sagt Polen zu den Waffen?") == {"waffen"}
    # "Waffenruhe" (a ceasefire) only begins as "Waffen" does: no word of its family.
    assert stories_of(bot, "Was sagt Polen zur Waffenruhe?") == set()
