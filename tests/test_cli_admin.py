"""The admin operations from the shell: `newsbot track|stance|ingest|digest …`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot.cli.main import main
from bot.storage.models import Article, AuditEntry, TrackedItem

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = (
    "Title: Estonia weighs sending troops to western Ukraine, but not alone\n"
    "Published: 2024-05-15\n"
    "Source: Follow-up sample (Ukrinform)\n"
    "\n"
    "Estonia is seriously considering sending soldiers to western Ukraine to take over "
    "rear-area tasks such as training, an adviser to President Alar Karis said on Monday.\n"
    "\n"
    "Defence Minister Hanno Pevkur made clear on Wednesday that Tallinn would not act on its "
    'own. "Estonia is certainly not going to do something alone," Pevkur said.\n'
)


def rows(db_url, model):
    engine = create_engine(db_url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(model).order_by(model.id)))
    finally:
        engine.dispose()


def test_track_list_json_prints_the_table(newsbot):
    code, out, err = newsbot("track", "list", "--json")
    assert code == 0, err
    items = {i["key"]: i for i in json.loads(out)}
    assert set(items) >= {"eumam-revision", "eumam-extension", "coalition-launch"}
    revision = items["eumam-revision"]
    assert revision["name"] == "EUMAM mandate revision"
    assert revision["status"] == "scheduled"
    assert revision["due"] == "2024-08-31"


def test_stance_list_json_prints_the_table(newsbot):
    code, out, err = newsbot("stance", "list", "--json")
    assert code == 0, err
    table = {row["actor"]: row for row in json.loads(out)}
    assert table["Germany"]["stance"] == "opposes"
    assert table["France"]["stance"] == "supports"
    assert table["Germany"]["evidence"][0]["source"].startswith("WELT AM SONNTAG")
    assert table["United States"]["actor_key"] == "united-states"


def test_track_update_from_the_shell_changes_the_item(newsbot, db_url):
    code, out, err = newsbot("track", "update", "eumam-revision", "status=agreed")
    assert code == 0, err
    assert "status: scheduled → agreed" in out
    assert err == ""
    code, out, _ = newsbot("track", "list", "--json")
    assert {i["key"]: i["status"] for i in json.loads(out)}["eumam-revision"] == "agreed"
    (entry,) = [e for e in rows(db_url, AuditEntry) if e.action == "track.update"]
    assert entry.platform == "cli" and entry.user.startswith("shell:")


def test_a_bad_update_exits_non_zero_with_the_message_on_stderr(newsbot, db_url):
    code, out, err = newsbot("track", "update", "eumam-revison", "status=agreed")
    assert code == 1
    assert out == ""
    assert "Did you mean `eumam-revision`?" in err
    code, out, err = newsbot("track", "update", "eumam-revision", "due=2024-13-45")
    assert code == 1 and "not a real date" in err
    assert [i.status for i in rows(db_url, TrackedItem) if i.key == "eumam-revision"] == [
        "scheduled"
    ]


def test_track_help_from_the_shell(newsbot):
    code, out, _ = newsbot("track", "--help")
    assert code == 0
    assert "Usage: track list" in out and "Example:" in out


def test_stance_set_from_the_shell(newsbot):
    code, out, err = newsbot(
        "stance", "set", "Sweden", "undecided", "summary=No proposal yet", "date=2024-06-20"
    )
    assert code == 0, err
    assert "Sweden now undecided" in out
    _, out, _ = newsbot("stance", "list", "--json")
    assert {r["actor"]: r["stance"] for r in json.loads(out)}["Sweden"] == "undecided"


def test_channel_commands_need_a_channel(newsbot):
    code, _, err = newsbot("subscribe")
    assert code == 2 and "--channel" in err
    code, out, err = newsbot("subscribe", "--channel", "console/local/console")
    assert code == 0, err
    assert "Subscribed" in out
    code, out, err = newsbot(
        "schedule", "weekdays", "07:30", "tz=Europe/Berlin", "--channel=slack/T1/C1"
    )
    assert code == 0, err
    assert "30 7 * * mon-fri" in out
    code, _, err = newsbot("subscribe", "--channel", "nonsense")
    assert code == 2 and "PLATFORM/WORKSPACE/CHANNEL" in err


def subscribed(db_url) -> list[str]:
    from bot.storage.models import Subscription

    return [f"{s.platform}/{s.workspace}/{s.channel}" for s in rows(db_url, Subscription)]


def test_subscribe_takes_several_channels_and_refuses_a_second_where_one_is_meant(newsbot, db_url):
    code, out, err = newsbot(
        "subscribe", "--channel", "webhook/team/news", "--channel=webhook/team/desk"
    )
    assert code == 0, err
    assert out.count("Subscribed") == 2
    assert "webhook/team/news" in out and "webhook/team/desk" in out  # which reply is which
    assert subscribed(db_url) == ["webhook/team/news", "webhook/team/desk"]
    # One bad channel among several: none of them is subscribed.
    code, _, err = newsbot("subscribe", "--channel", "webhook/team/ops", "--channel", "oops")
    assert code == 2 and "PLATFORM/WORKSPACE/CHANNEL" in err
    assert subscribed(db_url) == ["webhook/team/news", "webhook/team/desk"]
    code, out, err = newsbot(
        "unsubscribe", "--channel", "webhook/team/news", "--channel", "webhook/team/desk"
    )
    assert code == 0, err
    assert out.count("Unsubscribed") == 2 and subscribed(db_url) == []
    # A schedule is for one channel: a second --channel is refused, not dropped.
    code, _, err = newsbot(
        "schedule", "daily", "08:00", "--channel", "slack/T1/C1", "--channel", "slack/T1/C2"
    )
    assert code == 2 and "one --channel at a time" in err
    from bot.storage.models import DigestSchedule

    assert rows(db_url, DigestSchedule) == []


def test_ingest_adds_a_file_with_a_header(newsbot, db_url, tmp_path):
    path = tmp_path / "101-estonia.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, out, err = newsbot("ingest", str(path))
    assert code == 0, err
    assert "added 2024-05-15-estonia-weighs" in out
    (article,) = [a for a in rows(db_url, Article) if a.added_by != "seed"]
    assert article.title == "Estonia weighs sending troops to western Ukraine, but not alone"
    assert article.source == "Follow-up sample (Ukrinform)"
    assert article.published.isoformat() == "2024-05-15"
    assert article.body.startswith("Estonia is seriously considering")
    assert "Title:" not in article.body

    # the same file again is a duplicate: nothing added, non-zero exit
    code, out, err = newsbot("ingest", str(path))
    assert code == 1 and "already stored" in err
    assert len([a for a in rows(db_url, Article) if a.added_by != "seed"]) == 1

    _, out, _ = newsbot("digest", "--format", "json")
    assert "Estonia weighs sending troops" in out


def test_ingest_reads_a_header_behind_a_byte_order_mark_and_crlf(newsbot, db_url, tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(("\ufeff" + ARTICLE).replace("\n", "\r\n").encode("utf-8"))
    code, _, err = newsbot("ingest", str(path))
    assert code == 0, err
    (article,) = [a for a in rows(db_url, Article) if a.added_by != "seed"]
    assert article.title.startswith("Estonia weighs")
    assert "\r" not in article.body


def test_ingest_reports_each_bad_file_and_goes_on(newsbot, db_url, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    short = tmp_path / "short.txt"
    short.write_text("Title: Short\n\nToo short.", encoding="utf-8")
    future = tmp_path / "future.txt"
    future.write_text(ARTICLE.replace("2024-05-15", "2999-01-01"), encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    missing = tmp_path / "missing.txt"
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = newsbot(
        "ingest", str(short), str(future), str(binary), str(missing), str(empty), str(good)
    )
    assert code == 1
    assert "too short" in err
    assert "2999-01-01" in err
    assert "not UTF-8" in err
    assert "missing.txt: cannot read" in err
    assert "the folder has no .txt" in err
    assert "Traceback" not in err
    assert "[6/6]" in err and "added 2024-05-15-estonia-weighs" in out
    assert len([a for a in rows(db_url, Article) if a.added_by != "seed"]) == 1


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("json", lambda out: json.loads(out)["kind"] == "digest"),
        ("markdown", lambda out: out.startswith("# News digest") and "\n## " in out),
        ("text", lambda out: out.startswith("News digest") and "\n=====" in out),
    ],
)
def test_digest_in_each_format(newsbot, fmt, check):
    code, out, err = newsbot("digest", "--format", fmt)
    assert code == 0, err
    assert check(out)
    assert "EUMAM mandate revision" in out


def test_the_real_command_exits_0_and_1_with_stderr(db_url, tmp_path):
    """From a shell: the console script's module, as scripts call it."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "NEWSBOT_ADMINS")}
    env["PYTHONPATH"] = str(ROOT)

    def shell(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "--db", db_url, *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=120,
        )

    ok = shell("track", "update", "eumam-revision", "status=agreed")
    assert ok.returncode == 0, ok.stderr
    assert "scheduled → agreed" in ok.stdout
    bad = shell("track", "update", "eumam-revision", "due=tomorrowish")
    assert bad.returncode == 1
    assert "'tomorrowish' is not a date I can read" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_an_unreachable_database_is_reported_without_its_password(tmp_path, capsys):
    code = main(["--db", "postgresql+psycopg://newsbot:s3cret@127.0.0.1:1/none", "track"])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot open the database" in err
    assert "s3cret" not in err
