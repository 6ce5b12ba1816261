"""Words people use to ask about stances, in English and German (folded, stemmed on use).

This is vocabulary, not a list of questions: each entry says what a word *means*
("against" asks for opponents), so any phrasing built from them is understood.
"""

from __future__ import annotations

from digests.text import month_names, weekday_names

# Phrases and words are matched on stems ("taking part" matches "take part"), with
# apostrophes dropped ("won't" → "wont"). Longer phrases win over the words inside them.
# A negation shortly before a phrase or word turns support into opposition and back
# ("won't join", "not against"); a stance word right after another one is its object
# and takes its polarity ("refuse to take part", "against sending").
STANCE_PHRASES: dict[str, tuple[str, ...]] = {
    "opposes": (
        "not take part",
        "wont take part",
        "will not take part",
        "not participate",
        "stay out",
        "stays out",
        "keep out",
        "not send",
        "wont send",
        "refuse to",
        "say no",
        "said no",
        "says no",
        "no thanks",
        "want no part",
        "lehnt ab",
        "lehnen ab",
        "nicht teilnehmen",
        "nicht beteiligen",
    ),
    "supports": (
        "in favour",
        "in favor",
        "sign up",
        "signed up",
        "on board",
        "says yes",
        "said yes",
        "sind dafur",
        "ist dafur",
    ),
    "undecided": (
        "on the fence",
        "not decided",
        "not yet decided",
        "yet to decide",
        "no decision",
        "havent decided",
        "hasnt decided",
        "wait and see",
        "noch nicht entschieden",
    ),
    "unknown": (
        "no stated position",
        "no position",
        "no stance",
        "no view",
        "no comment",
        "said nothing",
        "says nothing",
        "silent on",
        "keine position",
        "keine haltung",
    ),
}

STANCE_WORDS: dict[str, tuple[str, ...]] = {
    "supports": (
        "support",
        "supports",
        "supporting",
        "supporter",
        "supporters",
        "supportive",
        "back",
        "backs",
        "backing",
        "backer",
        "backers",
        "favour",
        "favor",
        "favours",
        "favors",
        "endorse",
        "endorses",
        "endorsed",
        "agree",
        "agreed",
        "agrees",
        "willing",
        "pro",
        "welcome",
        "welcomes",
        "welcomed",
        "approve",
        "approves",
        "approved",
        "ally",
        "allies",
        "proponent",
        "proponents",
        "advocate",
        "advocates",
        "dafur",
        "unterstutzt",
        "unterstutzen",
        "unterstutzung",
        "befurwortet",
        "befurworten",
        "zugestimmt",
        "stimmt",
        "bereit",
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
        "refusal",
        "reject",
        "rejects",
        "rejected",
        "rejection",
        "resist",
        "resists",
        "resistance",
        "decline",
        "declines",
        "declined",
        "object",
        "objects",
        "objection",
        "objections",
        "sceptical",
        "skeptical",
        "sceptic",
        "sceptics",
        "critic",
        "critics",
        "critical",
        "veto",
        "block",
        "blocks",
        "dagegen",
        "gegen",
        "ablehnen",
        "abgelehnt",
        "lehnt",
        "lehnen",
        "ablehnung",
        "skeptisch",
    ),
    "undecided": (
        "undecided",
        "unsure",
        "uncertain",
        "hesitant",
        "hesitate",
        "hesitates",
        "hesitating",
        "neutral",
        "uncommitted",
        "noncommittal",
        "undeclared",
        "considering",
        "wavering",
        "unentschieden",
        "unentschlossen",
        "zogert",
    ),
    "mixed": ("mixed", "divided", "ambivalent", "split", "torn"),
    "unknown": ("unknown", "silent", "silence"),
}

# Taking part is support when nothing else decides the polarity ("Who will send
# trainers?"); these count less: a question about a fact ("Who was invited to take
# part?") is not narrowed by them.
WEAK_SUPPORT: tuple[str, ...] = (
    "take part",
    "took part",
    "part of",
    "want to",
    "wants to",
    "wanted to",
    "ready to",
    "prepared to",
    "plan to",
    "plans to",
    "intend to",
    "intends to",
    "going to",
    "join",
    "joins",
    "joined",
    "joining",
    "participate",
    "participates",
    "participating",
    "participation",
    "participant",
    "participants",
    "send",
    "sends",
    "sending",
    "deploy",
    "deploys",
    "deploying",
    "contribute",
    "contributes",
    "contributing",
    "commit",
    "commits",
    "committed",
    "teilnehmen",
    "teilnahme",
    "beteiligen",
    "beteiligt",
    "mitmachen",
    "schicken",
    "entsenden",
)

