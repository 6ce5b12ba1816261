"""How news copy states a position or a development: the words, not the sentences.

Each cue is a pattern over a normalised clause (lower case, plain quotes, "n't" → " not")
with the stance or status it signals and how strongly. Patterns are general phrasing
("ruled out sending", "is not going to send", "is considering"), never a sample's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Verbs of taking part in the thing a topic is about: sending, deploying, joining.
_ACT = (
    r"(?:send|sending|sent|deploy|deploying|dispatch|dispatching|station|stationing|"
    r"take part|taking part|participate|participating|join|joining|contribute|contributing|"
    r"commit|committing|provide|providing|put|putting|be part|lead|leading)"
)
# Up to three words between a negation or an auxiliary and that verb: "not going to send",
# "would not be willing to send".
# Not across a word that is the statement itself: "does not oppose sending" is no refusal
# to send, nor is "has not yet decided whether to join".
_GAP = (
    r"(?:\s+(?!oppos|object|mind|resist|block|veto|rul|exclud|against|decid|yet\b|sure\b|"
    r"certain\b|clear\b|whether\b)[a-z'-]+){0,4}?\s+"
)
_NEG = r"(?:not|never|no longer|nor)"


@dataclass(frozen=True)
class Cue:
    stance: str
    weight: float  # how plainly the phrase states the stance, 0-1
    pattern: re.Pattern[str]
    name: str


def _cue(stance: str, weight: float, name: str, pattern: str) -> Cue:
    return Cue(stance, weight, re.compile(pattern), name)


# Order matters only for reading: every cue is tried, and the strongest wins per clause.
STANCE_CUES: tuple[Cue, ...] = (
    # "not ruled out" keeps the door open: read before "ruled out".
    _cue(
        "undecided",
        0.7,
        "not ruled out",
        rf"\b{_NEG}(?:\s+\w+)?\s+(?:rul(?:e|es|ed|ing) out|exclud(?:e|es|ed|ing))\b",
    ),
    _cue("opposes", 0.9, "ruled out", r"\brul(?:e|es|ed|ing) out\b"),
    _cue("opposes", 0.9, "not an option", r"\b(?:not an|no) option\b|\bout of the question\b"),
    _cue("opposes", 0.85, "says no", r"\b(?:say|says|said|saying) no to\b"),
    _cue(
        "opposes",
        0.85,
        "refuses",
        # "declined to comment" refuses a question, not the plan.
        r"\b(?:refus|reject|declin|rebuff|dismiss)(?:e|es|ed|ing|ion)?\b(?:\s+(?:to\b(?!\s+"
        r"(?:comment|say|speculate|elaborate|confirm|discuss|disclose|give details|answer))|the|"
        r"any|an|a|calls?|plans?|idea|proposals?|requests?|invitation))",
    ),
    _cue("opposes", 0.85, "will not take part", rf"\b{_NEG}{_GAP}{_ACT}\b"),
    _cue(
        "opposes",
        0.8,
        "pulls out",
        r"\b(?:pull|pulls|pulled|pulling|back|backs|backed|backing) out\b|"
        r"\b(?:withdr(?:aw|aws|ew|awn|awing)) from\b|\bwalk(?:s|ed)? away from\b",
    ),
    _cue("opposes", 0.8, "stays out", r"\b(?:stay|stays|staying|keep|keeps|keeping) out of\b"),
    _cue(
        "opposes",
        0.8,
        "no plans to",
        rf"\bno (?:plans?|intention|intentions|desire|interest)(?: at all| whatsoever)? "
        rf"(?:to|of){_GAP}?{_ACT}",
    ),
    _cue(
        "opposes",
        0.75,
        "vetoes",
        r"\b(?:veto|vetoes|vetoed|vetoing|block|blocked|blocks|blocking)\b",
    ),
    _cue("opposes", 0.75, "opposes", r"\b(?:oppose|opposes|opposed|opposing|against)\b"),
    _cue("opposes", 0.55, "fears escalation", r"\b(?:risk of escalation|escalat\w+ risk)\b"),
    # Before readiness: "would consider taking part" is hesitation, not a yes.
    _cue(
        "undecided",
        0.75,
        "considering",
        r"\b(?:consider|considers|considering|weigh|weighs|weighing|mull|mulls|mulling|"
        r"examin(?:e|es|ing)|studying|assessing|reviewing|open to|looking into)\b",
    ),
    _cue(
        "supports",
        0.75,
        "ready to take part",
        rf"\b(?:will|would|could|may|might|ready to|prepared to|willing to|plans? to|"
        rf"planning to|intends? to|"
        rf"agreed to|decided to|offered to|committed to|wants? to|is to|are to|approved|"
        rf"authori[sz]ed|green-?lit|cleared){_GAP}?{_ACT}\b",
    ),
    _cue(
        "supports",
        0.75,
        "supports",
        r"\b(?:supports?|supported|backs?|backed|endorses?|endorsed|welcomes?|welcomed|"
        r"favou?rs?|in favou?r of|signed up|joined)\b",
    ),
    _cue(
        "undecided",
        0.8,
        "no position yet",
        r"\b(?:not|yet to)(?:\s+\w+)?\s+(?:taken|take|made|make|reached|reach|decided|decide)"
        r"(?:\s+(?:a|any|its|their|up))?(?:\s+(?:position|stance|decision|mind|minds))?\b"
        r"|\bnot (?:yet )?(?:sure|certain|clear) (?:whether|if)\b"
        r"|\bundecided\b|\bno decision\b|\bwait and see\b|\bwaits? for\b|\bwaiting for\b"
        r"|\bno (?:concrete |formal |firm )?(?:proposal|request|decision)\b",
    ),
    _cue("mixed", 0.55, "divided", r"\b(?:divided|split) (?:on|over)\b|\bambivalent\b"),
)

# A quote that is only "no" ("No and no.", "No, no, no."): a refusal.
FLAT_NO = re.compile(r"^\W*no(?:\W+(?:and\W+)?no)*\W*$")

# Conditions and alternatives that qualify a position: kept in its summary.
CONDITIONS = re.compile(
    r"\b(?:alone|on (?:its|their|our) own|unilateral\w*|together with|with (?:its |their )?allies"
    r"|approval of (?:the )?parliament|parliament(?:ary)? approval|consent of|"
    r"only if|provided that|as long as|instead|rather than|on condition)\b"
)

# A supportive verb whose object is another body or mission ("supports expanding the
# EU mission") is a note on the side, not the stance on the topic.
ALTERNATIVE = re.compile(r"\b(?:instead|rather than|alternative)\b")

# Words that soften what follows.
HEDGES = re.compile(
    r"\b(?:reportedly|could|might|may|possibly|perhaps|is said to|are said to|rumou?r\w*)\b"
)
# Attribution to others than the actor itself: anonymous officials, diplomats, sources.
SECOND_HAND = re.compile(
    r"\b(?:according to|sources?|people familiar|insiders?|media reports?|"
    r"(?:diplomats|officials) (?:said|say|says|added|told|confirmed)|"
    r"(?:a|an|one|two|several) (?:[a-z]+ )?(?:official|diplomat|source)s?)\b"
)
# An earlier position the article reports as past: "had earlier ruled out".
PAST_POSITION = re.compile(
    r"\b(?:earlier|previously|initially|at first|originally|once|until (?:now|recently))"
    r"(?:\s+[a-z']+){0,2}\s*$"
)
CONDITIONAL_START = re.compile(r"^\W*(?:if|unless|should)\b")

# Verbs that report speech or a public act.
SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|stressed|stresses|added|adds|adding|warned|warns|announced|"
    r"announces|insisted|insists|argued|argues|confirmed|confirms|denied|denies|declared|"
    r"declares|made clear|makes clear|explained|explains|answered|answers|replied|replies|"
    r"wrote|writes|noted|notes|according to|ruled out|rules out|stated|states|emphasi[sz]ed)\b"
)

# ---------------------------------------------------------------- tracked items
STATUS_CUES: tuple[Cue, ...] = (
    _cue(
        "stalled",
        0.7,
        "stalled",
        r"\b(?:stall\w*|stuck|blocked|block(?:s|ing)|delayed|"
        r"postponed|deadlock\w*|vetoed|no consensus|no agreement|shelved|"
        r"pushed back|put off|put on hold|on hold|deferred|slipped)\b",
    ),
    _cue(
        "proposed",
        0.8,
        "proposed",
        r"\b(?:propos(?:e|es|ed|ing|al)|recommend(?:s|ed|ing)?|"
        r"suggest(?:s|ed|ing)?|tabled|put forward|draft(?:ed)?)\b",
    ),
    _cue(
        "agreed",
        0.8,
        "agreed",
        r"\b(?:agreed|agree on|approved|approves|endorsed|signed off|"
        r"reached (?:an )?agreement|green[- ]light\w*|backed by)\b",
    ),
    _cue(
        "adopted",
        0.85,
        "adopted",
        r"\b(?:adopted|adopts|formally approved|decision was taken|"
        r"council decision)\b",
    ),
    _cue(
        "extended",
        0.85,
        "extended",
        r"\b(?:(?:was|were|has been|have been|is|been|formally) "
        r"(?:extended|prolonged|renewed))\b|\b(?:extended|extends|prolonged|prolongs|renewed|"
        r"renews)\s+(?:[\w'-]+\s+){0,3}?(?:mandate|mission)\b",
    ),
    _cue(
        "revised",
        0.8,
        "revised",
        r"\b(?:(?:was|were|has been|have been|is|been) "
        r"(?:revised|amended|changed|overhauled))\b",
    ),
    _cue(
        "launched",
        0.8,
        "launched",
        r"\b(?:launched|launches|began|begun|started|kicked off|"
        r"got under way|is under way)\b",
    ),
)

# Future or obligation: "will be extended", "has to be extended", "is due to be revised" —
# a plan already known, not news that it happened.
FUTURE = re.compile(
    r"\b(?:will|would|shall|has to|have to|had to|must|needs? to|is due to|are due to|"
    r"is expected to|are expected to|is set to|are set to|plans? to|going to)(?:\s+\w+){0,2}\s+"
    r"(?:be\s+)?\w+"
)

# Words that tell a date is when the thing runs to, or when it happens.
DATE_LEADS = re.compile(r"\b(?:to|until|till|through|by|in|on|from|for|before|after|at)\s*$")


def normalise(text: str) -> str:
    """Lower case, plain quotes and apostrophes, "n't"/"won't" spelled out."""
    text = text.lower()
    text = text.replace("’", "'").replace("‘", "'")
    for mark in "“”„«»":
        text = text.replace(mark, '"')
    text = re.sub(r"\bwon't\b", "will not", text)
    text = re.sub(r"\bcan't\b", "can not", text)
    text = re.sub(r"n't\b", " not", text)
    return text


@dataclass(frozen=True)
class CueHit:
    stance: str
    weight: float
    name: str
    start: int
    end: int


def stance_cues(clause: str) -> list[CueHit]:
    """Every cue found in a normalised clause, overlapping ones resolved to the first listed."""
    hits: list[CueHit] = []
    taken: list[tuple[int, int]] = []
    for cue in STANCE_CUES:
        for found in cue.pattern.finditer(clause):
            span = found.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            hits.append(CueHit(cue.stance, cue.weight, cue.name, *span))
    return sorted(hits, key=lambda h: h.start)


def status_cues(clause: str) -> list[CueHit]:
    hits = []
    for cue in STATUS_CUES:
        for found in cue.pattern.finditer(clause):
            hits.append(CueHit(cue.stance, cue.weight, cue.name, *found.span()))
    return sorted(hits, key=lambda h: h.start)
