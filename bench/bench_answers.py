"""Answer throughput and latency: the seeded table, and a generated 1,000 × 20 table.

1. Seeded: ``NewsBot.answer()`` on a fresh database seeded from ``seeds/`` — the
   production path, answerer cached (each call still checks the table version).
   The bare ``Answerer.answer()`` on the same table is timed too, to separate the
   per-call database check from the answering itself: once reading every question
   anew (the answerer keeps no readings), as a question nobody asked before costs, and
   once as the production answerer does, whose readings of questions asked before are
   kept for the table's version.
2. Generated: ``Answerer(StanceTable(...)).answer()`` on 1,000 actors (200 real
   countries, 800 made-up organisations) × 20 topics = 20,000 stance rows, every
   question read anew; the growth figures compare it with the seeded table read anew.

Each runs a mixed set of ~30 questions (actor, who-, fact, item, unknown-actor)
after one warm-up round, repeated until a time budget is used up.

3. Dev set: the questions and conversations of ``tests/data/questions`` through
   ``NewsBot.answer()`` in their conversations, on a fresh database: the share of turns
   answered right, the share stating a position the table does not hold (invented or
   wrong), per family, and the time per turn.

Headline (last line): throughput on the generated table, in answers per second.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

# _common first: it sets sys.dont_write_bytecode before the project is imported.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common
import pycountry

# The dev set's loader and scorer live with the tests that hold it to a threshold.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import answer_devset

from bot.config.settings import Settings
from bot.core.newsbot import NewsBot
from bot.storage.reads import article_vocabulary
from digests.answer import Answerer
from digests.model import (
    ActorRecord,
    Evidence,
    FactKind,
    ItemRecord,
    Note,
    StanceRecord,
    StanceTable,
    Topic,
)

Question = tuple[str, str]  # (kind, text)

SEEDED_QUESTIONS: list[Question] = [
    ("actor", "What is Germany's position?"),
    ("actor", "Where does Berlin stand?"),
    ("actor", "What does France think about the trainer mission?"),
    ("actor", "What is the UK's position?"),
    ("actor", "What did Kirby say?"),
    ("actor", "What is Scholz's position on training in Ukraine?"),
    ("actor", "Does Italy support the training mission?"),
    ("actor", "Is Spain against sending trainers?"),
    ("actor", "What is the position of the Baltic states?"),
    ("actor", "What does the EU think?"),
    ("actor", "What's Germnay's stance?"),
    ("actor", "Wie ist die Haltung Deutschlands?"),
    ("who", "Who opposes training in Ukraine?"),
    ("who", "Who supports the coalition?"),
    ("who", "Which countries are against the mission?"),
    ("who", "Who is undecided?"),
    ("who", "Which of the Baltic states were invited?"),
    ("who", "Who fears escalation?"),
    ("fact", "Was the UK invited?"),
    ("fact", "Was Germany invited?"),
    ("fact", "Who was invited?"),
    ("fact", "Who was not invited?"),
    ("item", "When is the EUMAM mandate revised?"),
    ("item", "When does the EUMAM mandate have to be extended?"),
    ("item", "What are the upcoming deadlines?"),
    ("item", "When will the coalition launch?"),
    ("unknown", "What is Japan's position?"),
    ("unknown", "What does Brazil think about the training mission?"),
    ("unknown", "What is Acme Corporation's position?"),
    ("unknown", "Where does Ruritania stand?"),
]

# ------------------------------------------------------------------ generated table

TOPICS = [
    # key, name, short name used in questions, keywords
    (
        "training-mission",
        "sending Western military trainers to Ukraine",
        "the trainer mission",
        ("training", "trainers", "mission", "soldiers", "instructors"),
    ),
    (
        "sanctions",
        "the new EU sanctions package against Russia",
        "the sanctions package",
        ("sanctions", "package", "russia", "embargo"),
    ),
    (
        "gas-cap",
        "a cap on the wholesale gas price",
        "the gas price cap",
        ("gas", "price", "cap", "energy"),
    ),
    (
        "migration-pact",
        "the EU pact on migration and asylum",
        "the migration pact",
        ("migration", "asylum", "pact", "border"),
    ),
    (
        "accession",
        "opening EU accession talks with Ukraine",
        "accession talks",
        ("accession", "enlargement", "membership", "talks"),
    ),
    (
        "frozen-assets",
        "using frozen Russian assets for Ukraine",
        "the frozen assets plan",
        ("frozen", "assets", "windfall", "reserves"),
    ),
    (
        "air-shield",
        "a joint European air defence shield",
        "the air defence shield",
        ("air", "defence", "shield", "missile"),
    ),
    (
        "defence-bonds",
        "joint EU borrowing for defence",
        "defence bonds",
        ("bonds", "borrowing", "eurobonds", "debt"),
    ),
    (
        "ev-tariffs",
        "tariffs on electric vehicles made in China",
        "the EV tariffs",
        ("tariffs", "electric", "vehicles", "cars", "duties"),
    ),
    (
        "mercosur",
        "the EU-Mercosur trade agreement",
        "the Mercosur deal",
        ("mercosur", "trade", "agreement", "beef"),
    ),
    (
        "nature-law",
        "the nature restoration law",
        "the nature law",
        ("nature", "restoration", "biodiversity", "farmland"),
    ),
    (
        "combustion-ban",
        "the 2035 ban on new combustion-engine cars",
        "the combustion engine ban",
        ("combustion", "engine", "ban", "efuels"),
    ),
    (
        "fiscal-rules",
        "reforming the EU fiscal rules",
        "the fiscal rules",
        ("fiscal", "deficit", "budget", "rules"),
    ),
    (
        "nuclear-label",
        "labelling nuclear power as a green investment",
        "the nuclear label",
        ("nuclear", "taxonomy", "green", "reactors"),
    ),
    (
        "chat-control",
        "scanning private messages for abuse material",
        "chat control",
        ("scanning", "messages", "encryption", "chat"),
    ),
    (
        "schengen",
        "admitting Romania and Bulgaria to Schengen",
        "Schengen enlargement",
        ("schengen", "border", "checks", "passport"),
    ),
    (
        "grain",
        "limiting imports of Ukrainian grain",
        "the grain import limits",
        ("grain", "imports", "wheat", "farmers"),
    ),
    (
        "ai-act",
        "the AI Act's rules on general-purpose models",
        "the AI rules",
        ("artificial", "intelligence", "models", "ai"),
    ),
    (
        "shells",
        "delivering a million artillery shells to Ukraine",
        "the ammunition plan",
        ("artillery", "shells", "ammunition", "munitions"),
    ),
    (
        "unanimity",
        "ending unanimity in EU foreign policy",
        "majority voting",
        ("unanimity", "veto", "majority", "voting"),
    ),
]

ORG_REGIONS = (
    "Northern Atlantic Baltic Danube Alpine Continental Pacific Nordic Eastern Central "
    "Mediterranean Arctic Iberian Carpathian Adriatic Caspian Celtic Pannonian Aegean Rhine"
).split()
ORG_FIELDS = (
    "Energy Maritime Defence Trade Farmers Steel Rail Fisheries Digital Health Security "
    "Transport Water Space Chemical Textile Banking Aviation"
).split()
ORG_TYPES = (
    "Council Forum Association Federation Alliance Institute Agency Chamber Confederation "
    "Commission League Network"
).split()

# Words for news-like summaries and quotes.
REASONS = [
    "fears a significant risk of escalation",
    "says the costs would fall on its own industry",
    "wants a common European answer first",
    "points to the legal risks of the plan",
    "argues that the timing is wrong",
    "says its partners have already agreed",
    "calls the proposal a matter of credibility",
    "wants guarantees for its farmers and workers",
    "is waiting for the Commission's impact assessment",
    "insists on a unanimous decision by the member states",
    "sees good reasons to act quickly",
    "says the plan would divide the alliance",
]
VERBS = {
    "supports": "backs",
    "opposes": "rejects",
    "undecided": "has not decided on",
    "mixed": "is divided over",
    "unknown": "has said nothing about",
}
QUOTES = [
    "“We will not take part in this, and that will continue to be the case,” {who} said on Friday.",
    "“Several partners have already agreed, and we will move ahead in the coming days,” "
    "{who} told reporters.",
    "{who} said at a meeting of ministers at the end of May that the plan {verb} its interests.",
    "“This is a question of credibility for Europe,” a spokesperson for {who} said in Brussels.",
    "According to diplomats, {who} made it clear several times during internal negotiations "
    "that it {verb} the proposal.",
    "“We need more time to look at the details before we commit,” {who} said in a statement.",
]
SOURCES = ["Reuters", "Politico Europe", "WELT AM SONNTAG", "Le Monde", "Financial Times", "AFP"]


def _country_name(country: object) -> str:
    name: str = getattr(country, "common_name", None) or country.name  # type: ignore[attr-defined]
    if "," in name or "(" in name:
        official = getattr(country, "official_name", None)
        name = official if official and "," not in official else name.split(",")[0]
        name = re.sub(r"\s*\([^)]*\)", "", name).removeprefix("the ")
    return name


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def generate_table(n_actors: int = 1000, n_countries: int = 200, seed: int = 42):
    """A StanceTable of n_actors × 20 topics, plus the names the questions use."""
    rng = random.Random(seed)
    all_countries = sorted(pycountry.countries, key=lambda c: c.alpha_2)
    must = {"DE", "FR", "IT", "PL", "ES", "NL"}
    rest = [c for c in all_countries if c.alpha_2 not in must]
    chosen = [c for c in all_countries if c.alpha_2 in must]
    chosen += rng.sample(rest, n_countries - len(chosen))
    chosen_codes = {c.alpha_2 for c in chosen}
    unlisted = [_country_name(c) for c in all_countries if c.alpha_2 not in chosen_codes]

    actors: list[ActorRecord] = []
    for c in chosen:
        name = _country_name(c)
        actors.append(ActorRecord(key=_slug(name), name=name, country_code=c.alpha_2))
    combos = [(r, f, t) for r in ORG_REGIONS for f in ORG_FIELDS for t in ORG_TYPES]
    rng.shuffle(combos)
    acronyms: set[str] = set()
    orgs: list[tuple[str, str | None]] = []
    for region, fld, kind in combos[: n_actors - len(actors)]:
        name = f"{region} {fld} {kind}"
        acronym = f"{region[0]}{fld[0]}{kind[0]}"
        alias = None
        if acronym not in acronyms and rng.random() < 0.3:
            acronyms.add(acronym)
            alias = acronym
        actors.append(
            ActorRecord(
                key=_slug(name),
                name=name,
                kind="organisation",
                aliases=(alias,) if alias else (),
                description=f"A made-up {fld.lower()} {kind.lower()} of the {region} region",
            )
        )
        orgs.append((name, alias))

    topics = [Topic(key=k, name=n, keywords=kw) for k, n, _, kw in TOPICS]
    facts = [
        FactKind(
            "invited",
            "invitation to the trainer coalition",
            "invited",
            "not invited",
            ("invited", "invite", "invitation", "letter"),
        ),
        # ``yes`` is one word, as in the seeds: the answerer matches every word of it
        # against the question, so "a signatory of the joint letter" would make any
        # question containing "the" a question about this fact.
        FactKind(
            "signed",
            "signature of the joint letter",
            "signed",
            "not signed",
            ("signatory", "signature", "sign"),
        ),
    ]
    base = date(2024, 6, 9)
    stances: list[StanceRecord] = []
    weights = [("supports", 3), ("opposes", 3), ("undecided", 2), ("mixed", 1), ("unknown", 2)]
    population = [s for s, w in weights for _ in range(w)]
    for actor in actors:
        for key, name, _, _ in TOPICS:
            stance = rng.choice(population)
            when = base - timedelta(days=rng.randrange(0, 120))
            reason = rng.choice(REASONS)
            summary = f"{actor.name} {VERBS[stance]} {name}; it {reason}."
            evidence = tuple(
                Evidence(
                    quote=rng.choice(QUOTES).format(who=actor.name, verb=VERBS[stance]),
                    source=rng.choice(SOURCES),
                    date=when,
                )
                for _ in range(rng.choice((1, 1, 2)))
            )
            notes: tuple[Note, ...] = ()
            if key == "training-mission" and rng.random() < 0.4:
                invited = rng.random() < 0.6
                notes = (
                    Note(
                        text=(
                            "Invited by letter to take part in the training mission."
                            if invited
                            else "No letter of invitation arrived."
                        ),
                        fact="invited",
                        value=invited,
                        evidence=evidence[0],
                    ),
                )
            elif key == "sanctions" and rng.random() < 0.3:
                notes = (
                    Note(
                        text="Signed the joint letter of the member states.",
                        fact="signed",
                        value=True,
                    ),
                )
            stances.append(
                StanceRecord(
                    actor=actor.key,
                    topic=key,
                    stance=stance,
                    summary=summary,
                    evidence=evidence,
                    notes=notes,
                    as_of=when,
                )
            )
    items = []
    for i, (key, name, short, _) in enumerate(TOPICS):
        short_name = short.removeprefix("the ")
        label = short_name[0].upper() + short_name[1:]
        items.append(
            ItemRecord(
                key=f"{key}-vote",
                name=f"{label} vote",
                status=rng.choice(("scheduled", "due", "announced", "postponed")),
                due=base + timedelta(days=7 * (i + 1)),
                description=f"The Council vote on {name}.",
                aliases=(f"{short_name} vote", f"vote on {short_name}"),
            )
        )
    table = StanceTable(actors=actors, topics=topics, facts=facts, stances=stances, items=items)
    return table, actors[:n_countries], orgs, unlisted


def generated_questions(
    countries: Sequence[ActorRecord],
    orgs: Sequence[tuple[str, str | None]],
    unlisted: Sequence[str],
) -> list[Question]:
    rng = random.Random(7)
    c = [a.name for a in rng.sample(list(countries), 6)]
    o = rng.sample([name for name, _ in orgs], 4)
    acronym = next(alias for _, alias in orgs if alias)
    u = rng.sample(list(unlisted), 2)
    return [
        ("actor", f"What is {c[0]}'s position?"),
        ("actor", f"Where does {c[1]} stand on the sanctions package?"),
        ("actor", f"What does the {o[0]} think about the migration pact?"),
        ("actor", f"Does {c[2]} support the gas price cap?"),
        ("actor", f"Is the {o[1]} against the combustion engine ban?"),
        ("actor", f"What is the {acronym}'s stance on the AI rules?"),
        ("actor", "What is Germnay's position on the trainer mission?"),
        ("actor", f"What is the position of {c[3]}?"),
        ("actor", f"Compare {c[4]} and {c[5]} on defence bonds"),
        ("actor", "Wie ist die Haltung Frankreichs zu den Sanktionen?"),
        ("who", "Who opposes the sanctions package?"),
        ("who", "Which countries support the Mercosur deal?"),
        ("who", "Who is undecided on the nature law?"),
        ("who", "Who fears escalation?"),
        ("who", "Who has a mixed position on the fiscal rules?"),
        ("who", "Who backs majority voting?"),
        ("fact", f"Was {c[0]} invited?"),
        ("fact", "Who was invited?"),
        ("fact", "Who was not invited?"),
        ("fact", f"Did the {o[2]} sign the joint letter?"),
        ("item", "When is the sanctions package vote?"),
        ("item", "What are the upcoming deadlines?"),
        ("item", "What is the status of the Mercosur deal vote?"),
        ("item", "When is the vote on the AI rules due?"),
        ("unknown", f"What is {u[0]}'s position?"),
        ("unknown", f"Where does {u[1]} stand on the grain import limits?"),
        ("unknown", "What is the Zorblax Institute's position?"),
        ("unknown", "Where does Ruritania stand?"),
        ("unknown", f"What does the {o[3].rsplit(' ', 1)[0]} Parliament think?"),
        ("unknown", "What about the weather in Lisbon?"),
    ]


# ------------------------------------------------------------------ measuring


def measure(
    answer: Callable[[str], object], questions: Sequence[Question], budget: float, min_rounds: int
) -> dict[str, object]:
    for _, text in questions:  # warm-up: caches, first-call costs
        answer(text)
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = defaultdict(list)
    by_question: dict[str, list[float]] = defaultdict(list)
    rounds = 0
    started = time.perf_counter()
    busy = 0.0
    while rounds < min_rounds or time.perf_counter() - started < budget:
        for kind, text in questions:
            t0 = time.perf_counter()
            answer(text)
            dt = time.perf_counter() - t0
            busy += dt
            latencies.append(dt)
            by_kind[kind].append(dt)
            by_question[text].append(dt)
        rounds += 1
    return {
        "n": len(latencies),
        "rounds": rounds,
        "rate": len(latencies) / busy,
        "p50": _common.percentile(latencies, 50),
        "p99": _common.percentile(latencies, 99),
        "max": max(latencies),
        "by_kind": {k: _common.median(v) for k, v in by_kind.items()},
        "slowest": sorted(((_common.median(v), q) for q, v in by_question.items()), reverse=True)[
            :3
        ],
    }


def report(label: str, m: dict[str, object]) -> None:
    ms = 1000.0
    print(f"  {label}")
    print(
        f"    {m['rate']:9.1f} answers/s   p50 {m['p50'] * ms:8.3f} ms   "
        f"p99 {m['p99'] * ms:8.3f} ms   max {m['max'] * ms:8.3f} ms   "
        f"({m['n']} answers, {m['rounds']} rounds)"
    )
    kinds = "   ".join(f"{k} {v * ms:.3f}" for k, v in m["by_kind"].items())  # type: ignore[attr-defined]
    print(f"    median ms by kind: {kinds}")
    for t, q in m["slowest"]:  # type: ignore[attr-defined]
        print(f"    slowest: {t * ms:8.3f} ms  {q}")


def score_devset(url: str) -> tuple[dict[str, dict[str, float]], list[float], list[str]]:
    clock = answer_devset.DevClock(_common.NOW)
    bot = NewsBot(Settings(database_url=url), clock=clock)
    try:
        outcomes = answer_devset.run(bot, clock.advance, answer_devset.load())
    finally:
        bot.engine.dispose()
    wrong = [f"[{o.family}] {o.say!r}: {'; '.join(o.problems)}" for o in outcomes if not o.right]
    return answer_devset.summary(outcomes), [o.seconds for o in outcomes], wrong


def main() -> int:
    p = _common.parser(__doc__.splitlines()[0])
    p.add_argument(
        "--seconds", type=float, default=4.0, help="time budget per measured mix (default 4)"
    )
    p.add_argument("--actors", type=int, default=1000)
    p.add_argument(
        "--profile",
        action="store_true",
        help="cProfile one round of the generated mix and print the top entries",
    )
    args = p.parse_args()
    print(f"bench_answers — {_common.machine()}")

    with _common.temp_database(args.db) as url:
        print(f"database: {_common.describe_db(url)}")
        t0 = time.perf_counter()
        bot = NewsBot(Settings(database_url=url), clock=lambda: _common.NOW)
        t_prepare = time.perf_counter() - t0
        t0 = time.perf_counter()
        answerer = bot.answerer()
        t_first = time.perf_counter() - t0
        with bot.session() as session:
            vocabulary = article_vocabulary(session)
        rebuilds = []
        for _ in range(5):
            t0 = time.perf_counter()
            Answerer(answerer.table, vocabulary=vocabulary, today=bot.today())
            rebuilds.append(time.perf_counter() - t0)
        seeded = measure(bot.answer, SEEDED_QUESTIONS, args.seconds, 5)
        # Every question read anew (no readings kept): what a question nobody asked
        # before costs, and what the growth below compares.
        fresh = Answerer(answerer.table, vocabulary=vocabulary, today=bot.today(), readings=0)
        bare = measure(fresh.answer, SEEDED_QUESTIONS, args.seconds / 2, 5)
        again = measure(answerer.answer, SEEDED_QUESTIONS, args.seconds / 4, 5)
        n_rows = len(answerer.table.stances)
        n_actors = len(answerer.table.actors)
        bot.engine.dispose()

    t0 = time.perf_counter()
    table, countries, orgs, unlisted = generate_table(args.actors)
    t_gen = time.perf_counter() - t0
    builds = []
    for _ in range(3):
        t0 = time.perf_counter()
        big = Answerer(table, today=_common.NOW.date(), readings=0)
        builds.append(time.perf_counter() - t0)
    questions = generated_questions(countries, orgs, unlisted)
    generated = measure(big.answer, questions, args.seconds, 3)

    print()
    print(
        f"seeded table: {n_actors} actors, {n_rows} stance rows; db set-up+seed {t_prepare:.2f} s"
    )
    print(
        f"  answerer build: first bot.answerer() {t_first * 1000:.1f} ms (load table + vocabulary "
        f"+ build, incl. country-library load); "
        f"rebuild median {_common.median(rebuilds) * 1000:.1f} ms"
    )
    report("NewsBot.answer() (production path: cached answerer + table-version query)", seeded)
    report("Answerer.answer() alone (same table, no database), each question read anew", bare)
    report("Answerer.answer() alone, questions asked again (their readings kept)", again)
    print()
    print(
        f"generated table: {len(table.actors)} actors ({len(countries)} countries), "
        f"{len(table.topics)} topics, {len(table.stances)} stance rows, {len(table.items)} items "
        f"(generated in {t_gen:.2f} s)"
    )
    print(
        f"  answerer build: first {builds[0]:.2f} s, median of {len(builds)} "
        f"{_common.median(builds):.2f} s (a table change rebuilds it all)"
    )
    report("Answerer.answer(), each question read anew", generated)
    print()
    print("growth (generated / seeded):")
    print(
        f"  p50 latency ×{generated['p50'] / bare['p50']:.1f} vs bare answerer, "
        f"×{generated['p50'] / seeded['p50']:.1f} vs NewsBot.answer()"
    )
    print(
        f"  p99 latency ×{generated['p99'] / bare['p99']:.1f} vs bare answerer, "
        f"×{generated['p99'] / seeded['p99']:.1f} vs NewsBot.answer()"
    )
    for kind in generated["by_kind"]:  # type: ignore[attr-defined]
        g = generated["by_kind"][kind]  # type: ignore[index]
        s = bare["by_kind"].get(kind)  # type: ignore[attr-defined]
        if s:
            print(f"  {kind:8s} median ×{g / s:.1f}")
    print(f"  rows ×{len(table.stances) / n_rows:.0f}, actors ×{len(table.actors) / n_actors:.0f}")

    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for _, text in questions:
            big.answer(text)
        prof.disable()
        pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(25)

    with _common.temp_database(args.db) as url:
        dev_scores, dev_times, dev_wrong = score_devset(url)
    print()
    n_turns = int(dev_scores["all"]["n"])
    print(
        f"dev set ({answer_devset.DEVSET.name}/*.toml): {n_turns} turns — right "
        f"{dev_scores['all']['right']:.1%}, invented or wrong position "
        f"{dev_scores['all']['invented']:.1%}; per turn p50 "
        f"{_common.percentile(dev_times, 50) * 1000:.2f} ms, p99 "
        f"{_common.percentile(dev_times, 99) * 1000:.2f} ms"
    )
    for family, figures in sorted(dev_scores.items()):
        if family != "all":
            print(
                f"  {family:12s} {int(figures['n']):4d} turns  right {figures['right']:6.1%}  "
                f"invented {figures['invented']:5.1%}"
            )
    for line in dev_wrong[:10]:
        print(f"  wrong: {line}")

    print(f"devset_right: {dev_scores['all']['right']:.3f}")
    print(f"devset_invented: {dev_scores['all']['invented']:.3f}")
    print(f"answers_per_second_seeded: {seeded['rate']:.0f} answers/s")
    print(f"answer_p99_generated: {generated['p99'] * 1000:.2f} ms")
    print(f"answerer_build_generated: {_common.median(builds):.2f} s")
    print(f"answers_per_second_generated: {generated['rate']:.1f} answers/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