# Meaningful only after a negation: "who has not taken a position", "hasn't decided".
NEGATED_PHRASES: dict[str, tuple[str, ...]] = {
    "unknown": (
        "taken a position",
        "take a position",
        "taken a stance",
        "take a stance",
        "taken sides",
        "take sides",
        "stated a position",
        "stated",
        "said anything",
        "say anything",
        "position",
        "stance",
        "commented",
        "comment",
        "responded",
        "respond",
        "replied",
        "reply",
        "reacted",
        "react",
        "spoken",
        "positioniert",
        "geaussert",
    ),
    "undecided": ("decided", "decide", "made up", "make up", "entschieden"),
}


def _words(text: str) -> frozenset[str]:
    """A word list written as plain text, one or more words a line."""
    return frozenset(text.split())


# Asking for a list of actors rather than one actor's position.
LIST_WORDS = _words(
    "who whom which wer welche welcher welches welchen list name countries governments states "
    "nations actors anyone anybody"
)

# "Which countries …": only countries and groups of countries, not organisations.
COUNTRY_WORDS = _words(
    "country countries state states government governments nation nations land lander staat "
    "staaten regierung regierungen"
)

# "Who besides Germany …": the actor named next is left out of the list.
EXCLUDING_WORDS = _words("besides except apart other else excluding ausser neben")

# "Who, like Germany, …": the actor named next is an example, not a limit.
LIKENING_WORDS = _words("like as such similar wie")

# Words after which a question names its subject ("position on nuclear energy").
TOPIC_MARKERS = _words(
    "on about regarding concerning towards toward of over for re zu zur zum uber bezuglich "
    "hinsichtlich"
)

# Asking for everything at once.
OVERVIEW_WORDS = _words(
    "overview summary summarise summarize everyone everybody all table positions stances "
    "uberblick zusammenfassung alle"
)

# Asking for an actor's position in general.
POSITION_WORDS = _words(
    "position positions stance stand stands standing view views think thinks opinion say says "
    "said line policy plan plans want wants attitude approach feel feels take haltung meinung "
    "standpunkt sagt denkt meint steht sieht ansicht einstellung"
)

# Asking about when or how far a tracked item is.
ITEM_WORDS = _words(
    "when due deadline deadlines date dates status happen happens happening schedule "
    "scheduled upcoming next expire expires expiry timeline timetable calendar wann frist "
    "tracked tracking milestones "
    "fristen termin termine"
)

# Asking for dates in general: with no item named, every tracked item answers.
DEADLINE_WORDS = _words(
    "deadline deadlines dates due upcoming next timeline timetable calendar schedule frist "
    "tracked tracking items milestones "
    "fristen termin termine zeitplan"
)

# Asking for what is still ahead.
UPCOMING_WORDS = _words("upcoming next ahead coming future pending soon nachste kommende")

# Statuses after which a passed due date is no surprise.
CLOSED_STATUSES = _words(
    "done completed complete closed finished agreed adopted decided approved launched "
    "extended revised cancelled canceled dropped rejected expired passed resolved"
)

# Words that carry no topic of their own: a question made of them and names is on topic.
GENERIC_WORDS = _words(
    """
    respond responded response responses react reacted reaction reply replied comment
    commented news update updates really actually exactly overall general generally whole
    thing things matter issue issues topic subject question questions story idea ideas
    proposal regard concern concerns feel feeling felt decision decisions decide decided
    brief rundown recap lowdown pls plz thx asap
    evolve evolved evolves evolving evolution develop developed developing development
    shift shifted shifts history historical trajectory mind minds changed changing
    going doing happen happening explain summary give get gets got getting tell show like
    look looks seem seems mean means involved involvement role part take taken make made
    come recorded record known stated official officially publicly public exact detail
    details info information anything something everything also ever far much many
    government governments people leader leaders officials country countries side sides
    opinion opinions regarding towards toward right wrong okay ok hi hello hey thanks thank
    please kindly briefly short quick quickly both either neither whose whether help
    compare comparison compared versus vs difference differences differ between than
    similar same different contrast propose proposes proposed first initiated initiative
    behind lead leads leading started start
    president chancellor minister premier spokesman spokeswoman spokesperson
    prasident prasidentin kanzler kanzlerin minister ministerin ministerprasident
    ministerprasidentin premierminister premierministerin regierungschef regierungschefin
    sprecher sprecherin verteidigungsminister verteidigungsministerin aussenminister
    ein eine einen einem einer
    frage thema sache genau eigentlich bitte mir uns sich zur zum im am auf uber bei mit
    nach auch hat haben wird werden sie er es wie wo warum dazu davon daruber hier dort
    land hilfe vergleich vergleiche gegenuber zwischen
    quelle quel quels quelles qual quale quali cual cuales que qui quoi est les della dell
    del des posizione posicion pense pensa piensa
    """
)

