"""What a request came to, as a value (``Reply.outcome``) buttons and forms act on; and
proposals read as typed records, whatever wording their replies use."""

from __future__ import annotations

from sqlalchemy import select
from test_ingest import text_of

from bot.commands.buttons import outcome
from bot.commands.command import Outcome
from bot.commands.dispatch import invoke, run
from bot.core.request import Request
from bot.ingest.proposals import ItemChange, StanceChange, change_of, evidence_of
from bot.storage.models import ItemRevision, Proposal, TrackedItem


def _run(bot, text, user="alice"):
    is_admin = bot.settings.is_admin("test", user)
    return run(bot, Request("test", "w1", "c1", user, is_admin, text))


def _first_proposal(bot) -> int:
    with bot.session() as session:
        return session.scalars(select(Proposal.id).order_by(Proposal.id)).first()


def test_a_proposal_decided_twice_says_already_decided_as_a_value(chat, bot):
    chat.say("ingest " + text_of("101"))
    number = _first_proposal(bot)

    assert _run(bot, f"approve {number}").outcome is Outcome.DONE
    again = _run(bot, f"approve {number}")
    late_reject = _run(bot, f"reject {number}")

    assert again.outcome is late_reject.outcome is Outcome.ALREADY_DECIDED
    clicked = outcome(f"reject {number}", late_reject, "bob")
    assert not clicked.decided and clicked.already_decided and clicked.settled


def test_refused_invalid_and_nothing_changed_are_told_apart(bot):
    refused = _run(bot, "track update eumam-revision status=agreed", user="mallory")
    invalid = _run(bot, "track update eumam-revision due=someday")
    _run(bot, 'stance set Sweden undecided summary="No proposal yet"')
    same = _run(bot, 'stance set Sweden undecided summary="No proposal yet"')
    _run(bot, "track update eumam-revision status=agreed")
    unchanged = _run(bot, "track update eumam-revision status=agreed")

    assert refused.outcome is Outcome.REFUSED
    assert invalid.outcome is Outcome.INVALID
    assert same.outcome is unchanged.outcome is Outcome.NOTHING_CHANGED
    assert not outcome("approve 1", refused, "mallory").settled


def test_a_form_runs_track_update_with_its_version_and_the_same_history(bot):
    with bot.session() as session:
        version = session.scalars(
            select(TrackedItem.version).where(TrackedItem.key == "eumam-revision")
        ).one()
    request = Request("slack", "T1", "home", "U1", True, "track update eumam-revision (form)")
    fields = {"status": "agreed", "notes": 'Line one\nand "two"', "source": "Council"}

    saved = invoke(
        bot,
        request,
        "track",
        ["update", "eumam-revision"],
        {
            **fields,
            "version": str(version),
        },
    )
    stale = invoke(
        bot,
        request,
        "track",
        ["update", "eumam-revision"],
        {
            "status": "postponed",
            "version": str(version),
        },
    )

    assert saved.outcome is Outcome.DONE and stale.outcome is Outcome.STALE
    with bot.session() as session:
        item = session.scalars(select(TrackedItem).where(TrackedItem.key == "eumam-revision")).one()
        assert (item.status, item.notes) == ("agreed", 'Line one\nand "two"')
        (rev,) = session.scalars(select(ItemRevision).where(ItemRevision.item_id == item.id))
        assert rev.changed_by.startswith("slack") and rev.source == "Council"


def test_stored_proposals_read_back_as_typed_records(chat, bot):
    chat.say("ingest " + text_of("101"))
    with bot.session() as session:
        rows = session.scalars(select(Proposal)).all()
        changes = [change_of(p) for p in rows]
        evidence = [evidence_of(p) for p in rows]
    assert changes and all(isinstance(c, StanceChange | ItemChange) for c in changes)
    assert all(e.quote for e in evidence)
    for c in changes:
        assert type(c).from_json(c.to_json()) == c
