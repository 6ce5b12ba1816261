"""A started story knows the people its sources quote, and for whom each speaks: read
from its own positions when it starts, never typed in."""

from __future__ import annotations

import contextlib
import io
import json

from bot.cli.story import run_story_new
from digests.render import to_text

ARTICLE = """Title: Lisbon treaty on river water sharing signed
Source: Test Wire
Published: 2024-03-04

Portugal and Spain signed a treaty on sharing the water of their border rivers on Monday.

Portugal supports the water treaty, Prime Minister António Costa said, because it protects
farmers on both sides of the border.

Morocco welcomed the treaty on Tuesday, and Spain's Environment Minister Teresa Ribera
called it a model for the region.

France rejects the water treaty, said Béchu, pointing to its own rivers.

Algeria opposes the water treaty. Water Minister Taha Derbal called it a bad example for
the region, unlike the Spanish plan of 2019.
"""


def start(bot, tmp_path) -> dict:
    path = tmp_path / "treaty.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = run_story_new(
            bot,
            ["River water treaty", "--key", "rivers", "--from", str(path), "--apply"],
            as_json=True,
        )
    assert code == 0
    bot.changed()
    return json.loads(out.getvalue())


def stances(bot, question: str) -> dict[str, str]:
    answer = bot.answer(question, story="rivers")
    return {s["actor"]: s["stance"] for s in answer.to_json(to_text(answer.document))["stances"]}


def test_a_quoted_person_is_asked_about_by_name(bot, tmp_path):
    start(bot, tmp_path)
    assert stances(bot, "What does Costa say about the water treaty?") == {"Portugal": "supports"}
    # Who speaks, right after the speech verb, for the one actor its sentence names.
    assert stances(bot, "What is Béchu's position on the treaty?") == {"France": "opposes"}
    # Named with a title in the sentence after the position, by no other country first.
    assert stances(bot, "What does Derbal say about the water treaty?") == {"Algeria": "opposes"}


def people(bot) -> dict[str, str | None]:
    story = next(s for s in bot.story_refs() if s.key == "rivers")
    return {a.name: a.speaks_for for a in bot.answerer(story.id).table.actors if a.kind == "person"}


def test_a_person_introduced_by_another_country_is_not_the_row_s(bot, tmp_path):
    start(bot, tmp_path)
    # "Morocco welcomed …, and Spain's Environment Minister Teresa Ribera called it …":
    # Ribera speaks for Spain (which holds no position here), never for Morocco.
    found = people(bot)
    assert found["António Costa"] == "portugal" and found["Béchu"] == "france"
    assert "Teresa Ribera" not in found
    # The first story's table is as it was: the new story's people are its own.
    assert "António Costa" not in {a.name for a in bot.answerer().table.actors}
