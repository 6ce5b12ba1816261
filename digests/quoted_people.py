"""The people a story's sources quote, read from its own rows: whom each speaks for.

A story started from its articles has no people in its table, yet readers ask by name
("What is Milei's position?", "What does Golob say?"). Its positions' backing sentences
and summaries name them, and say for whom: "Chile's President Gabriel Boric said …" (the
actor right before the title), or "President Javier Milei called the count a fraud"
and "…, sagte Golob" in a row about one actor that names no other. A name read for two
actors, or told only in passing ("Russia congratulated Maduro"), is nobody's: a person
is only added when the sources leave no doubt. A story's start reads them once from the
positions it applied and keeps them with the story (its knowledge, as data).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from digests.actors import ActorMatch, ActorResolver
from digests.extraction.cues import language_of, lexicon, normalise
from digests.extraction.people import ROLE_WORDS
from digests.model import ActorRecord, StanceTable
from digests.text import fold

# Titles German copy puts before a name (ROLE_WORDS holds the English ones).
_GERMAN_ROLES = re.compile(
    r"(?:minister\w*|präsident\w*|kanzler\w*|sprecher\w*|beauftragte\w*|regierungschef\w*)$",
    re.I,
)
_ARTICLES = frozenset("the der die das den dem des".split())


def _is_role(word: str) -> bool:
    # "Co-president", "co-chair": a title shared is a title.
    bare = word.casefold().strip(".,").removeprefix("co-")
    return bare in ROLE_WORDS or bool(_GERMAN_ROLES.search(word))


def _titled(sentence: str, start: int) -> bool:
    """A title stands right before the name ("President Javier Milei")."""
    before = sentence[:start].split()
    return bool(before) and _is_role(before[-1])


def _spoken(sentence: str, start: int, end: int) -> bool:
    """The name is who speaks: a speech verb right before it, bar an article and a title
    ("…, sagte Golob", "said the Foreign Minister X"), or right after it ("Golob said")."""
    speech = lexicon(language_of(sentence)).speech
    before = normalise(sentence[:start]).split()
    while before and (before[-1] in _ARTICLES or _is_role(before[-1])):
        before.pop()
    after = normalise(sentence[end:]).split()[:1]
    return bool(
        (before and speech.fullmatch(before[-1].strip(",")))
        or (after and speech.fullmatch(after[0].strip(",.")))
    )


def _opens_and_speaks(sentence: str, start: int, end: int) -> bool:
    """A lone surname opens an English sentence that reports speech further on ("Lindner
    accused Scholz of having planned the break and said …"): the subject who speaks.
    Never in German, which opens sentences with capitalised nouns ("Eine Anerkennung sei
    kein Tabu, … hatte Séjourné erklärt")."""
    if sentence[:start].strip() or " " in sentence[start:end] or language_of(sentence) != "en":
        return False
    return bool(lexicon("en").speech.search(normalise(sentence)))


def _introduced_by(sentence: str, start: int, matches: list[ActorMatch]) -> ActorMatch | None:
    """The actor whose name introduces the person, with its possessive or a title
    between: "Chile's President Gabriel Boric", "Cuba's Díaz-Canel"."""
    before = [m for m in matches if m.end <= start]
    if not before:
        return None
    m = before[-1]
    between = sentence[m.end : start].split()
    possessive = bool(between) and between[0] in ("'s", "’s")
    titles = between[1:] if possessive else between
    if not all(_is_role(w) for w in titles) or not (possessive or titles):
        return None
    return m


def _names_in(sentence: str, resolver: ActorResolver) -> Iterable[tuple[str, str | None, int, int]]:
    """Each person-like name of a sentence: (name, title, start, end)."""
    for phrase in resolver.unmatched_names(sentence):
        at = sentence.find(phrase)
        if at < 0:
            continue
        # The title ends at its last role word: "Environment Minister Teresa Ribera",
        # "Außenbeauftragte Josep Borrell".
        parts = phrase.split()
        last = max((i for i, w in enumerate(parts[:-1]) if _is_role(w)), default=-1)
        role = " ".join(parts[: last + 1]) or None
        name = " ".join(parts[last + 1 :])
        start = at + (len(phrase) - len(name))
        parts = name.split()
        if not parts or any(not p[:1].isupper() for p in parts):
            continue
        if (
            len(parts) == 1
            and not _spoken(sentence, start, start + len(name))
            and not _opens_and_speaks(sentence, start, start + len(name))
        ):
            continue  # a lone capitalised word is a person only as who speaks
        yield name, role, start, start + len(name)


def quoted_people(
    table: StanceTable, resolver: ActorResolver, after: Mapping[str, str] | None = None
) -> list[ActorRecord]:
    """Person actors for the people the table's rows name, each speaking for one actor.
    ``after``: the sentence that follows a backing sentence in its paragraph, read with it
    ("Hungary rejects the move. Foreign Minister Péter Szijjártó called it …": who says
    so, in the next breath)."""
    after = after or {}
    held = {n.casefold() for a in table.actors for n in (a.name, *a.aliases)}
    taken = {a.key for a in table.actors}
    found: dict[str, set[str]] = {}
    titles: dict[str, str] = {}
    for row in table.stances:
        quotes = [e.quote for e in row.evidence]
        texts = {t: False for t in [row.summary, *quotes] if t}
        for q in quotes:
            texts.setdefault(after.get(q, ""), True)
        for text, following in texts.items():
            for sentence in re.split(r"(?<=[.!?])\s+", text) if text else []:
                matches = sorted(resolver.find(sentence), key=lambda m: m.start)
                for name, role, start, end in _names_in(sentence, resolver):
                    # Countries the table lacks count too: "Cuba's President" is not
                    # China's. In the sentence after, only who comes before the name:
                    # the rest is what the person talks about.
                    actors = {m.key or m.name for m in matches if not following or m.end <= start}
                    if name.casefold() in held:
                        continue
                    by = _introduced_by(sentence, start, matches)
                    if by is not None:
                        if not by.key:
                            continue  # speaks for an actor the table does not hold
                        speaks_for = by.key
                    elif actors <= {row.actor} and (
                        role
                        or _titled(sentence, start)
                        or (not following and _spoken(sentence, start, end))
                        or (following and _opens_and_speaks(sentence, start, end))
                    ):
                        speaks_for = row.actor
                    else:
                        continue
                    found.setdefault(name, set()).add(speaks_for)
                    if role:
                        titles.setdefault(name, role)
    out = []
    names = {a.key: a.name for a in table.actors}
    for name, keys in found.items():
        if len(keys) != 1:
            continue  # read for two actors: nobody's
        (speaks_for,) = keys
        key = "person-" + re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
        if key in taken or speaks_for not in names:
            continue
        surname = name.split()[-1]
        aliases = (surname,) if len(name.split()) > 1 and surname.casefold() not in held else ()
        role = titles.get(name)
        out.append(
            ActorRecord(
                key=key,
                name=name,
                kind="person",
                aliases=aliases,
                speaks_for=speaks_for,
                description=f"{role} ({names[speaks_for]})" if role else None,
            )
        )
    return out
