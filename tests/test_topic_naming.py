"""A new story's topic words: the content words of what it is about, never the words of
reporting, of where someone stands, or the names of who speaks."""

from __future__ import annotations

from bot.ingest.naming import name_topic
from digests.actors import ActorResolver
from digests.extraction import from_text

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
