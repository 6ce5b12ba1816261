"""The tracked-item editor: a modal opened from an item's Edit button.

The modal carries the item's key and the version it showed; saving runs the
``track update`` command with the form's fields and that version, so an edit made
meanwhile by someone else is refused rather than overwritten, and every save is
audited, kept in the item's history and alerted exactly as the typed command.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.platforms.slack import limits
from bot.platforms.slack.blocks import clip, escape, plain, section
from digests.model import ItemRecord

CALLBACK_ID = "edit_item"
FIELDS = ("status", "due", "label", "notes", "source")


@dataclass(frozen=True)
class Submission:
    key: str
    version: int
    fields: dict[str, str]


def _text_input(
    block_id: str,
    label: str,
    value: str | None,
    *,
    max_length: int,
    optional: bool = True,
    multiline: bool = False,
    placeholder: str | None = None,
    hint: str | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "value",
        "max_length": max_length,
        "multiline": multiline,
    }
    if value:
        element["initial_value"] = value[:max_length]
    if placeholder:
        element["placeholder"] = plain(placeholder, limits.PLACEHOLDER)
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": plain(label, limits.INPUT_LABEL),
        "element": element,
    }
    if hint:
        block["hint"] = plain(hint, limits.INPUT_LABEL)
    return block


def edit_modal(item: ItemRecord, version: int, *, today: date) -> dict[str, Any]:
    due: dict[str, Any] = {"type": "datepicker", "action_id": "value"}
    if item.due:
        due["initial_date"] = item.due.isoformat()
    metadata = json.dumps({"item": item.key, "version": version})
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": metadata[: limits.PRIVATE_METADATA],
        "title": plain("Edit tracked item", limits.VIEW_TITLE),
        "submit": plain("Save", limits.VIEW_TITLE),
        "close": plain("Cancel", limits.VIEW_TITLE),
        "blocks": [
            section(clip(f"*{escape(item.name)}* (version {version})", limits.SECTION_TEXT)),
            _text_input(
                "status",
                "Status",
                item.status,
                max_length=50,
                optional=False,
                placeholder="e.g. agreed",
            ),
            {
                "type": "input",
                "block_id": "due",
                "optional": True,
                "label": plain("Due date"),
                "element": due,
                "hint": plain("Leave empty for no date."),
            },
            _text_input(
                "label",
                "How the date reads",
                item.due_label,
                max_length=100,
                placeholder="e.g. November 2024",
            ),
            _text_input("notes", "Notes", item.notes, max_length=2000, multiline=True),
            _text_input(
                "source",
                "Source of this change",
                None,
                max_length=500,
                placeholder="e.g. Council press release",
                hint="Shown with the alert subscribed channels get.",
            ),
        ],
    }


def _value(values: dict[str, Any], block_id: str) -> str | None:
    element = (values.get(block_id) or {}).get("value") or {}
    if element.get("type") == "datepicker":
        return element.get("selected_date")
    return element.get("value")


def read_submission(view: dict[str, Any]) -> Submission:
    """The fields to change, from a submitted edit modal (only what the modal holds)."""
    meta = json.loads(view.get("private_metadata") or "{}")
    values = (view.get("state") or {}).get("values") or {}
    initial = _initial(view)
    fields: dict[str, str] = {
        "status": _value(values, "status") or "",
        "label": _value(values, "label") or "",
        "notes": _value(values, "notes") or "",
    }
    due = _value(values, "due")
    if due:
        fields["due"] = due
    elif initial.get("due"):
        fields["due"] = "clear"
    if due != initial.get("due") and fields["label"] == (initial.get("label") or ""):
        # The old label describes the old date; update_item clears it when none is given.
        del fields["label"]
    source = _value(values, "source")
    if source and source.strip():
        fields["source"] = source
    return Submission(
        key=str(meta.get("item", "")), version=int(meta.get("version", 0)), fields=fields
    )


def _initial(view: dict[str, Any]) -> dict[str, str | None]:
    """What the modal showed when it opened, read back from its own blocks."""
    out: dict[str, str | None] = {}
    for block in view.get("blocks") or []:
        element = block.get("element") or {}
        if block.get("block_id") == "due":
            out["due"] = element.get("initial_date")
        elif block.get("block_id") == "label":
            out["label"] = element.get("initial_value")
    return out


def refusal_modal(text: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": plain("newsbot", limits.VIEW_TITLE),
        "close": plain("OK", limits.VIEW_TITLE),
        "blocks": [section(escape(text))],
    }
