"""Ways of taking a side that a story's first articles use and the reader once missed or
misread: approving, agreeing with a German separable verb, giving up a veto, condemning;
and subjects of their own that stop a sentence being read as the actor's before it.
Each text is the test's own."""

from __future__ import annotations

import pytest
from extract_reading import first_story_table, read, stances
from test_story_start import applied, start


def article(published: str, body: str) -> str:
    return (
        f"Title: Moldova and the regional power grid\nSource: Test Wire\n"
        f"Published: {published}\n\n{body}\n"
    )


# The header of a German article of 4 March 2024 on the same story.
GERMAN_HEAD = "Titel: Moldau und das Stromnetz\nQuelle: Testdienst\nDatum: 2024-03-04\n\n"


# The opening paragraphs of a German report (4 March) and an English one (5 March) on a
# grid bid still in dispute, for the tests that read what comes after them.
DISPUTED_DE = (
    GERMAN_HEAD + "Der Beitritt Moldaus zum regionalen Stromnetz ist weiter umstritten.\n\n"
)
DISPUTED_EN = "Moldova's bid to join the power grid divides the region.\n\n"
# The opening paragraph of an English report of the grid vote, for the tests that read
# what comes after it.
VOTED = "Moldova's parliament voted to join the regional power grid on Tuesday.\n\n"


def start_from(bot, tmp_path, body: str) -> dict:
    """The story started from one English article of 4 March 2024 with this body."""
    return start(bot, tmp_path, {"a.txt": article("2024-03-04", body)})


