"""Several stories side by side: listings per story, questions routed to the story they
are about, and channels that follow the stories they chose."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select
from story_rows import BERLIN_QUOTE, PACT_QUOTE, add_pact_story

from bot.cli.main import main as cli_main
from bot.core.request import ChannelRef
from bot.storage.models import Article, Story, Topic
from digests.render import to_text


def ask_json(bot, question: str, **kw) -> dict:
    answer = bot.answer(question, **kw)
    return answer.to_json(to_text(answer.document))


def test_a_question_about_one_story_s_topic_gets_that_story_only(bot):
    add_pact_story(bot)
    out = ask_json(bot, "What is Poland's position on the migration pact?")
    assert [(s["actor"], s["story"], s["topic"]) for s in out["stances"]] == [
        ("Poland", "migration-pact", "migration-pact")
    ]
    assert PACT_QUOTE in out["answer"]
    assert "trainers" not in out["answer"].casefold()

    trainers = ask_json(bot, "What is Poland's position on the training mission?")
    assert {s["story"] for s in trainers["stances"]} == {"trainers-coalition"}
    assert PACT_QUOTE not in trainers["answer"]


def test_an_actor_without_a_topic_gets_each_story_labelled(bot):
    add_pact_story(bot)
    out = ask_json(bot, "What is Poland's position?")
    assert {s["story"] for s in out["stances"]} == {"trainers-coalition", "migration-pact"}
    assert all(s["actor"] == "Poland" for s in out["stances"])
    assert "The EU migration pact" in out["answer"]
    assert "Macron's coalition" in out["answer"]
    # An actor with a position in one story only is answered from that story alone.
    france = ask_json(bot, "What is France's position?")
    assert {s["story"] for s in france["stances"]} == {"trainers-coalition"}


def test_a_list_question_names_only_the_story_s_actors(bot):
    add_pact_story(bot)
    out = ask_json(bot, "Who supports the migration pact?")
    assert [s["actor"] for s in out["stances"]] == ["Germany"]
    assert {s["story"] for s in out["stances"]} == {"migration-pact"}


def test_a_topic_no_story_holds_gets_no_position(bot):
    add_pact_story(bot)
    out = ask_json(bot, "What is Poland's position on the pension reform?")
    assert out["stances"] == []
    assert PACT_QUOTE not in out["answer"]


def test_ask_story_names_the_story(bot):
    add_pact_story(bot)
    out = ask_json(bot, "What is Germany's position?", story="migration-pact")
    assert [(s["actor"], s["stance"], s["story"]) for s in out["stances"]] == [
        ("Germany", "supports", "migration-pact")
    ]
    items = ask_json(bot, "What is due?", story="migration-pact")
    assert {i["story"] for i in items["items"]} <= {"migration-pact"}


def test_the_first_story_answers_as_before_when_alone(bot):
    out = ask_json(bot, "What is Germany's position?")
    assert out["stances"][0]["story"] == "trainers-coalition"
    assert "From the story" not in out["answer"]


def run_cli(db_url: str, capsys, *args: str) -> tuple[int, str, str]:
    code = cli_main(["--db", db_url, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_listings_per_story_and_options_checked(bot, db_url, capsys):
    add_pact_story(bot)
    code, out, _ = run_cli(db_url, capsys, "stance", "list", "--json", "--story", "migration-pact")
    assert code == 0
    rows = json.loads(out)
    assert {(r["actor"], r["story"]) for r in rows} == {
        ("Poland", "migration-pact"),
        ("Germany", "migration-pact"),
    }
    code, out, _ = run_cli(db_url, capsys, "track", "list", "--json", "--story", "migration-pact")
    assert [i["key"] for i in json.loads(out)] == ["pact-vote"]
    code, out, _ = run_cli(db_url, capsys, "track", "list", "--json")
    assert "pact-vote" not in {i["key"] for i in json.loads(out)}

    code, _, err = run_cli(db_url, capsys, "stance", "list", "--json", "--story", "nope")
    assert code == 2 and "No story “nope”" in err and "migration-pact" in err
    code, _, err = run_cli(db_url, capsys, "stance", "list", "--json", "--storey", "x")
    assert code == 2 and "storey" in err

    code, out, _ = run_cli(db_url, capsys, "story", "list", "--json")
    stories = {s["key"]: s for s in json.loads(out)}
    assert stories["migration-pact"]["actors"] == 2
    assert stories["migration-pact"]["items"] == 1
    assert stories["trainers-coalition"]["articles"] == 1
    assert stories["trainers-coalition"]["items"] == 3


def test_chat_listings_take_story_and_refuse_other_options(chat, bot):
    add_pact_story(bot)
    text = chat.say("stance list story=migration-pact")
    assert "Poland" in text and "France" not in text
    assert "Unknown option" in chat.say("stance list colour=red")
    assert "colour" in chat.say("stance list colour=red")
    assert "No story" in chat.say("track list story=nothing-like-it")
    assert "pact-vote" in chat.say("track list story=migration-pact")
    assert "Unknown option" in chat.say("story list x=1")


def test_follow_unfollow_and_archive(chat, bot):
    add_pact_story(bot)
    listing = chat.say("stories")
    assert "The EU migration pact [migration-pact]" in listing
    assert "This channel follows: trainers-coalition." in listing
    assert "now follows" in chat.say("follow migration-pact")
    assert "This channel follows: trainers-coalition, migration-pact." in chat.say("stories")
    assert "no longer follows" in chat.say("unfollow trainers-coalition")
    assert "This channel follows: migration-pact." in chat.say("stories")
    assert "does not follow" in chat.say("unfollow trainers-coalition")
    # Another channel still has the default.
    assert "This channel follows: trainers-coalition." in chat.say("stories", channel="c2")
    # Only admins choose.
    assert "only admins" in chat.say("follow trainers-coalition", user="mallory")

    assert "Archived" in chat.say("story archive migration-pact")
    assert "This channel follows: no story." in chat.say("stories")
    assert "(archived)" in chat.say("stories")
    # Its history stays: a question about it is still answered from its table.
    out = ask_json(bot, "What is Poland's position on the migration pact?")
    assert [s["story"] for s in out["stances"]] == ["migration-pact"]


@pytest.mark.parametrize("question", ["What is Poland's position on the migration pact?"])
def test_the_channel_asking_is_answered_from_its_story(bot, question):
    add_pact_story(bot)
    where = ChannelRef("test", "w1", "c1")
    out = ask_json(bot, question, where=where)
    assert [s["story"] for s in out["stances"]] == ["migration-pact"]


def test_a_channel_following_one_story_gets_that_story_s_answer(chat, bot):
    add_pact_story(bot)
    where = ChannelRef("test", "w1", "c1")
    # Poland holds a position in both stories; the channel follows the first one only.
    out = ask_json(bot, "What is Poland's position?", where=where)
    assert {s["story"] for s in out["stances"]} == {"trainers-coalition"}
    assert PACT_QUOTE not in out["answer"]
    # A question naming the other story's topic still goes there, from any channel.
    pact = ask_json(bot, "Who backs the asylum pact?", where=where)
    assert {s["story"] for s in pact["stances"]} == {"migration-pact"}
    # Once the channel follows the pact instead, its questions go there.
    chat.say("follow migration-pact")
    chat.say("unfollow trainers-coalition")
    out = ask_json(bot, "What is Poland's position?", where=where)
    assert [(s["actor"], s["story"]) for s in out["stances"]] == [("Poland", "migration-pact")]
    # In chat, the channel asking is the one followed.
    assert PACT_QUOTE in chat.say("ask What is Poland's position?")
    assert PACT_QUOTE not in chat.say("ask What is Poland's position?", channel="c2")


def add_pact_article(bot, sentences: list[str]) -> None:
    with bot.session() as session:
        story = session.scalar(select(Story).where(Story.key == "migration-pact"))
        session.add(
            Article(
                slug="pact-energy",
                title="Pact talks",
                source="Example Daily",
                url=None,
                published=date(2024, 4, 9),
                body=" ".join(sentences),
                sentences=sentences,
                content_hash="pact-energy",
                story_id=story.id,
            )
        )
    bot.changed()


def test_a_subject_no_story_holds_gets_no_record_from_any_story(chat, bot):
    add_pact_story(bot)
    # Another story's article speaks of energy: that is no position on nuclear energy.
    add_pact_article(bot, ["Ministers also discussed energy prices over lunch."])
    for where in (None, ChannelRef("test", "w1", "c1")):
        out = ask_json(bot, "What is Germany's position on nuclear energy?", where=where)
        assert out["stances"] == [], where
        assert "no position recorded" in out["answer"]
        assert BERLIN_QUOTE not in out["answer"]


def test_a_question_names_a_story_s_topic_in_its_glossary_and_sources(bot):
    add_pact_story(bot)
    for question in ("Who fears an escalation?", "Wer fürchtet eine Eskalation?"):
        out = ask_json(bot, question)
        assert out["stances"], question
        assert {s["story"] for s in out["stances"]} == {"trainers-coalition"}, question


def test_an_idiom_of_asking_is_no_topic_word(bot):
    add_pact_story(bot)
    with bot.session() as session:
        topic = session.scalar(select(Topic).where(Topic.key == "migration-pact"))
        topic.keywords = [*topic.keywords, "deal"]
    bot.changed()
    where = ChannelRef("test", "w1", "c1")
    out = ask_json(bot, "So what's the deal with Poland?", where=where)
    assert {s["story"] for s in out["stances"]} == {"trainers-coalition"}
    deal = ask_json(bot, "What is Poland's position on the deal?", where=where)
    assert [s["story"] for s in deal["stances"]] == ["migration-pact"]


def outbox_channels(bot) -> list[str]:
    from bot.storage.models import OutboxMessage

    with bot.session() as session:
        return sorted(
            m.channel
            for m in session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "alert"))
        )


def test_alerts_go_to_the_channels_following_the_story(chat, bot):
    add_pact_story(bot)
    for channel in ("c1", "c2"):
        chat.say("subscribe", channel=channel)
    chat.say("follow migration-pact", channel="c2")
    chat.say("unfollow trainers-coalition", channel="c2")

    assert "Updated" in chat.say("track update eumam-revision status=agreed")
    assert outbox_channels(bot) == ["c1"]
    said = chat.say('stance set Poland undecided summary="Open to talks." topic=migration-pact')
    assert "now undecided" in said
    assert outbox_channels(bot) == ["c1", "c2"]

    chat.say("story archive migration-pact")
    chat.say("track update pact-vote status=held")
    assert outbox_channels(bot) == ["c1", "c2"]  # an archived story alerts no one


def test_a_digest_has_a_section_per_followed_story(chat, bot):
    add_pact_story(bot)
    alone = to_text(bot.digest_for(ChannelRef("test", "w1", "c1")))
    assert "The EU migration pact" not in alone
    chat.say("follow migration-pact", channel="c3")
    both = to_text(bot.digest_for(ChannelRef("test", "w1", "c3")))
    assert "Macron's coalition" in both and "The EU migration pact" in both
    assert both.index("Macron's coalition") < both.index("The EU migration pact")
    chat.say("unfollow trainers-coalition", channel="c3")
    chat.say("unfollow migration-pact", channel="c3")
    assert "follows no story" in to_text(bot.digest_for(ChannelRef("test", "w1", "c3")))


PACT_ARTICLE = (
    'title="Warsaw digs in on the migration pact" source="Example Daily" date=2024-04-11\n'
    "Poland's government said on Thursday it would not implement the EU migration pact. "
    '"We will not accept forced relocation of migrants," the interior minister said. '
    "The asylum rules were adopted by the European Parliament this week."
)
FOOTBALL_ARTICLE = (
    'title="Cup final tonight" source="Example Sports" date=2024-05-20\n'
    "The two clubs meet in the cup final tonight at a sold-out stadium. "
    "The coach said his players were ready and the fans expect a close game."
)


def test_articles_are_filed_under_the_story_they_belong_to(chat, bot):
    from bot.storage.models import Article

    add_pact_story(bot)
    filed = chat.say("ingest " + PACT_ARTICLE)
    assert "Filed under the story “The EU migration pact”" in filed
    unfiled = chat.say("ingest " + FOOTBALL_ARTICLE)
    assert "Stored unfiled" in unfiled
    with bot.session() as session:
        stories = {a.title: a.story_id for a in session.scalars(select(Article))}
        pact = session.scalar(select(Story.id).where(Story.key == "migration-pact"))
    assert stories["Warsaw digs in on the migration pact"] == pact
    assert stories["Cup final tonight"] is None
    # Named, it goes where it was told.
    told = chat.say(
        "ingest story=trainers-coalition force=yes "
        + FOOTBALL_ARTICLE.replace("Cup final tonight", "Cup final, the replay")
        + " The replay is on Sunday."
    )
    assert "Filed under the story “Macron's coalition" in told
    assert "No story “nowhere”" in chat.say("ingest story=nowhere " + FOOTBALL_ARTICLE)


DATA = __import__("pathlib").Path(__file__).resolve().parent / "data" / "stories"


def test_story_new_reads_its_first_articles_into_proposals(bot, db_url, capsys):
    code, out, err = run_cli(
        db_url,
        capsys,
        "story",
        "new",
        "EU migration pact",
        "--from",
        str(DATA / "pact-1.txt"),
        str(DATA / "pact-2.txt"),
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["story"] == {"key": "eu-migration-pact", "title": "EU migration pact"}
    assert len(data["articles"]) == 2
    assert all(a["story"] == "eu-migration-pact" for a in data["articles"])
    # The topic is named from the articles' own words, and the title's.
    assert {"migration", "pact", "asylum"} <= set(data["topic"]["keywords"])
    stances = {(p["actor"], p["stance"]) for p in data["proposals"] if p["kind"] == "stance"}
    assert {("Germany", "supports"), ("Poland", "opposes"), ("Italy", "supports")} <= stances
    assert all(
        p["topic"] == "eu-migration-pact" for p in data["proposals"] if p["kind"] == "stance"
    )
    texts = [(DATA / name).read_text(encoding="utf-8") for name in ("pact-1.txt", "pact-2.txt")]
    for p in data["proposals"]:
        assert any(p["evidence"]["quote"] in t for t in texts)  # verbatim
    items = {p["item"]: p["changes"]["due"] for p in data["proposals"] if p["kind"] == "item"}
    assert items.get("Implementation plan") == "2024-06-12"
    assert items.get("Final vote") == "2024-05-14"
    # Nothing is in the table until an admin approves: proposals only.
    bot.changed()
    assert bot.answer("Who supports the migration pact?").stances == []

    # Approved, the new story answers for itself and the first story stays as it was.
    code, _, err = run_cli(db_url, capsys, "approve", "all")
    assert code == 0, err
    bot.changed()
    pact = bot.answer("What is Poland's position on the migration pact?")
    assert [(h.actor.name, h.record.stance) for h in pact.stances] == [("Poland", "opposes")]
    assert pact.to_json("")["stances"][0]["story"] == "eu-migration-pact"
    trainers = bot.answer("What is Germany's position on the training mission?")
    assert [(h.actor.name, h.record.stance) for h in trainers.stances] == [("Germany", "opposes")]
    code, out, _ = run_cli(
        db_url, capsys, "track", "list", "--json", "--story", "eu-migration-pact"
    )
    assert {i["name"] for i in json.loads(out)} == {"Final vote", "Implementation plan"}

    code, _, err = run_cli(db_url, capsys, "story", "new", "EU migration pact")
    assert code == 2 and "already a story" in err


def test_story_new_in_chat_from_pasted_text(chat, bot):
    text = (DATA / "pact-2.txt").read_text(encoding="utf-8")
    reply = chat.say("story new Asylum reform key=asylum from " + text)
    assert "Started `asylum`" in reply
    assert "Italy" in reply and "pending" in reply
    assert "only admins" in chat.say("story new Something else", user="mallory")
    assert "Give the story a title" in chat.say("story new")


def test_a_fact_question_goes_to_the_story_recording_that_fact(bot):
    add_pact_story(bot)
    for question in ("Was Poland invited?", "Wurde Polen eingeladen?"):
        out = ask_json(bot, question)
        assert {s["story"] for s in out["stances"]} == {"trainers-coalition"}, question
        assert PACT_QUOTE not in out["answer"]


def test_stance_set_story_sets_that_story_s_position(chat, bot):
    add_pact_story(bot)
    said = chat.say('stance set Sweden supports summary="Backs the pact." story=migration-pact')
    assert "now supports" in said
    out = ask_json(bot, "What is Sweden's position on the migration pact?")
    assert [(s["actor"], s["stance"], s["story"]) for s in out["stances"]] == [
        ("Sweden", "supports", "migration-pact")
    ]
    trainers = ask_json(bot, "What is Sweden's position on the training mission?")
    assert {s["story"] for s in trainers["stances"]} <= {"trainers-coalition"}
    assert "No story" in chat.say('stance set Sweden supports summary="x" story=nope')


def _scheduled_digests(bot) -> list[tuple[str, str]]:
    """The scheduled digests queued, as (channel, text)."""
    from bot.storage.models import OutboxMessage
    from digests.document import Document

    with bot.session() as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "digest").order_by(OutboxMessage.id)
        ).all()
        return [(m.channel, to_text(Document.from_dict(m.document))) for m in rows]


def test_scheduled_digests_per_followed_story_and_none_for_an_archived_one(chat, bot, clock):
    from datetime import UTC, datetime, timedelta

    from bot.scheduling.scheduler import post_digest

    add_pact_story(bot)
    chat.say("follow migration-pact", channel="both")
    chat.say("follow migration-pact", channel="pact")
    chat.say("unfollow trainers-coalition", channel="pact")
    fire = datetime(2026, 11, 28, 8, tzinfo=UTC)
    for channel in ("both", "pact", "first"):
        assert post_digest(bot, ChannelRef("test", "w1", channel), fire)
    digests = dict(_scheduled_digests(bot))
    assert len(_scheduled_digests(bot)) == 3  # one message per channel, however many stories
    assert "Macron's coalition" in digests["both"] and "The EU migration pact" in digests["both"]
    assert "migration and asylum" in digests["pact"] and "Macron" not in digests["pact"]
    assert "migration" not in digests["first"]

    chat.say("story archive migration-pact")
    clock.advance(days=1)
    later = fire + timedelta(days=1)
    assert post_digest(bot, ChannelRef("test", "w1", "pact"), later) is False  # none at all
    assert post_digest(bot, ChannelRef("test", "w1", "both"), later)
    (_, both), *_ = [d for d in _scheduled_digests(bot)[3:]]
    assert len(_scheduled_digests(bot)) == 4
    assert "migration" not in both and "military trainers" in both


def test_every_command_names_an_option_it_does_not_take(chat, bot, snapshot):
    add_pact_story(bot)
    before = snapshot(audit=False)
    for typed in (
        "subscribe colour=red",
        "unsubscribe --colour red",
        "subscriptions colour=red",
        "audit 5 colour=red",
        "help track colour=red",
        "digest colour=red",
        "review here colour=red",
        "feed list colour=red",
        "feed remove 1 colour=red",
        "stance show Germany colour=red",
        "track list colour=red",
    ):
        said = chat.say(typed)
        assert "Unknown option" in said or "takes no options" in said, typed
        assert "colour" in said, typed
    assert "Unknown option storey" in chat.say("ask storey=migration-pact Who supports it?")
    assert snapshot(audit=False) == before


def test_story_is_an_option_of_the_reads_that_are_per_story(chat, bot):
    add_pact_story(bot)
    digest = chat.say("digest story=migration-pact")
    assert "migration and asylum" in digest and "military trainers" not in digest
    assert "No story “brexit”" in chat.say("digest story=brexit")
    shown = chat.say("stance show Germany story=migration-pact")
    assert "supports" in shown and "opposes" not in shown
    history = chat.say("stance history Germany story=migration-pact")
    assert "the EU pact on migration and asylum" in history and "training" not in history
    assert "No story “brexit”" in chat.say("stance history Germany story=brexit")


def test_the_command_line_names_an_option_a_command_does_not_take(bot, db_url, capsys):
    add_pact_story(bot)
    for args, named in (
        (("track", "list", "--json", "--storey", "migration-pact"), "storey"),
        (("stance", "list", "--json", "--colour", "red"), "colour"),
        (("story", "list", "--json", "--story", "migration-pact"), "story"),
        (("subscribe", "--channel", "test/w1/c9", "--colour", "red"), "colour"),
        (("article", "list", "--colour", "red"), "colour"),
    ):
        code, out, err = run_cli(db_url, capsys, *args)
        assert code in (1, 2) and named in out + err, args
    with bot.session() as session:
        from bot.storage.models import Subscription

        assert session.scalars(select(Subscription)).all() == []
    code, _, err = run_cli(
        db_url, capsys, "digest", "--story", "migration-pact", "--channel", "test/w1/c1"
    )
    assert code == 2 and "not both" in err
    code, out, _ = run_cli(db_url, capsys, "stance", "show", "Germany", "--story", "migration-pact")
    assert code == 0 and "supports" in out
