"""People the table does not know yet, found by how news copy introduces them:
"Defence Minister Hanno Pevkur", "an adviser to President Alar Karis", later "Pevkur"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from digests.text import month_names, weekday_names

# Title words that precede a name; the run of them is the person's role.
ROLE_WORDS = frozenset(
    """president prime minister ministers defence defense foreign affairs interior finance deputy
    chancellor secretary general chief spokesperson spokesman spokeswoman ambassador
    commissioner envoy king queen chair chairman chairwoman head leader senator
    representative admiral colonel lieutenant commander adviser advisor director mr mrs ms dr
    state high vice speaker governor mayor""".split()
)
# Capitalised words that are not names (institutions, sentence openers; the weekdays
# and months come from Babel).
NOT_NAMES = (
    frozenset(
        """the a an and but if it its this that these those he she they we i you our their
        neither either nor whether unlike meanwhile while though although even only like
        bundestag parliament diplomats officials ministers government council commission
        nato un""".split()
    )
    | month_names("en", wide_only=True)
    | weekday_names("en", wide_only=True)
)


@dataclass
class Person:
    name: str
    role: str | None
    speaks_for: str | None = None  # actor key
    mentions: int = 0
    surnames: set[str] = field(default_factory=set)


# How German titles end, in one word ("Ministerpräsident", "Außenministerin", "Kanzler",
# "Generalsekretär"). (A commissioner speaks for the Commission, not the EU her title's
# compound names: lexicon institution_roles.)
_GERMAN_TITLE = re.compile(
    r"(?:minister|präsident|kanzler|sprecher|chef|vorsitzende|botschafter|sekretär)(?:in|innen)?r?$"
)


def role_word(word: str) -> bool:
    """A title's word, English or a German one-word title ("Generalstabschef")."""
    folded = word.casefold().strip(".")
    return folded in ROLE_WORDS or _GERMAN_TITLE.search(folded) is not None


def split_role(phrase: str) -> tuple[str | None, str]:
    """ "Defence Minister Margarita Robles" → ("Defence Minister", "Margarita Robles"); a
    party's or a chamber's word may open the title ("Republican Senator Rand Paul",
    "Senate Republican leader Mitch McConnell"): the role runs to its last title word."""
    words = phrase.split()
    i = 0
    while i < len(words) - 1 and role_word(words[i]):
        i += 1
    # (a role word among the first words, with a name of two words after it)
    later = [n for n, w in enumerate(words[:-2]) if role_word(w)]
    if later and later[-1] + 1 > i and later[-1] < 3:
        i = later[-1] + 1
    role = " ".join(words[:i]) or None
    return role, " ".join(words[i:])


class PeopleIndex:
    """The people an article introduces, so a later surname alone finds them again."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}

    def find(self, surname_or_name: str) -> Person | None:
        key = surname_or_name.casefold()
        if key in self.people:
            return self.people[key]
        for person in self.people.values():
            if key in person.surnames:
                return person
        return None

    def add(self, phrase: str, speaks_for: str | None) -> Person | None:
        """A capitalised phrase from the text; None when it is not a person's name."""
        role, name = split_role(phrase)
        words = name.split()
        if not words or words[0].casefold() in NOT_NAMES:
            return None
        known = self.find(name)
        if known is not None:
            known.mentions += 1
            return known
        if not 2 <= len(words) <= 4 or not all(w[:1].isupper() and not w.isupper() for w in words):
            return None
        person = Person(name, role, speaks_for, 1, {words[-1].casefold()})
        self.people[name.casefold()] = person
        return person
