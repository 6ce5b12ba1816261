"""``newsbot ask --json`` as scripts call it: a subprocess, questions on stdin or as
arguments, one JSON object per question with exactly the keys docs/cli.md promises."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

TOP_KEYS = {"question", "answer", "stances", "items"}
# Each stance and item names the story and topic it is from (docs/cli.md).
STANCE_KEYS = {"actor", "stance", "summary", "evidence", "story", "topic"}
EVIDENCE_KEYS = {"quote", "source", "date"}
ITEM_KEYS = {"name", "status", "due", "ends", "story", "topic"}
STANCES = {"supports", "opposes", "undecided", "mixed", "unknown"}

QUESTIONS = [
    "What is Germany's position?",
    "Who was invited?",
    "When does the mandate expire?",
    "What is Japan's position?",
    "Wurde Polen eingeladen?",
    "What do the Baltic states think?",
    "🤔🇩🇪?",
    "?!?!",
    "x" * 3000,
]


def run_ask(db_url: str, *args: str, stdin: str | None = None, cwd: Path) -> list[dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONIOENCODING"] = "utf-8"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--db", db_url, "ask", "--json", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert all(line.strip() for line in lines)
    return [json.loads(line) for line in lines]


def assert_contract(obj: dict[str, Any]) -> None:
    assert set(obj) == TOP_KEYS
    assert isinstance(obj["question"], str)
    assert isinstance(obj["answer"], str) and obj["answer"].strip()
    for stance in obj["stances"]:
        assert set(stance) == STANCE_KEYS
        assert stance["stance"] in STANCES
        assert isinstance(stance["actor"], str) and isinstance(stance["summary"], str)
        for e in stance["evidence"]:
            assert set(e) == EVIDENCE_KEYS
            assert isinstance(e["quote"], str) and isinstance(e["source"], str)
            assert e["date"] is None or isinstance(e["date"], str)
    for item in obj["items"]:
        assert set(item) == ITEM_KEYS
        assert isinstance(item["name"], str) and isinstance(item["status"], str)
        assert item["due"] is None or isinstance(item["due"], str)
        assert item["ends"] is None or isinstance(item["ends"], str)


def test_ask_json_answers_each_stdin_line_with_one_object(db_url: str, tmp_path: Path) -> None:
    out = run_ask(db_url, stdin="\n".join(QUESTIONS) + "\n", cwd=tmp_path)
    assert [o["question"] for o in out] == QUESTIONS
    for obj in out:
        assert_contract(obj)

    germany, invited, expiry, japan, poland, baltics, flag, punctuation, long = out
    assert germany["stances"][0]["actor"] == "Germany"
    assert germany["stances"][0]["stance"] == "opposes"
    assert germany["stances"][0]["evidence"][0]["date"] == "2024-06-09"
    assert "WELT AM SONNTAG" in germany["stances"][0]["evidence"][0]["source"]
    assert germany["stances"][0]["evidence"][0]["quote"] in germany["answer"]

    assert {s["actor"] for s in invited["stances"]} >= {"United States", "United Kingdom", "Poland"}
    assert "Germany" not in {s["actor"] for s in invited["stances"]}

    assert expiry["stances"] == []
    assert expiry["items"] == [
        {
            "name": "EUMAM mandate extension",
            "status": "due",
            "due": "2024-11-30",
            "ends": None,
            "story": "trainers-coalition",
            "topic": "training-mission",
        }
    ]

    assert japan["stances"] == [] and japan["items"] == []
    assert "No position recorded for Japan" in japan["answer"]

    assert [s["actor"] for s in poland["stances"]] == ["Poland"]
    assert "Yes: Poland was invited" in poland["answer"]

    assert {s["actor"] for s in baltics["stances"]} == {"Estonia", "Latvia", "Lithuania"}
    assert [s["actor"] for s in flag["stances"]] == ["Germany"]
    assert punctuation["stances"] == [] and long["stances"] == []


def test_ask_json_with_the_question_as_arguments(db_url: str, tmp_path: Path) -> None:
    (obj,) = run_ask(db_url, "Was", "the", "UK", "invited?", cwd=tmp_path)
    assert_contract(obj)
    assert obj["question"] == "Was the UK invited?"
    assert [s["actor"] for s in obj["stances"]] == ["United Kingdom"]
    assert "Yes: United Kingdom was invited" in obj["answer"]


def test_ask_json_keeps_the_canonical_english_name(db_url: str, tmp_path: Path) -> None:
    out = run_ask(db_url, stdin="Was sagt Washington?\nWhat did Kirby say?\n", cwd=tmp_path)
    assert [[s["actor"] for s in o["stances"]] for o in out] == [
        ["United States"],
        ["United States"],
    ]


def test_blank_stdin_lines_are_skipped(db_url: str, tmp_path: Path) -> None:
    out = run_ask(db_url, stdin="\n\nWho opposes the mission?\n\n", cwd=tmp_path)
    assert len(out) == 1
    assert "Germany" in {s["actor"] for s in out[0]["stances"]}
