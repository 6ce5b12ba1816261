"""Tracked-item changes in an article: which item a sentence is about, the status it
reports (proposed, agreed, adopted, extended, revised, launched, stalled) and any new date.

A sentence is about an item when it names what the item belongs to (the mission in
"EUMAM mandate extension") — or the sentence before it did — and uses a word only that
item has ("extending", not "mandate", which its sibling "mandate revision" shares).
A sentence about two items gives each the status words and dates nearest its own words.

A date is a deadline (``due``) unless it ends a term: a decided extension, prolongation
or renewal "until"/"to"/"through" it, or a term that "runs until" it (the lexicon's
``extension``, ``end_lead`` and ``term_end``) sets the item's new end (``ends``). A date
before the article's own is history, neither.
"""

from __future__ import annotations

import bisect
import calendar
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from digests.actors import ActorMatch, ActorResolver
from digests.extraction.article_input import ArticleInput
from digests.extraction.clauses import clauses
from digests.extraction.cues import CueHit, Lexicon, language_of, lexicon, normalise, status_cues
from digests.extraction.model import ItemProposal, ProposalEvidence
from digests.extraction.scoring import WEIGHTS as W
from digests.extraction.segment import month_numbers, month_pattern
from digests.model import ItemRecord, StanceTable
from digests.text import STOPWORDS, words

_MONTHS = month_numbers()
_MONTH = month_pattern()
# "the end of" / "Ende": a month's or a year's last day, as the month or the year alone.
_END_OF = r"(?:(?:the\s+)?end\s+of|ende)\s+"
_DATE = re.compile(
    rf"\b(?:{_END_OF})?(?:(?P<day>\d{{1,2}})\.?\s+)?(?P<month>{_MONTH})\.?"
    rf"(?:\s+(?P<day2>\d{{1,2}}),?)?\s+(?P<year>(?:19|20|21)\d\d)\b"
    rf"|\b{_END_OF}(?P<endyear>(?:19|20|21)\d\d)\b"
    rf"|\b(?P<part>early|mid|late|anfang|mitte)[\s-]+(?P<partyear>(?:19|20|21)\d\d)\b",
)
_PARTS = {"early": 3, "anfang": 3, "mid": 6, "mitte": 6, "late": 12}
_PART_LABELS = {"anfang": "early", "mitte": "mid"}
_LEAD = re.compile(
    r"\b(?:to|until|till|through|by|in|into|before|on|bis|zum|zur|im|am|ab)\s+(?:the\s+)?$"
)
# A month named alone is a time to come only after words that point ahead ("until
# September", "by March"): "in February" or "since June" usually tell of the past.
_AHEAD = re.compile(r"\b(?:until|till|through|by|before|bis|zum|zur)\s+(?:the\s+)?$")
_SPAN = re.compile(
    r"\bby\s+(?P<n>one|two|three|four|five|six|nine|twelve|eighteen|\d{1,2})(?:-|\s+)"
    r"(?P<unit>years?|months?)\b"
)
_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "nine": 9,
    "twelve": 12,
    "eighteen": 18,
}
# Starts said of their subject alone: what began is the noun before the verb.
_INTRANSITIVE_START = re.compile(r"(?:began|begun|started|kicked off|got under way|is under way)$")
_START_FILLERS = frozenset(
    "that which who has have had was were is are been formally officially finally now "
    "already also".split()
)
_PRONOUNS = frozenset("it this they she he".split())
_NEGATED = re.compile(r"\b(?:not|never|no longer|yet to|failed to)\s+(?:\w+\s+){0,2}$")
# The past perfect tells what came before the story's now ("Several partners had agreed, he
# said"; "the mandate had been extended once before"): history, not news of the item.
_PAST_PERFECT = re.compile(r"\bhad\s+(?:(?:already|long|once|first|been)\s+){0,2}$")


# Where an item stands in its life: a reading never moves it back a step ("announced" is
# past "proposed"). "Stalled" may come at any point; "scheduled" and "due" say when, not
# how far it got, so any step may follow them.
_RANK = {
    "proposed": 1,
    "scheduled": 0,
    "announced": 2,
    "due": 0,
    "agreed": 3,
    "adopted": 4,
    "launched": 5,
    "revised": 5,
    "extended": 5,
    "stalled": 0,
}


@dataclass(frozen=True)
class FoundDate:
    value: date
    label: str | None  # "November 2026" when only the month was given