def positions(started: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for p in started["proposals"]:
        if p.get("kind") == "stance":
            out.setdefault(p["actor"], set()).add(p["stance"])
    return out


def test_a_parliament_that_approves_it_and_one_that_lifts_its_veto_support_it(bot, tmp_path):
    started = start_from(
        bot,
        tmp_path,
        "The European Parliament approved Moldova's membership of the power grid on "
        "Tuesday.\n\n"
        "Bulgaria lifted its veto on Moldova joining the power grid.",
    )
    found = positions(started)
    assert found["European Parliament"] == {"supports"}
    assert found["Bulgaria"] == {"supports"}


def test_what_is_approved_must_be_the_story_itself_not_a_budget_for_it(bot, tmp_path):
    started = start_from(
        bot,
        tmp_path,
        "Moldova wants to join the regional power grid by the winter.\n\n"
        "The Romanian parliament approved a budget of 40 million euros for the power "
        "grid's new lines.",
    )
    assert "Romania" not in positions(started)


def test_a_german_separable_verb_with_nothing_between_its_parts_agrees(bot, tmp_path):
    text = (
        "Title: Moldau darf dem Stromnetz beitreten\nSource: Test Wire\nPublished: 2024-06-10\n\n"
        "Die Betreiber haben den Beitritt Moldaus zum regionalen Stromnetz beschlossen. "
        "Rumänien stimmte ebenfalls zu. Moskau verurteilte die Einigung."
    )
    start(bot, tmp_path, {"a.txt": text})
    rows = applied(bot)
    assert rows["Romania"] == "supports"
    assert rows["Russia"] == "opposes"


def test_a_subject_of_its_own_is_not_the_actor_the_text_was_about(bot, tmp_path):
    # "Polls", "Industry groups": whoever they are, not Hungary.
    started = start_from(
        bot,
        tmp_path,
        "Hungary opposes Moldova joining the power grid.\n\n"
        "Polls show a clear majority of Moldovans in favour of joining the power grid. "
        "Industry groups back the request to join the power grid.",
    )
    assert positions(started).get("Hungary") == {"opposes"}


def test_a_party_whose_name_opens_with_a_letter_beyond_a_to_z_is_named_in_full(bot, tmp_path):
    started = start_from(
        bot,
        tmp_path,
        "Moldova's parliament voted for joining the power grid.\n\n"
        "The nationalist İYİ Party voted against joining the power grid.",
    )
    assert positions(started).get("İYİ Party") == {"opposes"}


def test_a_veto_named_as_a_thing_is_nobody_s_act(bot, tmp_path):
    started = start_from(
        bot,
        tmp_path,
        "Hungary supports Moldova joining the power grid and wants the request "
        "safe from a single veto.",
    )
    found = positions(started)
    assert found.get("Hungary") == {"supports"}
    assert "Moldova" not in found  # the veto is nobody's, least of all the one named before


def test_soldiers_sent_as_part_of_another_force_are_not_the_story_s(bot):
    found = read(
        first_story_table(bot),
        "Poland has no plans to send soldiers to Ukraine as part of a possible force to "
        "monitor a future ceasefire.",
    )
    assert stances(found) == {}


def test_a_cue_in_a_which_clause_is_about_the_noun_before_it(bot, tmp_path):
    started = start_from(
        bot,
        tmp_path,
        "Romania supports Moldova joining the power grid.\n\n"
        "Romania has banned the parties which Moldova considers a threat to joining "
        "the power grid.",
    )
    assert "Moldova" not in positions(started)
    assert applied(bot)["Romania"] == "supports"


def test_a_named_country_that_moved_between_articles_ends_on_its_latest_stance(bot, tmp_path):
    # The story is named after Hungary, and the January sentence names it in passing, the
    # February one in German: both name the country itself, so it moved.
    january = article(
        "2024-01-23",
        "Romania approved Moldova's membership of the power grid on Tuesday, leaving "
        "Hungary as the only member that has yet to ratify it.",
    )
    february = (
        "Title: Ungarn stimmt dem Netzbeitritt Moldaus zu\nSource: Test Wire\n"
        "Published: 2024-02-26\n\nUngarn unterstützt den Beitritt Moldaus zum Stromnetz nun."
    )
    start(
        bot,
        tmp_path,
        {"a.txt": january, "b.txt": february},
        title="Hungary's ratification of Moldova's power grid membership",
    )
    assert applied(bot)["Hungary"] == "supports"


def test_the_commission_in_a_report_on_the_eu_is_the_european_commission(bot, tmp_path):
    # Named only by its head noun: not the actor of the sentence before (Belgium), but
    # the institution itself, a new actor to create on approval.
    started = start_from(
        bot,
        tmp_path,
        "EU governments agreed on Tuesday to let Moldova join the regional power grid.\n\n"
        "Belgium, which holds the rotating presidency, supports the plan and steered it "
        "through the Council.\n\n"
        "The Commission, which proposed the plan in March, welcomed the decision.",
    )
    found = positions(started)
    assert found["European Commission"] == {"supports"}
    assert found["Belgium"] == {"supports"}
    # A plain statement by the institution, under the name the report gives it: applied.
    assert applied(bot)["European Commission"] == "supports"
    backing = [
        p["evidence"]["quote"]
        for p in started["proposals"]
        if p.get("kind") == "stance" and p["actor"] == "Belgium"
    ]
    assert all("Commission" not in q for q in backing), backing


def test_a_commission_outside_an_eu_report_is_no_eu_institution(bot, tmp_path):
    started = start_from(
        bot,
        tmp_path,
        "Moldova wants to join the regional power grid by the winter.\n\n"
        "The Commission welcomed Moldova joining the power grid.",
    )
    # No word of the EU in the report: "the Commission" is some other one.
    assert "European Commission" not in positions(started)


def test_what_an_aside_says_the_subject_did_at_a_named_time_is_past(bot, tmp_path):
    started = start_from(
        bot,
        tmp_path,
        "EU governments agreed on Tuesday to let Moldova join the regional power grid.\n\n"
        "Hungary, which let the first decision pass in January by abstaining, now opposes "
        "Moldova joining the power grid.",
    )
    assert positions(started)["Hungary"] == {"opposes"}


def test_a_sentence_opened_by_a_thing_of_its_own_is_not_the_actor_before(bot, tmp_path):
    # German names the subject by its article and noun before the verb, not Hungary, whom
    # the text was about before; nor is "Die Umweltorganisation" a person speaking. With
    # no second reading to weigh, the plain refusal is applied.
    german = (
        GERMAN_HEAD
        + "Ungarn lehnt den Beitritt Moldaus zum regionalen Stromnetz ab. Der Rat unterstützt "
        "den Beitritt Moldaus zum Stromnetz dagegen. Die Umweltorganisation ist für den "
        "Beitritt und warnte, jeder Aufschub koste Geld."
    )
    start(bot, tmp_path, {"a.txt": german})
    assert applied(bot).get("Hungary") == "opposes"


def test_a_plural_a_word_qualifies_is_a_subject_of_its_own(bot, tmp_path):
    start_from(
        bot,
        tmp_path,
        "Hungary supports the power grid plan. Environmental groups were relieved that the "
        "grid plan had survived but still reject the plan itself.",
    )
    assert applied(bot).get("Hungary") == "supports"


def test_a_door_left_open_to_something_else_is_no_position(bot, tmp_path):
    started = start_from(
        bot,
        tmp_path,
        "Moldova wants to join the regional power grid by the winter.\n\n"
        "Hungary would not rule out a short delay to the final vote if the text is not "
        "ready in time.",
    )
    assert "Hungary" not in positions(started)


@pytest.mark.parametrize(
    "body",
    [
        # A passive whose doer is no actor is nobody's position.
        "Hungary rejects the plan for Moldova to join the power grid. The plan for Moldova, "
        "if it is backed by a majority of members, would still need a unanimous vote.",
        # Names listed after a place word are places too: the quote goes on about Hungary,
        # not about the last country of the list.
        "Hungary supports the power grid plan. Lines already run to Poland, the Czech "
        'Republic and Austria. "We support the plan fully," a spokesman said.',
    ],
    ids=["passive-doer-no-actor", "listed-places"],
)
def test_only_the_actor_the_text_is_about_holds_a_position(bot, tmp_path, body):
    assert set(positions(start_from(bot, tmp_path, body))) == {"Hungary"}


def test_an_acronym_the_article_spells_out_is_one_organisation_by_either_name(bot, tmp_path):
    started = start_from(
        bot,
        tmp_path,
        "The European Coalition for Grid Justice (ECGJ), an alliance of consumer groups, "
        "supports Moldova joining the power grid.\n\n"
        "ECGJ said the link would lower prices.",
    )
    found = positions(started)
    assert found["European Coalition for Grid Justice"] == {"supports"}
    assert "ECGJ" not in found and "Grid Justice" not in found
    # Applied with its acronym as another name: asked by it, the row answers.
    assert applied(bot)["European Coalition for Grid Justice"] == "supports"
    answer = bot.answer("What is ECGJ's position?", story="grid")
    assert [h.actor.name for h in answer.stances] == ["European Coalition for Grid Justice"]


def test_a_minister_titled_by_a_possessive_acts_for_the_country(bot, tmp_path):
    started = start_from(
        bot,
        tmp_path,
        "Moldova wants to join the regional power grid by the winter.\n\n"
        "Italy's energy security minister Gilberto Pichetto Fratin welcomed Moldova joining "
        "the power grid.",
    )
    assert positions(started) == {"Italy": {"supports"}}


def test_asking_for_it_in_german_backs_it_and_urging_someone_does_not(bot, tmp_path):
    german = (
        GERMAN_HEAD + "Rumänien fordert den raschen Beitritt Moldaus zum regionalen Stromnetz.\n\n"
        "Ungarn forderte die Betreiber auf, die Gespräche zu vertagen."
    )
    started = start(bot, tmp_path, {"a.txt": german})
    assert positions(started) == {"Romania": {"supports"}}


def test_in_a_story_about_a_person_her_is_that_person(bot, tmp_path):
    text = article(
        "2024-07-18",
        "Members of the regional assembly re-elected Maria Popescu as president of the grid "
        "authority on Thursday.\n\n"
        "The Liberal Party voted for her. The Greens oppose her re-election, and Romania "
        "welcomed the vote.",
    )
    started = start(
        bot, tmp_path, {"a.txt": text}, title="Maria Popescu's second term at the grid authority"
    )
    found = positions(started)
    assert found["Liberal Party"] == {"supports"}
    assert found["Greens"] == {"opposes"}


@pytest.mark.parametrize(
    "body, expected",
    [
        # Urging others to boycott it is a side against it, to vote yes a side for it.
        (
            "The Socialists urged their voters to boycott the power grid referendum. The "
            "Liberal Party called on its members to vote yes in the power grid referendum.",
            {"Socialists": {"opposes"}, "Liberal Party": {"supports"}},
        ),
        # A bare no vote is a side; a negation does not reach across "and".
        (
            "Hungary votes no. Romania said the fight was not over and called on the "
            "deputies to reject the power grid plan.",
            {"Hungary": {"opposes"}, "Romania": {"opposes"}},
        ),
        # A verdict in other words than "called it": described as a landmark, called a
        # gimmick; undoing it oneself; urging its author to reconsider it.
        (
            "Ireland described the power grid deal as a landmark. Hungary called the power "
            "grid deal a costly gimmick. Poland said it would scrap the power grid deal. "
            "Austria urged Moldova to reconsider the power grid deal.",
            {
                "Ireland": {"supports"},
                "Hungary": {"opposes"},
                "Poland": {"opposes"},
                "Austria": {"opposes"},
            },
        ),
        # Failing to approve it is no side; "the fighting" is no fight against it.
        (
            "EU governments failed on Wednesday to approve the power grid deal. Romanian "
            "troops have done much of the fighting in the region.",
            {"European Union": None, "Romania": None},
        ),
        # A word that is verb and noun alike, after a determiner or a word qualifying a
        # noun, names a thing; a "whose" clause about a thing is nobody's side; an opinion
        # of the deal ("considers it … a failure") is no weighing of it.
        (
            "Romania bought the entire block of power grid shares. Austria said joining "
            "the power grid had no bearing on Serbia, whose status was not open to "
            "negotiation. Poland considers the power grid deal as a whole a failure. "
            "Hungary would block the power grid deal.",
            {"Romania": None, "Serbia": None, "Austria": None, "Hungary": {"opposes"}},
        ),
        # "Opposed" ending its clause is the subject's own side, not a passive.
        (
            "Most governments back the power grid deal. Spain is opposed.",
            {"Spain": {"opposes"}},
        ),
    ],
    ids=[
        "urging-others",
        "no-vote-and-negation-scope",
        "verdicts-and-undoing",
        "failing-and-fighting",
        "nouns-things-and-opinions",
        "opposed-alone",
    ],
)
def test_sides_taken_on_it(bot, tmp_path, body, expected):
    lead = "Moldova's parliament votes on joining the regional power grid in March.\n\n"
    found = positions(start_from(bot, tmp_path, lead + body))
    assert {actor: found.get(actor) for actor in expected} == expected


def test_a_german_party_plural_is_one_actor_under_its_english_name(bot, tmp_path):
    german = (
        GERMAN_HEAD + "Rumänien unterstützt den Beitritt Moldaus zum regionalen Stromnetz. Die "
        "oppositionellen Sozialisten lehnen den Beitritt zum Stromnetz ab."
    )
    started = start(bot, tmp_path, {"a.txt": german})
    found = positions(started)
    assert found.get("Socialists") == {"opposes"}
    assert found.get("Romania") == {"supports"}


def test_a_german_organisation_named_after_what_it_is_acts_under_its_name(bot, tmp_path):
    german = (
        GERMAN_HEAD + "Rumänien unterstützt den Beitritt Moldaus zum regionalen Stromnetz. Die "
        "Gewerkschaft Energa lehnt den Beitritt zum Stromnetz ab."
    )
    found = positions(start(bot, tmp_path, {"a.txt": german}))
    assert found.get("Energa") == {"opposes"}
    assert found.get("Romania") == {"supports"}
    # A plain statement of its own, under a name of several words: applied.
    assert applied(bot).get("Energa") == "opposes"


def test_a_german_organisation_of_several_words_after_its_noun(bot, tmp_path):
    german = GERMAN_HEAD + "Die Umweltorganisation Grüne Wacht lehnt den Beitritt zum Stromnetz ab."
    found = positions(start(bot, tmp_path, {"a.txt": german}))
    assert found.get("Grüne Wacht") == {"opposes"}


def test_parties_named_by_capitalised_words_are_organisations_of_their_own(bot, tmp_path):
    # A country inside a party's name, or owning it, is not who votes; a list of
    # parties is each of them, plainly; a state's own body is no party.
    started = start_from(
        bot,
        tmp_path,
        "Moldova's parliament voted on joining the regional power grid on Thursday.\n\n"
        "The Union of Greens, the Workers and Farmers Bloc and Renew Moldova voted for "
        "joining the power grid. Patriots of Ukraine voted against joining the power grid. "
        "Romania's Freedom and Justice voted against joining the power grid as well. "
        "The Ministry of Justice welcomed joining the power grid.",
    )
    found = positions(started)
    assert found.get("Patriots of Ukraine") == {"opposes"}
    assert found.get("Freedom and Justice") == {"opposes"}
    assert found.get("Workers and Farmers Bloc") == {"supports"}
    assert found.get("Renew Moldova") == {"supports"}
    assert "Ukraine" not in found and "Romania" not in found
    assert not any("Ministry" in actor for actor in found)
    rows = applied(bot)
    assert rows.get("Workers and Farmers Bloc") == "supports"
    assert rows.get("Renew Moldova") == "supports"


def test_a_name_that_opens_a_german_compound_is_a_thing_not_who_acts(bot, tmp_path):
    german = (
        GERMAN_HEAD
        + "Die Slowakei unterstützt den Beitritt Moldaus zum Stromnetz. Einen NATO-Beitritt "
        "Moldaus lehnt die Slowakei dagegen ab."
    )
    found = positions(start(bot, tmp_path, {"a.txt": german}))
    assert "NATO" not in found


def test_what_a_whose_clause_tells_of_an_actor_in_passing_waits_for_review(bot, tmp_path):
    # Said plainly, the side is applied; told in an aside about the actor, it is not.
    start_from(
        bot,
        tmp_path,
        "Moldova wants to join the regional power grid by the winter.\n\n"
        "Serbia, whose prime minister has spoken out against the power grid deal, has said "
        "little since. Hungary rejects the power grid deal.",
    )
    rows = applied(bot)
    assert rows.get("Hungary") == "opposes"
    assert "Serbia" not in rows


MISSION = (
    "Title: Police from abroad for Haiti\nSource: Test Wire\nPublished: 2024-06-25\n\n"
    "The first officers of the security mission arrived in Haiti on Tuesday.\n\n"
    "Benin is ready to send up to 2,000 police officers to the mission.\n"
)


@pytest.mark.parametrize(
    ("title", "taken"),
    [
        # A story about sending people somewhere takes the verbs of sending.
        ("The security mission in Haiti", {"Benin": "supports"}),
        # A mission of talks sends nobody: offering officers is no side on it.
        ("The peace mission to Haiti", {}),
    ],
)
def test_a_mission_s_story_reads_readiness_to_send_as_taking_part(bot, tmp_path, title, taken):
    start(bot, tmp_path, {"a.txt": MISSION}, title=title)
    assert applied(bot) == taken


def test_a_forecast_of_what_someone_will_do_is_left_to_review(bot, tmp_path):
    started = start_from(
        bot,
        tmp_path,
        VOTED + "Romania is expected to back Moldova joining the power grid. Bulgaria supports "
        "Moldova joining the power grid and is expected to sign the deal soon.",
    )
    assert "Romania" not in applied(bot)
    assert applied(bot).get("Bulgaria") == "supports"
    assert "Romania" in {p["actor"] for p in started["proposals"] if p.get("kind") == "stance"}


def test_keeping_to_a_side_already_taken_is_taking_it(bot, tmp_path):
    german = (
        DISPUTED_DE
        + "Ungarn hält an seinem Widerstand gegen den Beitritt fest. Auch Polen bleibt bei "
        "seiner Ablehnung. Rumänien steht zu seiner Zusage.\n"
    )
    english = article(
        "2024-03-05",
        DISPUTED_EN
        + "Bulgaria maintained its opposition to Moldova joining the power grid. Slovakia "
        "reaffirmed its support for Moldova joining the grid. Greece maintained its "
        "opposition to Ukraine's membership of NATO.",
    )
    start(bot, tmp_path, {"a.txt": german, "b.txt": english})
    found = applied(bot)
    assert found.get("Bulgaria") == "opposes" and found.get("Slovakia") == "supports"
    # Opposition to something else is no side on the grid.
    assert "Greece" not in found
    assert {k: found.get(k) for k in ("Hungary", "Poland", "Romania")} == {
        "Hungary": "opposes",
        "Poland": "opposes",
        "Romania": "supports",
    }


def test_the_news_or_the_person_backed_before_an_adverb_or_what_is_said_next(bot, tmp_path):
    text = (
        "Title: Berg re-elected\nSource: Test Wire\nPublished: 2024-07-18\n\n"
        "The European Parliament re-elected Anna Berg as Commission president on Thursday.\n\n"
        "Poland supports the nomination too, and said Warsaw had got a fair deal. "
        "Ukraine welcomed her re-election and said Kyiv counted on her support.\n"
    )
    start(bot, tmp_path, {"a.txt": text}, title="Anna Berg's second term as Commission president")
    found = applied(bot)
    assert found.get("Poland") == "supports" and found.get("Ukraine") == "supports"


def test_backing_another_actor_s_decision_is_backing_the_news(bot, tmp_path):
    start_from(
        bot,
        tmp_path,
        "Romania will connect Moldova to its power grid, the government in Bucharest said on "
        "Monday. Poland welcomed the Romanian decision. Hungary welcomed Bucharest's move.",
    )
    found = applied(bot)
    assert found.get("Poland") == "supports" and found.get("Hungary") == "supports"


def test_a_name_an_apposition_tells_of_is_an_organisation_of_its_own(bot, tmp_path):
    start_from(
        bot,
        tmp_path,
        "Hungary backs Moldova joining the power grid.\n\n"
        "Enerdi, the energy workers' union, opposes Moldova joining the power grid.",
    )
    found = applied(bot)
    # Not the actor before it, and a name ending like a demonym all the same.
    assert found.get("Enerdi") == "opposes" and found.get("Hungary") == "supports"


def test_urging_others_to_agree_to_it_or_to_reject_it_takes_a_side(bot, tmp_path):
    german = (
        DISPUTED_DE
        + "Rumänien rief die anderen Staaten auf, den Beitritt Moldaus zum Stromnetz rasch "
        "zu beschließen. Ungarn forderte die Partner auf, den Beitritt Moldaus zum Stromnetz "
        "zu stoppen.\n"
    )
    english = article(
        "2024-03-05",
        DISPUTED_EN
        + "Poland urged the other governments to agree to Moldova joining the power grid. "
        "Greece urged Russia to agree to a ceasefire.",
    )
    start(bot, tmp_path, {"a.txt": german, "b.txt": english})
    found = applied(bot)
    assert (found.get("Romania"), found.get("Hungary"), found.get("Poland")) == (
        "supports",
        "opposes",
        "supports",
    )
    assert "Greece" not in found  # a ceasefire is another thing


def test_a_position_that_hangs_on_a_condition_after_it_waits_for_review(bot, tmp_path):
    german = (
        DISPUTED_DE + "Rumänien unterstützt den Beitritt Moldaus zum Stromnetz, wenn Chișinău die "
        "Leitungen selbst bezahlt.\n"
    )
    english = article(
        "2024-03-05",
        DISPUTED_EN
        + "Poland supports Moldova joining the power grid as long as the costs are shared. "
        "Slovakia supports Moldova joining the power grid, even if the costs are high.",
    )
    started = start(bot, tmp_path, {"a.txt": german, "b.txt": english})
    found = applied(bot)
    assert "Romania" not in found and "Poland" not in found
    assert {"Romania", "Poland"} <= {
        p["actor"] for p in started["proposals"] if p.get("kind") == "stance"
    }
    # "even if" is no condition on it.
    assert found.get("Slovakia") == "supports"


def test_a_side_taken_on_an_actor_the_articles_name_often_is_none_on_the_topic(bot, tmp_path):
    start_from(
        bot,
        tmp_path,
        "Moldova's bid to join the power grid depends on Voltara, the company that would "
        "build the line. Voltara, which is owned by a Dutch fund, says the line is ready. "
        "Voltara wants an answer by June.\n\n"
        "Hungary opened proceedings against Voltara on Tuesday. Poland supports Moldova "
        "joining the power grid.",
    )
    found = applied(bot)
    # "Voltara" is one of the topic's words for being said so often, but a case against
    # the company is no side on Moldova joining the grid.
    assert "Hungary" not in found and found.get("Poland") == "supports"


def test_what_cannot_be_done_without_something_is_no_plain_refusal(bot, tmp_path):
    german = (
        DISPUTED_DE + "Ungarn könne den Beitritt Moldaus zum Stromnetz ohne neue Leitungen nicht "
        "unterstützen, sagte der Minister.\n"
    )
    start(bot, tmp_path, {"a.txt": german})
    assert "Hungary" not in applied(bot)


def test_what_an_aside_tells_an_actor_did_long_ago_is_no_position_now(bot, tmp_path):
    started = start_from(
        bot,
        tmp_path,
        "Moldova's bid to join the power grid comes to a vote on Friday.\n\n"
        "Bulgaria, which voted against Moldova joining the power grid five years ago, has "
        "not yet decided. Greece, which rejected the power grid plan in 2019, has not yet "
        "decided either.",
    )
    found = positions(started)
    assert found.get("Bulgaria") == {"undecided"} and found.get("Greece") == {"undecided"}


def test_working_or_campaigning_for_it_backs_it(bot, tmp_path):
    german = (
        DISPUTED_DE
        + "Rumänien werde sich weiter für den Beitritt Moldaus zum Stromnetz einsetzen, hieß "
        "es in Bukarest. Polen warb erneut für den Beitritt Moldaus zum Stromnetz.\n"
    )
    start(bot, tmp_path, {"a.txt": german})
    found = applied(bot)
    assert (found.get("Romania"), found.get("Poland")) == ("supports", "supports")


def test_a_main_clause_joined_after_one_of_its_own_names_its_own_subject(bot, tmp_path):
    start_from(
        bot,
        tmp_path,
        DISPUTED_EN + "Romania then opened its border stations to Moldovan engineers, and Bulgaria "
        "opposes Moldova joining the power grid. Greece, Cyprus, and Malta oppose Moldova "
        "joining the power grid.",
    )
    found = applied(bot)
    assert found.get("Bulgaria") == "opposes" and "Romania" not in found
    # A list is no clause of its own: all three hold it.
    assert {found.get(k) for k in ("Greece", "Cyprus", "Malta")} == {"opposes"}


def test_back_as_the_adverb_of_another_verb_is_no_backing(bot, tmp_path):
    start_from(
        bot,
        tmp_path,
        "Moldova's bid to join the power grid comes to a vote on Friday.\n\n"
        "Slovakia also held back. Hungary said the old worries about the power grid were "
        "back. Poland backs Moldova joining the power grid.",
    )
    found = applied(bot)
    assert found.get("Poland") == "supports"
    assert "Slovakia" not in found and "Hungary" not in found


def test_refusing_a_bad_version_of_it_is_no_refusal_of_it(bot, tmp_path):
    german = (
        DISPUTED_DE + "Rumänien werde kein schwaches Abkommen über das Stromnetz akzeptieren.\n"
    )
    english = article(
        "2024-03-05",
        "Talks on Moldova joining the power grid go on.\n\n"
        "Poland would not accept a weak deal on the power grid just to have one. "
        "Hungary rejects the power grid deal.",
    )
    start(bot, tmp_path, {"a.txt": german, "b.txt": english})
    found = applied(bot)
    assert "Poland" not in found and "Romania" not in found
    assert found.get("Hungary") == "opposes"


def test_a_commissioner_speaks_for_the_commission(bot, tmp_path):
    start_from(
        bot,
        tmp_path,
        "Moldova's bid to join the power grid comes to a vote on Friday.\n\n"
        "Energy Commissioner Kadri Simson, who drew up the plan, called the power grid deal "
        "a major step for Moldova.",
    )
    assert applied(bot).get("European Commission") == "supports"


def test_rejecting_it_by_a_pronoun_refuses_the_topic(bot, tmp_path):
    start_from(
        bot,
        tmp_path,
        "Moldova's bid to join the power grid came to a vote on Friday. Hungary supports "
        "Moldova joining the power grid. Bulgaria rejected it.",
    )
    assert applied(bot).get("Bulgaria") == "opposes"


def test_speaking_of_a_success_or_a_sham_takes_a_side(bot, tmp_path):
    german = (
        GERMAN_HEAD + "Moldau ist seit Montag an das regionale Stromnetz angeschlossen.\n\n"
        "Rumänien sprach von einem historischen Tag für das Stromnetz. Ungarn sprach von "
        "einem Etikettenschwindel.\n"
    )
    start(bot, tmp_path, {"a.txt": german})
    found = applied(bot)
    assert (found.get("Romania"), found.get("Hungary")) == ("supports", "opposes")


def test_a_title_glued_to_a_body_s_name_is_that_person_s_not_the_actor_before(bot, tmp_path):
    german = (
        GERMAN_HEAD + "Moldau ist seit Montag an das regionale Stromnetz angeschlossen.\n\n"
        "Rumänien begrüßte den Anschluss an das Stromnetz. NATO-Generalsekretär Jens "
        "Stoltenberg sprach von einem historischen Tag. EU-Energiekommissarin Kadri Simson "
        "sprach von einem großen Erfolg für das Stromnetz.\n"
    )
    started = start(bot, tmp_path, {"a.txt": german})
    found = positions(started)
    # Neither is Romania's voice; the commissioner is the Commission's.
    assert found.get("Romania") == {"supports"}
    assert found.get("European Commission") == {"supports"}


def test_what_the_actor_s_own_spokesman_says_it_does_is_its_plain_statement(bot, tmp_path):
    start_from(
        bot,
        tmp_path,
        VOTED + "A government spokesman said Bulgaria firmly rejected the plan to connect Moldova "
        "to the power grid. Diplomats said Slovakia opposed Moldova joining the power grid. "
        "Foreign Minister Anna Berg said Serbia opposed Moldova joining the power grid.",
    )
    found = applied(bot)
    assert found.get("Bulgaria") == "opposes"
    # Others reporting it, or someone not known to speak for it, is no plain statement.
    assert "Slovakia" not in found and "Serbia" not in found


def test_two_small_words_before_the_actor_still_open_the_sentence_with_it(bot, tmp_path):
    start(bot, tmp_path, {"a.txt": DISPUTED_DE + "Auch der Tschad hält an seiner Zusage fest.\n"})
    assert applied(bot).get("Chad") == "supports"


def test_undecided_on_a_thing_is_undecided_on_its_undoing(bot, tmp_path):
    text = article(
        "2024-03-04",
        "Several donors suspended their payments to the grid fund in January.\n\n"
        "The Netherlands remains undecided on the grid fund payments.",
    )
    start(bot, tmp_path, {"a.txt": text}, title="Suspending and resuming the grid fund payments")
    assert applied(bot).get("Netherlands") == "undecided"


def test_pressing_for_it_to_be_reopened_is_opposing_it(bot, tmp_path):
    start_from(
        bot,
        tmp_path,
        VOTED + "Hungary rejected the power grid deal. Hungary said it would press for the power "
        "grid deal to be reopened.",
    )
    assert applied(bot).get("Hungary") == "opposes"


def test_who_a_bare_against_names_is_what_it_is_against(bot, tmp_path):
    started = start_from(
        bot,
        tmp_path,
        VOTED
        + "European Union governments opened proceedings against Romania, Bulgaria and Serbia "
        "on Friday, the first time the rules have been used against members that break the "
        "power grid deal.",
    )
    # Not even a proposal for review: they hold no position in it.
    assert not {"Romania", "Bulgaria", "Serbia"} & set(positions(started))


def test_a_titled_person_the_table_knows_opens_the_sentence_for_their_country(bot, tmp_path):
    start_from(
        bot,
        tmp_path,
        VOTED
        + "Chancellor Olaf Scholz backs Moldova joining the power grid. Foreign Minister Anna "
        "Berg backs Moldova joining the power grid.",
    )
    found = applied(bot)
    assert found.get("Germany") == "supports"
    # A minister the table does not know speaks for no one it could name.
    assert set(found) == {"Germany"}


def test_an_organisation_opening_the_sentence_after_also_or_in_full_before_its_acronym(
    bot, tmp_path
):
    german = (
        DISPUTED_DE + "Auch das Energiehilfswerk Lumen bleibt bei seiner Ablehnung des Beitritts "
        "Moldaus zum Stromnetz. Auch der Europäische Netzbetreiberbund (ENB) bleibt bei "
        "seiner Ablehnung des Beitritts Moldaus zum Stromnetz.\n"
    )
    start(bot, tmp_path, {"a.txt": german})
    found = applied(bot)
    assert found.get("Lumen") == "opposes" and found.get("ENB") == "opposes"


def test_the_government_of_a_person_the_table_knows_is_their_country_s(bot, tmp_path):
    said = "Die Regierung von Olaf Scholz unterstützt den Beitritt Moldaus zum Stromnetz.\n"
    later = GERMAN_HEAD.replace("2024-03-04", "2024-03-06")
    start(bot, tmp_path, {"a.txt": DISPUTED_DE + said, "b.txt": later + said})
    assert applied(bot).get("Germany") == "supports"


def test_a_company_named_with_a_country_s_word_is_not_the_country(bot, tmp_path):
    started = start_from(
        bot,
        tmp_path,
        VOTED
        + "U.S. Steel backs Moldova joining the power grid. Deutsche Bank rejected the plan to "
        "connect Moldova to the power grid.",
    )
    found = positions(started)
    assert found.get("U.S. Steel") == {"supports"} and found.get("Deutsche Bank") == {"opposes"}
    assert "United States" not in found and "Germany" not in found
