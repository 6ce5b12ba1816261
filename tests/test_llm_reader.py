"""The language model as a second reader, against a local OpenAI-compatible endpoint:
grounded statements become proposals, invented quotes, unknown stances and malformed
replies are dropped and counted, and a model that is down, slow or rate-limited leaves
the rules' reading and the article as they would be without it."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import pytest
from fake_openai import FakeModel, completion, reading, silent, status
from sqlalchemy import select

from bot.cli.main import main
from bot.domain.author import Author
from bot.ingest.pipeline import Ingestor
from bot.storage.models import Proposal
from bot.storage.reads import load_table
from digests.actors import ActorResolver
from digests.extraction import extract, from_text
from digests.extraction.llm import ground

ARTICLE = Path(__file__).parent / "data" / "articles" / "103-spain-sweden.txt"
SPAIN = "Spain is not going to send military instructors to Ukraine"
SWEDEN = "Sweden has not taken a position."


@pytest.fixture
def model():
    fake = FakeModel().start()
    yield fake
    fake.stop()


def reader_bot(bot, model, reader):
    bot.settings = replace(
        bot.settings,
        reader=reader,
        llm_base_url=model.base_url,
        llm_model="test-model",
        llm_timeout=1.0,
    )
    return bot


def ingest(bot):
    who = Author("cli", "local", "shell", "shell:test", bot.clock())
    raw = from_text(ARTICLE.read_text(encoding="utf-8"), default_source="test")
    return Ingestor(bot).ingest(raw, who, notify=False)


def stored(bot):
    with bot.session() as session:
        return [
            (p.target, p.payload.get("stance"), p.evidence.get("quote"), p.confidence)
            for p in session.scalars(select(Proposal).order_by(Proposal.id))
        ]


def grounded_and_invented():
    return reading(
        [
            {"actor": "Madrid", "stance": "opposes", "topic": None, "quote": SPAIN},
            # Retyped with straight quotes and a line break: still the article's words.
            {
                "actor": "Sweden",
                "stance": "undecided",
                "topic": None,
                "quote": "Sweden has not taken\n a position.",
            },
            {
                "actor": "Poland",
                "stance": "supports",
                "topic": None,
                "quote": "Poland will send its first trainers to Lviv next week.",
            },
            {"actor": "Italy", "stance": "perhaps", "topic": None, "quote": SWEDEN},
        ]
    )


def test_the_model_alone_proposes_only_what_the_article_says(bot, model):
    reader_bot(bot, model, "llm")
    model.replies.append(grounded_and_invented())

    outcome = ingest(bot)

    rows = stored(bot)
    assert [(t, s, q) for t, s, q, _ in rows] == [
        ("spain", "opposes", SPAIN),
        ("sweden", "undecided", SWEDEN),
    ]
    assert all(c < bot.settings.ingest_apply_threshold for *_, c in rows)  # a person reviews
    got = outcome.to_json()["article"]
    assert got["readers"] == ["llm"]
    assert got["llm"]["dropped"] == {"quote not in the article": 1, "unknown stance": 1}
    assert got["llm"]["tokens"] == {"prompt": 120, "completion": 30}
    # What was asked: the schema, strictly, and the story's table in the prompt.
    (request,) = model.requests
    assert request["model"] == "test-model"
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["strict"] is True
    prompt = "\n".join(m["content"] for m in request["messages"])
    assert "Germany" in prompt and "EUMAM" in prompt and SPAIN in prompt


def test_two_readers_that_agree_gain_confidence(bot, model):
    with bot.session() as session:
        table = load_table(session)
    raw = from_text(ARTICLE.read_text(encoding="utf-8"), default_source="test")
    rules_only = {(p.actor_key, p.stance): p.confidence for p in extract(raw, table).stances}
    reader_bot(bot, model, "both")
    model.replies.append(grounded_and_invented())

    ingest(bot)

    both = {(t, s): c for t, s, _, c in stored(bot)}
    assert set(both) == set(rules_only)  # nothing invented got in
    assert both[("spain", "opposes")] > rules_only[("spain", "opposes")]


def test_readers_that_disagree_send_both_readings_to_review(bot, model):
    reader_bot(bot, model, "both")
    model.replies.append(
        reading([{"actor": "Spain", "stance": "supports", "topic": None, "quote": SPAIN}])
    )

    ingest(bot)

    spain = [(s, c) for t, s, _, c in stored(bot) if t == "spain"]
    assert sorted(s for s, _ in spain) == ["opposes", "supports"]
    assert all(c <= 0.5 for _, c in spain)


@pytest.mark.parametrize(
    "reply, error",
    [
        (lambda: completion("Sure! Spain opposes, I think."), "not the JSON asked for"),
        (lambda: silent(3), "no answer within 1 s"),
        (lambda: status(429, {"retry-after": "0"}), "rate-limited"),
        (lambda: status(503), "HTTP 503"),
    ],
    ids=["malformed", "timeout", "rate-limited", "down"],
)
def test_a_failing_model_leaves_the_rules_reading_and_the_article(bot, model, caplog, reply, error):
    reader_bot(bot, model, "both")
    model.replies.extend(reply() for _ in range(6))  # the client's own retries included

    with caplog.at_level(logging.WARNING, logger="bot.ingest.llm_reader"):
        outcome = ingest(bot)

    assert outcome.stored
    assert {(t, s) for t, s, *_ in stored(bot)} == {("spain", "opposes"), ("sweden", "undecided")}
    assert error in outcome.to_json()["article"]["llm"]["error"]
    assert len([r for r in caplog.records if r.name == "bot.ingest.llm_reader"]) == 1


def test_a_server_without_structured_outputs_is_asked_again_in_plain_words(bot, model):
    reader_bot(bot, model, "llm")
    model.replies.append(status(400))
    model.replies.append(
        completion(
            "```json\n"
            + json.dumps(
                {
                    "statements": [{"actor": "Spain", "stance": "opposes", "quote": SPAIN}],
                    "items": [],
                }
            )
            + "\n```"
        )
    )

    ingest(bot)

    assert [t for t, *_ in stored(bot)] == ["spain"]
    first, second = model.requests
    assert "response_format" in first and "response_format" not in second


def test_newsbot_ingest_json_reports_the_model_reading(db_url, model, monkeypatch, capsys):
    monkeypatch.setenv("NEWSBOT_READER", "llm")
    monkeypatch.setenv("NEWSBOT_LLM_BASE_URL", model.base_url)
    monkeypatch.setenv("NEWSBOT_LLM_MODEL", "test-model")
    model.replies.append(grounded_and_invented())

    assert main(["--db", db_url, "ingest", "--json", str(ARTICLE)]) == 0

    (line,) = capsys.readouterr().out.splitlines()
    got = json.loads(line)
    assert got["article"]["readers"] == ["llm"]
    assert got["article"]["llm"]["dropped"]["quote not in the article"] == 1
    assert [p["actor"] for p in got["proposals"]] == ["Spain", "Sweden"]
    assert all(
        p["evidence"]["quote"] in ARTICLE.read_text(encoding="utf-8") for p in got["proposals"]
    )


def test_nothing_is_sent_without_a_base_url(bot, model):
    outcome = ingest(bot)  # no NEWSBOT_LLM_* at all: the rules alone
    assert outcome.to_json()["article"]["readers"] == ["rules"]
    assert model.requests == []


def test_a_reader_needing_a_model_without_one_is_a_clear_error(db_url, monkeypatch, capsys):
    monkeypatch.setenv("NEWSBOT_READER", "llm")
    monkeypatch.delenv("NEWSBOT_LLM_BASE_URL", raising=False)
    assert main(["--db", db_url, "ingest", str(ARTICLE)]) == 2
    assert "NEWSBOT_LLM_BASE_URL" in capsys.readouterr().err


def test_reread_asks_a_model_that_was_down_and_adds_only_what_is_new(
    db_url, model, monkeypatch, capsys
):
    monkeypatch.setenv("NEWSBOT_READER", "llm")
    monkeypatch.setenv("NEWSBOT_LLM_BASE_URL", model.base_url)
    model.replies.extend(status(503) for _ in range(3))  # down, retries included
    assert main(["--db", db_url, "ingest", "--json", str(ARTICLE)]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["article"]["stored"] and first["proposals"] == []
    assert first["article"]["llm"]["error"] == "HTTP 503"

    model.replies.extend(grounded_and_invented() for _ in range(5))  # one for each article
    assert main(["--db", db_url, "ingest", "--reread", "--json"]) == 0
    again = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    ours = [a for a in again if a["article"]["title"].startswith("Madrid")]
    assert [p["actor"] for p in ours[0]["proposals"]] == ["Spain", "Sweden"]

    model.replies[:] = [grounded_and_invented()]
    assert main(["--db", db_url, "ingest", "--reread", first["article"]["slug"], "--json"]) == 0
    (third,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert third["proposals"] == []  # the admins have these already


def test_the_models_new_end_of_a_term_is_an_end_not_a_deadline(bot):
    with bot.session() as session:
        table = load_table(session)
    sentence = "EU ministers extended the EUMAM mandate until 15 November 2026."
    raw = from_text(f"Title: EUMAM\nPublished: 2024-11-18\n\n{sentence}", default_source="t")
    reply = {
        "statements": [],
        "items": [
            {
                "item": "EUMAM mandate extension",
                "status": "extended",
                "due": None,
                "ends": "2026-11-15",
                "quote": sentence,
            }
        ],
    }
    (item,) = ground(reply, raw, table, ActorResolver(table.actors)).items
    assert item.changes == {"status": "extended", "ends": "2026-11-15"}
