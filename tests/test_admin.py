"""Rights: only admins change what everyone sees; a refusal is polite, changes nothing,
and is itself in the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.commands.dispatch import dispatch
from bot.core.request import Request
from bot.storage.models import AuditEntry


def audit_rows(bot) -> list[AuditEntry]:
    with bot.session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


ARTICLE = (
    "Estonia is seriously considering sending soldiers to western Ukraine. "
    "Tallinn would not act on its own, the defence minister said."
)

REFUSED = [
    ('track add "EUMAM budget" due=2025-03-01 status=proposed', "track add"),
    ("track update eumam-extension status=agreed source=rumour", "track update"),
    ("track set eumam-extension status=agreed", "track set"),
    ('stance set Sweden supports summary="Backs it"', "stance set"),
    ("subscribe", "subscribe"),
    ("unsubscribe", "unsubscribe"),
    ("schedule daily 08:00 tz=Europe/Berlin", "schedule daily"),
    ("schedule off", "schedule off"),
    ('schedule cron "0 8 * * 1-5"', "schedule cron"),
    (f'article add title="Estonia" source=ERR text="{ARTICLE}"', "article"),
    ("audit", "audit"),
    ("/track update eumam-extension status=agreed", "track update"),
    ('track add "unbalanced', "track add"),  # refused before the quotes are even read
]


@pytest.fixture
def busy(chat):
    """Some state to protect: two subscribed channels and a schedule."""
    chat.say("subscribe", channel="c1")
    chat.say("subscribe", channel="c2")
    chat.say("schedule daily 06:00 tz=UTC")
    return chat


@pytest.mark.parametrize(("command", "action"), REFUSED)
def test_a_non_admin_is_refused_politely_and_nothing_changes(bot, busy, snapshot, command, action):
    before = snapshot(audit=False)
    audits = len(audit_rows(bot))

    reply = busy.say(command, user="bob")

    assert reply.startswith("Sorry")
    assert "admin" in reply
    assert "Traceback" not in reply
    assert snapshot(audit=False) == before
    new = audit_rows(bot)[audits:]
    assert len(new) == 1
    (entry,) = new
    assert (entry.user, entry.action, entry.allowed) == ("bob", action, False)
    assert entry.platform == "test" and entry.channel == "c1"


def test_a_refusal_is_a_refusal_document_shown_only_to_the_sender(busy):
    (doc,) = busy.docs("track update eumam-revision status=agreed", user="bob")
    assert doc.kind == "refusal"
    assert doc.ephemeral


def test_the_audit_refusal_does_not_claim_audit_changes_anything(busy):
    reply = busy.say("audit", user="bob")
    assert "audit log is for admins" in reply
    assert "changes what everyone sees" not in reply


def test_a_non_admin_can_still_read(busy):
    assert "[eumam-revision]" in busy.say("track list", user="bob")
    assert "Status: scheduled" in busy.say("track show eumam-revision", user="bob")
    assert "No changes" in busy.say("track history eumam-revision", user="bob")
    assert "Germany — opposes" in busy.say("stance list", user="bob")
    assert "Sweden" in busy.say("stance history Sweden", user="bob")
    assert "(UTC)" in busy.say("schedule show", user="bob")
    assert "test/w1/c2" in busy.say("subscriptions", user="bob")
    assert "Germany: opposes" in busy.say("What is Germany's position?", user="bob")
    assert "News digest" in busy.say("digest", user="bob")
    assert "Usage" in busy.say("help track", user="bob")


def test_admin_sees_refusals_and_changes_in_the_audit_log(bot, busy):
    busy.say("track update eumam-revision status=agreed", user="bob")
    busy.say('stance set Sweden supports summary="Backs it"', user="bob")
    busy.say("track update eumam-extension status=agreed")
    log = busy.say("audit")
    assert "test:bob track update — REFUSED" in log
    assert "test:bob stance set — REFUSED" in log
    assert "status=agreed" in log  # what bob typed is kept
    assert "test:alice track.update eumam-extension" in log
    assert "test:alice schedule.set c1" in log
    assert "test:alice subscribe c2" in log
    # newest first
    assert log.index("track.update eumam-extension") < log.index("test:bob track update")


def test_every_admin_change_is_audited_as_allowed(bot, busy):
    busy.say('track add "EUMAM budget" status=proposed')
    busy.say("track update eumam-revision status=agreed")
    busy.say('stance set Sweden undecided summary="No proposal yet"')
    busy.say(f'article add title="Estonia" source=ERR text="{ARTICLE}"')
    actions = [(e.action, e.user, e.allowed) for e in audit_rows(bot)]
    for action in ("track.add", "track.update", "stance.set", "article.add"):
        assert (action, "alice", True) in actions


def test_admin_rights_come_from_the_settings_per_platform(bot):
    # alice is an admin on "test", not on "slack"
    request = Request("slack", "T1", "C1", "alice", False, "track update eumam-revision x=y")
    (doc,) = dispatch(bot, request)
    assert doc.kind == "refusal"
    assert bot.settings.is_admin("test", "alice")
    assert not bot.settings.is_admin("slack", "alice")
    assert not bot.settings.is_admin("test", "bob")
