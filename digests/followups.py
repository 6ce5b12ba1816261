"""Follow-up questions read against the last turn of a conversation.

"What is Germany's position?" then "and Italy?" asks the same of Italy; "why?" asks
the reasons for the actors just discussed; "since when?" when they took that position;
"were they invited?" puts the last reply's actors (or the list it gave) for "they".
Each becomes a whole question, which the answerer reads as if typed — so a follow-up
is answered by the same rules, and can never say more than the table holds.

Pure functions: the caller keeps one ``LastTurn`` per conversation, with its expiry.
"""

from __future__ import annotations

import re

from digests.actors import ActorMatch
from digests.answer_lexicon import (
    FOLLOWUP_FILLERS,
    FOLLOWUP_OPENERS,
    PRONOUNS,
    REASON_PHRASES,
    REASON_WORDS,
    SINCE_WHEN_PHRASES,
)
from digests.answer_records import LastTurn
from digests.compose import join_names
from digests.lexicon import LIST_WORDS
from digests.question import QuestionReader, _glossed, _has_phrase
from digests.text import STOPWORDS, fold, words

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = frozenset(("their", "his", "her", "ihre", "ihr", "theirs"))


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(fold(m.group()).replace("'", ""), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def resolve_followup(text: str, last: LastTurn | None, reader: QuestionReader) -> str | None:
    """The whole question a follow-up stands for, or None when ``text`` stands alone."""
    if last is None or last.kind == "hint":
        return None
    glossed = _glossed(text, reader.glossary)
    ws = words(glossed)
    if not ws:
        return None
    actors = [m for m in reader.actors_in(glossed) if m.known or m.key]
    referents = last.actors or last.listed
    if not actors:
        if referents and _has_phrase(ws, SINCE_WHEN_PHRASES) and _short(ws):
            return f"Since when {join_names(list(referents))}?"
        reasons = bool(set(ws) & REASON_WORDS) or _has_phrase(ws, REASON_PHRASES)
        if referents and reasons and _short(ws):
            return f"What are the reasons of {join_names(list(referents))}?"
        # "Who changed their position?": a pronoun after "who" is bound to it.
        if referents and set(ws) & PRONOUNS and ws[0] not in LIST_WORDS:
            return _with_referents(glossed, referents)
        return None
    fragment = _fragment(glossed, actors)
    if fragment is None:
        return None
    added = [m.name for m in fragment]
    if last.kind == "compare" and len(fragment) == 1:
        # "Are France and Germany aligned?" — "and Italy?": Italy joins the comparison.
        added = [*(a for a in last.actors if a not in added), *added]
    names = join_names(added)
    if last.spans:
        start = min(a for a, _ in last.spans)
        end = max(b for _, b in last.spans)
        return last.text[:start] + names + last.text[end:]
    if last.kind in ("list", "changes"):
        return f"{last.text.rstrip(' ?')} — {names}?"
    return f"What is the position of {names}?"


def _short(ws: list[str]) -> bool:
    """ "why?", "and why is that?", "seit wann?": a question with no subject of its own."""
    return len([w for w in ws if w not in STOPWORDS]) <= 4


def _fragment(text: str, actors: list[ActorMatch]) -> list[ActorMatch] | None:
    """The actors of "and Italy?", "what about the Dutch and the Danes?", "und
    Italien?" — None when the text says more than an opener, actors and fillers."""
    rest = list(text)
    for m in actors:
        rest[m.start : m.end] = [" "] * (m.end - m.start)
    left = [w for w, _, _ in _tokens("".join(rest))]
    for opener in FOLLOWUP_OPENERS:
        if tuple(left[: len(opener)]) == opener:
            left = left[len(opener) :]
            break
    if all(w in FOLLOWUP_FILLERS or w in ("and", "or", "und", "oder", "s") for w in left):
        return actors
    return None


def _with_referents(text: str, names: tuple[str, ...]) -> str:
    """ "were they invited?" → "were Germany and Italy invited?"."""
    joined = join_names(list(names))
    out = []
    last = 0
    for word, start, end in _tokens(text):
        if word in PRONOUNS:
            out.append(text[last:start])
            out.append(f"{joined}'s" if word in _POSSESSIVE else joined)
            last = end
    out.append(text[last:])
    return "".join(out)
