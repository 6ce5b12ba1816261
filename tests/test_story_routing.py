"""Routing a question to the story it is about when its subject is told by a place
("about Greenland", "about Grönland") or by a word of the same family as the
story's own ("recognising" for a story about recognition)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from story_rows import add_pact_story

from bot.core.conversations import ConversationKey
from bot.core.request import ChannelRef
from bot.storage.models import Actor, Stance, StanceRevision, Story, Topic
from digests.render import to_text

QUOTE = "Poland backs the recognition of Greenland's independence."


def add_story(
    bot, key: str, title: str, name: str, keywords: tuple[str, ...], quote: str, summary: str
) -> None:
    """A second story whose one row is Poland's, backed by ``quote``."""
    with bot.session() as session:
        story = Story(key=key, title=title)
        session.add(story)
        session.flush()
        topic = Topic(key=key, name=name, keywords=list(keywords), story_id=story.id)
        session.add(topic)
        poland = session.scalars(select(Actor).where(Actor.key == "poland")).one()
        evidence = [{"quote": quote, "source": "Example Daily", "date": "2024-05-02"}]
        row = Stance(
            actor=poland,
            topic=topic,
            stance="supports",
            summary=summary,
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


def add_greenland_story(
    bot,
    keywords: tuple[str, ...] = ("recognition", "independence", "greenland", "referendum"),
    quote: str = QUOTE,
) -> None:
    add_story(
        bot,
        "greenland",
        "Recognition of an independent Greenland",
        "recognising Greenland's independence",
        keywords,
        quote,
        "Backs the recognition.",
    )


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


def test_a_word_two_stories_share_is_the_followed_one_s_in_its_channel(bot):
    # Two of the three stories have a mission: a newsroom following the first one means its
    # own.
    add_pact_story(bot)
    add_greenland_story(
        bot,
        keywords=("greenland", "observer", "mission"),
        quote="Poland backs the observer mission for Greenland's referendum.",
    )
    channel = ChannelRef("console", "newsroom", "desk")
    answer = bot.answer("Where does Poland stand on the mission?", where=channel)
    assert {p.story.key for p in answer.parts if p.story} == {"trainers-coalition"}


def test_asking_who_speaks_for_an_actor_names_no_subject(bot):
    # Only the other story's sources say "speaks"; the question still asks about no subject.
    add_greenland_story(bot, quote="Warsaw speaks up for the recognition of Greenland.")
    channel = ChannelRef("console", "newsroom", "desk")
    answer = bot.answer("Who speaks for Poland?", where=channel)
    assert {p.story.key for p in answer.parts if p.story} == {"trainers-coalition"}


def test_a_follow_up_without_a_subject_goes_on_about_the_last_reply_s_story(bot):
    add_pact_story(bot)
    add_greenland_story(bot)
    talk = ConversationKey("console", "newsroom", "desk", None, "reader")
    first = bot.answer("What does Poland say about Greenland?", talk)
    assert {p.story.key for p in first.parts if p.story} == {"greenland"}
    # Germany holds a position on the trainers, none on Greenland: it has none here.
    answer = bot.answer("And Germany?", talk)
    assert {p.story.key for p in answer.parts if p.story} == {"greenland"}
    assert not answer.stances


def test_the_subject_after_about_says_which_story_not_who_is_asked(bot):
    add_pact_story(bot)
    add_greenland_story(bot)
    # The words before "about" name who speaks (the pact's negotiators), those after it
    # what the question is about.
    answer = bot.answer(
        "What do the migration pact's asylum negotiators say about the recognition of Greenland?"
    )
    assert {p.story.key for p in answer.parts if p.story} == {"greenland"}


def test_a_subject_a_story_knows_too_few_words_of_is_not_its(bot):
    add_pact_story(bot)
    add_greenland_story(bot)
    # The pact's sources know "migration", not the rest: this subject is no story's.
    answer = bot.answer("Who supports the new rules on seasonal labour migration quotas?")
    assert not answer.stances


def test_a_place_with_a_subject_no_story_there_holds_says_nothing_of_it(bot):
    add_pact_story(bot)
    add_greenland_story(bot)
    # "the loan for Greenland" is not the Greenland story's subject: a place alone does
    # not route it there, and no story gives Poland's position on something else.
    assert stories_of(bot, "What is Poland's position on the fishing loan for Greenland?") == set()


def add_weapons_story(bot) -> None:
    """A story started from German articles: its topic's words are German ("Waffen")."""
    add_story(
        bot,
        "waffen",
        "Waffen für Ruritanien",
        "Waffen für Ruritanien",
        ("waffen",),
        "Polen liefert Waffen.",
        "Liefert Waffen.",
    )


def test_a_german_compound_is_of_no_family_by_its_first_part(bot):
    add_pact_story(bot)
    add_weapons_story(bot)
    assert stories_of(bot, "Was sagt Polen zu den Waffen?") == {"waffen"}
    # "Waffenruhe" (a ceasefire) only begins as "Waffen" does: no word of its family.
    assert stories_of(bot, "Was sagt Polen zur Waffenruhe?") == set()
