"""History: every position an actor held, with its evidence and date, and answers that
say since when a position holds and what it was before."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).parent / "data" / "articles"


def text_of(name: str) -> str:
    (path,) = SAMPLES.glob(f"{name}*.txt")
    return path.read_text(encoding="utf-8")


def test_an_answer_says_when_the_position_changed_and_what_it_was(chat):
    chat.say("ingest " + text_of("103"))
    chat.say("approve 2")  # Sweden → undecided
    answer = chat.say("Where does Sweden stand?")
    assert "Sweden is undecided on" in answer
    assert "Invited, no stated position → undecided since 20 Jun 2024." in answer
    assert "Sweden has not taken a position." in answer  # the evidence, verbatim


def test_every_position_is_kept_with_its_evidence(chat, clock):
    chat.say("ingest " + text_of("101"))
    chat.say("approve 1")
    clock.advance(days=1)
    chat.say(
        'stance set Estonia supports summary="Agreed to send instructors." '
        'quote="Estonia will send instructors." source="ERR" date=2024-07-01'
    )
    history = chat.say("stance history Estonia")
    lines = [line for line in history.splitlines() if " — " in line]
    assert "supports: Agreed to send instructors." in lines[0]
    assert "undecided: Estonia is seriously considering" in lines[1]
    assert "source: Follow-up sample" in lines[1]
    assert "unknown: Invited by letter" in lines[2]
    answer = chat.say("What is Estonia's position?")
    assert "Invited, undecided → supports since 1 Jul 2024; earlier: no stated position" in answer


def test_new_evidence_for_the_same_stance_reads_as_confirmed(chat):
    chat.say("ingest " + text_of("102"))
    chat.say("approve 1")
    answer = chat.say("What is Germany's position?")
    assert "Opposes — confirmed as of 29 May 2024; held before as of 9 Jun 2024." in answer
    assert "has ruled out sending Bundeswehr instructors" in answer
