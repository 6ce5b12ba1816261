"""The App Home tab and the tracked-item editor (Edit button → modal → submission)."""

from __future__ import annotations

import json

from fakes.slack_harness import ADMIN, READER
from sqlalchemy import select
from story_rows import add_pact_story

from bot.storage.models import AuditEntry, OutboxMessage, TrackedItem


def _home_opened(slack, user):
    return slack.event(
        {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home", "event_ts": "1"}
    )


def _buttons(view):
    return [
        b["accessory"]
        for b in view["blocks"]
        if b.get("accessory", {}).get("action_id") == "edit_item"
    ]


def _open_editor(slack, fake, key="eumam-extension", user=ADMIN, container=None):
    slack.interaction(
        {
            "type": "block_actions",
            "user": {"id": user},
            "trigger_id": "trigger-edit",
            "container": container or {"type": "view", "view_id": "VHOME"},
            "actions": [
                {
                    "type": "button",
                    "action_id": "edit_item",
                    "block_id": "b1",
                    "value": key,
                    "action_ts": "1700000000.1",
                }
            ],
        }
    )
    return fake.wait_calls("views.open")[-1].payload["view"]


def _submit(slack, view, user=ADMIN, **values):
    """The view as Slack sends it back on Save: the blocks plus what the user typed."""
    state = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        bid, element = block["block_id"], block["element"]
        if element["type"] == "datepicker":
            state[bid] = {
                "value": {
                    "type": "datepicker",
                    "selected_date": values.get(bid, element.get("initial_date")),
                }
            }
        else:
            state[bid] = {
                "value": {
                    "type": "plain_text_input",
                    "value": values.get(bid, element.get("initial_value")),
                }
            }
    submitted = {**view, "id": "VMODAL", "state": {"values": state}}
    return slack.interaction(
        {"type": "view_submission", "user": {"id": user}, "trigger_id": "t2", "view": submitted}
    )


def _item(bot, key="eumam-extension"):
    with bot.session() as session:
        return session.scalars(select(TrackedItem).filter_by(key=key)).one()


def test_home_tab_shows_stances_items_and_this_workspaces_channels(slack, fake):
    slack.command("subscribe", user=ADMIN, channel="CNEWS")
    slack.command("schedule daily 08:00 tz=Europe/Berlin", user=ADMIN, channel="CNEWS")

    _home_opened(slack, ADMIN)

    (call,) = fake.wait_calls("views.publish")
    assert call.params["user_id"] == ADMIN
    view = call.payload["view"]
    shown = json.dumps(view)
    assert view["type"] == "home"
    assert "Germany" in shown and "opposes" in shown  # the stance table
    assert "EUMAM mandate extension" in shown  # tracked items, with due dates
    assert "Due " in shown
    assert "<#CNEWS>" in shown and "Europe/Berlin" in shown
    assert len(_buttons(view)) >= 3  # an admin gets an Edit button per item


def test_home_tab_is_refreshed_on_every_open_and_has_no_edit_buttons_for_readers(slack, fake, bot):
    _home_opened(slack, READER)
    first = fake.wait_calls("views.publish")[0].payload["view"]
    assert _buttons(first) == []

    slack.command("track update eumam-extension status=ratified", user=ADMIN)
    _home_opened(slack, READER)

    second = fake.wait_calls("views.publish", 2)[1].payload["view"]
    assert "ratified" in json.dumps(second) and "ratified" not in json.dumps(first)


def test_edit_button_opens_a_modal_and_saving_updates_audits_and_alerts(slack, fake, bot):
    slack.command("subscribe", user=ADMIN, channel="CALERTS")
    before = _item(bot)

    modal = _open_editor(slack, fake)
    assert modal["type"] == "modal" and "EUMAM mandate extension" in json.dumps(modal)

    reply = _submit(slack, modal, status="agreed", source="Council press release")

    assert reply.status == 200 and reply.body == ""  # an empty ack closes the modal
    item = _item(bot)
    assert item.status == "agreed" and item.version == before.version + 1
    assert item.due == before.due  # untouched fields stay as they were
    with bot.session() as session:
        entry = session.scalars(select(AuditEntry).filter_by(action="track.update")).one()
        assert (entry.platform, entry.user, entry.target) == ("slack", ADMIN, "eumam-extension")
        (alert,) = session.scalars(select(OutboxMessage).filter_by(kind="alert")).all()
        assert alert.channel == "CALERTS"
    fake.wait_calls("views.publish")  # the editor's Home tab shows the change at once


def test_bad_date_in_the_editor_is_shown_under_the_field_and_nothing_changes(
    slack, fake, bot, snapshot
):
    modal = _open_editor(slack, fake)
    before = snapshot()

    reply = _submit(slack, modal, due="1800-01-01")

    assert reply.status == 200
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert "out of range" in answer["errors"]["due"]
    assert snapshot() == before


def test_an_edit_made_meanwhile_is_not_overwritten(slack, fake, bot):
    modal = _open_editor(slack, fake)
    slack.command("track update eumam-extension status=postponed", user=ADMIN)

    reply = _submit(slack, modal, status="agreed")

    assert "meanwhile" in reply.json()["errors"]["status"]
    assert _item(bot).status == "postponed"


def test_non_admin_edit_button_is_refused_ephemerally_and_audited(slack, fake, bot, snapshot):
    before = snapshot(audit=False)

    slack.interaction(
        {
            "type": "block_actions",
            "user": {"id": READER},
            "trigger_id": "trigger-edit",
            "container": {"type": "message", "channel_id": "C1", "message_ts": "1.2"},
            "channel": {"id": "C1"},
            "response_url": fake.response_url("edit"),
            "actions": [{"type": "button", "action_id": "edit_item", "value": "eumam-extension"}],
        }
    )

    (refusal,) = slack.responses(fake.response_url("edit"))
    assert refusal["response_type"] == "ephemeral" and "only admins" in refusal["text"]
    assert fake.of("views.open") == []
    assert snapshot(audit=False) == before
    with bot.session() as session:
        entry = session.scalars(select(AuditEntry).filter_by(allowed=False)).one()
        assert entry.user == READER


def test_non_admin_modal_submission_is_refused(slack, fake, bot):
    modal = _open_editor(slack, fake)

    reply = _submit(slack, modal, user=READER, status="agreed")

    assert reply.json()["response_action"] == "update"
    assert "only admins" in json.dumps(reply.json()["view"])
    assert _item(bot).status != "agreed"


def test_an_items_card_has_an_edit_button_that_opens_the_editor(slack, fake, bot):
    _, url = slack.command("track show eumam-extension", user=READER)
    (card,) = slack.responses(url)
    (actions,) = [b for b in card["blocks"] if b["type"] == "actions"]
    (button,) = actions["elements"]
    assert (button["action_id"], button["value"]) == ("edit_item", "eumam-extension")

    modal = _open_editor(
        slack, fake, container={"type": "message", "channel_id": "C1", "message_ts": "1.1"}
    )
    reply = _submit(slack, modal, status="ratified", source="Council")

    assert reply.body == ""
    assert _item(bot).status == "ratified"


def _story_headers(view):
    return [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]


def test_home_tab_has_a_section_per_story_the_users_channels_follow(slack, fake, bot):
    add_pact_story(bot)
    fake.members[READER] = ["CDESK"]
    slack.command("follow migration-pact", user=ADMIN, channel="CDESK")

    # CDESK follows the first story (its default until it chose) and the pact now.
    _home_opened(slack, READER)
    view = fake.wait_calls("views.publish")[-1].payload["view"]
    headers = _story_headers(view)
    assert "The EU migration pact" in headers
    assert any(h.startswith("Macron") for h in headers)
    shown = json.dumps(view)
    assert "European Parliament vote on the migration pact" in shown
    assert "Rejects forced relocation" in shown  # the pact's own positions

    slack.command("unfollow trainers-coalition", user=ADMIN, channel="CDESK")
    _home_opened(slack, READER)
    only = fake.wait_calls("views.publish", 2)[-1].payload["view"]
    assert [h for h in _story_headers(only) if h not in ("newsbot", "This workspace's channels")]
    assert not any(h.startswith("Macron") for h in _story_headers(only))
    assert "EUMAM mandate extension" not in json.dumps(only)


def test_home_tab_shows_every_active_story_when_the_channels_are_not_known(slack, fake, bot):
    add_pact_story(bot)  # READER's channels cannot be read: no channels:read scope
    _home_opened(slack, READER)
    headers = _story_headers(fake.wait_calls("views.publish")[-1].payload["view"])
    assert "The EU migration pact" in headers and any(h.startswith("Macron") for h in headers)

    slack.command("story archive migration-pact", user=ADMIN)
    _home_opened(slack, READER)
    view = fake.wait_calls("views.publish", 2)[-1].payload["view"]
    assert "The EU migration pact" not in _story_headers(view)
    assert "migration pact" not in json.dumps(view)


def test_home_tab_of_many_stories_stays_within_slacks_block_limit(slack, fake, bot):
    from bot.storage.models import Story

    with bot.session() as session:
        session.add_all(Story(key=f"story-{n}", title=f"Story number {n}") for n in range(15))
    bot.changed()
    _home_opened(slack, ADMIN)
    view = fake.wait_calls("views.publish")[-1].payload["view"]
    assert len(view["blocks"]) <= 100
    assert "Story number 10" in _story_headers(view)
    assert "more stories" in json.dumps(view)
    assert "This workspace's channels" in _story_headers(view)
