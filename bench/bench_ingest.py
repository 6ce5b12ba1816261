"""Ingest throughput: articles stored, fingerprinted, read and turned into proposals.

1. End to end: ``Ingestor.ingest()`` on 1,000 generated articles (~400 words each) into a
   fresh seeded database — the article row with its sentences, the MinHash fingerprint
   and near-duplicate check, the extraction, the proposal rows — one transaction each,
   as ``newsbot ingest FOLDER`` does. Peak memory: tracemalloc's peak of Python
   allocations during the run, and the process's peak RSS.
2. Extraction alone (``digests.extraction.extract``) on the same articles.
3. Growth with article length: extraction on articles of ~100 to ~6,400 words.
4. Growth with the number of known actors: the seeded table (31 actors) against tables
   with 300 and 1,000 actors (made-up organisations with acronyms, and people who speak
   for them); resolver build time apart.

Headline (last line): end-to-end articles ingested and extracted per second.
"""

from __future__ import annotations

import random
import resource
import sys
import time
import tracemalloc
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common

from bot.config.settings import Settings
from bot.core.newsbot import NewsBot
from bot.domain.author import Author
from bot.ingest.pipeline import Ingestor
from bot.storage.reads import load_table
from digests.actors import ActorResolver
from digests.extraction import ArticleInput, extract
from digests.model import ActorRecord, StanceTable

COUNTRIES = [
    "Germany",
    "France",
    "Spain",
    "Italy",
    "Poland",
    "Sweden",
    "Estonia",
    "Latvia",
    "Lithuania",
    "Denmark",
    "the Netherlands",
    "Hungary",
    "Finland",
    "Norway",
    "Portugal",
    "Greece",
    "Romania",
    "Austria",
    "Belgium",
    "Canada",
    "Japan",
    "Turkey",
]
PEOPLE = [
    ("Defence Minister", "Anna Berg"),
    ("Foreign Minister", "Jonas Lind"),
    ("Prime Minister", "Marta Ruiz"),
    ("President", "Karl Ots"),
    ("Chancellor", "Olaf Scholz"),
    ("Defence Minister", "Boris Pistorius"),
    ("spokesperson", "Lea Novak"),
]
CUES = [
    "is ready to send military instructors to Ukraine",
    "is not going to send trainers to Ukraine",
    "has ruled out deploying soldiers for training in Ukraine",
    "is considering sending instructors to western Ukraine",
    "has not taken a position on the training mission",
    "supports sending Western trainers into Ukraine",
    "rejected the idea of a training mission on Ukrainian soil",
]
QUOTES = [
    "We will not take part in this mission.",
    "It is not an option for us.",
    "If it comes up, we can take it into review.",
    "We are ready to contribute instructors.",
    "No and no.",
]
FILLER = [
    "Officials met in Brussels on Wednesday to discuss the next steps.",
    "The talks focused on air defence, ammunition and the financing of the effort.",
    "Diplomats said a decision was not expected before the summer.",
    "The ministry declined to give further details about the timetable.",
    "Several governments have trained Ukrainian soldiers on their own territory since 2022.",
    "The debate comes as the front line remains under heavy pressure in the east.",
    "Analysts said the plan would need broad support among member states.",
    "The EUMAM mandate will have to be extended later this year, officials said.",
    "The European External Action Service recommended extending the EUMAM mandate to 2026.",
]


SUBJECTS = [
    "Officials",
    "Diplomats",
    "Analysts",
    "Lawmakers",
    "Commanders",
    "Negotiators",
    "Observers",
    "Aid groups",
    "Economists",
    "Engineers",
    "Local leaders",
    "Envoys",
]
VERBS = [
    "discussed",
    "reviewed",
    "questioned",
    "outlined",
    "examined",
    "praised",
    "criticised",
    "described",
    "estimated",
    "reported",
    "mapped",
    "summarised",
]
OBJECTS = [
    "the supply routes",
    "the air defence budget",
    "the repair of power lines",
    "ammunition deliveries",
    "the winter preparations",
    "grain exports",
    "border crossings",
    "the reconstruction fund",
    "rail capacity",
    "medical evacuations",
    "drone production",
    "the training schedule",
    "fuel stocks",
    "the sanctions list",
]
PLACES = [
    "in Brussels",
    "in Warsaw",
    "near Kharkiv",
    "in Geneva",
    "in Rzeszow",
    "in Odesa",
    "in Vienna",
    "in Tallinn",
    "at the summit",
    "by video link",
    "in Rome",
    "in Lviv",
]


def filler(rng: random.Random) -> str:
    """A sentence about something else, varied enough that articles differ."""
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
        f"{rng.choice(PLACES)} on day {rng.randint(1, 900)}, citing {rng.randint(2, 99)} "
        f"reports and {rng.choice(OBJECTS)}."
    )


