"""Words people use to ask about stances, in English and German (folded, stemmed on use).

This is vocabulary, not a list of questions: each entry says what a word *means*
("against" asks for opponents), so any phrasing built from them is understood.
"""

from __future__ import annotations

# Multi-word phrases are matched on folded text before single words.
STANCE_PHRASES: dict[str, tuple[str, ...]] = {
    "opposes": (
        "not take part",
        "won't take part",
        "will not take part",
        "not participate",
        "stay out",
        "not send",
        "won't send",
        "refuse to",
        "say no",
        "said no",
        "lehnt ab",
        "lehnen ab",
        "nicht teilnehmen",
        "nicht beteiligen",
    ),
    "supports": (
        "in favour",
        "in favor",
        "take part",
        "sign up",
        "on board",
        "signed up",
        "sind dafur",
    ),
    "undecided": ("on the fence", "not decided", "yet to decide", "no decision", "haven't decided"),
    "unknown": ("no stated position", "no position", "said nothing", "silent on"),
}

STANCE_WORDS: dict[str, tuple[str, ...]] = {
    "supports": (
        "support",
        "supports",
        "supporting",
        "supporter",
        "back",
        "backs",
        "backing",
        "favour",
        "favor",
        "favours",
        "endorse",
        "endorses",
        "agree",
        "agreed",
        "agrees",
        "join",
        "joins",
        "joined",
        "joining",
        "participate",
        "participates",
        "participating",
        "willing",
        "pro",
        "welcome",
        "welcomes",
        "dafur",
        "unterstutzt",
        "unterstutzen",
        "befurwortet",
        "zugestimmt",
    ),
    "opposes": (
        "oppose",
        "opposes",
        "opposed",
        "opposing",
        "opponent",
        "opponents",
        "opposition",
        "against",
        "refuse",
        "refuses",
        "refused",
        "reject",
        "rejects",
        "rejected",
        "resist",
        "resists",
        "resistance",
        "decline",
        "declines",
        "declined",
        "object",
        "objects",
        "sceptical",
        "skeptical",
        "dagegen",
        "gegen",
        "ablehnen",
        "abgelehnt",
    ),
    "undecided": (
        "undecided",
        "unsure",
        "hesitant",
        "hesitate",
        "hesitating",
        "neutral",
        "uncommitted",
        "noncommittal",
        "undeclared",
        "considering",
        "unentschieden",
    ),
    "mixed": ("mixed", "divided", "ambivalent", "split", "torn"),
    "unknown": ("unknown", "silent"),
}

# Asking for a list of actors rather than one actor's position.
LIST_WORDS = frozenset(
    "who whom which wer welche welcher welches list name countries governments states "
    "actors anyone anybody".split()
)

# Asking for an actor's position in general.
POSITION_WORDS = frozenset(
    "position positions stance stand stands standing view views think thinks opinion say says "
    "said line policy plan plans want wants haltung meinung standpunkt sagt".split()
)

# Asking about when or how far a tracked item is.
ITEM_WORDS = frozenset(
    "when due deadline deadlines date dates status happen happens happening schedule "
    "scheduled upcoming next expire expires expiry timeline wann frist".split()
)

# Apostrophes are dropped before matching: "wasn't" arrives as "wasnt".
NEGATIONS = frozenset(
    "not no never nicht kein keine keinen nie dont doesnt didnt isnt wasnt werent wont arent "
    "cant cannot hasnt havent hadnt wouldnt shouldnt".split()
)

# Questions that begin like this want a yes or a no first.
YES_NO_OPENERS = frozenset(
    "does do did is are was were has have had will would can could ist sind hat haben wurde "
    "wurden".split()
)
