"""An article stored unfiled (it matched no story) is listed, and an admin files it under
a story later: it is then read into that story as ingest would have read it."""

from __future__ import annotations

import json

from sqlalchemy import select
from story_rows import add_pact_story

from bot.cli.main import main as cli_main
from bot.storage.models import Article, AuditEntry, Proposal, Story

# Names one actor holding a position in each story and one word of the pact's topic:
# as near to both stories, so it is stored unfiled.
BUDAPEST = (
    'title="Budapest speaks" source="Example Daily" date=2024-04-12\n'
    "Hungary's prime minister spoke to reporters in Budapest on Friday. "
    '"Hungary rejects the relocation scheme," he said. '
    "Sweden supports the relocation scheme, its minister said."
)


def _unfiled_number(bot) -> int:
    with bot.session() as session:
        return session.scalars(select(Article.id).where(Article.story_id.is_(None))).one()


def test_an_unfiled_article_is_listed_then_filed_and_read_into_that_story(chat, bot):
    add_pact_story(bot)
    stored = chat.say("ingest " + BUDAPEST)
    number = _unfiled_number(bot)
    assert "Stored unfiled" in stored and f"article file {number} story=KEY" in stored
    listing = chat.say("article list unfiled")
    assert f"#{number} “Budapest speaks”" in listing and "unfiled" in listing
    assert "Macron" not in listing  # the filed seed article is not among them

    filed = chat.say(f"article file {number} story=migration-pact")

    assert "Filed “Budapest speaks” under the story “The EU migration pact”" in filed
    assert "Hungary → opposes" in filed  # its proposals, made as ingest would
    with bot.session() as session:
        pact = session.scalar(select(Story.id).where(Story.key == "migration-pact"))
        assert session.get(Article, number).story_id == pact
        made = session.scalars(select(Proposal).where(Proposal.article_id == number)).all()
        assert made and {p.story_id for p in made} == {pact}
        (entry,) = session.scalars(select(AuditEntry).filter_by(action="article.file")).all()
        assert (entry.user, entry.target) == ("alice", "2024-04-12-budapest-speaks")
    assert "No article is unfiled." in chat.say("article list unfiled")

    # Approved, the position is the pact story's, not the first story's.
    first_story = bot.answerer().table.stances
    chat.say("approve all")
    answer = bot.answer("What is Hungary's position on the migration pact?")
    assert [(h.actor.name, h.record.stance) for h in answer.stances] == [("Hungary", "opposes")]
    assert bot.answerer().table.stances == first_story
    assert answer.to_json("")["stances"][0]["story"] == "migration-pact"


def test_filing_mistakes_are_friendly_and_change_nothing(chat, bot, snapshot):
    add_pact_story(bot)
    chat.say("ingest " + BUDAPEST)
    number = _unfiled_number(bot)
    with bot.session() as session:
        seeded = session.scalars(select(Article.id).where(Article.story_id.is_not(None))).first()
    before = snapshot(audit=False)

    cases = {
        f"article file {seeded} story=migration-pact": "filed under “Macron",
        "article file 999 story=migration-pact": "No stored article “999”",
        f"article file {number} story=brexit": "No story “brexit”",
        f"article file {number}": "Under which story?",
        "article file story=migration-pact": "Which article?",
        f"article file {number} story=migration-pact colour=red": "Unknown option colour",
        "article list everything": "takes only `unfiled`",
    }
    for typed, expected in cases.items():
        assert expected in chat.say(typed), typed
    assert "only admins" in chat.say(f"article file {number} story=migration-pact", user="bob")
    assert snapshot(audit=False) == before

    chat.say("story archive migration-pact")
    archived = snapshot()
    assert "archived" in chat.say(f"article file {number} story=migration-pact")
    assert snapshot() == archived


def test_the_command_line_lists_and_files_unfiled_articles(chat, bot, db_url, capsys):
    add_pact_story(bot)
    chat.say("ingest " + BUDAPEST)
    number = _unfiled_number(bot)

    assert cli_main(["--db", db_url, "article", "list", "unfiled"]) == 0
    assert f"#{number} “Budapest speaks”" in capsys.readouterr().out
    code = cli_main(["--db", db_url, "article", "file", str(number), "--story", "migration-pact"])
    out = capsys.readouterr().out
    assert code == 0 and "Filed “Budapest speaks”" in out
    code = cli_main(
        ["--db", db_url, "article", "file", str(number), "--story", "migration-pact", "--json"]
    )
    captured = capsys.readouterr()
    assert code == 1 and "already" in json.dumps(json.loads(captured.out), ensure_ascii=False)
    with bot.session() as session:
        entry = session.scalars(select(AuditEntry).filter_by(action="article.file")).one()
        assert entry.platform == "cli"
