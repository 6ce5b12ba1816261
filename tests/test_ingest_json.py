"""``newsbot ingest --json``: exactly one object per input, in order, failures included,
so a script can pair each input with what became of it."""

from __future__ import annotations

import json
from pathlib import Path

SAMPLES = Path(__file__).parent / "data" / "articles"
DEVSET = Path(__file__).parent / "data" / "devset"


def test_one_object_per_input_for_a_duplicate_and_unreadable_files_too(newsbot, tmp_path):
    good = SAMPLES / "103-spain-sweden.txt"
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02 not text")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Título: España\n\nEspaña no enviará".encode("latin-1"))
    missing = tmp_path / "gone.txt"
    inputs = [str(good), str(good), str(binary), str(latin), str(missing)]
    code, out, err = newsbot("ingest", "--json", *inputs)
    assert code == 1  # some failed
    objects = [json.loads(line) for line in out.splitlines()]
    assert [o["input"] for o in objects] == inputs
    first, duplicate, nul, not_utf8, gone = objects
    assert first["error"] is None and first["article"]["stored"] is True
    assert {p["actor"] for p in first["proposals"]} == {"Spain", "Sweden"}
    assert "already stored" in duplicate["error"] and duplicate["proposals"] == []
    assert "NUL" in nul["error"] and nul["article"] is None and nul["proposals"] == []
    assert "UTF-8" in not_utf8["error"]
    assert "cannot read" in gone["error"]
    assert "Traceback" not in err


def test_wire_copy_without_a_header_gets_its_date_and_agency_from_the_dateline(newsbot):
    code, out, err = newsbot("ingest", "--json", str(DEVSET / "d01-slovakia-dateline.txt"))
    assert code == 0, err
    (data,) = [json.loads(line) for line in out.splitlines()]
    assert data["article"]["date"] == "2024-06-20"
    assert data["article"]["source"] == "Central Wire"
    assert not data["article"]["title"].startswith("BRATISLAVA")
    # The city the copy was filed from is nobody's position; the new country is.
    assert [(p["actor"], p["stance"]) for p in data["proposals"]] == [("Slovakia", "opposes")]


def test_approving_an_organisation_new_to_the_table_adds_it_as_one(chat, bot):
    from sqlalchemy import select

    from bot.storage.models import Actor

    reply = chat.say(
        "ingest Title: Alliance stays out\nPublished: 2024-06-20\nSource: Capitol Wire\n\n"
        "NATO will not send trainers to Ukraine, Secretary General Jens Stoltenberg said on "
        "Thursday."
    )
    assert "NATO → opposes (new in the table)" in reply
    assert "NATO now opposes" in chat.say("approve 1")
    with bot.session() as session:
        nato = session.scalar(select(Actor).where(Actor.name == "NATO"))
        assert nato is not None and nato.kind == "organisation" and nato.country_code is None
    assert "NATO opposes" in chat.say("What is NATO's position?")


def test_an_extension_until_a_date_proposes_the_new_end_not_a_deadline(newsbot):
    code, out, err = newsbot("ingest", "--json", str(SAMPLES / "204-eumam-extended.txt"))
    assert code == 0, err
    (data,) = [json.loads(line) for line in out.splitlines()]
    (item,) = [p for p in data["proposals"] if p["kind"] == "item"]
    assert item["item"] == "EUMAM mandate extension"
    assert item["changes"]["status"] == "extended"
    assert item["changes"]["ends"] == "2026-11-15" and item["changes"]["due"] is None


def test_a_saved_feed_is_read_item_by_item_each_an_input_of_its_own(newsbot):
    one = DEVSET / "r01-atom-finland-orpo.xml"
    several = DEVSET / "s05-feed-pentagon-singh.xml"
    code, out, err = newsbot("ingest", "--json", str(one), str(several))
    assert code == 0, err
    objects = [json.loads(line) for line in out.splitlines()]
    assert [o["input"] for o in objects] == [str(one), f"{several}#1", f"{several}#2"]
    first, pentagon, drones = objects
    assert first["article"]["title"] == "Orpo: Finland is not planning to send troops to Ukraine"
    assert first["article"]["source"] == "Helsinki Security Notes"
    assert ("Finland", "opposes") in [(p["actor"], p["stance"]) for p in first["proposals"]]
    assert [(p["actor"], p["stance"]) for p in pentagon["proposals"]] == [
        ("United States", "opposes")
    ]
    assert drones["article"]["title"].startswith("Army to test") and drones["proposals"] == []
    assert "Traceback" not in err
