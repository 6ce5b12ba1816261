"""The mentions stage: who and what a sentence names — table actors (a person standing for
the country they speak for), countries the table lacks when named as one ("Finland", "the
Slovak Republic", "the Belgian government"), organisations by their acronym, and people
introduced by their role ("Defence Minister Hanno Pevkur").

One ``Mentions`` per article: it remembers the matches of each sentence (later stages ask
again), the people met so far, and how often each actor was named, for the article's list.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from digests.actors import ActorMatch, ActorResolver, capital_of, country_code, is_common_word
from digests.extraction.cues import Lexicon, ShortForm
from digests.extraction.model import MentionedActor
from digests.extraction.people import (
    NOT_NAMES,
    ROLE_WORDS,
    PeopleIndex,
    Person,
    role_word,
    split_role,
)
from digests.model import ActorRecord, StanceTable
from digests.text import fold, month_names, stopwords, weekday_names

# Nouns after a demonym that make it the country speaking or acting ("the Polish defence
# ministry", "Latvian diplomats"); any other noun makes it a mere adjective ("the French
# letter", "Hungarian soldiers"), which is no actor at all.
BODY_NOUNS = ROLE_WORDS | frozenset(
    """government ministry cabinet official officials diplomat diplomats authorities side
    delegation embassy army military armed forces parliament leadership administration
    premier source sources counterpart counterparts""".split()
)
# How demonyms end ("Latvian", "Polish", "French", "Dutch", "Czech", "Israeli", "Baltic"),
# unlike the names of capitals that stand for their country ("Madrid", "Stockholm").
_DEMONYM = re.compile(r"(?:an|ish|ch|ese|i|ic|ss|ek)$")
# What may follow a demonym used as a noun ("the Dutch will send", "the French also said").
_AFTER_NOUN = frozenset(
    """will would shall should can could may might must is are was were has have had do does
    did also still too now remain remains remained and or nor""".split()
)
# An organisation's or a party's acronym: "NATO", "OSCE", "ÖVP"; with a small letter
# inside, a party's: "AfD", "PiS" (two letters are too often a country's code). The reader
# tells a name by its initials with it too ("Die FDP", "The SNP said").
# A name spelled out, then its acronym in brackets ("The European Coalition for Corporate
# Justice (ECCJ)", "die Europäische Volkspartei (EVP)"): one organisation, called by either.
_DEFINED = re.compile(
    r"(?P<long>[A-ZÄÖÜ][\w'’&.-]*(?:\s+(?:(?:of|for|the|and|on|de|des|du|der|für|und)\s+)*"
    r"[A-ZÄÖÜ][\w'’&.-]*){1,7})\s+\((?P<acr>[A-ZÄÖÜ][A-Za-zÄÖÜ]{1,7})\)"
)
# The words that join a name's parts ("Brothers of Italy", "Law and Justice").
_CONNECTORS = frozenset({"of", "the", "for", "and"})
_LEADING_ARTICLE = re.compile(r"^(?:The|Die|Der|Das|Den|Dem)\s+")
ACRONYM = re.compile(r"\b(?:[A-ZÄÖÜ]{3,6}|[A-Z][a-z][A-Z]{1,2})\b")
# One word with a capital inside, not after a hyphen: an organisation's name
# ("KlimaSeniorinnen", "PostFinance").
_CAMEL = re.compile(r"(?<![\w-])[A-Z][a-z]{2,}[A-Z][a-z]{2,}\w*\b")
_OFFICIAL = re.compile(r"\b(?:Republic|Kingdom|Federation|Confederation|State|Principality)\b")
# Key prefix for a country the table does not hold yet.
NEW_ACTOR = "+"


def official_name(text: str) -> bool:
    """ "the Slovak Republic", "the Kingdom of the Netherlands": a country's formal name."""
    return len(text.split()) > 1 and _OFFICIAL.search(text) is not None


def short_name(text: str, name: str) -> bool:
    """ "Turkey" for Türkiye, "Czechia" for the Czech Republic: the everyday name of the
    country (it begins as the canonical one does), not its demonym ("Turkish")."""
    folded, canonical = fold(text), fold(name)
    return (
        " " not in folded
        and 4 <= len(folded) <= len(canonical) + 1
        and folded[:4] == canonical[:4]
        and _DEMONYM.search(folded.removesuffix("s")) is None  # "Ukrainians", "Turks"
    )


_MEMBERS = re.compile(
    r"\s+(?:member\s+)?(?:countries|states|members|governments|allies|nations|capitals|forces)\b"
)


