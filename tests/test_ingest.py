"""Ingest end to end: pasted articles and files in, proposals out, admins approve or
reject them in chat, auto-apply, and everything applied goes through the admin path
(history, audit log, alerts); near-duplicates; ``newsbot ingest`` from the shell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.storage.models import Article, AuditEntry, OutboxMessage, Proposal, Stance, TrackedItem
from digests.document import Document
from digests.render import to_text

SAMPLES = Path(__file__).parent / "data" / "articles"
# The four samples the story started with (the 2xx articles belong to the extraction tests).
FIRST_SAMPLES = sorted(str(p) for p in SAMPLES.glob("1*.txt"))


def text_of(name: str) -> str:
    (path,) = SAMPLES.glob(f"{name}*.txt")
    return path.read_text(encoding="utf-8")


def proposal_rows(bot) -> list[Proposal]:
    with bot.session() as session:
        return list(session.scalars(select(Proposal).order_by(Proposal.id)))


def stance_of(bot, actor_key: str) -> Stance:
    """The row with its revisions loaded, to read after the session closes."""
    with bot.session() as session:
        rows = session.scalars(select(Stance)).all()
        (row,) = [r for r in rows if r.actor.key == actor_key]
        _ = [r.changed_by for r in row.revisions]
        return row


def outbox(bot, kind: str = "alert") -> list[tuple[str, str]]:
    with bot.session() as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
        ).all()
        return [(r.channel, to_text(Document.from_dict(r.document))) for r in rows]


# ---------------------------------------------------------------- chat
def test_a_pasted_article_is_stored_and_its_proposals_wait_for_an_admin(bot, chat, snapshot):
    reply = chat.say("ingest " + text_of("101"))
    assert "Added “Estonia weighs sending troops to western Ukraine, but not alone”" in reply
    assert "#1 Estonia → undecided" in reply and "`approve 1`" in reply
    (p,) = proposal_rows(bot)
    assert p.status == "pending" and p.target == "estonia"
    assert stance_of(bot, "estonia").stance == "unknown"  # nothing applied yet

    listing = chat.say("review")
    assert "#1 Estonia → undecided" in listing and "considering" in listing


def test_approving_goes_through_the_admin_path(bot, chat, clock):
    assert "Subscribed" in chat.say("subscribe", channel="alerts")
    chat.say("ingest " + text_of("101"))
    clock.advance(minutes=1)
    reply = chat.say("approve 1")
    assert "Estonia now undecided" in reply and "alerted" in reply
    row = stance_of(bot, "estonia")
    assert row.stance == "undecided" and row.as_of.isoformat() == "2024-05-15"
    assert row.evidence[0]["quote"].startswith("Estonia is seriously considering")
    assert [r.stance for r in row.revisions][-2:] == ["unknown", "undecided"]
    (alert,) = [t for c, t in outbox(bot) if c == "alerts"]
    assert "Stance changed: Estonia" in alert and "unknown → undecided" in alert
    with bot.session() as session:
        actions = [a.action for a in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-2:] == ["stance.set", "proposal.apply"]
    assert proposal_rows(bot)[0].status == "applied"

    answer = chat.say("What is Estonia's position?")
    assert "Invited, no stated position → undecided since 15 May 2024." in answer
    again = chat.say("approve 1")
    assert "already applied" in again


def test_a_rejected_proposal_changes_nothing(bot, chat, snapshot):
    chat.say("ingest " + text_of("103"))
    before = snapshot(audit=False)
    reply = chat.say("reject 2 Sweden's minister only spoke of procedure")
    assert "Rejected #2 Sweden → undecided" in reply
    after = snapshot(audit=False)
    assert after["stances"] == before["stances"] and after["outbox"] == before["outbox"]
    assert [p.status for p in proposal_rows(bot)] == ["pending", "rejected"]
    assert "not applied" in chat.say("approve 2")


def test_an_item_proposal_updates_the_tracked_item(bot, chat):
    chat.say("ingest " + text_of("104"))
    reply = chat.say("approve 1")
    assert "EUMAM mandate extension" in reply
    with bot.session() as session:
        item = session.scalars(
            select(TrackedItem).where(TrackedItem.key == "eumam-extension")
        ).one()
        assert item.status == "proposed" and item.due.isoformat() == "2026-11-30"
        assert item.due_label == "November 2026"
        assert item.revisions[-1].diff["status"] == ["due", "proposed"]
    answer = chat.say("When is the EUMAM mandate extended?")
    assert "Status: proposed" in answer and "November 2026" in answer


def test_an_approved_extension_moves_the_mandates_end_not_its_deadline(bot, chat):
    reply = chat.say("ingest " + text_of("204"))
    assert "EUMAM mandate extension: status extended, runs until 2026-11-15" in reply
    number = next(
        p.id for p in proposal_rows(bot) if p.target == "eumam-extension" and p.kind == "item"
    )
    chat.say(f"approve {number}")
    with bot.session() as session:
        item = session.scalars(
            select(TrackedItem).where(TrackedItem.key == "eumam-extension")
        ).one()
        assert item.status == "extended" and item.ends.isoformat() == "2026-11-15"
        # The deadline it met stays what it was: the extension was due in November 2024.
        assert item.due.isoformat() == "2024-11-30"
        assert item.revisions[-1].diff["ends"] == [None, "2026-11-15"]
    shown = chat.say("track show EUMAM mandate extension")
    assert "Runs until" in shown and "15 Nov 2026" in shown


def test_auto_apply_applies_confident_proposals_and_leaves_the_rest(bot, chat):
    reply = chat.say("review auto on min=0.95")
    assert "0.95 or more" in reply
    chat.say("ingest " + text_of("102"))  # Germany opposes, 0.97
    chat.say("ingest " + text_of("101"))  # Estonia undecided, 0.8
    assert [(p.target, p.status) for p in proposal_rows(bot)] == [
        ("germany", "applied"),
        ("estonia", "pending"),
    ]
    germany = stance_of(bot, "germany")
    assert "Pistorius" in germany.evidence[0]["quote"]
    assert germany.revisions[-1].changed_by == "test:alice (auto-apply)"
    assert "Auto-apply: at or above 0.95" in chat.say("review")
    chat.say("review auto off")
    chat.say("ingest " + text_of("103"))
    assert all(p.status == "pending" for p in proposal_rows(bot)[2:])


def test_proposals_are_posted_to_the_review_channel(bot, chat):
    chat.say("review here", channel="editors")
    chat.say("ingest " + text_of("103"), channel="c1")
    (posted,) = [t for c, t in outbox(bot) if c == "editors"]
    assert "Proposed updates from “Madrid says no" in posted
    assert "Spain → opposes" in posted and "Sweden → undecided" in posted
    assert "approve" in posted


@pytest.mark.parametrize(
    "command",
    [
        "ingest " + "Estonia is considering sending trainers to Ukraine now.",
        "approve 1",
        "reject 1",
        "review auto on",
        "feed add https://example.org/rss",
    ],
)
def test_non_admins_are_refused_and_nothing_changes(chat, snapshot, command):
    before = snapshot(audit=False)
    reply = chat.say(command, user="bob")
    assert "only admins" in reply
    assert snapshot(audit=False) == before


@pytest.mark.parametrize(
    ("command", "says"),
    [
        ("ingest", "What should I read?"),
        ("ingest Too short.", "too short"),
        ('ingest title="x" colour=red\nEstonia is considering sending trainers.', "colour"),
        ("approve seven", "not a proposal number"),
        ("approve 99", "no proposal #99"),
        ("review auto on min=0.2", "between 0.5 and 1"),
        ("ingest ftp://example.org/article", "I don't fetch ftp"),
        ("ingest http://127.0.0.1:9/article", "loopback"),
        ("ingest http://localhost/article", "loopback"),
        ("ingest http://192.168.0.10/article", "private network"),
        ("ingest http://169.254.169.254/latest/meta-data", "link-local"),
    ],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(chat, snapshot, command, says):
    before = snapshot(audit=False)
    reply = chat.say(command)
    assert says in reply, reply
    assert "Something went wrong" not in reply and "Traceback" not in reply
    assert snapshot(audit=False) == before


def test_the_same_story_from_another_outlet_is_a_near_duplicate(bot, chat):
    chat.say("ingest " + text_of("103"))
    other = (
        text_of("103")
        .replace("Source: Follow-up sample", "Source: Another outlet")
        .replace("Madrid says no", "Spain says no")
        .replace("said on Thursday", "told reporters on Thursday")
        .replace(
            "Sweden has not taken a position.", "Sweden, for its part, has not taken a position."
        )
    )
    reply = chat.say("ingest " + other)
    assert "Near-duplicate" in reply and "did not store" in reply
    with bot.session() as session:
        assert len(session.scalars(select(Article).where(Article.added_by != "seed")).all()) == 1
    forced = chat.say("ingest force=yes\n" + other)
    assert "Added" in forced


def test_a_new_article_and_an_applied_change_are_in_the_next_digest(bot, chat, clock):
    chat.say("digest")
    clock.advance(hours=1)
    chat.say("ingest " + text_of("102"))
    chat.say("approve 1")
    clock.advance(hours=1)
    digest = chat.say("digest")
    new = digest.partition("New articles since the last digest")[2].partition("What changed")[0]
    assert "Pistorius: training Ukrainian soldiers in Ukraine" in new
    changed = digest.partition("What changed since the last digest")[2]
    assert "Germany" in changed and "test:alice" in changed
    clock.advance(hours=1)
    assert "Nothing has changed since the last digest" in chat.say("digest")


# ---------------------------------------------------------------- the shell
def test_cli_ingest_json_prints_the_contract_for_each_article(newsbot):
    code, out, err = newsbot("ingest", "--json", *FIRST_SAMPLES)
    assert code == 0, err
    objects = [json.loads(line) for line in out.splitlines()]
    assert len(objects) == 4
    assert "[4/4]" in err and "done: 4 added" in err
    by_title = {o["article"]["title"]: o for o in objects}
    eumam = by_title["EU diplomatic service proposes two-year extension of EUMAM"]
    (item,) = eumam["proposals"]
    assert item["kind"] == "item" and item["item"] == "EUMAM mandate extension"
    assert item["changes"]["status"] == "proposed" and item["changes"]["due"] == "2026-11-30"
    found = {
        p["actor"]: p["stance"] for o in objects for p in o["proposals"] if p["kind"] == "stance"
    }
    assert found == {
        "Estonia": "undecided",
        "Germany": "opposes",
        "Spain": "opposes",
        "Sweden": "undecided",
    }


def test_cli_ingest_apply_applies_proposals_over_the_threshold(newsbot, monkeypatch):
    monkeypatch.setenv("NEWSBOT_INGEST_APPLY_THRESHOLD", "0.85")
    code, out, err = newsbot("ingest", "--apply", *FIRST_SAMPLES)
    assert code == 0, err
    assert "applied: Germany now opposes" in out
    assert "Estonia → undecided (0.80) — pending" in out
    _, out, _ = newsbot("stance", "list", "--json")
    table = {r["actor"]: r["stance"] for r in json.loads(out)}
    assert table["Germany"] == "opposes" and table["Spain"] == "opposes"
    assert table["Sweden"] == "undecided" and table["Estonia"] == "unknown"
    _, out, _ = newsbot("track", "list", "--json")
    items = {i["key"]: i for i in json.loads(out)}
    assert items["eumam-extension"]["status"] == "proposed"


def test_cli_ingest_of_a_refused_url_fails_and_changes_nothing(newsbot, db_url):
    code, out, err = newsbot("ingest", "http://127.0.0.1:9/x", "file:///etc/passwd")
    assert code == 1
    assert "loopback" in err and "I don't fetch file" in err and "Traceback" not in err
    assert out == ""


def test_approving_a_country_new_to_the_table_adds_it(chat):
    reply = chat.say(
        "ingest Title: Helsinki sends trainers\nPublished: 2024-07-10\nSource: Nordic Wire\n\n"
        "Finland will send 30 military instructors to western Ukraine this autumn, Defence "
        "Minister Antti Hakkanen announced on Tuesday."
    )
    assert "Finland → supports (new in the table)" in reply
    assert "Finland now supports" in chat.say("approve 1")
    answer = chat.say("What is Finland's position?")
    assert "Finland supports" in answer and "Finland will send 30 military instructors" in answer


def test_cli_ingest_reads_an_article_from_standard_input(newsbot, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(text_of("103")))
    code, out, err = newsbot("ingest", "-", "--json")
    assert code == 0, err
    (data,) = [json.loads(line) for line in out.splitlines()]
    assert data["article"]["title"].startswith("Madrid says no")
    assert [p["actor"] for p in data["proposals"]] == ["Spain", "Sweden"]


def test_proposals_are_reviewed_from_the_shell_too(newsbot):
    newsbot("ingest", str(SAMPLES / "103-spain-sweden.txt"))
    code, out, _ = newsbot("review")
    assert code == 0 and "#1 Spain → opposes" in out and "#2 Sweden → undecided" in out
    code, out, _ = newsbot("reject", "2", "Jonson's remark is about procedure")
    assert code == 0 and "Rejected #2" in out
    code, out, _ = newsbot("approve", "1")
    assert code == 0 and "Spain now opposes" in out
    code, _, err = newsbot("approve", "2")
    assert code == 1 and "already rejected" in err
