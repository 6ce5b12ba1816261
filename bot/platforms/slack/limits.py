"""Slack's documented Block Kit limits, and a checker for any payload we send.

The renderer stays inside these; the tests run every payload the fake Web API records
through ``problems`` so a payload Slack would refuse (``invalid_blocks``,
``msg_blocks_too_long``) fails a test instead of a post in production.
"""

from __future__ import annotations

import json
from typing import Any

MESSAGE_BLOCKS = 50
SURFACE_BLOCKS = 100  # Home tab and modals
SECTION_TEXT = 3000
SECTION_FIELDS = 10
FIELD_TEXT = 2000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
TEXT_OBJECT = 3000
# Slack refuses a message whose blocks serialise to roughly 13k characters; we keep a
# margin because the exact threshold is not documented.
BLOCKS_CHARS = 12_000
FALLBACK_TEXT = 4000  # the notification text; Slack truncates long ones
BLOCK_ID = 255
ACTION_ID = 255
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
IMAGE_URL = 3000
ALT_TEXT = 2000
INPUT_LABEL = 2000
PLACEHOLDER = 150
VIEW_TITLE = 24
PRIVATE_METADATA = 3000
CALLBACK_ID = 255


def blocks_chars(blocks: list[dict[str, Any]]) -> int:
    return len(json.dumps(blocks, ensure_ascii=False, separators=(",", ":")))


def problems(payload: dict[str, Any], surface: str = "message") -> list[str]:
    """Every limit the payload breaks, as readable strings (empty when it is fine).

    ``surface`` is "message" (chat.postMessage, a response_url post), "home" or "modal"
    (a view: ``payload`` is the view object).
    """
    out: list[str] = []
    blocks = payload.get("blocks") or []
    if surface == "message":
        if len(blocks) > MESSAGE_BLOCKS:
            out.append(f"{len(blocks)} blocks in a message (max {MESSAGE_BLOCKS})")
        if blocks and blocks_chars(blocks) > BLOCKS_CHARS:
            out.append(f"blocks payload {blocks_chars(blocks)} chars (max {BLOCKS_CHARS})")
        text = payload.get("text")
        if not isinstance(text, str) or not text.strip():
            out.append("no plain-text fallback")
        elif len(text) > FALLBACK_TEXT:
            out.append(f"fallback text {len(text)} chars (max {FALLBACK_TEXT})")
    else:
        if len(blocks) > SURFACE_BLOCKS:
            out.append(f"{len(blocks)} blocks in a view (max {SURFACE_BLOCKS})")
        _view(payload, surface, out)
    for i, block in enumerate(blocks):
        _block(block, f"blocks[{i}]", out)
    return out


def _view(view: dict[str, Any], surface: str, out: list[str]) -> None:
    expected = "home" if surface == "home" else "modal"
    if view.get("type") != expected:
        out.append(f"view type {view.get('type')!r}, expected {expected!r}")
    for key in ("title", "submit", "close"):
        if key in view:
            _text(view[key], f"view.{key}", VIEW_TITLE, out, plain=True)
    if surface == "modal" and "title" not in view:
        out.append("modal without a title")
    if len(view.get("private_metadata") or "") > PRIVATE_METADATA:
        out.append("private_metadata too long")
    if len(view.get("callback_id") or "") > CALLBACK_ID:
        out.append("callback_id too long")


def _text(obj: Any, where: str, limit: int, out: list[str], *, plain: bool = False) -> None:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        out.append(f"{where}: not a text object")
        return
    if plain and obj["type"] != "plain_text":
        out.append(f"{where}: must be plain_text")
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        out.append(f"{where}: empty text")
    elif len(text) > limit:
        out.append(f"{where}: {len(text)} chars (max {limit})")


def _block(block: dict[str, Any], where: str, out: list[str]) -> None:
    if len(block.get("block_id") or "") > BLOCK_ID:
        out.append(f"{where}: block_id too long")
    kind = block.get("type")
    if kind == "header":
        _text(block.get("text"), f"{where}.text", HEADER_TEXT, out, plain=True)
    elif kind == "section":
        if "text" not in block and "fields" not in block:
            out.append(f"{where}: section without text or fields")
        if "text" in block:
            _text(block["text"], f"{where}.text", SECTION_TEXT, out)
        fields = block.get("fields") or []
        if len(fields) > SECTION_FIELDS:
            out.append(f"{where}: {len(fields)} fields (max {SECTION_FIELDS})")
        for j, f in enumerate(fields):
            _text(f, f"{where}.fields[{j}]", FIELD_TEXT, out)
        if "accessory" in block:
            _element(block["accessory"], f"{where}.accessory", out)
    elif kind == "context":
        elements = block.get("elements") or []
        if not elements or len(elements) > CONTEXT_ELEMENTS:
            out.append(f"{where}: {len(elements)} context elements (1..{CONTEXT_ELEMENTS})")
        for j, e in enumerate(elements):
            if e.get("type") == "image":
                _element(e, f"{where}.elements[{j}]", out)
            else:
                _text(e, f"{where}.elements[{j}]", TEXT_OBJECT, out)
    elif kind == "image":
        _element(block, where, out)
    elif kind == "actions":
        elements = block.get("elements") or []
        if not elements or len(elements) > 25:
            out.append(f"{where}: {len(elements)} actions (1..25)")
        for j, e in enumerate(elements):
            _element(e, f"{where}.elements[{j}]", out)
    elif kind == "input":
        _text(block.get("label"), f"{where}.label", INPUT_LABEL, out, plain=True)
        if "hint" in block:
            _text(block["hint"], f"{where}.hint", INPUT_LABEL, out, plain=True)
        _element(block.get("element") or {}, f"{where}.element", out)
    elif kind != "divider":
        out.append(f"{where}: unexpected block type {kind!r}")


def _element(element: dict[str, Any], where: str, out: list[str]) -> None:
    kind = element.get("type")
    if len(element.get("action_id") or "") > ACTION_ID:
        out.append(f"{where}: action_id too long")
    if kind == "button":
        _text(element.get("text"), f"{where}.text", BUTTON_TEXT, out, plain=True)
        if len(element.get("value") or "") > BUTTON_VALUE:
            out.append(f"{where}: button value too long")
    elif kind == "image":
        url = element.get("image_url") or ""
        if not url.startswith(("https://", "http://")) or len(url) > IMAGE_URL:
            out.append(f"{where}: bad image_url")
        alt = element.get("alt_text") or ""
        if not alt or len(alt) > ALT_TEXT:
            out.append(f"{where}: alt_text empty or too long")
    elif kind == "plain_text_input":
        if "placeholder" in element:
            _text(element["placeholder"], f"{where}.placeholder", PLACEHOLDER, out, plain=True)
        if len(element.get("initial_value") or "") > (element.get("max_length") or 3000):
            out.append(f"{where}: initial_value longer than max_length")
    elif kind == "datepicker":
        if "placeholder" in element:
            _text(element["placeholder"], f"{where}.placeholder", PLACEHOLDER, out, plain=True)
    else:
        out.append(f"{where}: unexpected element type {kind!r}")
