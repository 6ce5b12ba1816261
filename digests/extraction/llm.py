"""A language model as a second reader: what it is asked, and what of its reply is kept.

Pure, like the rest of the extraction: the caller sends the request and hands the reply
in. A model is asked for statements and item changes, each with the quote that backs it;
nothing it says reaches a proposal unless

- the quote is in the article, word for word (after folding white space and quote marks:
  the model may retype a curly quote as a straight one, never change a word),
- the actor resolves through the same resolver as everything else (a country the table
  lacks becomes a proposal that creates it, as with the rules),
- the stance, or the item's status, is in the vocabulary,

and what is dropped is counted, by reason, so a team can see what its model invents.
Proposals from the model alone stay below the auto-apply threshold: a person reviews them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pycountry

from digests.actors import ActorResolver
from digests.extraction.article_input import ArticleInput
from digests.extraction.model import ItemProposal, ProposalEvidence, StanceProposal
from digests.model import STANCES, StanceTable

# The model's own confidence is not asked for (models state it badly); a grounded
# statement the rules did not find gets this, below any sensible auto-apply threshold.
MODEL_ONLY = 0.6
# The rules and the model read the same sentence the same way: two readers agree.
AGREEMENT_BONUS = 0.1
AGREED_CEILING = 0.95
# The two readers disagree about an actor: neither may apply itself.
DISAGREED_CEILING = 0.5

ITEM_STATUSES = (
    "proposed",
    "scheduled",
    "agreed",
    "adopted",
    "extended",
    "revised",
    "launched",
    "stalled",
    "cancelled",
    "done",
)

REPLY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["statements", "items"],
    "properties": {
        "statements": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["actor", "stance", "topic", "quote"],
                "properties": {
                    "actor": {"type": "string"},
                    "stance": {"type": "string", "enum": list(STANCES)},
                    "topic": {"type": ["string", "null"]},
                    "quote": {"type": "string"},
                },
            },
        },
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["item", "status", "due", "ends", "quote"],
                "properties": {
                    "item": {"type": "string"},
                    "status": {"type": ["string", "null"]},
                    "due": {"type": ["string", "null"]},
                    "ends": {"type": ["string", "null"]},
                    "quote": {"type": "string"},
                },
            },
        },
    },
}

_SYSTEM = """You read news articles for a newsroom that tracks who stands where on a story.
Report only what the article itself states. For each actor (a country, an organisation or
a group; a person counts for the country or body they speak for) whose position on the
story's topic the article states, give the actor, its stance (one of: {stances}), the
topic key, and the sentence of the article that states it, copied exactly, character for
character. For each tracked item whose status or date the article changes, give the item's
name, its new status (one of: {statuses}) or null, its new deadline (YYYY-MM-DD) or null,
the new end of its term (YYYY-MM-DD: the date a decided extension runs until) or null, and
the sentence that says so, copied exactly. Leave out anything the article only implies.
Answer with one JSON object and nothing else, of exactly this shape:
{{"statements": [{{"actor": str, "stance": str, "topic": str|null, "quote": str}}],
 "items": [{{"item": str, "status": str|null, "due": str|null, "ends": str|null,
   "quote": str}}]}}"""

# Roughly four characters a token: a chunk stays well inside a small local model's context.
CHUNK_CHARS = 12_000
CHUNK_OVERLAP = 1_500


def chunks(text: str, size: int = CHUNK_CHARS, overlap: int = CHUNK_OVERLAP) -> list[str]:
    """The article in overlapping pieces, cut at paragraph (else sentence) ends, so a
    sentence that backs a statement is whole in at least one piece."""
    if len(text) <= size:
        return [text]
    out: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind("\n\n", start, end), text.rfind(". ", start, end))
            if cut > start + size // 2:
                end = cut + 1
        out.append(text[start:end].strip())
        if end >= len(text):
            break
        start = max(end - overlap, start + 1)
    return out


def messages(article: ArticleInput, table: StanceTable, text: str) -> list[dict[str, str]]:
    """The chat messages for one piece of an article: the story's actors, topics and items
    (so the model uses their names), then the article."""
    actors = ", ".join(a.name for a in table.actors if a.kind != "person")
    topics = "; ".join(f"{t.key}: {t.name}" for t in table.topics)
    items = "; ".join(f"{i.name} (now {i.status})" for i in table.items)
    story = (
        f"Topics (use the key): {topics or 'none yet'}\n"
        f"Actors the table holds: {actors or 'none yet'}\n"
        f"Tracked items: {items or 'none'}"
    )
    published = article.published.isoformat() if article.published else "unknown"
    return [
        {
            "role": "system",
            "content": _SYSTEM.format(
                stances=", ".join(STANCES), statuses=", ".join(ITEM_STATUSES)
            ),
        },
        {"role": "user", "content": story},
        {
            "role": "user",
            "content": f"Title: {article.title}\nPublished: {published}\n\n{text}",
        },
    ]


# ---------------------------------------------------------------- grounding
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛‹›′"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})


def _normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    return " ".join(text.split())


@dataclass
class Grounded:
    """What of a model's reply survived the checks, and what was dropped and why."""

    stances: list[StanceProposal] = field(default_factory=list)
    items: list[ItemProposal] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)
    statements: int = 0  # statements and items the model gave, kept or not

    def to_json(self) -> dict[str, Any]:
        return {
            "statements": self.statements,
            "kept": len(self.stances) + len(self.items),
            "dropped": dict(sorted(self.dropped.items())),
        }