_MONTH_ALONE = re.compile(rf"\b(?P<month>{_MONTH})\b(?!\.?\s+\d)", re.IGNORECASE)


def find_dates(clause: str, published: date | None = None) -> list[tuple[int, FoundDate]]:
    """Calendar dates a clause gives as an end or a time ("to November 2026", "by
    15 March 2025", and — when the article's date is known — "until September": the next
    September from then), with where they start."""
    out = _full_dates(clause)
    if out or published is None:
        return out
    lower = clause.lower()
    for found in _MONTH_ALONE.finditer(lower):
        if found.group("month") == "may" and not clause[found.start()].isupper():
            continue  # the verb
        if not _AHEAD.search(lower[: found.start()]):
            continue
        month = _MONTHS[found.group("month")]
        year = published.year + (1 if month < published.month else 0)
        last = calendar.monthrange(year, month)[1]
        out.append(
            (
                found.start(),
                FoundDate(date(year, month, last), f"{calendar.month_name[month]} {year}"),
            )
        )
    return out


def _full_dates(clause: str) -> list[tuple[int, FoundDate]]:
    out = []
    for found in _DATE.finditer(clause.lower()):
        if not _LEAD.search(clause.lower()[: found.start()]):
            continue
        if found.group("part"):
            # "early 2025": the part of the year it names, to its last day.
            year = int(found.group("partyear"))
            month = _PARTS[found.group("part")]
            last = calendar.monthrange(year, month)[1]
            label = f"{_PART_LABELS.get(found.group('part'), found.group('part'))} {year}"
            out.append((found.start(), FoundDate(date(year, month, last), label)))
            continue
        if found.group("endyear"):
            year = int(found.group("endyear"))
            out.append((found.start(), FoundDate(date(year, 12, 31), f"end of {year}")))
            continue
        month = _MONTHS[found.group("month").rstrip(".")]
        year = int(found.group("year"))
        day = found.group("day") or found.group("day2")
        last = calendar.monthrange(year, month)[1]
        if day and 1 <= int(day) <= last:
            out.append((found.start(), FoundDate(date(year, month, int(day)), None)))
        elif not day:
            label = f"{calendar.month_name[month]} {year}"
            out.append((found.start(), FoundDate(date(year, month, last), label)))
    return out


def _shift(value: date, months: int) -> date:
    year, month = divmod(value.month - 1 + months, 12)
    year += value.year
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


# Roots of words news copy uses for an item's own words: a mandate "prolonged" is one
# extended, one "amended" is revised.
_SYNONYMS = {"prolo": "exten", "lengt": "exten", "amend": "revis", "overh": "revis"}


def _roots(text: str) -> set[str]:
    """The roots of the text's words, synonyms folded into one ("prolong": "extend")."""
    return {_SYNONYMS.get(r, r) for r in map(_root, words(text))}


def _root(word: str) -> str:
    """A crude shared root for derivations: extend/extension/extending → "exten"."""
    return word[:5] if len(word) > 5 else word


@dataclass
class _ItemKeys:
    item: ItemRecord
    anchors: frozenset[str]  # actor keys the item belongs to
    roots: frozenset[str]  # word roots only this item has
    term: bool = False  # the item lengthens a term ("mandate extension"): a term's end is its
    words: frozenset[str] = frozenset()  # the roots of every word of its names


