"""A new story's topic words: the content words of what it is about, never the words of
reporting, of where someone stands, or the names of who speaks."""

from __future__ import annotations

from bot.ingest.naming import _stance_objects, name_topic
from digests.actors import ActorResolver
from digests.extraction import from_text
from digests.text import stem

ARTICLE = """Title: Race for the next NATO secretary general
Published: 2024-06-18
Source: Test Wire

Hungary will support Mark Rutte as the next secretary general of NATO, Prime Minister
Viktor Orbán said. "Prime Minister Rutte has my word," Orbán said.

Slovakia also backs Rutte. The government in Bratislava said it would not stand in the
way of the candidate. Romania's President Klaus Iohannis withdrew his candidacy for the
post, and Deutschland welcomed the decision. The world watched the race for the post.
"""


def test_keywords_are_the_topic_s_content_words(bot):
    resolver = ActorResolver(bot.answerer().table.actors)
    article = from_text(ARTICLE)
    naming = name_topic("Race for the next NATO secretary general", [article], [], resolver)
    keywords = set(naming.keywords)
    assert {"nato", "race", "rutte"} <= keywords  # whom the positions are about stays
    # Reporting and general words, a country's name in German, who speaks, first names.
    assert not keywords & {"next", "general", "stand", "world", "deutschland", "said"}
    assert not keywords & {"orban", "orbán", "viktor", "klaus", "iohannis", "mark"}


DEAL = """Title: Asylum centres abroad
Published: 2024-10-16
Source: Test Wire

Ruritania backs the agreement. Freedonia rejected the government and its plans.
Amnesty has not yet decided how to respond.
"""
MODELL = """Titel: Asylzentren im Ausland
Datum: 17. Oktober 2024
Quelle: Testdienst

Spanien lehnt das Modell ab.
"""


def test_what_the_stances_are_about_are_the_nouns_they_take_as_objects():
    # Kept as the topic's words however many other stories say them ("deal", "Abkommen").
    articles = [from_text(DEAL), from_text(MODELL)]
    found = _stance_objects(articles, ["en", "de"], "en", set())
    assert {stem("agreement", "en"), stem("modell", "en")} <= found
    assert stem("government", "en") not in found  # who is rejected is no topic
    assert stem("respond", "en") not in found  # no object after a definite article


REISE = """Titel: Orbáns Reise nach Moskau
Datum: 12. Juli 2024
Quelle: Testdienst

Orbán sei nicht im Auftrag der Union nach Moskau gereist, sagte Scholz. Deutschland werde
die Ukraine weiter unterstützen, solange es nötig sei. Die Regierung werde ihre Vertretung
bei den Treffen herabstufen, hieß es aus Stockholm. Die Europäische Kommission schickt nur
Beamte; die NATO werde sich nicht äußern, sagte das IOC.
"""


def test_function_words_and_who_reacts_are_no_topic_words(bot):
    resolver = ActorResolver(bot.answerer().table.actors)
    naming = name_topic("Orbán's trip to Moscow", [from_text(REISE)], [], resolver)
    keywords = set(naming.keywords)
    assert {"moscow", "trip"} <= keywords
    # German auxiliaries of reported speech; organisations by head noun or acronym.
    assert not keywords & {"werde", "sei", "hieß", "hiess", "kommission", "nato", "ioc"}