def parse_reply(content: str | None) -> dict[str, Any] | None:
    """The reply object, or None when it is not JSON of the right outline. A model
    without schema support may wrap it in a Markdown fence or a sentence: the first JSON
    object in the text is taken."""
    if not content:
        return None
    text = content.strip()
    fenced = re.search(r"```(?:json)?\s*(\{.*\})\s*```", text, re.S)
    if fenced:
        text = fenced.group(1)
    elif not text.startswith("{"):
        start = text.find("{")
        if start < 0:
            return None
        text = text[start:]
    try:
        reply, _ = json.JSONDecoder().raw_decode(text)
    except ValueError:
        return None
    if not isinstance(reply, dict):
        return None
    if not isinstance(reply.get("statements", []), list) or not isinstance(
        reply.get("items", []), list
    ):
        return None
    return reply


def _sentence(body: str, quote: str) -> str | None:
    """The article's own words for a quote the model gave: the quote itself as the article
    spells it (curly quotes and all), or None when the article does not contain it."""
    wanted = _normalised(quote).strip(" \"'")
    if len(wanted) < 12:  # a word or two proves nothing about a position
        return None
    # Word for word, any run of white space between words: found in the folded text, the
    # span is cut from the article as it is (folding keeps every character's place).
    pattern = r"\s+".join(re.escape(w) for w in wanted.split())
    text = unicodedata.normalize("NFKC", body)
    hit = re.search(pattern, text.translate(_QUOTES).translate(_DASHES))
    return text[hit.start() : hit.end()] if hit else None


def ground(
    reply: dict[str, Any],
    article: ArticleInput,
    table: StanceTable,
    resolver: ActorResolver,
) -> Grounded:
    """The model's statements and items as proposals, each checked against the article
    and the table; everything else counted in ``dropped``."""
    out = Grounded()
    rows = {(r.actor, r.topic): r for r in table.stances}
    topics = {t.key for t in table.topics}
    default_topic = table.topics[0].key if table.topics else ""
    seen: set[tuple[str, str]] = set()
    evidence_for = _evidence_maker(article)
    for raw in reply.get("statements", []):
        out.statements += 1
        if not isinstance(raw, dict) or not all(
            isinstance(raw.get(k), str) for k in ("actor", "stance", "quote")
        ):
            out.dropped["malformed"] += 1
            continue
        stance = raw["stance"].strip().lower()
        if stance not in STANCES:
            out.dropped["unknown stance"] += 1
            continue
        sentence = _sentence(article.body, raw["quote"])
        if sentence is None:
            out.dropped["quote not in the article"] += 1
            continue
        match = resolver.resolve(raw["actor"])
        if match is None:
            out.dropped["unknown actor"] += 1
            continue
        if match.key is None and not _names_country(match.name):
            out.dropped["unknown actor"] += 1  # only countries are created from a reading
            continue
        topic = str(raw["topic"]) if raw.get("topic") in topics else default_topic
        key = match.key or re.sub(r"[^a-z0-9]+", "-", match.name.casefold()).strip("-")
        if (key, topic) in seen:
            continue  # the same statement from an overlapping chunk
        seen.add((key, topic))
        row = rows.get((key, topic))
        if row is not None and row.stance == stance and sentence in {e.quote for e in row.evidence}:
            continue  # the table holds this already, with this very quote
        out.stances.append(
            StanceProposal(
                actor_key=key,
                actor=match.name,
                topic=topic,
                stance=stance,
                summary=sentence,
                evidence=evidence_for(sentence),
                confidence=MODEL_ONLY,
                current=row.stance if row else None,
                new_actor=match.key is None,
            )
        )
    for raw in reply.get("items", []):
        out.statements += 1
        proposal = _item(raw, article, table, out, evidence_for)
        if proposal is not None and all(p.item_key != proposal.item_key for p in out.items):
            out.items.append(proposal)
    return out