def is_modifier(text: str, at: int, m: ActorMatch) -> bool:
    """Whether a match at ``at`` in ``text`` is a demonym qualifying some other noun ("the
    French letter", "the German-led initiative") rather than naming who acts."""
    rest = text[at + len(m.text) :]
    owner = re.match(r"['’]s\s+([a-z]+)\b", rest)
    if owner is not None:
        # "Ukraine's most generous backers": what the name owns is spoken of, unless it
        # is who speaks for it ("Spain's defence minister", "Poland's government"), also
        # by a longer title before the person's name ("Italy's agriculture minister
        # Francesco Lollobrigida").
        titled = re.match(r"['’]s(?:\s+[a-z][a-z-]*){0,2}\s+([a-z]+)\s+[A-ZÀ-Ý]", rest)
        return owner.group(1) not in BODY_NOUNS and not (
            titled is not None and titled.group(1) in BODY_NOUNS
        )
    if m.key is None and m.text.isupper() and _MEMBERS.match(rest):
        return True  # "NATO countries", "EU member states": the members, not the body
    bare = m.text.casefold().removeprefix("the ")
    if bare == m.name.casefold() or " " in bare or not _DEMONYM.search(bare):
        return False  # a country's or a capital's name ("Madrid says no") acts
    if re.match(r"-[a-z]", rest):
        return True  # "German-led", "French-backed"
    found = re.match(r"\s+([a-z]+)\b", rest)
    if found is None:
        return False
    word = found.group(1)
    return word not in BODY_NOUNS and word not in _AFTER_NOUN and not word.endswith("ed")


# What may stand between a mission's name and the country it works in ("… mission in
# Mozambique", "EUMAM Mozambique").
_PLACE_GAP = re.compile(r"\s*(?:(?:in|for|to)\s+)?(?:the\s+)?")


def _overlaps(m: ActorMatch, others: Iterable[ActorMatch]) -> bool:
    return any(m.start < o.end and o.start < m.end for o in others)


def _party_part(words: list[str], party_words: frozenset[str]) -> list[str]:
    """The words of a capitalised run from the name whose head holds a party's word: "Igor
    Dodon of the Party of Socialists" names the party after "of"; in "Brothers of Italy"
    the head is the party's own."""
    while True:
        head = list(itertools.takewhile(lambda w: w not in ("of", "for"), words))
        if party_words & set(head) or len(head) == len(words):
            return words
        words = words[len(head) + 1 :]
        if words[:1] == ["the"]:
            words = words[1:]


def _inside(m: ActorMatch, other: ActorMatch) -> bool:
    """Whether ``m`` is a shorter part of ``other``'s span."""
    return (
        other.start <= m.start and m.end <= other.end and m.end - m.start < other.end - other.start
    )


