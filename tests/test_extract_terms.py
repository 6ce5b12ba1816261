"""Where a term ends and what a deadline is, in wording the dev set's first batches did not
use: a term's end with only the shared word "mandate", German "Ende 2026", a deadline
lengthened for one item that is no word of the other."""

from __future__ import annotations

import pytest
from extract_reading import first_story_table, read

from digests.model import StanceTable


@pytest.fixture
def table(bot) -> StanceTable:
    return first_story_table(bot)


def changes(table: StanceTable, body: str, published: str) -> dict[str, dict[str, str | None]]:
    return {i.item: i.changes for i in read(table, body, published).items}


def test_a_term_s_end_named_with_the_shared_word_goes_to_the_item_that_lengthens_it(table):
    found = changes(
        table,
        "Ministers approved the new EUMAM budget on Monday. Its mandate now runs until "
        "15 November 2026.",
        published="2024-11-20",
    )
    assert found == {"EUMAM mandate extension": {"ends": "2026-11-15"}}
    found = changes(
        table,
        "Die Minister haben das Mandat der Mission EUMAM verlängert. Das neue Mandat gilt "
        "bis Ende 2026.",
        published="2024-11-20",
    )
    assert found == {"EUMAM mandate extension": {"status": "extended", "ends": "2026-12-31"}}


def test_a_deadline_lengthened_for_the_revision_is_no_date_of_the_extension(table):
    found = changes(
        table,
        "The deadline for the revision of the EUMAM mandate was extended until October 2024.",
        published="2024-08-01",
    )
    assert "EUMAM mandate extension" not in found
    assert found["EUMAM mandate revision"].get("due") == "2024-10-31"


def test_a_lengthening_agreed_is_the_extension_done_and_expires_on_ends_the_term(table):
    found = changes(
        table,
        "EUMAM will carry on for two more years after ministers agreed on Monday to prolong "
        "its mandate. The new mandate expires on 15 November 2026.",
        published="2024-11-19",
    )
    assert found == {"EUMAM mandate extension": {"status": "extended", "ends": "2026-11-15"}}


def test_a_status_dated_before_the_article_is_history(table):
    found = changes(
        table,
        "When the EU launched its training mission for Ukraine in November 2022, its first "
        "goal was to train 15,000 soldiers; the trainer coalition is another matter.",
        published="2024-10-15",
    )
    assert found == {}


def test_a_delay_announced_is_a_stall_now_and_one_weighed_is_not(table):
    found = changes(
        table,
        "The revision of the EUMAM mandate will be held over until next year, EU "
        "diplomats said on Wednesday.",
        published="2024-10-16",
    )
    assert found.get("EUMAM mandate revision", {}).get("status") == "stalled"
    found = changes(
        table,
        "Diplomats said the revision of the EUMAM mandate would be postponed if no "
        "agreement was found.",
        published="2024-10-16",
    )
    assert "status" not in found.get("EUMAM mandate revision", {})