# Words that place a question in time ("as of June", "in 2024", "still", "now"). The
# answer is the position on record either way, so they never name the subject asked
# about: "What was Germany's position in June?" asks for Germany's position.
TIME_WORDS = (
    _words(
        """
    now today tonight tomorrow yesterday current currently presently nowadays meanwhile
    latest lately recent recently still yet already anymore since until till ago
    early earlier mid late later last past previous previously
    time moment day days week weeks weekend month months year years quarter
    morning afternoon evening night spring summer autumn winter
    heute gestern morgen jetzt derzeit aktuell momentan zurzeit gerade inzwischen
    mittlerweile bisher seit bis damals vorher fruher zuletzt noch schon immer
    tag tage tagen woche wochen monat monate monaten monats jahr jahre jahren jahres
    fruhjahr fruhling sommer herbst winter
    """
    )
    | month_names()
    | weekday_names(wide_only=True)
)  # every form, English and German (Babel)

# Phrases that place a question in time although their words alone would not: the
# "of" in "as of June" introduces no subject, as it does in "position of Germany".
TIME_PHRASES: tuple[str, ...] = (
    "as of",
    "to date",
    "so far",
    "up to now",
    "for now",
    "by now",
    "at present",
    "bis jetzt",
    "zur zeit",
    "im moment",
)

# Words that place a question in time only before a time word or a number ("at the
# end of June", "Anfang 2024"); elsewhere they keep their meaning ("end the war").
TIME_PREFIXES = _words("end beginning start middle ende anfang beginn mitte")

# Apostrophes are dropped before matching: "wasn't" arrives as "wasnt".
NEGATIONS = _words(
    "not no never nicht kein keine keinen keiner nie dont doesnt didnt isnt wasnt werent wont "
    "arent cant cannot hasnt havent hadnt wouldnt shouldnt without"
)

# Words that end the reach of a negation or tie two separate stances together.
CONJUNCTIONS = _words("and or but und oder aber sondern while whereas")

# Small words that may sit between a stance word and its object ("refuse to join").
LINKING_WORDS = _words("to the a an any zu")

# Questions that begin like this want a yes or a no first.
YES_NO_OPENERS = _words(
    "does do did is are was were has have had will would can could should ist sind hat haben "
    "wurde wurden wird werden will"
)


# "Did Sweden accept the invitation?" asks for the answer to a fact, not the fact itself;
# accepting is taking part (supports), declining is refusing (opposes).
ACCEPT_WORDS = _words("accept accepted accepts accepting annehmen angenommen nahm zugesagt")
DECLINE_WORDS = _words(
    "decline declined declines reject rejected rejects refuse refused refuses turn turned turns "
    "ablehnen abgelehnt lehnte abgesagt"
)
REPLY_WORDS = (
    ACCEPT_WORDS
    | DECLINE_WORDS
    | _words("respond responded responds reply replied replies answer answered answers")
    | _words("antworten geantwortet antwortete")
)

# General German words a question may use ("Wer befürchtet …?", "Gib mir die Lage"),
# read as the English words sources use, so a German question searches the stance
# table as well as its English twin. Folded, as ``text.words`` gives them; stance and
# function words are left to the lists above. A story's own words ("Ausbilder") are
# in its topic's glossary, which the question reader adds to these.
GERMAN_GLOSSARY: dict[str, str] = {
    "befurchtet": "fears",
    "befurchten": "fear",
    "furchtet": "fears",
    "furchten": "fear",
    "angst": "fear",
    "sorge": "fear",
    "sorgen": "fears",
    "mehrheit": "majority",
    "grunde": "reasons",
    "grunden": "reasons",
    "gegner": "opponents",
    "gegnern": "opponents",
    "befurworter": "supporters",
    "unterstutzer": "supporters",
    "lage": "overview",
    "gib": "give",
    "sag": "tell",
    "zeig": "show",
    "zeige": "show",
}