class ItemReader:
    def __init__(self, table: StanceTable, resolver: ActorResolver) -> None:
        self.resolver = resolver
        self.keys: list[_ItemKeys] = []
        roots = {}
        for item in table.items:
            texts = [item.name, *item.aliases]
            found = set()
            for text in texts:
                found |= {_root(w) for w in words(text) if w not in STOPWORDS and not w.isdigit()}
            roots[item.key] = found
        for item in table.items:
            others = set().union(*(r for k, r in roots.items() if k != item.key))
            anchors = frozenset(m.key for m in resolver.find(item.name) if m.key)
            own = frozenset(r for r in roots[item.key] - others if r not in _MONTH_ROOTS)
            self.keys.append(
                _ItemKeys(
                    item,
                    anchors,
                    own,
                    _lengthens((item.name, *item.aliases)),
                    frozenset(roots[item.key]),
                )
            )
        # The missions the table tracks: a sentence that names one is about that mission,
        # not about an item that belongs to no mission ("the mission was launched in 2022"
        # is no news of the trainer coalition's launch).
        self.missions = frozenset(a.key for a in table.actors if a.kind == "mission")
        self.lex: Lexicon = lexicon("en")

    def read(
        self,
        article: ArticleInput,
        paragraphs: list[list[str]],
        find: Callable[[str], list[ActorMatch]] | None = None,
    ) -> list[ItemProposal]:
        """Item proposals from the article's paragraphs (the title first, as its own)."""
        if not self.keys:
            return []
        find = find or self.resolver.find
        self.lex = lexicon(language_of(f"{article.title} {article.body}"))
        found: dict[str, list[tuple[float, str, str | None, FoundDate | None, str, int]]] = {}
        index = 0
        last_paragraph: set[str] = set()
        for sentences in paragraphs:
            previous: set[str] = set()
            # What a definite "The launch" may go back to: the items' words of this
            # paragraph so far and of the one before it.
            before = set(last_paragraph)
            this_paragraph: set[str] = set()
            for sentence in sentences:
                named = {m.key for m in find(sentence) if m.key}
                norm = normalise(sentence)
                about = [
                    (keys, penalty)
                    for keys in self.keys
                    if (penalty := self.about(sentence, keys, named, previous, norm, before))
                    is not None
                ]
                # A sentence about two items ("extended the mandate until 2026 and put its
                # revision off to March") gives each only the words nearest its own.
                owners = (
                    _Owners(sentence, [k for k, _ in about], self.lex) if len(about) > 1 else None
                )
                for keys, penalty in about:
                    hit = self.read_sentence(sentence, keys, penalty, article.published, owners)
                    if hit is not None:
                        found.setdefault(keys.item.key, []).append((*hit, index))
                roots = _roots(sentence)
                previous = named
                before |= roots
                this_paragraph |= roots
                index += 1
            last_paragraph = this_paragraph
        out = []
        for keys in self.keys:
            readings = found.get(keys.item.key)
            if readings:
                proposal = self.proposal(keys.item, readings, article)
                if proposal is not None:
                    out.append(proposal)
        return out

    def about(
        self,
        sentence: str,
        keys: _ItemKeys,
        named: set[str],
        previous: set[str],
        norm: str | None = None,
        before: frozenset[str] | set[str] = frozenset(),
    ) -> float | None:
        """Whether the sentence is about the item, and what that costs when only the
        sentence before named what the item belongs to (or the item's other word: "…
        there is no coalition. The launch has stalled."); None when it is not. ``norm``:
        the sentence normalised, when the caller has it; ``before``: the word roots of its
        paragraph up to it, and of the paragraph before (``_roots``)."""
        if not keys.anchors and named & self.missions:
            return None
        if keys.anchors and not (keys.anchors & named):
            if not keys.anchors & previous:
                return None
            penalty = W.items.previous_sentence
        else:
            penalty = 0.0
        shared = _roots(sentence) & keys.roots
        norm = normalise(sentence) if norm is None else norm
        if shared and self.lex.deadline.search(norm):
            # "The deadline for the revision was extended": the lengthening is the
            # deadline's, no word of the item that lengthens a term.
            for found in self.lex.extension.finditer(norm):
                shared -= _roots(found.group())
        # An item that belongs to no named actor needs two of its own words, not one:
        # "training" alone does not make a sentence about "the trainer coalition".
        # "Its mandate now runs until November 2026" names no word of one item: the end
        # of a term belongs to the item that lengthens it.
        if len(shared) < (1 if keys.anchors else 2) and not (
            keys.term and keys.anchors and self.ends_a_term(sentence)
        ):
            if keys.anchors or not shared or len(shared | (before & keys.roots)) < 2:
                return None
            penalty = max(penalty, W.items.previous_sentence)
        return penalty

    def ends_a_term(self, sentence: str) -> bool:
        """Whether the sentence says where a term ends ("now runs until", "gilt bis")."""
        if self.lex.deadline.search(normalise(sentence)):
            return False
        return any(
            self.lex.term_end.search(normalise(sentence[:at])) for at, _ in _full_dates(sentence)
        )

    def read_sentence(
        self,
        sentence: str,
        keys: _ItemKeys,
        penalty: float,
        published: date | None = None,
        owners: _Owners | None = None,
    ) -> tuple[float, str, str | None, FoundDate | None, str] | None:
        """What a sentence about the item says of it: confidence, sentence, status, date
        and the field that date goes to ("due", or "ends" for the end of a term)."""
        norm = normalise(sentence)
        status: str | None = None
        weight = 0.0
        moves_deadline = self.lex.deadline.search(norm) is not None
        # Dates before the article's own, where they stand in the normalised sentence.
        history = [
            len(normalise(sentence[:at]))
            for at, found in _full_dates(sentence)
            if published is not None and found.value < published
        ]
        starts = [start for start, _ in clauses(norm, self.lex)]
        for hit in status_cues(norm, self.lex):
            if moves_deadline and hit.stance == "extended":
                continue  # "the deadline was extended": no term was lengthened
            if hit.stance == "extended" and not keys.term and keys.item.ends is None:
                # Only a term is lengthened: a launch or a vote is not "renewed" ("…, no
                # coalition exists, and the EU's mission has been renewed").
                continue
            clause = bisect.bisect_right(starts, hit.start)
            if any(bisect.bisect_right(starts, at) == clause for at in history):
                continue  # "was launched in November 2022": history, not news
            if owners is not None and not owners.owns(keys, hit.start, hit.end):
                continue  # said of the other item the sentence names
            before = norm[: hit.start]
            if _NEGATED.search(before) or _PAST_PERFECT.search(before):
                continue
            if not self._starts_this(keys, norm, hit):
                continue  # "the campaign that began with …": the campaign began
            future = self.lex.future.search(norm[max(0, hit.start - 40) : hit.end])
            if future and hit.stance != "proposed" and not _delay_announced(hit, future.group()):
                continue  # "has to be extended": the plan, not news of it
            if 0 < _RANK.get(hit.stance, 9) < _RANK.get(keys.item.status, 0):
                continue  # a step the item is past already: "the proposal for …" is history
            if hit.weight > weight:
                status, weight = hit.stance, hit.weight
        # A lengthening that has been decided ("extended", "agreed to prolong") moves the
        # end of the item's term; one only proposed or planned sets no end yet.
        # The lengthening words must be this item's ("…, while the extension is due by
        # November" is no word about the revision postponed in the same sentence).
        extension = not moves_deadline and any(
            owners is None or owners.owns(keys, found.start(), found.end())
            for found in self.lex.extension.finditer(norm)
        )
        lengthened = extension and status is not None and _RANK.get(status, 0) >= _RANK["agreed"]
        if lengthened and keys.term and status in ("agreed", "adopted"):
            # "agreed on Monday to prolong it": for the item that lengthens a term, the
            # lengthening decided is the lengthening done.
            status = "extended"
        when = None
        field = "due"
        # A date before the article's own is history, never a deadline or a new end.
        dates = [
            d
            for d in find_dates(sentence, published)
            if (published is None or d[1].value >= published)
            and (owners is None or owners.owns(keys, len(normalise(sentence[: d[0]]))))
        ]
        if dates:
            at, when = dates[0]
            lead = normalise(sentence[:at])
            extends_to = extension and self.lex.end_lead.search(lead) is not None
            if self.lex.term_end.search(lead) or (lengthened and extends_to):
                field = "ends"
            elif extends_to and status != "proposed":
                # "threatened to block the extension until 2026": the end of a term not
                # (yet) decided is neither a deadline nor an end. A proposal's date is
                # what it proposes, and stays with it.
                when = None
        elif (base := _term_base(keys.item, lengthened)) and (span := _SPAN.search(norm)):
            n = _NUMBERS.get(span.group("n")) or int(span.group("n"))
            months = n * 12 if span.group("unit").startswith("year") else n
            new = _shift(base, months)
            when = FoundDate(new, f"{calendar.month_name[new.month]} {new.year}")
            field = "ends" if lengthened else "due"
        if status is None and when is None:
            return None
        confidence = (weight or W.items.date_only) - penalty
        confidence += W.items.status_and_date if status and when else 0.0
        return confidence, sentence, status, when, field

    @staticmethod
    def _starts_this(keys: _ItemKeys, norm: str, hit: CueHit) -> bool:
        """Whether an intransitive start ("began", "got under way") is the item's: said of
        the noun just before it (past "that", "which" and auxiliaries), which must be a
        word of the item's or a pronoun standing for it."""
        if not _INTRANSITIVE_START.match(norm[hit.start : hit.end]):
            return True
        lead = [w for w in words(norm[: hit.start])[-4:] if w not in _START_FILLERS]
        if not lead:
            return True
        last = lead[-1]
        return last in _PRONOUNS or _SYNONYMS.get(_root(last), _root(last)) in keys.words

    def proposal(
        self,
        item: ItemRecord,
        readings: list[tuple[float, str, str | None, FoundDate | None, str, int]],
        article: ArticleInput,
    ) -> ItemProposal | None:
        with_status = [r for r in readings if r[2]]
        best = max(with_status or readings, key=lambda r: (r[0], r[5] > 0, -r[5]))
        dated = [r for r in readings if r[3]]
        dating = best if best[3] else (max(dated, key=lambda r: r[0]) if dated else None)
        changes: dict[str, str | None] = {}
        if best[2] and best[2] != item.status:
            changes["status"] = best[2]
        if dating is not None and dating[3] is not None:
            when, field = dating[3], dating[4]
            if field == "ends":
                # The end of a term has no label of its own: "runs until" says it all.
                if when.value != item.ends:
                    changes["ends"] = when.value.isoformat()
            elif when.value != item.due:
                changes["due"] = when.value.isoformat()
                changes["label"] = when.label
        if not changes:
            return None
        confidence = best[0] + W.items.agreeing_bonus * (len(with_status) - 1)
        if (
            changes.get("status") == "extended"
            and "ends" not in changes
            and (item.ends or _lengthens((item.name, *item.aliases)))
        ):
            # A term lengthened to where, the article says elsewhere or not at all ("kann
            # ihre Arbeit damit bis zum 15. November 2026 fortsetzen"): half the news, for
            # an admin to complete.
            confidence = min(confidence, W.items.open_extension)
        return ItemProposal(
            item_key=item.key,
            item=item.name,
            changes=changes,
            evidence=ProposalEvidence(best[1], article.source, article.published, article.url),
            confidence=round(max(W.proposal.lowest, min(W.proposal.highest, confidence)), 2),
            current={
                "status": item.status,
                "due": item.due.isoformat() if item.due else None,
                "ends": item.ends.isoformat() if item.ends else None,
            },
        )