def article(rng: random.Random, n: int, words: int = 400) -> ArticleInput:
    paragraphs: list[str] = []
    count = 0
    while count < words:
        country = rng.choice(COUNTRIES)
        role, person = rng.choice(PEOPLE)
        kind = rng.random()
        if kind < 0.3:
            text = f"{country} {rng.choice(CUES)}, {role} {person} said on Monday."
        elif kind < 0.5:
            text = (
                f'"{rng.choice(QUOTES)}" {person} said after meeting counterparts from {country}.'
            )
        elif kind < 0.6:
            text = " ".join(rng.sample(FILLER, 2))
        else:
            text = " ".join(filler(rng) for _ in range(3))
        paragraphs.append(text)
        count += len(text.split())
    title = f"Generated report {n}: {rng.choice(COUNTRIES)} and the trainer mission"
    return ArticleInput(
        title=title,
        source=rng.choice(["Wire A", "Wire B", "Daily C"]),
        body="\n\n".join(paragraphs) + f"\n\nReference {n}-{rng.random():.12f}.",
        published=date(2024, 6, 1) + timedelta(days=n % 150),
    )


def big_table(table: StanceTable, extra: int, rng: random.Random) -> StanceTable:
    """The seeded table plus ``extra`` made-up actors: organisations and their people."""
    actors = list(table.actors)
    for i in range(extra):
        if i % 3 == 2:
            org = actors[-1]
            actors.append(
                ActorRecord(
                    key=f"person-{i}",
                    name=f"Alexa Quorvel{i}",
                    kind="person",
                    aliases=(f"Quorvel{i}",),
                    speaks_for=org.key,
                )
            )
        else:
            letters = "".join(rng.choice("BCDFGHKLMNPRSTVZ") for _ in range(4))
            actors.append(
                ActorRecord(
                    key=f"org-{i}",
                    name=f"{letters.title()} Defence Council {i}",
                    kind="organisation",
                    aliases=(f"{letters}{i}", f"the {letters.title()} council {i}"),
                )
            )
    return replace(table, actors=actors)


def time_extract(items: list[ArticleInput], table: StanceTable, resolver: ActorResolver) -> float:
    start = time.perf_counter()
    for item in items:
        extract(item, table, resolver)
    return time.perf_counter() - start


def main() -> None:
    p = _common.parser(__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=1000)
    args = p.parse_args()
    print(_common.machine())
    rng = random.Random(7)
    items = [article(rng, n) for n in range(args.articles)]
    warm = article(rng, -1)
    extra = [article(rng, args.articles + n) for n in range(100)]
    words = sum(len(a.body.split()) for a in items) / len(items)
    print(f"{len(items)} generated articles, {words:.0f} words on average")

    with _common.temp_database(args.db) as url:
        print(f"database: {_common.describe_db(url)}")
        bot = NewsBot(Settings(database_url=url), clock=lambda: datetime(2026, 11, 28, tzinfo=UTC))
        try:
            ingestor = Ingestor(bot)
            who = Author("bench", "local", "bench", "bench")
            ingestor.ingest(warm, who, notify=False)  # loads the table and fingerprints
            start = time.perf_counter()
            proposals = duplicates = 0
            for item in items:
                outcome = ingestor.ingest(item, who, notify=False)
                proposals += len(outcome.proposals)
                duplicates += not outcome.stored
            elapsed = time.perf_counter() - start
            # Memory in a second pass: tracemalloc slows Python down by half, so it is
            # kept out of the timed run.
            tracemalloc.start()
            for item in extra:
                ingestor.ingest(item, who, notify=False)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            with bot.session() as session:
                table = load_table(session)
        finally:
            bot.engine.dispose()
    rate = len(items) / elapsed
    print(
        f"end to end: {len(items)} articles in {elapsed:.1f} s = {rate:.1f} articles/s "
        f"({1000 * elapsed / len(items):.1f} ms each); {proposals} proposals, "
        f"{duplicates} near-duplicates skipped"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory: {peak / 2**20:.1f} MiB traced Python allocations while ingesting "
        f"{len(extra)} more; {rss:.0f} MiB peak RSS of the process"
    )

    resolver = ActorResolver(table.actors)
    sample = items[:200]
    alone = time_extract(sample, table, resolver)
    print(
        f"extraction alone: {1000 * alone / len(sample):.1f} ms per article "
        f"({len(sample) / alone:.1f} articles/s)"
    )

    print("growth with article length (extraction, seeded table):")
    base = None
    for size in (100, 400, 1600, 6400):
        longer = [article(random.Random(size + k), k, size) for k in range(20)]
        spent = time_extract(longer, table, resolver) / len(longer)
        n_words = sum(len(a.body.split()) for a in longer) / len(longer)
        base = base or spent / n_words
        print(
            f"  ~{n_words:5.0f} words: {1000 * spent:7.1f} ms/article, "
            f"{1e6 * spent / n_words:6.1f} µs/word (×{spent / n_words / base:.2f} per word)"
        )

    print("growth with known actors (extraction of 100 articles):")
    for extra in (0, 270, 970):
        bigger = big_table(table, extra, random.Random(extra))
        start = time.perf_counter()
        big_resolver = ActorResolver(bigger.actors)
        build = time.perf_counter() - start
        spent = time_extract(items[:100], bigger, big_resolver) / 100
        print(
            f"  {len(bigger.actors):5d} actors: {1000 * spent:6.1f} ms/article; "
            f"resolver build {1000 * build:.0f} ms"
        )
    print(f"ingest_articles_per_second: {rate:.1f} articles/s")


if __name__ == "__main__":
    main()
