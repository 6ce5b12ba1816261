"""Whatever is typed, the bot answers with a clear message, changes nothing on an error,
and never shows a traceback."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.storage.models import TrackedItem


@pytest.fixture
def watched(bot, chat):
    """A subscribed channel (so a wrongful change would also show in the outbox)."""
    chat.say("subscribe")
    chat.say("schedule daily 06:00 tz=UTC")
    return chat


@pytest.fixture
def refused(watched, snapshot):
    """Sends an admin command that must fail; checks it failed cleanly, returns the reply."""

    def send(command: str) -> str:
        before = snapshot()
        docs = watched.docs(command)
        reply = watched.say(command)
        assert docs and all(d.kind == "error" for d in docs), (command, reply)
        assert "Traceback" not in reply and "Error:" not in reply
        assert "Something went wrong" not in reply, (command, reply)  # a specific message
        assert snapshot() == before, command
        return reply

    return send


# ---------------------------------------------------------------- commands
def test_an_unknown_slash_command_is_named_with_a_pointer_to_help(refused):
    reply = refused("/foo")
    assert "Unknown command `/foo`" in reply and "`help`" in reply
    assert "Did you mean" not in reply  # nothing is like it


def test_a_typo_in_a_command_suggests_the_command(refused):
    reply = refused("trak list")
    assert "Unknown command `trak`" in reply
    assert "Did you mean `track`?" in reply
    assert "Did you mean `subscribe`?" in refused("/subscibe")


def test_an_unknown_subcommand_shows_the_usage(refused):
    reply = refused("track lst")
    assert "Unknown subcommand `lst`" in reply and "track list" in reply


# ---------------------------------------------------------------- dates
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-13-45", "'2024-13-45' is not a real date"),
        ("tomorrowish", "'tomorrowish' is not a date I can read: use YYYY-MM-DD"),
        ("0001-01-01", "out of range"),
        ("9999-12-31", "out of range"),
        ("2024-02-30", "not a real date"),
        ("'2024-01-01\x00'", "control characters"),
    ],
)
def test_a_malformed_due_date_is_refused(refused, value, expected):
    reply = refused(f"track update eumam-revision status=agreed due={value}")
    assert expected in reply


def test_full_width_digits_in_a_date_are_read(bot, watched):
    assert "due: 2024-08-31 → 2025-01-01" in watched.say(
        "track update eumam-revision due=２０２５-01-01"
    )


def test_a_stance_or_article_dated_in_the_future_is_refused(refused):
    reply = refused('stance set Sweden undecided summary="x" date=2030-01-01')
    assert "in the future" in reply
    reply = refused('article add title=T source=S date=2027-01-01 text="one two three four five"')
    assert "in the future" in reply


# ---------------------------------------------------------------- items and actors
def test_an_unknown_item_suggests_the_closest(refused):
    reply = refused("track update eumam-revison status=agreed")
    assert "No tracked item “eumam-revison”" in reply
    assert "Did you mean `eumam-revision`?" in reply
    reply = refused("track show EUMAM mandate extenshun")
    assert "Did you mean `eumam-extension`?" in reply
    reply = refused("track history the weather")
    assert "No tracked item" in reply and "`track list`" in reply


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("track update eumam-revision colour=red", "Unknown field colour"),
        ("track update eumam-revision", "Nothing to change"),
        ('track update eumam-revision status=""', "status must not be empty"),
        ("track update eumam-revision status=🙂", "status needs words"),
        ("track update eumam-revision status=agreed version=abc", "is not a number"),
        ("track update", "Which item?"),
        ("track add", "Give the item a name"),
        ('track add "🚀🚀" status=open', "at least one letter or digit"),
        ('track add "' + "a" * 250 + '"', "name is 250 characters long; the limit is 200"),
        ("track show eumam-revision status=agreed", "takes no options"),
        (
            'track update eumam-revision name="EUMAM mandate extension"',
            "already a tracked item called “EUMAM mandate extension”",
        ),
    ],
)
def test_bad_tracked_item_changes_are_refused(refused, command, expected):
    assert expected in refused(command)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ('stance set Narnia supports summary="x"', "I don't know an actor called “Narnia”"),
        ('stance set Narnia supports summary="x" kind=kingdom', "kind=kingdom is not a kind"),
        ('stance set Sweden bogus summary="x"', "“bogus” is not a stance"),
        ('stance set supports summary="x"', "Whose stance?"),
        ("stance set Sweden supports quote=hello", "A quote needs its source"),
        ('stance set Sweden supports summary="x" topic=weather', "No topic “weather”"),
        ('stance set Sweden supports summary="x" mood=happy', "Unknown option mood"),
        ('stance set Atlantis opposes summary="x" kind=country', None),  # allowed: see below
    ],
)
def test_bad_stance_changes_are_refused(watched, refused, command, expected):
    if expected is None:
        assert "Atlantis now opposes" in watched.say(command)
        return
    assert expected in refused(command)


def test_stance_history_of_an_unknown_actor_says_so(refused):
    reply = refused("stance history Narnia")
    assert "I don't know an actor called “Narnia”" in reply


# ---------------------------------------------------------------- text
def test_an_empty_message_gets_a_hint(watched):
    assert "help" in watched.say("")
    assert "help" in watched.say("   \n\t ")


@pytest.mark.parametrize(
    "command",
    [
        'article add title="Empty" source=ERR text=""',
        'article add title="Empty" source=ERR',
        'article add title="Short" source=ERR text="far too short"',
        'article add title="" source=ERR text="one two three four five six"',
        'article add title="No source" text="one two three four five six"',
        'article add title=T source=S url=ftp://example.org text="one two three four five six"',
    ],
)
def test_an_empty_or_partial_article_is_refused(refused, command):
    refused(command)


def test_a_30000_character_message_is_refused_with_the_limit(refused):
    text = "word " * 6000
    reply = refused(f'article add title=T source=S text="{text}"')
    assert "30,0" in reply and "the limit is 20,000" in reply
    assert "newsbot ingest" in reply
    # as a question too
    assert "the limit is 20,000" in refused("What is " + "x" * 30_000)


@pytest.mark.parametrize(
    "command",
    [
        'track update eumam-revision status="agreed',
        "track update eumam-revision status='agreed",
        'stance set "Sweden undecided summary=x',
        'article add title="T source=S text="one two three four five"',
    ],
)
def test_unbalanced_quotes_are_pointed_out(refused, command):
    assert "check your quotes" in refused(command)


def test_curly_quotes_work_like_straight_ones(bot, watched):
    reply = watched.say("track update eumam-revision source=“Council press release” status=agreed")
    assert "Council press release" in reply and "agreed" in reply


# ---------------------------------------------------------------- odd Unicode
def test_zero_width_characters_are_dropped_not_stored(bot, watched):
    watched.say('track add "EUMAM\u200b budget\ufeff" status=pro\u200bposed')
    with bot.session() as session:
        item = session.scalars(select(TrackedItem).where(TrackedItem.key == "eumam-budget")).one()
        assert (item.name, item.status) == ("EUMAM budget", "proposed")
    # and a zero-width space does not hide a command
    assert "Usage: track list" in watched.say("help \u200btrack")


def test_right_to_left_overrides_cannot_disguise_stored_text(bot, watched):
    watched.say('track update eumam-revision source="\u202eesaeler sserp\u202c" status=agreed')
    with bot.session() as session:
        item = session.scalars(select(TrackedItem).where(TrackedItem.key == "eumam-revision")).one()
        assert item.source == "esaeler sserp"


def test_right_to_left_and_emoji_text_is_kept(bot, watched):
    reply = watched.say(
        'stance set Atlantis opposes summary="يرفض إرسال مدربين 🚫" kind=country '
        'quote="לא נשלח מאמנים" source="Haaretz"'
    )
    assert "Atlantis now opposes" in reply
    answer = watched.say("stance show Atlantis")
    assert "يرفض إرسال مدربين 🚫" in answer
    assert "“לא נשלח מאמנים” — Haaretz" in answer


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b[31m", "\x08"])
def test_control_characters_in_stored_text_are_refused(refused, char):
    reply = refused(f'track update eumam-revision status="agreed{char}"')
    assert "control characters" in reply
    reply = refused(f'stance set Sweden supports summary="Backs{char} it"')
    assert "control characters" in reply


@pytest.mark.parametrize(
    "text",
    [
        "🙂",
        "\u200b\u200b",
        "\x00\x01\x02",
        "What is \u202eGermany\u202c's position?",
        "‮ynamreG",
        "--",
        '"',
        "'",
        "=",
        "track =x",
        "stance",
        "/",
        "!!!",
        "track show \u200b",
        "schedule daily ０８:００",
        "audit ²",
        "help help help",
    ],
)
def test_odd_input_never_shows_a_traceback(watched, snapshot, text):
    before = snapshot()
    docs = watched.docs(text)
    reply = watched.say(text)
    assert docs, text
    assert reply.strip()
    assert "Traceback" not in reply
    assert "Something went wrong" not in reply
    if "schedule" not in text:
        assert snapshot() == before


def test_a_failure_halfway_through_a_change_leaves_nothing_half_written(
    watched, snapshot, monkeypatch
):
    """The change, its history, its alert and its audit entry commit together or not at all."""
    import bot.domain.items as items

    def broken(*args, **kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(items, "enqueue_alert", broken)
    before = snapshot()
    reply = watched.say("track update eumam-revision status=agreed")
    assert "nothing was changed" in reply
    assert "RuntimeError" not in reply and "Traceback" not in reply
    assert snapshot() == before
    monkeypatch.undo()
    assert "scheduled → agreed" in watched.say("track update eumam-revision status=agreed")
