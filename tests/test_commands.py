"""The chat commands as an admin uses them: help, tracked items, stances, schedules,
subscriptions, articles and concurrent edits."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from bot.commands import COMMANDS
from bot.domain.author import Author
from bot.domain.items import update_item
from bot.storage.models import (
    Actor,
    Article,
    AuditEntry,
    DigestSchedule,
    ItemRevision,
    OutboxMessage,
    Stance,
    StanceRevision,
    Subscription,
    TrackedItem,
)
from digests.document import Document
from digests.render import to_text


def outbox(bot) -> list[OutboxMessage]:
    with bot.session() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def alert_texts(bot) -> list[tuple[str, str]]:
    return [(r.channel, to_text(Document.from_dict(r.document))) for r in outbox(bot)]


def count(bot, model) -> int:
    with bot.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def item(bot, key: str) -> TrackedItem:
    with bot.session() as session:
        return session.scalars(select(TrackedItem).where(TrackedItem.key == key)).one()


def subscribe(chat, *channels: str) -> None:
    for channel in channels:
        assert "Subscribed" in chat.say("subscribe", channel=channel)


# ---------------------------------------------------------------- help
def test_help_lists_every_command_with_an_example(chat):
    reply = chat.say("help")
    for command in COMMANDS.values():
        assert f"{command.name}" in reply, command.name
        assert f"e.g. {command.example}" in reply, command.name
    assert "audit (admins)" in reply


def test_help_for_one_command_shows_its_usage_and_example(chat):
    reply = chat.say("help track")
    assert reply.startswith("help track")
    assert "Usage: track list" in reply
    assert "Example: track update eumam-revision" in reply
    assert "stance set" not in reply  # only the one command


# ---------------------------------------------------------------- tracked items: reading
def test_track_list_shows_every_item_with_its_key_and_deadline(chat):
    reply = chat.say("track list")
    for key in ("eumam-revision", "eumam-extension", "coalition-launch"):
        assert f"[{key}]" in reply
    assert "EUMAM mandate revision — scheduled, due summer 2024" in reply


@pytest.mark.parametrize(
    "name", ["eumam-revision", "EUMAM mandate revision", "eumam mandate  REVISION"]
)
def test_track_show_finds_an_item_by_key_or_name(chat, name):
    reply = chat.say(f"track show {name}")
    assert reply.startswith("EUMAM mandate revision")
    assert "Status: scheduled" in reply
    assert "summer 2024 (by 31 Aug 2024" in reply
    assert "Version: 1" in reply
    # its evidence, verbatim with its source
    assert "“This would require the mission’s mandate to be changed.”" in reply
    assert "WELT AM SONNTAG" in reply


def test_track_history_of_an_unchanged_item_says_so(chat):
    assert "No changes since it was first tracked" in chat.say("track history eumam-revision")


# ---------------------------------------------------------------- tracked items: writing
def test_track_add_creates_an_item_with_status_and_due_date(bot, chat):
    reply = chat.say('track add "EUMAM budget" due=2025-03-01 status=proposed')
    assert "Now tracking EUMAM budget — proposed" in reply
    assert "[eumam-budget]" in reply
    assert "EUMAM budget — proposed, due by 1 Mar 2025" in chat.say("track list")
    assert "Status: proposed" in chat.say("track show EUMAM budget")
    with bot.session() as session:
        (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "track.add"))
        assert entry.target == "eumam-budget" and entry.user == "alice" and entry.allowed


def test_track_add_refuses_a_second_item_of_the_same_name(chat, snapshot):
    chat.say('track add "EUMAM budget" status=proposed')
    before = snapshot()
    reply = chat.say('track add "eumam budget" status=agreed')
    assert "already a tracked item" in reply
    assert snapshot() == before


def test_track_update_names_the_diff_records_history_and_alerts_each_channel(bot, chat, clock):
    subscribe(chat, "c1", "c2")
    clock.advance(minutes=5)
    reply = chat.say(
        'track update eumam-extension status=agreed due=2026-11-15 source="Council press release"'
    )
    assert "status: due → agreed" in reply
    assert "due: 2024-11-30 → 2026-11-15" in reply
    assert "Council press release" in reply

    history = chat.say("track history eumam-extension")
    assert "status: due → agreed" in history
    assert "due: 2024-11-30 → 2026-11-15" in history
    assert "by test:alice" in history
    assert "source: Council press release" in history
    assert "28 Nov 2026 09:05" in history

    alerts = alert_texts(bot)
    assert sorted(channel for channel, _ in alerts) == ["c1", "c2"]  # once per channel
    for _, text in alerts:
        assert "EUMAM mandate extension" in text
        assert "due → agreed" in text
        assert "2024-11-30 → 2026-11-15" in text
        assert "test:alice" in text
        assert "Council press release" in text
    assert all(r.kind == "alert" and r.status == "pending" for r in outbox(bot))


def test_a_new_due_date_drops_the_label_that_described_the_old_one(chat):
    chat.say("track update eumam-extension due=2026-11-15")
    shown = chat.say("track show eumam-extension")
    assert "November 2024" not in shown
    assert "by 15 Nov 2026" in shown
    # a new label given with it is kept
    chat.say('track update eumam-extension due=2026-12-15 label="mid-December 2026"')
    assert "mid-December 2026 (by 15 Dec 2026" in chat.say("track show eumam-extension")


def test_everyday_field_names_mean_the_fields_they_name(chat):
    reply = chat.say('track update eumam-extension note="Council agreed" deadline=2026-12-15')
    assert "notes: — → Council agreed" in reply
    assert "by 15 Dec 2026" in chat.say("track show eumam-extension")


def test_an_update_without_a_source_does_not_borrow_the_items_old_source(bot, chat):
    chat.say("track update eumam-revision status=agreed")
    history = chat.say("track history eumam-revision")
    assert "source: not given" in history
    assert "WELT" not in history


def test_an_update_that_changes_nothing_writes_nothing(chat, snapshot):
    subscribe(chat, "c1")
    chat.say("track update eumam-revision status=agreed")
    before = snapshot()
    reply = chat.say("track update eumam-revision status=agreed")
    assert reply.startswith("Nothing changed")
    assert snapshot() == before


# ---------------------------------------------------------------- stances
def test_stance_set_changes_the_answer_keeps_history_and_alerts(bot, chat):
    subscribe(chat, "c1", "c2")
    before = chat.say("What is Sweden's position?")
    assert "Sweden: unknown" in before

    reply = chat.say(
        'stance set Sweden undecided summary="No proposal yet" '
        'quote="Sweden has not yet made a proposal." source="Sveriges Radio" date=2024-06-20'
    )
    assert "Sweden now undecided" in reply and "unknown → undecided" in reply

    after = chat.say("What is Sweden's position?")
    assert "Sweden: undecided" in after
    assert "No proposal yet" in after
    assert "“Sweden has not yet made a proposal.” — Sveriges Radio, 20 Jun 2024" in after

    with bot.session() as session:
        sweden = session.scalars(select(Actor).where(Actor.key == "sweden")).one()
        row = session.scalars(select(Stance).where(Stance.actor_id == sweden.id)).one()
        assert [r.stance for r in row.revisions] == ["unknown", "undecided"]  # old row kept
    history = chat.say("stance history Sweden")
    assert history.index("undecided: No proposal yet") < history.index("unknown: Invited")
    assert "by test:alice" in history

    alerts = alert_texts(bot)
    assert sorted(c for c, _ in alerts) == ["c1", "c2"]
    for _, text in alerts:
        assert "Stance changed: Sweden" in text
        assert "unknown → undecided" in text
        assert "test:alice" in text and "Sveriges Radio" in text


def test_a_country_the_story_never_mentioned_can_be_given_a_stance(bot, chat):
    assert "Japan" not in chat.say("stance list")
    reply = chat.say('stance set Japan opposes summary="Will not send trainers"')
    assert "Japan now opposes" in reply
    assert "Japan: opposes" in chat.say("What is Japan's position?")
    with bot.session() as session:
        japan = session.scalars(select(Actor).where(Actor.key == "japan")).one()
        assert (japan.kind, japan.country_code) == ("country", "JP")


def test_a_made_up_actor_needs_a_kind(bot, chat):
    actors = count(bot, Actor)
    reply = chat.say('stance set Acme Defence supports summary="Offers trainers"')
    assert "I don't know an actor called “Acme Defence”" in reply
    assert "kind=" in reply
    assert count(bot, Actor) == actors and count(bot, StanceRevision) > 0
    reply = chat.say('stance set Acme Defence supports summary="Offers trainers" kind=organisation')
    assert "Acme Defence now supports" in reply
    assert count(bot, Actor) == actors + 1


def test_a_longer_name_is_not_taken_for_the_country_inside_it(bot, chat):
    reply = chat.say('stance set Sweden Democrats opposes summary="Against"')
    assert "I don't know an actor called “Sweden Democrats”" in reply
    assert "Did you mean Sweden?" in reply
    assert "Sweden: unknown" in chat.say("What is Sweden's position?")


def test_a_typo_in_a_stance_change_is_not_guessed(chat):
    reply = chat.say('stance set Sweeden supports summary="Backs it"')
    assert "Did you mean Sweden?" in reply
    assert "Sweden: unknown" in chat.say("What is Sweden's position?")


def test_changing_the_stance_needs_a_new_summary(chat):
    reply = chat.say("stance set Sweden supports")
    assert "add a summary" in reply
    assert "Sweden: unknown" in chat.say("What is Sweden's position?")


def test_a_stance_set_that_changes_nothing_is_refused_and_writes_nothing(chat, snapshot):
    chat.say('stance set Sweden undecided summary="No proposal yet"')
    before = snapshot()
    assert "nothing changed" in chat.say('stance set Sweden undecided summary="No proposal yet"')
    assert snapshot() == before


# ---------------------------------------------------------------- schedules
def schedule_row(bot, channel="c1") -> DigestSchedule | None:
    with bot.session() as session:
        return session.scalar(select(DigestSchedule).where(DigestSchedule.channel == channel))


def test_schedule_daily_with_time_zone(bot, chat):
    reply = chat.say("schedule daily 08:00 tz=Europe/Berlin")
    assert "0 8 * * *" in reply and "Europe/Berlin" in reply
    assert "next one Sun 29 Nov 2026 08:00" in reply
    row = schedule_row(bot)
    assert (row.cron, row.timezone) == ("0 8 * * *", "Europe/Berlin")
    assert "“0 8 * * *” (Europe/Berlin)" in chat.say("schedule show")


def test_schedule_weekdays_keeps_the_channels_time_zone(bot, chat):
    chat.say("schedule daily 08:00 tz=Europe/Berlin")
    reply = chat.say("schedule weekdays 07:30")
    assert "next one Mon 30 Nov 2026 07:30" in reply  # 28 Nov 2026 is a Saturday
    row = schedule_row(bot)
    assert (row.cron, row.timezone) == ("30 7 * * mon-fri", "Europe/Berlin")


def test_schedule_cron_counts_weekdays_like_crontab(bot, chat):
    # crontab: 1-5 is Monday to Friday (APScheduler alone would read it as Tuesday-Saturday)
    reply = chat.say('schedule cron "0 8 * * 1-5" tz=UTC')
    assert "next one Mon 30 Nov 2026 08:00 UTC" in reply
    assert schedule_row(bot).cron == "0 8 * * mon-fri"
    chat.say('schedule cron "0 9 * * 0,6"')
    assert schedule_row(bot).cron == "0 9 * * sat-sun"
    chat.say('schedule cron "0 9 * * 7"')
    assert schedule_row(bot).cron == "0 9 * * sun"


def test_schedule_accepts_a_city_or_lower_case_zone(bot, chat):
    chat.say("schedule daily 08:00 tz=berlin")
    assert schedule_row(bot).timezone == "Europe/Berlin"
    chat.say('schedule daily 08:00 tz="new york"')
    assert schedule_row(bot).timezone == "America/New_York"


def test_schedule_show_and_off(bot, chat):
    assert "No digest is scheduled" in chat.say("schedule show")
    chat.say("schedule daily 08:00")
    assert "Digest schedule removed" in chat.say("schedule off")
    assert schedule_row(bot) is None
    assert "No digest was scheduled" in chat.say("schedule off")
    assert "No digest is scheduled" in chat.say("schedule show")


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("schedule daily 25:00", "is not a time"),
        ("schedule daily 8", "is not a time"),
        ("schedule daily 08:7", "is not a time"),
        ("schedule weekdays", "Give one time"),
        ("schedule daily 08:00 tz=Mars/Olympus", "is not a time zone"),
        ("schedule daily 08:00 tz=../../etc/passwd", "is not a time zone"),
        ('schedule cron "0 8 * *"', "five fields"),
        ('schedule cron "99 8 * * *"', "not a valid cron expression"),
        ('schedule cron "0 8 * * mon-fry"', "is not a weekday"),
        ('schedule cron "0 8 * * 5-1"', "runs backwards"),
        ('schedule cron "0 8 1 * 1"', "not both"),
        ("schedule daily 08:00 at=noon", "Unknown option at"),
    ],
)
def test_bad_schedules_are_refused_and_nothing_is_stored(chat, snapshot, command, expected):
    chat.say("schedule daily 06:00 tz=UTC")
    before = snapshot()
    assert expected in chat.say(command)
    assert snapshot() == before


# ---------------------------------------------------------------- subscriptions
def test_subscribe_and_unsubscribe_are_idempotent(bot, chat):
    assert "Subscribed" in chat.say("subscribe")
    assert "already subscribed" in chat.say("subscribe")
    assert count(bot, Subscription) == 1
    assert "test/w1/c1" in chat.say("subscriptions")
    assert "Unsubscribed" in chat.say("unsubscribe")
    assert "was not subscribed" in chat.say("unsubscribe")
    assert count(bot, Subscription) == 0
    assert "No channel is subscribed" in chat.say("subscriptions")


def test_an_unsubscribed_channel_gets_no_more_alerts(bot, chat):
    subscribe(chat, "c1", "c2")
    chat.say("unsubscribe", channel="c2")
    chat.say("track update eumam-revision status=agreed")
    assert [c for c, _ in alert_texts(bot)] == ["c1"]


# ---------------------------------------------------------------- articles
ARTICLE = (
    "Estonia is seriously considering sending soldiers to western Ukraine to take over "
    "rear-area tasks such as training. Defence Minister Hanno Pevkur said Tallinn would "
    "not act on its own."
)


def test_article_add_stores_it_and_the_next_digest_lists_it(bot, chat, clock):
    chat.say("digest")  # the channel has had its digest
    clock.advance(hours=1)
    reply = chat.say(
        f'article add title="Estonia weighs sending troops" source=ERR date=2024-06-12 '
        f'text="{ARTICLE}"'
    )
    assert "Added “Estonia weighs sending troops” (2 sentences)" in reply
    with bot.session() as session:
        (article,) = session.scalars(select(Article).where(Article.source == "ERR"))
        assert article.body == ARTICLE and article.added_by == "test:alice"
    clock.advance(hours=1)
    digest = chat.say("digest")
    assert "Estonia weighs sending troops — ERR" in digest.partition("New articles since")[2]


def test_the_same_article_twice_is_refused_as_a_duplicate(chat, snapshot):
    chat.say(f'article add title="Estonia weighs" source=ERR text="{ARTICLE}"')
    before = snapshot()
    reply = chat.say(f'article add title="Another title" source=ERR text="  {ARTICLE.upper()} "')
    assert "already stored as “Estonia weighs”" in reply
    assert snapshot() == before


# ---------------------------------------------------------------- concurrent edits
def test_a_stale_version_is_refused_with_the_current_state(bot, chat):
    assert "Version: 1" in chat.say("track show eumam-revision")
    # admin one, holding version 1
    assert "Updated" in chat.say("track update eumam-revision status=agreed version=1")
    # admin two, also holding version 1
    reply = chat.say(
        "track update eumam-revision status=postponed version=1", user="alice", channel="c2"
    )
    assert "changed meanwhile; now: EUMAM mandate revision — agreed" in reply
    assert "version 2" in reply
    assert item(bot, "eumam-revision").status == "agreed"  # the first change is not lost
    assert count(bot, ItemRevision) == 1
    # with the version it now has, the second admin's change goes through
    assert "agreed → postponed" in chat.say(
        "track update eumam-revision status=postponed version=2"
    )


def test_two_sessions_writing_one_item_at_once_lose_nothing(bot):
    """A real race: both read version 1; the one that writes second is refused."""
    who = Author("test", "w1", "c1", "alice", bot.clock())
    other = Author("test", "w1", "c2", "carol", bot.clock())
    with pytest.raises(StaleDataError), bot.session() as slow:
        mine = slow.scalars(select(TrackedItem).where(TrackedItem.key == "eumam-revision")).one()
        with bot.session() as fast:
            theirs = fast.scalars(
                select(TrackedItem).where(TrackedItem.key == "eumam-revision")
            ).one()
            update_item(fast, other, theirs, {"status": "agreed"}, expected_version=1)
        update_item(slow, who, mine, {"status": "postponed"}, expected_version=1)
    current = item(bot, "eumam-revision")
    assert (current.status, current.version) == ("agreed", 2)
    assert count(bot, ItemRevision) == 1


def test_a_change_committed_during_an_update_is_reported_not_overwritten(bot, chat, monkeypatch):
    """The second admin's command loses the race inside the database, not at the version
    check: the reply still says what the item is now, and the first change stands."""
    import bot.commands.items as track_command

    real_update = track_command.update_item

    def racing_update(session, who, target, fields, **kwargs):
        with bot.session() as other:
            row = other.scalars(select(TrackedItem).where(TrackedItem.id == target.id)).one()
            real_update(
                other, Author("test", "w1", "c2", "carol", bot.clock()), row, {"status": "agreed"}
            )
        return real_update(session, who, target, fields, **kwargs)

    monkeypatch.setattr(track_command, "update_item", racing_update)
    reply = chat.say("track update eumam-revision status=postponed")
    assert "changed meanwhile; now: EUMAM mandate revision — agreed" in reply
    current = item(bot, "eumam-revision")
    assert (current.status, current.version) == ("agreed", 2)
    with bot.session() as session:
        (rev,) = session.scalars(select(ItemRevision))
        assert rev.changed_by == "test:carol"


def test_audit_shows_every_admin_change(chat):
    chat.say("subscribe")
    chat.say('track add "EUMAM budget" status=proposed')
    chat.say("track update eumam-revision status=agreed")
    chat.say('stance set Sweden undecided summary="No proposal yet"')
    chat.say("schedule daily 08:00")
    chat.say(f'article add title="Estonia weighs" source=ERR text="{ARTICLE}"')
    chat.say("schedule off")
    chat.say("unsubscribe")
    log = chat.say("audit")
    for action in (
        "subscribe c1",
        "track.add eumam-budget",
        "track.update eumam-revision",
        "stance.set sweden",
        "schedule.set c1",
        "article.add",
        "schedule.off c1",
        "unsubscribe c1",
    ):
        assert f"test:alice {action}" in log, action
    assert "REFUSED" not in log
    assert len(chat.say("audit 2").splitlines()) == 4  # title, rule, two entries


@pytest.mark.parametrize(
    "typed",
    ["ask What is Germany's position?", "ask Where do the Germans stand, x=y?", 'ask "Berlin"'],
)
def test_ask_takes_the_question_as_typed(chat, typed):
    reply = chat.say(typed)
    assert "Germany" in reply and "opposes" in reply
    assert "could not read" not in reply
