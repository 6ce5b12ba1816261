"""Words that say what kind of answer a question wants beyond a position: a follow-up,
the changes, a comparison, the reasons, a count — in English and German, folded.

Like ``digests.lexicon``, this is vocabulary, not a list of questions: each entry says
what a word means, so any phrasing built from them is read alike. Phrases are matched on
folded words ("what's" → "whats", "geändert" → "geandert").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from digests.text import words


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


class Phrases:
    """Phrases as the question reader sees them ("what's new" → what, new), and as
    typed without the apostrophe ("whats new"), indexed by their first word."""

    def __init__(self, *texts: str) -> None:
        forms = {tuple(words(t)) for t in texts} | {
            tuple(t.replace("'", "").split()) for t in texts
        }
        # Longest first: "and what about" is read before "and".
        self.ordered = sorted((f for f in forms if f), key=len, reverse=True)
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.ordered:
            self._by_first.setdefault(phrase[0], []).append(phrase)

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self.ordered)

    def found_in(self, ws: Sequence[str]) -> bool:
        for i, w in enumerate(ws):
            for phrase in self._by_first.get(w, ()):
                if tuple(ws[i : i + len(phrase)]) == phrase:
                    return True
        return False

    def spans(self, ws: Sequence[str]) -> set[int]:
        """The indexes of ``ws`` that any of the phrases covers."""
        covered: set[int] = set()
        for i, w in enumerate(ws):
            for phrase in self._by_first.get(w, ()):
                if tuple(ws[i : i + len(phrase)]) == phrase:
                    covered.update(range(i, i + len(phrase)))
        return covered


_phrases = Phrases


# A turn opening with one of these and naming only actors continues the last question
# with them: "and Italy?", "what about the Dutch?", "und Italien?".
FOLLOWUP_OPENERS = _phrases(
    "and",
    "what about",
    "how about",
    "and what about",
    "and how about",
    "what of",
    "and for",
    "same for",
    "same question for",
    "also",
    "or",
    "then",
    "and then",
    "und",
    "und was ist mit",
    "was ist mit",
    "und wie ist es mit",
    "wie ist es mit",
    "wie steht es mit",
    "und bei",
    "und fur",
    "oder",
    "is that true for",
    "is that also true for",
    "is it the same for",
    "is it the same with",
    "does that go for",
    "does the same go for",
    "does that apply to",
    "gilt das auch fur",
    "gilt das fur",
    "und wie sieht es mit",
    "wie sieht es mit",
    "wie sieht es bei",
)
# Words a fragment may carry besides its actors: "and Italy, then?", "what about Spain too?"
FOLLOWUP_FILLERS = _words(
    "then too also as well please now the auch dann bitte jetzt denn so mal der die das den aus"
)

# Pronouns that stand for the actors (or the list) of the last reply.
PRONOUNS = _words("they them their theirs he him his she her those these sie ihr ihre ihnen er ihn")

# Asking for the reasons the sources give.
REASON_WORDS = _words(
    "why reason reasons reasoning argument arguments rationale justification justify "
    "grounds motive motives motivation explain explanation because "
    "warum weshalb wieso grund grunde begrundung argument argumente"
)
REASON_PHRASES = _phrases("how come", "what for", "what drives", "what is behind", "what's behind")

# Asking when a position was taken.
SINCE_WHEN_PHRASES = _phrases(
    "since when",
    "how long",
    "from when",
    "as of when",
    "since what date",
    "when did that change",
    "when did this change",
    "when did it change",
    "seit wann",
    "wie lange",
    "ab wann",
    "wann hat sich das geandert",
)

# Asking what changed.
CHANGE_WORDS = _words(
    "changed change changes new news latest update updates updated happened developments "
    "development moved movement shifted shift geandert anderung anderungen neu neues neue "
    "neuigkeiten neuste neueste passiert aktuell aktuelles"
)
CHANGE_PHRASES = _phrases(
    "what changed",
    "what has changed",
    "what have changed",
    "what's changed",
    "anything changed",
    "has anything changed",
    "any changes",
    "any change",
    "what is new",
    "what's new",
    "anything new",
    "what's the latest",
    "what is the latest",
    "the latest",
    "latest news",
    "what happened",
    "what has happened",
    "any news",
    "any updates",
    "any update",
    "what's up",
    "catch me up",
    "bring me up to date",
    "was gibt es neues",
    "was gibts neues",
    "gibt es neues",
    "was hat sich geandert",
    "hat sich was geandert",
    "hat sich etwas geandert",
    "was ist neu",
    "was ist passiert",
    "was ist los",
    "neuigkeiten",
)
# The fields of a change log entry, in plain words.
FIELD_LABELS = {
    "status": "status",
    "due": "due",
    "due_label": "due",
    "name": "name",
    "description": "description",
    "notes": "notes",
    "source": "source",
    "stance": "stance",
    "summary": "summary",
    "quote": "new evidence",
}

# A question comparing actors: "are France and Germany aligned?", "do they see it the same way?"
COMPARE_WORDS = _words(
    "aligned align agree agrees agreement disagree disagrees disagreement same alike "
    "similar similarly differ differs different difference differences divided split "
    "compare compared comparison versus vs united together consistent contrast "
    "einig einer uneinig gleich gleiche gleicher unterschied unterschiede unterschiedlich "
    "vergleich vergleiche vergleichen way page"
)
# Of the comparing words, those that ask whether they agree (a yes/no verdict).
AGREE_WORDS = _words(
    "aligned align agree agrees agreement same alike similar similarly united together "
    "consistent einig einer gleich gleiche gleicher"
)
DIFFER_WORDS = _words(
    "disagree disagrees disagreement differ differs different difference differences "
    "divided split uneinig unterschied unterschiede unterschiedlich"
)

# Asking who speaks for an actor: "Who speaks for the US?"
SPEAKING_WORDS = _words(
    "speaks speak speaking spokesperson spokesman spokeswoman represents represent voice "
    "spricht sprecher sprecherin vertritt"
)

# Idioms that ask for a position and name no subject, though a word of theirs may be a
# story's topic word ("what's the deal with Poland?" asks nothing about a trade deal).
POSITION_IDIOMS = _phrases(
    "what's the deal with",
    "what is the deal with",
    "what's up with",
    "on board",
    "on the same page",
    "see it the same way",
    "mit im boot",
)

# Asking for a number.
# Before a name in the asked subject, these make it the place or the one the subject is
# about, not an actor asked about: "Where does Berlin stand on strikes into Russia?" asks
# about Germany; so does "… on the loan for Ukraine?", "… on sanctions against Russia?".
TARGET_PLACE_WORDS = _words("into inside within onto in auf for für against gegen")
# Before a possessive after the actor asked about ("Spain's position on Ukraine's strikes"):
# whose the subject is, not a second actor asked.
SUBJECT_MARKERS = _words(
    "on about regarding concerning towards toward "
    # and the stance words that take the subject as their object ("Who is against Romania
    # and Bulgaria joining?", "Is Austria still blocking Romania's entry?")
    "against for support supports supporting back backs backing oppose opposes opposing "
    "reject rejects rejecting block blocks blocking veto vetoes vetoing welcome welcomes "
    "favour favours favor favors"
)
# After the actor asked about, the words that open the subject asked about ("Slovakia's
# position on the loan backed by Russian assets"): a name inside that subject is part of
# it, not a second actor asked, unless a list or a new clause brings it in.
SUBJECT_OPENERS = _words(
    "on about regarding concerning towards toward over uber zu zur zum bezuglich hinsichtlich"
)
SUBJECT_BREAKS = _words("and or nor but und oder aber sowie while whereas")
# Before a demonym and its noun ("on Ukrainian soil", "auf russischem Gebiet"): a place.
DEMONYM_PLACE_WORDS = _words("into inside within onto in on auf")
COUNT_WORDS = _words("many much number count total viele wieviele wie anzahl zahl")
COUNT_PHRASES = _phrases("how many", "number of", "wie viele", "wieviele", "anzahl der", "count of")

# Things about an actor the stance table never holds: asked about them, the bot says it
# tracks positions on the story first.
OUT_OF_SCOPE_WORDS = _words(
    "population populations inhabitants residents capital gdp economy economic currency "
    "language languages weather climate area size governs governed "
    "anthem religion geography "
    "einwohner hauptstadt wahrung sprache wetter klima flache regiert regierungschef"
)

# A yes/no fact denied by a phrase rather than a "not": "who was left out of the
# invitations?", "who was passed over?"
FACT_DENIAL_PHRASES = _phrases(
    "left out",
    "left off",
    "passed over",
    "missed out",
    "went without",
    "go without",
    "gone without",
    "without an",
    "without a",
    "ubergangen",
    "ausgelassen",
    "ausgeschlossen",
    "leer ausgegangen",
)


class PhraseKinds:
    """Several phrase sets read in one pass over a question's words."""

    def __init__(self, **kinds: Phrases) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for name, phrases in kinds.items():
            for phrase in phrases:
                self._by_first.setdefault(phrase[0], []).append((phrase, name))

    def found_in(self, ws: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for i, w in enumerate(ws):
            for phrase, name in self._by_first.get(w, ()):
                if name not in found and tuple(ws[i : i + len(phrase)]) == phrase:
                    found.add(name)
        return found
