"""Approve / Reject buttons on proposals in Slack: posted to the review channel through
the outbox, clicked through the real Bolt app, decided through the core's own commands."""

from __future__ import annotations

from fakes.slack_harness import ADMIN, READER, check_payloads
from sqlalchemy import select
from test_ingest import outbox, proposal_rows, stance_of, text_of
from test_slack_posting import _deliverer

from bot.storage.models import AuditEntry


def _post_proposals(slack, fake, bot, article="101"):
    """Review channel CREVIEW, alerts to CALERTS, article 101 ingested and delivered."""
    for text, channel in (("review here", "CREVIEW"), ("subscribe", "CALERTS")):
        _, url = slack.command(text, user=ADMIN, channel=channel)
        slack.responses(url)
    _, url = slack.command("ingest " + text_of(article), user=ADMIN, channel="C1")
    slack.responses(url)
    assert _deliverer(bot).drain() >= 1
    (post,) = [c.payload for c in fake.of("chat.postMessage") if c.params["channel"] == "CREVIEW"]
    return post


def _buttons(blocks):
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def _click(slack, fake, post, value, user, n):
    """A click on the posted message's button carrying ``value``, as Slack sends it."""
    (button,) = [b for b in _buttons(post["blocks"]) if b["value"] == value]
    url = fake.response_url(f"click{n}")
    slack.interaction(
        {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "name": user.lower()},
            "trigger_id": f"trigger-click{n}",
            "container": {"type": "message", "channel_id": "CREVIEW", "message_ts": "1.1"},
            "channel": {"id": "CREVIEW", "name": "review"},
            "message": {"ts": "1.1", "text": post["text"], "blocks": post["blocks"]},
            "response_url": url,
            "actions": [{**button, "block_id": "auto1", "action_ts": "1700000000.2"}],
        }
    )
    return url


def test_a_proposal_posted_for_review_carries_approve_and_reject_buttons(slack, fake, bot):
    post = _post_proposals(slack, fake, bot)

    buttons = _buttons(post["blocks"])
    assert [(b["text"]["text"], b["value"], b.get("style")) for b in buttons] == [
        ("Approve #1", "approve 1", "primary"),
        ("Reject #1", "reject 1", "danger"),
    ]
    assert "approve 1 · reject 1" in post["text"]  # the notification's fallback names them
    check_payloads(fake)


def test_an_admins_click_approves_alerts_and_shows_the_decision(slack, fake, bot):
    post = _post_proposals(slack, fake, bot)

    url = _click(slack, fake, post, "approve 1", ADMIN, 1)

    (update,) = slack.responses(url)
    assert update["replace_original"] is True
    assert _buttons(update["blocks"]) == []  # the decided row lost its buttons
    assert "Approved by uadmin: #1: Estonia now undecided" in str(update["blocks"])
    assert stance_of(bot, "estonia").stance == "undecided"
    assert proposal_rows(bot)[0].status == "applied"
    assert [c for c, t in outbox(bot) if "Stance changed: Estonia" in t] == ["CALERTS"]
    with bot.session() as session:
        entry = session.scalars(
            select(AuditEntry).filter_by(action="proposal.apply").order_by(AuditEntry.id)
        ).one()
        assert entry.user == ADMIN and entry.platform == "slack"
    check_payloads(fake)


def test_an_admins_reject_click_changes_no_stance(slack, fake, bot):
    post = _post_proposals(slack, fake, bot)

    url = _click(slack, fake, post, "reject 1", ADMIN, 1)

    (update,) = slack.responses(url)
    assert "Rejected by uadmin" in str(update["blocks"]) and _buttons(update["blocks"]) == []
    assert proposal_rows(bot)[0].status == "rejected"
    assert stance_of(bot, "estonia").stance == "unknown"


def test_a_non_admins_click_is_refused_privately_and_changes_nothing(slack, fake, bot, snapshot):
    post = _post_proposals(slack, fake, bot)
    before = snapshot(audit=False)

    url = _click(slack, fake, post, "approve 1", READER, 1)

    (refusal,) = slack.responses(url)
    assert refusal["response_type"] == "ephemeral" and refusal["replace_original"] is False
    assert "admin" in refusal["text"].lower()
    assert snapshot(audit=False) == before
    assert proposal_rows(bot)[0].status == "pending"
    with bot.session() as session:
        refused = session.scalars(select(AuditEntry).filter_by(allowed=False)).all()
        assert [e.user for e in refused] == [READER]
    check_payloads(fake)


def test_a_second_click_on_a_decided_proposal_says_it_was_already_decided(slack, fake, bot):
    post = _post_proposals(slack, fake, bot)
    slack.responses(_click(slack, fake, post, "approve 1", ADMIN, 1))
    before = stance_of(bot, "estonia").revisions

    url = _click(slack, fake, post, "reject 1", ADMIN, 2)  # the same, stale message

    replies = slack.responses(url, 2)
    (note,) = [r for r in replies if r.get("response_type") == "ephemeral"]
    assert "already applied" in note["text"]
    (fixed,) = [r for r in replies if r.get("replace_original")]
    assert _buttons(fixed["blocks"]) == []
    assert proposal_rows(bot)[0].status == "applied"
    assert len(stance_of(bot, "estonia").revisions) == len(before)


def test_a_forged_button_value_runs_nothing(slack, fake, bot, snapshot):
    post = _post_proposals(slack, fake, bot)
    forged = {**post, "blocks": [*post["blocks"]]}
    forged["blocks"].append(
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": "newsbot_cmd_0",
                    "text": {"type": "plain_text", "text": "Go"},
                    "value": "review auto on",
                }
            ],
        }
    )
    before = snapshot(audit=False)

    (reply,) = slack.responses(_click(slack, fake, forged, "review auto on", ADMIN, 1))

    assert "out of date" in reply["text"] and reply["response_type"] == "ephemeral"
    assert snapshot(audit=False) == before


def test_deciding_one_proposal_leaves_the_others_buttons(slack, fake, bot):
    post = _post_proposals(slack, fake, bot, article="103")
    assert [b["value"] for b in _buttons(post["blocks"])] == [
        "approve 1",
        "reject 1",
        "approve 2",
        "reject 2",
    ]

    (update,) = slack.responses(_click(slack, fake, post, "approve 2", ADMIN, 1))

    assert [b["value"] for b in _buttons(update["blocks"])] == ["approve 1", "reject 1"]
    assert "Approved by uadmin: #2" in str(update["blocks"])
    assert [p.status for p in proposal_rows(bot)] == ["pending", "applied"]
    check_payloads(fake)


def test_a_click_on_a_message_slack_does_not_send_back_is_answered_privately(slack, fake, bot):
    post = _post_proposals(slack, fake, bot)
    url = fake.response_url("ephemeral")
    (button,) = [b for b in _buttons(post["blocks"]) if b["value"] == "approve 1"]
    slack.interaction(
        {
            "type": "block_actions",
            "user": {"id": ADMIN, "username": "uadmin"},
            "container": {"type": "message", "is_ephemeral": True, "channel_id": "CREVIEW"},
            "channel": {"id": "CREVIEW"},
            "response_url": url,
            "actions": [button],
        }
    )

    (note,) = slack.responses(url)
    assert note["response_type"] == "ephemeral" and "Approved by uadmin" in note["text"]
    assert proposal_rows(bot)[0].status == "applied"
