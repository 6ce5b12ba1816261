"""Digests worth opening every morning: new first, nothing twice, reasons, item states."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.commands.dispatch import dispatch
from bot.core.request import ChannelRef, Request
from bot.scheduling.scheduler import post_digest
from bot.storage.models import OutboxMessage, TrackedItem
from digests.document import Heading, Image
from digests.render import to_text


def headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith(("•", " "))]


def test_two_digests_in_a_row_the_second_says_nothing_new(chat, clock):
    first = chat.say("digest")
    assert "Key points" in first and "Where they stand" in first
    clock.advance(minutes=2)
    second = chat.say("digest")
    assert "Nothing has changed since the last digest (28 Nov 2026, 09:00 UTC)" in second
    # one line under the title: no key point, position or deadline said again
    body = second.split("\n", 2)[2].strip()
    assert len(body.splitlines()) == 1
    assert "Macron" not in second and "Oppose" not in second


def test_a_change_then_a_digest_shows_its_net_change_once_with_author_and_source(chat, clock):
    chat.say("digest")
    clock.advance(minutes=10)
    # a typo later corrected, then the real change: only first → last is news
    chat.say('track update eumam-extension notes="Coucil agreed"')
    chat.say('track update eumam-extension notes="" status=agreed source="Council press release"')
    clock.advance(minutes=10)
    digest = chat.say("digest")
    assert digest.count("EUMAM mandate extension: status: due → agreed") == 1
    assert "by test:alice; source: Council press release" in digest
    assert "Coucil" not in digest  # the typo and its correction cancel out
    assert "notes" not in digest
    # the headline says what the digest is about: the newest development
    assert "EUMAM mandate extension: status now agreed" in digest
    clock.advance(minutes=10)
    assert "Nothing has changed since the last digest" in chat.say("digest")


def test_a_display_name_given_by_the_platform_is_shown_instead_of_the_id(bot, clock):
    request = Request("test", "w1", "c9", "U024BE7LH", True, "digest")
    dispatch(bot, request)
    clock.advance(minutes=5)
    change = 'track update eumam-revision status=revised source="EEAS"'
    dispatch(bot, Request("test", "w1", "c9", "U024BE7LH", True, change, "Alice Jones"))
    bot.settings.admins  # noqa: B018 — the user is an admin by the request
    clock.advance(minutes=5)
    text = to_text(dispatch(bot, request)[0])
    assert "EUMAM mandate revision: status: scheduled → revised — by Alice Jones" in text
    assert "U024BE7LH" not in text


def test_a_moved_position_leads_with_its_reason_and_date(chat, clock):
    chat.say("digest")
    clock.advance(hours=1)
    chat.say(
        'stance set Hungary opposes summary="Will not join any training mission in Ukraine." '
        'quote="The majority of EU countries are against training in Ukraine." '
        'source="WELT AM SONNTAG (English translation)" date=2024-06-09'
    )
    clock.advance(hours=1)
    digest = chat.say("digest")
    moved = digest.partition("Positions that moved")[2].partition("What changed")[0]
    assert "Hungary: no stated position → opposes — Will not join any training mission" in moved
    assert "(as of 9 Jun 2024)" in moved
    assert digest.count("Hungary: no stated position → opposes") == 1
    still = digest.partition("Still true")[2].partition("[Picture")[0]
    assert "Oppose: United States, Germany" in still and "Hungary" not in still


def test_positions_carry_their_reason_and_date_and_groups_stand_apart(bot):
    with bot.session() as session:
        doc = bot.build_digest(session, None)
    text = to_text(doc)
    stand = text.partition("Where they stand")[2].partition("Deadlines")[0]
    assert (
        "Germany — opposes: German soldiers will not take part in a training mission in "
        "Ukraine; the government fears a significant risk of escalation. (as of 9 Jun 2024)"
    ) in stand
    countries, _, groups = stand.partition("Groups and organisations:")
    assert "Majority of EU countries" not in countries
    assert "Majority of EU countries — opposes:" in groups
    assert "EU diplomatic circles — supports:" in groups


def test_a_status_outside_the_vocabulary_is_refused_with_a_suggestion(chat, snapshot):
    before = snapshot(audit=False)
    reply = chat.say("track update eumam-extension status=agred")
    assert "Did you mean “agreed”?" in reply
    reply = chat.say("track update eumam-extension status=frobbed")
    assert "not a status I know" in reply and "extended" in reply
    assert snapshot(audit=False) == before


def test_done_items_leave_the_deadlines_and_an_end_date_is_not_overdue(bot, chat):
    chat.say("track update eumam-extension status=extended ends=2027-05-31")
    chat.say("track update eumam-revision status=revised")
    chat.say("track update coalition-launch due=2026-12-05")
    with bot.session() as session:
        text = to_text(bot.build_digest(session, None))
    deadlines = text.partition("\nDeadlines")[2].partition("\nChanges on record")[0]
    bullets = [line for line in deadlines.splitlines() if line.startswith("•")]
    assert len(bullets) == 1
    assert bullets[0].startswith("• Launch of the trainer coalition: due in 1 week (5 Dec 2026)")
    settled = deadlines.partition("Settled:")[2]
    assert "EUMAM mandate extension: extended, runs until 31 May 2027 (in 6 months)" in settled
    assert "EUMAM mandate revision: revised" in settled
    assert "overdue" not in deadlines


def test_overdue_items_say_so(bot):
    with bot.session() as session:
        text = to_text(bot.build_digest(session, None))
    assert "EUMAM mandate revision: overdue — was due 2 years ago (31 Aug 2024)" in text


def test_an_item_that_fell_due_since_the_last_digest_is_news(chat, clock):
    chat.say("track update coalition-launch due=2026-11-29")
    chat.say("digest")
    clock.advance(days=2)
    digest = chat.say("digest")
    assert "Fell due" in digest
    assert "Launch of the trainer coalition: overdue" in digest.partition("Fell due")[2]


def test_schedule_quiet_skip_posts_nothing_when_nothing_is_new(bot, chat, clock):
    assert "quiet=skip" in chat.say("schedule daily 08:00 quiet=skip")
    where = ChannelRef("test", "w1", "c1")
    assert post_digest(bot, where, datetime(2026, 11, 28, 8, 0, tzinfo=clock().tzinfo))
    clock.advance(days=1)
    assert not post_digest(bot, where, datetime(2026, 11, 29, 8, 0, tzinfo=clock().tzinfo))
    with bot.session() as session:
        assert len(session.scalars(select(OutboxMessage)).all()) == 1  # the first only
    assert "no digest is posted (quiet=skip)" in chat.say("schedule show")
    assert "quiet=" in chat.say("schedule daily 08:00 quiet=never")  # a bad value is explained


def test_schedule_quiet_line_posts_one_line(bot, chat, clock):
    chat.say("schedule daily 08:00")
    where = ChannelRef("test", "w1", "c1")
    assert post_digest(bot, where, datetime(2026, 11, 28, 8, 0, tzinfo=clock().tzinfo))
    clock.advance(days=1)
    assert post_digest(bot, where, datetime(2026, 11, 29, 8, 0, tzinfo=clock().tzinfo))
    with bot.session() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert "Nothing has changed since the last digest" in str(rows[1].document)


def test_a_digest_carries_its_map_and_a_failed_drawing_never_blocks_it(bot, chat, monkeypatch):
    (doc,) = chat.docs("digest", channel="c5")
    (image,) = [b for b in doc.blocks if isinstance(b, Image)]
    assert image.png().startswith(b"\x89PNG") and image.filename == "stance-map.png"
    assert "Opposes: United States, Germany, Italy, Spain" in image.alt
    assert type(doc).from_dict(doc.to_dict()) == doc  # through the outbox's JSON

    import digests.chart

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(digests.chart, "draw", broken)
    bot._charts.clear()
    (doc,) = chat.docs("digest", channel="c6")
    assert not [b for b in doc.blocks if isinstance(b, Image)]
    assert any(isinstance(b, Heading) and b.text == "Where they stand" for b in doc.blocks)


def test_item_history_reads_without_dashes_or_dicts(chat):
    chat.say('track update eumam-extension notes="Council agreed"')
    history = chat.say("track history eumam-extension")
    assert "notes: not set → Council agreed" in history
    audit = chat.say("audit 3")
    assert "{" not in audit and "notes: not set → Council agreed" in audit


def test_an_end_date_is_checked_like_a_date(chat, bot):
    assert "not a date" in chat.say("track update eumam-extension ends=someday")
    with bot.session() as session:
        item = session.scalar(select(TrackedItem).where(TrackedItem.key == "eumam-extension"))
        assert item.ends is None


def test_an_answer_about_an_extended_mandate_says_until_when(chat):
    chat.say("track update eumam-extension status=extended ends=2027-05-31")
    answer = chat.say("ask When is the EUMAM mandate extension due?")
    assert "Status: extended" in answer
    assert "Runs until 31 May 2027 (in 6 months)" in answer
    assert "That date has passed" not in answer
