"""A second story typed in as rows, for the tests of several stories side by side."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.storage.models import Actor, Stance, StanceRevision, Story, Topic, TrackedItem

PACT_QUOTE = "Warsaw will not accept forced relocation of migrants under the pact."
BERLIN_QUOTE = "Berlin backs the migration pact as a fair sharing of responsibility."


def add_pact_story(bot) -> None:
    """A second story, typed in as rows: the EU migration pact, with two positions."""
    with bot.session() as session:
        story = Story(key="migration-pact", title="The EU migration pact")
        session.add(story)
        session.flush()
        topic = Topic(
            key="migration-pact",
            name="the EU pact on migration and asylum",
            keywords=["migration", "migrants", "asylum", "pact", "relocation"],
            story_id=story.id,
        )
        session.add(topic)
        actors = {a.key: a for a in session.scalars(select(Actor))}
        for key, stance, summary, quote in (
            ("poland", "opposes", "Rejects forced relocation of migrants.", PACT_QUOTE),
            ("germany", "supports", "Backs the pact.", BERLIN_QUOTE),
        ):
            evidence = [{"quote": quote, "source": "Example Daily", "date": "2024-04-10"}]
            row = Stance(
                actor=actors[key],
                topic=topic,
                stance=stance,
                summary=summary,
                evidence=evidence,
                notes=[],
                as_of=date(2024, 4, 10),
            )
            row.revisions.append(
                StanceRevision(
                    stance=stance, summary=summary, evidence=evidence, notes=[], changed_by="t"
                )
            )
            session.add(row)
        session.add(
            TrackedItem(
                key="pact-vote",
                name="European Parliament vote on the migration pact",
                status="scheduled",
                due=date(2024, 4, 10),
                aliases=[],
                evidence=[],
                story_id=story.id,
            )
        )
    bot.changed()
