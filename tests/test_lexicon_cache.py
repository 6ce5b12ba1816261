"""Library lexicons kept between processes (digests.cache): built once, read back the
same, rebuilt when unreadable, and never an error when the disk says no."""

from __future__ import annotations

import json

from digests import actors
from digests.actors import ActorResolver
from digests.cache import cached_json, fingerprint
from digests.model import ActorRecord


def test_built_once_then_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSBOT_CACHE_DIR", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"names": ["Deutschland", "Allemagne"]}

    assert cached_json("demo", "k1", build) == {"names": ["Deutschland", "Allemagne"]}
    assert cached_json("demo", "k1", build) == {"names": ["Deutschland", "Allemagne"]}
    assert len(calls) == 1
    cached_json("demo", "k2", build)  # another fingerprint: built again
    assert len(calls) == 2


def test_a_file_cut_short_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSBOT_CACHE_DIR", str(tmp_path))
    (tmp_path / "demo-k.json").write_text('{"names": ["Deutsch', encoding="utf-8")
    assert cached_json("demo", "k", lambda: [1, 2]) == [1, 2]
    assert json.loads((tmp_path / "demo-k.json").read_text(encoding="utf-8")) == [1, 2]


def test_an_unwritable_cache_only_means_building(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("NEWSBOT_CACHE_DIR", str(blocker / "cache"))
    assert cached_json("demo", "k", lambda: "built") == "built"


def test_the_fingerprint_follows_the_source(tmp_path):
    source = tmp_path / "lexicon.py"
    source.write_text("NAMES = ['Berlin']")
    before = fingerprint([source], ["json"])
    assert fingerprint([source], ["json"]) == before
    source.write_text("NAMES = ['Berlin', 'Bonn']")
    assert fingerprint([source], ["json"]) != before
    after = fingerprint([source], ["json"])
    assert fingerprint([source], ["json", "no_such_package_here"]) != after


def test_countries_from_the_cache_resolve_as_freshly_gathered(tmp_path, monkeypatch):
    germany = ActorRecord(key="germany", name="Germany", kind="country", country_code="DE")
    questions = ["Deutschlands Position?", "What does Japan say?", "the Kremlin", "Germnay"]

    def resolved() -> list[list[tuple[str | None, str]]]:
        actors._library_countries.cache_clear()
        actors._library_index.cache_clear()
        resolver = ActorResolver([germany])
        return [[(m.key, m.name) for m in resolver.find(q)] for q in questions]

    monkeypatch.setenv("NEWSBOT_CACHE_DIR", str(tmp_path))
    try:
        fresh = resolved()  # gathered from the libraries, and stored
        assert list(tmp_path.glob("countries-*.json"))
        assert resolved() == fresh  # read back from the file
    finally:
        actors._library_countries.cache_clear()
        actors._library_index.cache_clear()
    assert fresh == [
        [("germany", "Germany")],
        [(None, "Japan")],
        [(None, "Russia")],
        [("germany", "Germany")],
    ]