class _Owners:
    """Which of the items a sentence is about each of its words belongs to: a status word
    or a date goes to the item whose own words stand in its clause, and closest to it.
    Offsets are in the normalised sentence, as the status cues'."""

    def __init__(self, sentence: str, about: list[_ItemKeys], lex: Lexicon) -> None:
        norm = normalise(sentence)
        self.starts = [start for start, _ in clauses(norm, lex)]
        self.places: dict[str, list[tuple[int, int]]] = {k.item.key: [] for k in about}
        for found in _WORD.finditer(norm):
            folded = words(found.group())
            if not folded:
                continue
            root = _SYNONYMS.get(_root(folded[0]), _root(folded[0]))
            for keys in about:
                if root in keys.roots:
                    self.places[keys.item.key].append((found.start(), found.end()))

    def _clause(self, at: int) -> int:
        return bisect.bisect_right(self.starts, at)

    def owns(self, keys: _ItemKeys, start: int, end: int | None = None) -> bool:
        end = start if end is None else end
        clause = self._clause(start)

        def distance(key: str) -> tuple[int, int]:
            return min(
                (
                    (abs(self._clause(a) - clause), max(start - b, a - end, 0))
                    for a, b in self.places[key]
                ),
                default=(1 << 30, 0),
            )

        mine = distance(keys.item.key)
        return all(mine <= distance(k) for k in self.places if k != keys.item.key)


_WORD = re.compile(r"[^\W\d_]+")


def _delay_announced(hit: CueHit, future: str) -> bool:
    """Whether a delay is announced, not weighed: "the review will be held over until next
    year" is news that it is stalled now; "would be delayed" or "has to be postponed" is
    not."""
    return hit.stance == "stalled" and bool(re.match(r"(?:will|is set to|are set to)\b", future))


@functools.cache
def _lengthens(texts: tuple[str, ...]) -> bool:
    """Whether an item's name or an alias says it lengthens a term ("mandate extension",
    "verlängert"), in a language read."""
    return any(
        lexicon(language).extension.search(normalise(text))
        for text in texts
        for language in ("en", "de")
    )


def _term_base(item: ItemRecord, lengthened: bool) -> date | None:
    """What "by two years" counts from: a lengthened term from its end (or, before it has
    one, from the date it was due to end), any other date from the item's due date."""
    if lengthened:
        return item.ends or item.due
    return item.due


_MONTH_ROOTS = frozenset(_root(m) for m in _MONTHS) | frozenset(
    {"summe", "winte", "sprin", "autum"}
)