def _evidence_maker(article: ArticleInput) -> Any:
    def make(sentence: str) -> ProposalEvidence:
        return ProposalEvidence(sentence, article.source, article.published, article.url)

    return make


def _names_country(name: str) -> bool:
    try:
        pycountry.countries.lookup(name)
    except LookupError:
        return False
    return True


def _item(
    raw: Any, article: ArticleInput, table: StanceTable, out: Grounded, evidence_for: Any
) -> ItemProposal | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("item"), str):
        out.dropped["malformed"] += 1
        return None
    if not isinstance(raw.get("quote"), str):
        out.dropped["malformed"] += 1
        return None
    wanted = _normalised(raw["item"]).casefold()
    item = next(
        (
            i
            for i in table.items
            if wanted in {_normalised(n).casefold() for n in (i.name, i.key, *i.aliases)}
        ),
        None,
    )
    if item is None:
        out.dropped["unknown item"] += 1
        return None
    status = raw.get("status")
    if status is not None:
        status = str(status).strip().lower()
        if status not in ITEM_STATUSES:
            out.dropped["unknown status"] += 1
            return None
    dates: dict[str, str | None] = {}
    for name in ("due", "ends"):
        value = raw.get(name)
        if value is not None:
            try:
                value = date.fromisoformat(str(value)).isoformat()
            except ValueError:
                out.dropped["malformed"] += 1
                return None
        dates[name] = value
    changes: dict[str, str | None] = {
        k: v
        for k, v in (("status", status), *dates.items())
        if v is not None and v != _current(item, k)
    }
    if not changes:
        return None
    sentence = _sentence(article.body, raw["quote"])
    if sentence is None:
        out.dropped["quote not in the article"] += 1
        return None
    return ItemProposal(
        item_key=item.key,
        item=item.name,
        changes=changes,
        evidence=evidence_for(sentence),
        confidence=MODEL_ONLY,
        current={k: _current(item, k) for k in ("status", "due", "ends")},
    )


def _current(item: Any, name: str) -> str | None:
    if name in ("due", "ends"):
        value = getattr(item, name)
        return value.isoformat() if value else None
    return str(item.status)


# ---------------------------------------------------------------- two readers
def merge(
    rules_stances: list[StanceProposal],
    rules_items: list[ItemProposal],
    model: Grounded,
) -> tuple[list[StanceProposal], list[ItemProposal]]:
    """The rules' proposals and the model's as one list: where both read an actor the same
    way, one proposal with more confidence; where they disagree, both, and neither may
    apply itself; what only the model read, at ``MODEL_ONLY``."""
    by_actor = {(p.actor_key, p.topic): p for p in model.stances}
    stances: list[StanceProposal] = []
    for p in rules_stances:
        theirs = by_actor.pop((p.actor_key, p.topic), None)
        if theirs is None:
            stances.append(p)
        elif theirs.stance == p.stance:
            stances.append(
                replace(p, confidence=min(AGREED_CEILING, p.confidence + AGREEMENT_BONUS))
            )
        else:
            ceiling = min(DISAGREED_CEILING, MODEL_ONLY)
            stances.append(replace(p, confidence=min(p.confidence, ceiling)))
            stances.append(replace(theirs, confidence=min(theirs.confidence, ceiling)))
    stances.extend(by_actor.values())
    items_by_key = {i.item_key: i for i in model.items}
    items: list[ItemProposal] = []
    for i in rules_items:
        other = items_by_key.pop(i.item_key, None)
        if other is None:
            items.append(i)
        elif other.changes == i.changes:
            items.append(replace(i, confidence=min(AGREED_CEILING, i.confidence + AGREEMENT_BONUS)))
        else:
            items.append(replace(i, confidence=min(i.confidence, DISAGREED_CEILING)))
            items.append(replace(other, confidence=min(other.confidence, DISAGREED_CEILING)))
    items.extend(items_by_key.values())
    stances.sort(key=lambda s: -s.confidence)
    return stances, items