class Mentions:
    """What an article names, sentence by sentence, resolved against the table."""

    def __init__(self, table: StanceTable, resolver: ActorResolver, lex: Lexicon) -> None:
        self.resolver = resolver
        self.lex = lex
        # What may open a clause a capital acts in ("and Ottawa said", "the Kremlin said").
        self.clause_leads = lex.words.get("clause_leads", frozenset()) | lex.words["determiners"]
        self.records: dict[str, ActorRecord] = {a.key: a for a in table.actors}
        # Where each mission works, by the country its names hold ("EU Training Mission
        # Ukraine"), as country codes: the same words with another country are another
        # mission.
        self.mission_places: dict[str, frozenset[str]] = {
            a.key: frozenset(
                code
                for name in (a.name, *a.aliases)
                for part in name.split()
                if (code := country_code(part))
            )
            for a in table.actors
            if a.kind == "mission"
        }
        self.people = PeopleIndex()
        self.new_names: dict[str, str] = {}  # NEW_ACTOR + name → name
        self.organisation_names: set[str] = set()
        self.person_names: set[str] = set()
        # The countries whose own politics the topic is about ("Georgia's foreign
        # influence law", a snap election in Germany): their people are sides in it, and
        # speak for themselves, not for the country (set by the reader).
        self.arena: frozenset[str] = frozenset()
        self._found: dict[str, list[ActorMatch]] = {}
        self._counts: dict[str, int] = {}
        self._unknown: dict[str, int] = {}
        # One-word names the article uses for an organisation of its own ("Hamas",
        # "Apple"): set by the reader from the whole body (``learn_names``).
        self.proper_names: frozenset[str] = frozenset()
        # The institutions the article calls by a short form (``learn_names``).
        self.short_forms: tuple[ShortForm, ...] = ()
        # Acronyms the article spells out, with the names they stand for (``learn_names``).
        self.acronyms: dict[str, str] = {}
        self._institutions: dict[str, ActorMatch | None] = {}

    def learn_names(self, sentences: Iterable[str]) -> None:
        """The single capitalised words the body uses as a name of its own: one that opens
        a sentence (as its subject) and stands capitalised inside one too or opens an aside
        about itself ("Spotify, which …"), never beside
        another capitalised word (a person's name, a longer name), and that the resolver,
        the function words and the calendar do not know. German capitalises its nouns: a
        lexicon without ``proper_name`` learns none."""
        sentences = list(sentences)
        body = " ".join(sentences)
        self.short_forms = tuple(f for f in self.lex.short_forms if f.context.search(body))
        self.acronyms = self._spelled_out(body)
        # Each of their names resolved once: the table's actor by that name, or none.
        self._institutions = {
            name: self.resolver.resolve(name)
            for name in [*(f.name for f in self.short_forms), *self.acronyms.values()]
        }
        if self.short_forms or self.acronyms:
            self._found.clear()  # read before the body was: without these names
        pattern = self.lex.patterns.get("proper_name")
        if pattern is None:
            return
        told = self.lex.patterns.get("told_of")
        opens: set[str] = set()
        inside: set[str] = set()
        beside: set[str] = set()
        named: set[str] = set()
        for sentence in sentences:
            for hit in pattern.finditer(sentence):
                word = hit.group()
                before = sentence[: hit.start()]
                after = sentence[hit.end() :]
                if re.search(r"[A-Z][\w'’.-]*\s*$", before) or re.match(r"\s+[A-Z]", after):
                    beside.add(word)
                elif re.fullmatch(r"[\s\"'“”„«»‚‘]*", before):
                    opens.add(word)
                    if told is not None and told.match(after):
                        # "Spotify, which …", "Verdi, the services union, …": an aside
                        # tells of a name, whatever its ending
                        inside.add(word)
                        named.add(word)
                else:
                    inside.add(word)
        common = stopwords(self.lex.language) | month_names() | weekday_names()
        self.proper_names = frozenset(
            w
            for w in (opens & inside) - beside
            if fold(w) not in common
            and (w in named or not _DEMONYM.search(w))
            and self.resolver.resolve(w) is None
        )

    # ------------------------------------------------------------------ matching
    def find(self, sentence: str) -> list[ActorMatch]:
        """The resolver's matches, once per sentence: every stage needs them."""
        found = self._found.get(sentence)
        if found is None:
            # Every time an actor is named: the first may be a place ("In Madrid, …"),
            # a later one who acts ("… said Spain would not …").
            found = self.resolver.find(sentence, every=True)
            # In the order named: "The CDU wants Germans to vote" is about the CDU.
            parties = self._parties(sentence)
            # A longer name holds a party's shorter one ("Socialists and Democrats").
            runs = self._named_runs(sentence)
            parties = [p for p in parties if not any(_inside(p, r) for r in runs)]
            parties += [r for r in runs if not _overlaps(r, parties)]
            parties += [c for c in self._companies(sentence) if not _overlaps(c, parties)]
            # "Poland's Law and Justice": the country only says whose party it is.
            found = [
                m
                for m in found
                if not any(re.fullmatch(r"['’]s\s+", sentence[m.end : r.start]) for r in runs)
            ]
            # A party's name takes in the demonym it may hold ("Georgian Dream party").
            found = [m for m in found if not _overlaps(m, parties)]
            # The names the article spells out come before those found in them ("Justice"
            # in "the European Coalition for Corporate Justice").
            defined = self._defined(sentence)
            found = [m for m in found + parties if not _overlaps(m, defined)] + defined
            found = found + self._short_forms(sentence, found)
            found = self._found[sentence] = self._own_missions(
                sentence,
                sorted(found + self._organisations(sentence, found), key=lambda m: m.start),
            )
        return found

    def _own_missions(self, sentence: str, found: list[ActorMatch]) -> list[ActorMatch]:
        """The matches without a mission named for another country than its own ("the
        European Union's training mission in Mozambique", "EUMAM Mozambique"): the table's
        mission works elsewhere."""
        elsewhere: set[str] = set()
        for n, m in enumerate(found):
            places = self.mission_places.get(m.key or "")
            after = found[n + 1] if n + 1 < len(found) else None
            if (
                places
                and after is not None
                and _PLACE_GAP.fullmatch(sentence[m.end : after.start])
                and (code := self._country_code(after)) is not None
                and code not in places
            ):
                elsewhere.add(m.key or "")
        # The sentence is about that other mission: its other words for one ("… into a
        # smaller military assistance mission") are that one's too.
        return [m for m in found if m.key not in elsewhere]

    def _country_code(self, m: ActorMatch) -> str | None:
        """The country a match names, as its code; None for anything else."""
        record = self.records.get(m.key or "")
        if record is not None:
            return record.country_code if record.kind == "country" else None
        return country_code(m.name) if m.key is None else None

    def _parties(self, sentence: str) -> list[ActorMatch]:
        """Parties named as such, in capitals before the word "party" ("the governing
        Georgian Dream party", "the Swiss People's Party"), or by the plural of a party
        family ("the Greens"), and other organisations by the head noun of their name
        ("Amnesty International") or after the noun for what they are ("die Gewerkschaft
        Verdi"): organisations the table may lack (lexicon: party_name, party_plural,
        organisation_name, organisation_apposition)."""
        hits = [
            (key, hit)
            for key in (
                "party_name",
                "party_plural",
                "organisation_name",
                "organisation_apposition",
            )
            if (pattern := self.lex.patterns.get(key)) is not None
            for hit in pattern.finditer(sentence)
        ]
        out = []
        for key, hit in hits:
            found = hit.group("name")
            name = self.lex.party_names.get(found, found)
            if key == "party_name" and " " not in name and self.resolver.resolve(name) is not None:
                continue  # "the Polish party": a country's demonym
            if key.startswith("organisation") and self._known_whole(name):
                continue  # a body the table holds by that name: the resolver's match stands
            if key.startswith("organisation") and self._state_body(name):
                continue  # "the Hungarian Parliament": the country's, as the resolver reads it
            start = hit.start("name")
            known = self.resolver.resolve(name) if name != found else None
            if known is not None and known.key:
                # The party the table holds under the English name it is given here.
                out.append(
                    ActorMatch(known.key, known.name, found, start, start + len(found), 100.0, True)
                )
                continue
            self.organisation_names.add(name)
            out.append(ActorMatch(None, name, found, start, start + len(found), 100.0, False))
        return out

    def _named_runs(self, sentence: str) -> list[ActorMatch]:
        """Parties and movements named by capitalised words one of which is a party's word
        ("Law and Justice", "Brothers of Italy", "Renew Europe"): organisations the table
        may lack, and a country inside such a name is part of it. Not a title's words
        ("Justice Minister …"), a state's own body ("Ministry of Justice", "the Federal
        Office of Justice": the words before the first "of" say what it is) or a list of
        names ("Poland and Hungary"); a demonym before a name of two words or more only
        says whose party it is ("the Czech Civic Democrats")."""
        pattern = self.lex.patterns.get("named_run")
        party_words = self.lex.words.get("party_words", frozenset())
        if pattern is None or not party_words:
            return []
        heads = self.lex.words.get("state_heads", frozenset())
        out = []
        for hit in pattern.finditer(sentence):
            words = hit.group("name").split()
            quantities = self.lex.words.get("quantities", frozenset())
            if words and fold(words[0].split("-")[0]) in quantities:
                continue  # "Fifty Democrats voted no": some of a party's members
            while words and fold(words[0]) in self.lex.words["determiners"]:
                words = words[1:]  # "The Left", sentence-initial
            if words and re.search(r"['’]s$", words[0]) and self._names_actor(words[0][:-2]):
                words = words[1:]  # "Poland's Law and Justice": whose party it is
            words = _party_part(words, party_words)
            while len(words) > 2 and words[1] not in _CONNECTORS and self._names_actor(words[0]):
                words = words[1:]  # "Czech Civic Democrats": the Czech party
            if (
                len(words) < 2
                or not party_words & set(words)
                or heads & set(itertools.takewhile(lambda w: w not in _CONNECTORS, words))
                or any(w.casefold() in ROLE_WORDS for w in words)
            ):
                continue
            name = " ".join(words)
            if " and " in name and all(self._names_actor(p) for p in name.split(" and ")):
                continue  # a list of who acts
            if self._known_whole(name):
                continue  # the table's, by that name: the resolver's match stands
            out.append(self._named_organisation(hit, name))
        return out

    def _companies(self, sentence: str) -> list[ActorMatch]:
        """Companies named with the noun for their trade (lexicon ``company_name``: "U.S.
        Steel", "Deutsche Bank"): organisations the table may lack, whose country word
        is part of the name, never the country acting."""
        pattern = self.lex.patterns.get("company_name")
        out = []
        for hit in pattern.finditer(sentence) if pattern is not None else ():
            name = hit.group("name")
            words = name.split()
            while words and fold(words[0]) in self.lex.words["determiners"]:
                words = words[1:]  # "The …" opening a sentence
            if words and re.search(r"['’]s$", words[0]):
                words = words[1:]  # "Japan's Nippon Steel": whose company it is
            name = " ".join(words)
            if len(words) < 2 or self._known_whole(name):
                continue  # the table's, by that name: the resolver's match stands
            out.append(self._named_organisation(hit, name))
        return out

    def _named_organisation(self, hit: re.Match[str], name: str) -> ActorMatch:
        """An organisation the table lacks, named by ``name`` within the pattern's hit."""
        start = hit.start("name") + hit.group("name").index(name)
        self.organisation_names.add(name)
        return ActorMatch(None, name, name, start, start + len(name), 100.0, False)

    def _names_actor(self, text: str) -> bool:
        """Whether the words name a known actor or person by themselves."""
        return self.resolver.resolve(text) is not None or self.person(text) is not None

    def _spelled_out(self, body: str) -> dict[str, str]:
        """The acronyms the body defines by a name of two words or more that starts with
        the acronym's letter, for an organisation the table does not hold by the acronym
        ("Nancy Faeser (SPD)" names her party, no definition)."""
        out: dict[str, str] = {}
        for hit in _DEFINED.finditer(body):
            name = _LEADING_ARTICLE.sub("", hit.group("long"))
            acronym = hit.group("acr")
            if len(name.split()) < 2 or fold(name[0]) != fold(acronym[0]):
                continue
            if acronym in self.lex.words["not_organisations"] or self._known_code(acronym):
                continue
            out.setdefault(acronym, name)
        return out

    def _known_code(self, acronym: str) -> bool:
        known = self.resolver.resolve(acronym)
        return known is not None and bool(known.key)

    def aliases(self, key: str) -> tuple[str, ...]:
        """The other names an actor the table lacks goes by in the article: its acronym."""
        name = self.name(key)
        return tuple(a for a, long in self.acronyms.items() if long == name)

    def _defined(self, sentence: str) -> list[ActorMatch]:
        """The organisations of ``acronyms``, by their name or their acronym."""
        out: list[ActorMatch] = []
        for acronym, name in self.acronyms.items():
            for text in (name, acronym):
                for hit in re.finditer(rf"(?<![\w-]){re.escape(text)}(?![\w-])", sentence):
                    match = self._institution(name, hit.group(), hit.start())
                    if not _overlaps(match, out):
                        out.append(match)
        return out

    def _short_forms(self, sentence: str, found: list[ActorMatch]) -> list[ActorMatch]:
        """The institutions the sentence calls by a short form the article's context
        gives ("The Commission, which proposed the scheme")."""
        out = []
        for form in self.short_forms:
            for hit in form.short.finditer(sentence):
                match = self._institution(form.name, hit.group(), hit.start())
                if not _overlaps(match, found):
                    out.append(match)
        return out

    def _institution(self, name: str, text: str, start: int) -> ActorMatch:
        """An institution called ``text`` at ``start`` (one of its names): the table's
        actor by ``name``, or one the table lacks (an organisation)."""
        if name not in self._institutions:
            self._institutions[name] = self.resolver.resolve(name)
        known = self._institutions[name]
        end = start + len(text)
        if known is not None and known.key:
            return ActorMatch(known.key, known.name, text, start, end, 100.0, True)
        self.organisation_names.add(name)
        return ActorMatch(None, name, text, start, end, 100.0, False)

    def _known_whole(self, name: str) -> bool:
        """Whether the table holds an actor by exactly this name or alias (not one the
        name merely opens: "United States" in the name of its Olympic committee)."""
        folded = fold(name)
        return any(folded == fold(m.text) and m.key is not None for m in self.resolver.find(name))

    def _state_body(self, name: str) -> bool:
        """Whether an organisation's name is only a country's word and the head noun of a
        body every state has ("Hungarian Parliament", "Polish Parliament"; not "European
        Parliament", "German Football Association")."""
        parts = name.split()
        return len(parts) == 2 and self.resolver.resolve(parts[0]) is not None

    def _organisations(self, sentence: str, found: list[ActorMatch]) -> list[ActorMatch]:
        """Organisations the table lacks, named by their acronym ("NATO", "OSCE"): they may
        hold a position of their own — and then nobody named near them holds it."""
        out = []
        proper = self.lex.patterns.get("proper_name")
        named = [
            hit
            for hit in (proper.finditer(sentence) if proper and self.proper_names else ())
            if hit.group() in self.proper_names
        ]
        for hit in [*ACRONYM.finditer(sentence), *_CAMEL.finditer(sentence), *named]:
            word = hit.group()
            if word in self.lex.words["not_organisations"] or any(
                m.start < hit.end() and hit.start() < m.end for m in found
            ):
                continue
            if self.resolver.resolve(word) is not None:
                continue  # a name the resolver knows (a country's code, an alias)
            self.organisation_names.add(word)
            out.append(ActorMatch(None, word, word, hit.start(), hit.end(), 100.0, False))
        return out

    def count(self, matches: list[ActorMatch]) -> None:
        """Tally a sentence's matches for the article's list of who it names."""
        for m in matches:
            if m.key:
                self._counts[m.key] = self._counts.get(m.key, 0) + 1
            elif m.score >= 100 and m.text[:1].isupper():
                # (an acronym the table lacks is an organisation: listed as one below)
                self._unknown[m.name] = self._unknown.get(m.name, 0) + 1

    def meet_people(self, sentence: str, speaks_for: str | None) -> None:
        """People the sentence introduces, read as speaking for the country their title
        names ("Austria's climate minister Leonore Gewessler"), else for ``speaks_for``."""
        for name in self.resolver.unmatched_names(sentence):
            titled = self.title_country(sentence, name)
            voice = speaks_for if titled is None and self._as_voice(sentence, name) else None
            self.people.add(name, titled or voice)

    def _as_voice(self, sentence: str, name: str) -> bool:
        """Whether a name stands where a voice of the sentence's subject does: opening it,
        after a title or a mark ("…, Foreign Minister Anna Berg said"), not as what a verb
        or a preposition acts on ("TikTok denies it favoured Călin Georgescu", "a run-off
        between Georgescu and Lasconi"): that person is no one's voice by being named."""
        at = sentence.find(name)
        before = sentence[:at].split()
        if not before or before[-1][-1:] in ",;:—–-(\"“”'":
            return True
        word = re.sub(r"['’]s$", "", before[-1].casefold())
        return word in BODY_NOUNS or word in self.lex.words.get("determiners", frozenset())

    def titled_compound(self, sentence: str, m: ActorMatch) -> bool:
        """Whether a match opens a one-word title glued to it ("NATO-Generalsekretär",
        "EU-Innenkommissarin"): a person's title, not who acts."""
        compound = re.match(r"-([\w-]+)\s+[A-ZÄÖÜ]", sentence[m.end :])
        if compound is None:
            return False
        word = compound.group(1)
        return role_word(word) or self.lex.institution(word) is not None

    def _other_body(self, word: str) -> bool:
        """A title's word that names a body of its own, whose commissioner a person is
        ("UN", "UNRWA-Generalkommissar"), or another office ("High" of a high
        commissioner): the lexicon's ``institution_bodies`` (the institution's own, "EU")
        and ``other_offices``."""
        head = word.split("-")[0].strip(",.;:")
        if fold(head) in self.lex.words.get("other_offices", frozenset()):
            return True
        own = self.lex.words.get("institution_bodies", frozenset())
        return head not in own and ACRONYM.fullmatch(head) is not None

    def title_country(self, sentence: str, name: str) -> str | None:
        """The actor named in a person's title, just before the name: a possessive or a
        demonym followed only by role words ("Austria's climate minister")."""
        at = sentence.find(name)
        if at < 0:
            return None
        before = sentence[:at]
        for m in reversed(self.find(before) if before else ()):
            rest = before[m.end :]
            compound = re.fullmatch(r"-([\w-]+)\s*", rest)
            if compound is not None and role_word(compound.group(1)):
                # "NATO-Generalsekretär Jens Stoltenberg": the title names whose voice
                return self.acting(m, before, m.start)
            if not re.fullmatch(r"(?:['’]s)?(?:\s+[\w-]+){0,3}\s*", rest):
                continue
            title = re.sub(r"^['’]s", "", rest).split()
            # The run must end in a role ("… climate minister"), else it is no title.
            if title and title[-1].casefold() in BODY_NOUNS:
                return self.acting(m, before, m.start)
            break
        return self.institution_of(before, name)

    def institution_of(self, before: str, name: str) -> str | None:
        """The institution a person's title names by a role of its own, with no country
        ("Economics Commissioner Paolo Gentiloni", "EU-Innenkommissarin Ylva Johansson"):
        the lexicon's ``institution_roles``, a compound by its end."""
        if not self.lex.institution_roles:
            return None
        role, _ = split_role(name)
        # The title's words: the role the name opens with (also one no role word begins:
        # "Innenkommissarin Ylva Johansson"), and up to three words before it.
        title = [*((role or "").split() or name.split()[:-2]), *before.split()[-3:]]
        if any(self._other_body(w) for w in title):
            return None  # "UNRWA-Generalkommissar", "UN High Commissioner": that body's
        for word in title:
            institution = self.lex.institution(word)
            if institution is None:
                continue
            found = self.resolver.resolve(institution)
            if found is None:
                # An institution the table lacks: an organisation of its own, as named.
                self.organisation_names.add(institution)
                found = ActorMatch(
                    None, institution, institution, 0, len(institution), 100.0, False
                )
            return self.acting(found, institution, 0)
        return None

    def person(self, name: str) -> Person | None:
        """A person met before, by full name or by surname alone."""
        return self.people.find(name.split()[-1]) or self.people.find(name)

    # ------------------------------------------------------------------ resolving
    def table_actor(self, key: str) -> str | None:
        """The actor a match stands for in the table: a person speaks for a country."""
        record = self.records.get(key)
        if record is None:
            return None
        if record.kind == "person":
            if record.speaks_for in self.arena:
                return key  # the chancellor in his own country's politics
            return record.speaks_for
        if record.kind == "mission":
            return None
        return key

    def voice(self, name: str, speaks_for: str | None, role: str | None = None) -> str | None:
        """Whom a person the table lacks holds a position for: the actor they speak for,
        or, in that actor's own politics (the arena), the person, as a new actor — also
        one with a title and no country named ("President Salome Zourabichvili")."""
        if speaks_for is None and not (self.arena and role):
            return None
        if speaks_for is not None and speaks_for not in self.arena:
            return speaks_for
        return self.own_person(name)

    def own_person(self, name: str) -> str:
        """A person the table lacks as a side of their own: a new actor."""
        key = NEW_ACTOR + name
        self.new_names[key] = name
        self.person_names.add(name)
        return key

    def acting(self, m: ActorMatch, text: str | None = None, at: int = 0) -> str | None:
        """The actor a match can stand for as a subject: a table actor (a person for the
        country they speak for), or a country the table lacks when named as one — in
        full ("Finland", "the Slovak Republic"), or as a demonym before a body that
        speaks for it ("the Belgian government", "Czech Prime Minister …"), not as a
        mere adjective ("Finnish soldiers") — a candidate new row."""
        if text is not None and self.branch_name(text, at):
            return None  # "Greenpeace Switzerland": an organisation's branch, not the country
        actor = self.table_actor(m.key) if m.key else None
        if (
            actor in self.arena
            and text is not None
            and re.match(r"(?:['’]s)?(?:\s+[A-Z][\w-]*){2,4}", text[at + len(m.text) :])
        ):
            # "Bundeskanzler Olaf Scholz", "Georgia's President Salome Zourabichvili": in
            # its own politics the country is the person's title, not who acts.
            return None
        if m.key:
            return actor
        if m.known or m.score < 100:
            return None
        bare = m.text.casefold().removeprefix("the ")
        if (
            bare != m.name.casefold()
            and not official_name(m.text)
            and not self.german_name(m)
            and not short_name(bare, m.name)
            and not self.capital_subject(m, text, at)
            and not any(f.name == m.name for f in self.short_forms)  # "the Commission"
            and m.name not in self.acronyms.values()  # "ECCJ" for its spelled-out name
            and m.name not in self.lex.party_names.values()  # "Sozialisten": the Socialists
        ):
            following = re.match(r"\s+([A-Za-z]+)", text[at + len(m.text) :]) if text else None
            if following is None or following.group(1).casefold() not in BODY_NOUNS:
                return None
        key = NEW_ACTOR + m.name
        self.new_names[key] = m.name
        return key

    def capital_subject(self, m: ActorMatch, text: str | None, at: int) -> bool:
        """Whether a country's capital (or its seat of government) stands for it as who
        acts ("Ottawa has no intention of…", "and the Kremlin said"): where a clause opens,
        not after a word that makes it a place or an object ("support for Kyiv", "tell
        Moscow")."""
        if text is None or fold(m.text.casefold().removeprefix("the ")) not in capital_of(m.name):
            return False
        before = text[:at].split()[-1:]
        if not before or not before[0][-1].isalnum():
            return True  # the sentence's or a clause's first word: "Vienna, too, refused"
        return fold(before[0].casefold()) in self.clause_leads or self.body_in(text, at)

    def body_in(self, text: str, at: int) -> bool:
        """Whether the name at ``at`` follows a body that speaks for a country and "in"
        ("the governments in Berlin, Warsaw and Prague", "officials in Vienna", "die
        Regierung in Vilnius"): the place names whom they speak for, and they act. Names
        listed after the first one share it."""
        bodies = self.lex.words.get("speaking_bodies", frozenset())
        lead = re.search(r"(\w+)\s+in\s+((?:[\w-]+,?\s+(?:and\s+|und\s+)?){0,4})$", text[:at])
        return lead is not None and lead.group(1).casefold() in bodies

    def branch_name(self, text: str, at: int) -> bool:
        """Whether the name at ``at`` closes an organisation's name in English copy: right
        after a capitalised word that is no everyday word, title, weekday or month, and
        names no actor ("Greenpeace Switzerland", "Amnesty International Germany")."""
        if self.lex.language != "en":
            return False  # German capitalises its nouns ("Auch Italien")
        before = re.search(r"(?:^|[\s(])([A-Z][\w-]+)\s+$", text[:at])
        if before is None:
            return False
        word = before.group(1)
        folded = word.casefold()
        return not (
            is_common_word(word)
            or folded in ROLE_WORDS
            or folded in NOT_NAMES
            or folded in self.lex.words["determiners"]
            or self.resolver.resolve(word) is not None
        )

    def country(self, m: ActorMatch) -> str | None:
        """The actor a match names however it is used (a demonym too): a table actor, or
        a country the table lacks, as a candidate new row."""
        if m.key:
            return self.table_actor(m.key)
        if m.known or m.score < 100:
            return None
        key = NEW_ACTOR + m.name
        self.new_names[key] = m.name
        return key

    def german_name(self, m: ActorMatch) -> bool:
        """German capitalises a country's name ("die Slowakei") and not its adjective
        ("slowakische Soldaten"): capitalised, a German match names the country."""
        return self.lex.language == "de" and m.text[:1].isupper()

    def modifier(self, text: str, at: int, m: ActorMatch) -> bool:
        """Whether a name qualifies a noun rather than acts. German capitalises nouns, not
        adjectives: a capitalised name there ("Frankreich hingegen") is never one — unless
        it opens a compound for a thing ("NATO-Beitritt", "EU-Gipfel")."""
        compound = re.match(r"-(\w+)", text[at + len(m.text) :])
        if self.lex.language == "de" and compound is not None:
            # (not a body or a title that speaks for it: "US-Streitkräfte",
            # "US-Generalstabschef")
            bodies = self.lex.words.get("body_nouns", frozenset()) | self.lex.words.get(
                "speaking_bodies", frozenset()
            )
            tail = fold(compound.group(1))
            return not (role_word(tail) or any(tail.endswith(fold(b)) for b in bodies))
        if self.german_name(m):
            return False
        after = re.match(r"\s+([a-z]+)\b", text[at + len(m.text) :])
        if after is not None and after.group(1) in self.lex.words.get("personnel", frozenset()):
            # "will not station NATO personnel", "EU instructors": whose people they are,
            # not who acts.
            return True
        return is_modifier(text, at, m)

    def name(self, key: str) -> str:
        record = self.records.get(key)
        return record.name if record else self.new_names.get(key, key)

    def is_new(self, key: str) -> bool:
        return key.startswith(NEW_ACTOR)

    def new_kind(self, key: str) -> str:
        """What applying a proposal for an actor the table lacks would add."""
        name = self.name(key)
        if name in self.person_names:
            return "person"
        return "organisation" if name in self.organisation_names else "country"

    # ------------------------------------------------------------------ results
    def unknown_names(self) -> list[str]:
        """The names met that no actor of the table holds, so far."""
        return list(self._unknown)

    def names_met(self) -> int:
        """How many names of actors the table lacks were met so far, in all (the sets of
        them only grow)."""
        return (
            len(self.new_names)
            + len(self.person_names)
            + len(self.organisation_names)
            + len(self.proper_names)
            + len(self._unknown)
        )

    def mentioned(self) -> list[MentionedActor]:
        out = []
        for key, count in self._counts.items():
            record = self.records[key]
            other = self.records.get(record.speaks_for or "")
            out.append(
                MentionedActor(
                    record.name,
                    key,
                    record.kind,
                    count,
                    speaks_for=other.name if other else None,
                )
            )
        for person in self.people.people.values():
            speaks = self.records.get(person.speaks_for or "")
            out.append(
                MentionedActor(
                    person.name,
                    None,
                    "person",
                    person.mentions,
                    role=person.role,
                    speaks_for=speaks.name if speaks else None,
                )
            )
        for name, count in self._unknown.items():
            kind = "organisation" if name in self.organisation_names else "country"
            out.append(MentionedActor(name, None, kind, count))
        return out
