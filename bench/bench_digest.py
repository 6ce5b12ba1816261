"""Digest build time for 1, 100 and 1,000 generated articles.

Each article has ~20 news-like sentences: a few taken from the seed article, the
rest generated from a word list (officials, verbs, objects, dates, numbers), in
paragraphs. Bodies are split with ``digests.sentences.split_sentences`` before
timing, as ingest does, so the timed part is ``digests.digest.build_digest`` alone
(key-point ranking, the stance table at a glance, deadlines, changes, sources) on
the seeded stance table loaded from a fresh database.

Headline (last line): build time for 1,000 articles, median of several runs.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

# _common first: it sets sys.dont_write_bytecode before the project is imported.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common

from bot.config.settings import Settings
from bot.core.newsbot import NewsBot
from bot.storage.reads import changes_since, load_table
from digests.digest import DigestInput, build_digest
from digests.model import ArticleText
from digests.sentences import split_sentences

SUBJECTS = [
    "The German defence minister",
    "French President Emmanuel Macron",
    "A spokesperson for the Polish government",
    "EU diplomats in Brussels",
    "The Dutch foreign ministry",
    "The NATO Secretary General",
    "Officials in Washington",
    "The Italian prime minister",
    "Several Baltic governments",
    "The European Commission",
    "Military planners in Paris",
    "A senior Ukrainian commander",
    "The Spanish government",
    "Chancellor Olaf Scholz",
    "The British defence secretary",
    "Hungary's foreign minister",
    "A senior EU official",
    "The head of the EU military staff",
    "Swedish officials",
    "Danish Prime Minister Mette Frederiksen",
    "The Kremlin",
    "Ukraine's defence ministry",
]
VERBS = [
    "said",
    "warned",
    "confirmed",
    "denied",
    "announced",
    "insisted",
    "suggested",
    "argued",
    "told reporters",
    "stressed",
    "made clear",
    "signalled",
    "conceded",
    "repeated",
]
ACTORS = [
    "France",
    "Germany",
    "the United States",
    "Poland",
    "the Netherlands",
    "Italy",
    "Spain",
    "the three Baltic states",
    "Britain",
    "Denmark",
    "Sweden",
    "the coalition",
    "the EU",
    "Berlin",
    "Paris",
    "Washington",
    "Kyiv",
    "Brussels",
]
ACTIONS = [
    "send",
    "train",
    "deploy",
    "finance",
    "deliver",
    "review",
    "extend",
    "reject",
    "support",
    "postpone",
    "expand",
    "approve",
    "block",
    "revise",
    "launch",
    "coordinate",
]
OBJECTS = [
    "military trainers to western Ukraine",
    "air defence systems to Kyiv",
    "the EUMAM training mandate",
    "additional artillery ammunition",
    "a multinational coalition of the willing",
    "instructors for Ukrainian brigades",
    "the new sanctions package",
    "funds from frozen Russian assets",
    "a plan for joint arms procurement",
    "security guarantees for Ukraine",
    "mine-clearing teams near the front line",
    "pilot training on F-16 fighter jets",
    "the training of Ukrainian recruits on Polish soil",
    "logistics hubs close to the border",
    "medical evacuation flights",
    "a headquarters for the training mission",
]
WHEN = [
    "in the coming days",
    "before the summer",
    "by November",
    "after the NATO summit",
    "within weeks",
    "next month",
    "before the end of the year",
    "as early as July",
    "once the mandate is revised",
    "after the European elections",
]
EXTRAS = [
    "citing the risk of escalation",
    "according to two people familiar with the talks",
    "despite resistance from several capitals",
    "as talks continued in Brussels",
    "without giving details",
    "in an interview with public broadcaster",
    "after a meeting of defence ministers",
    "on the sidelines of the summit",
    "in a letter seen by reporters",
    "during a visit to the front line",
    "amid growing pressure from parliament",
    "to the surprise of allied governments",
]
MODALS = ["will", "will not", "cannot", "must", "should", "are ready to", "are not ready to"]
NUMBERS = ["1,500", "3,000", "10,000", "40,000", "52,000", "two dozen", "several hundred"]
MONTHS = ["January", "February", "March", "April", "May", "June", "October", "last year"]
SOURCES = [
    "Reuters",
    "AFP",
    "Politico Europe",
    "WELT AM SONNTAG",
    "Le Monde",
    "Financial Times",
    "Kyiv Independent",
    "Der Spiegel",
    "Rzeczpospolita",
    "ANSA",
]
FILLER = ["Read more.", "BRUSSELS –", "Photo: AFP", "Updated at 14:05."]


def _sentence(rng: random.Random) -> str:
    c = rng.choice
    form = rng.randrange(6)
    if form == 0:
        return (
            f"{c(SUBJECTS)} {c(VERBS)} that {c(ACTORS)} would {c(ACTIONS)} {c(OBJECTS)} {c(WHEN)}."
        )
    if form == 1:
        who = c(SUBJECTS)
        if who.startswith(("The ", "A ", "Several ")):
            who = who[0].lower() + who[1:]
        return f"“We {c(MODALS)} {c(ACTIONS)} {c(OBJECTS)} {c(WHEN)},” {who} {c(VERBS)}."
    if form == 2:
        return (
            f"{c(SUBJECTS)} {c(VERBS)} {c(EXTRAS)} that {c(ACTORS)} planned to "
            f"{c(ACTIONS)} {c(OBJECTS)}."
        )
    if form == 3:
        return (
            f"The mission has trained about {c(NUMBERS)} Ukrainian soldiers since {c(MONTHS)}, "
            f"{c(EXTRAS)}."
        )
    if form == 4:
        actor = c(ACTORS)
        actor = actor[0].upper() + actor[1:]
        return f"{actor} is expected to {c(ACTIONS)} {c(OBJECTS)} {c(WHEN)}, {c(EXTRAS)}."
    return (
        f"Mr. Macron's plan to {c(ACTIONS)} {c(OBJECTS)} met with scepticism in {c(ACTORS)}, "
        f"{c(EXTRAS)}."
    )


def generate_bodies(n: int, seed_sentences: list[str], seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    bodies = []
    for _ in range(n):
        sentences = [_sentence(rng) for _ in range(rng.randint(13, 17))]
        for s in rng.sample(seed_sentences, min(5, len(seed_sentences))):
            sentences.insert(rng.randrange(len(sentences) + 1), s)
        if rng.random() < 0.3:
            sentences.insert(0, rng.choice(FILLER))
        paragraphs, i = [], 0
        while i < len(sentences):
            k = rng.randint(2, 4)
            paragraphs.append(" ".join(sentences[i : i + k]))
            i += k
        bodies.append("\n\n".join(paragraphs))
    return bodies


def main() -> int:
    p = _common.parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1,100,1000", help="article counts (default 1,100,1000)")
    p.add_argument(
        "--profile",
        action="store_true",
        help="cProfile one build of the largest size and print the top entries",
    )
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"bench_digest — {_common.machine()}")

    with _common.temp_database(args.db) as url:
        print(f"database: {_common.describe_db(url)}")
        bot = NewsBot(Settings(database_url=url), clock=lambda: _common.NOW)
        with bot.session() as session:
            table = load_table(session)
            changes = changes_since(session, None)
        bot.engine.dispose()

    articles_dir = Settings().seeds_dir / "articles"
    seed_sentences = [
        s
        for path in sorted(articles_dir.glob("*.txt"))
        for s in split_sentences(path.read_text(encoding="utf-8"))
    ]

    t0 = time.perf_counter()
    bodies = generate_bodies(max(sizes), seed_sentences)
    t_gen = time.perf_counter() - t0
    # Split as at ingest (add_article). pysbd is slow (see the printed figure), so only
    # the first 100 bodies are timed here; the rest are split on all cores.
    timed = min(100, len(bodies))
    t0 = time.perf_counter()
    split = [split_sentences(b) for b in bodies[:timed]]
    t_split = (time.perf_counter() - t0) / timed
    if len(bodies) > timed:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
            split += pool.map(split_sentences, bodies[timed:], chunksize=50)
    rng = random.Random(3)
    base = date(2024, 6, 9)
    articles = [
        ArticleText(
            slug=f"{i:05d}-article",
            title=f"Trainer coalition: report {i}",
            source=rng.choice(SOURCES),
            published=base - timedelta(days=rng.randrange(0, 60)),
            sentences=tuple(sentences),
            url=f"https://example.org/news/{i}",
        )
        for i, sentences in enumerate(split)
    ]
    n_sent = sum(len(a.sentences) for a in articles)
    n_words = sum(len(s.split()) for a in articles for s in a.sentences)
    print(
        f"{len(articles)} articles generated in {t_gen:.2f} s: {n_sent / len(articles):.1f} "
        f"sentences and {n_words / len(articles):.0f} words per article on average"
    )
    print(
        f"split_sentences (ingest, not part of the digest): {t_split * 1000:.2f} ms per article "
        f"(timed on {timed})"
    )
    print(
        f"stance table: {len(table.actors)} actors, {len(table.stances)} rows, "
        f"{len(table.items)} items; {len(changes)} changes"
    )
    print()

    results: dict[int, float] = {}
    print(f"{'articles':>9} {'runs':>5} {'median':>11} {'min':>11} {'ms/article':>11}  key points")
    for size in sizes:
        data = DigestInput(
            articles=articles[:size], table=table, today=_common.NOW.date(), changes=changes
        )
        build_digest(data)  # warm-up
        runs = 20 if size <= 10 else 10 if size <= 100 else 5
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            doc = build_digest(data)
            times.append(time.perf_counter() - t0)
        med = _common.median(times)
        results[size] = med
        bullets = next((b for b in doc.blocks if type(b).__name__ == "Bullets"), None)
        points = len(bullets.items) if bullets is not None else 0  # type: ignore[attr-defined]
        print(
            f"{size:9d} {runs:5d} {med * 1000:8.1f} ms {min(times) * 1000:8.1f} ms "
            f"{med / size * 1000:11.3f}  {points}"
        )

    print()
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        growth = (results[large] - results[small]) / (large - small) * 1000
        print(
            f"growth: {growth:.3f} ms per extra article ({small} → {large}); "
            f"×{results[large] / results[small]:.0f} time for ×{large // small} articles"
        )
        if len(sizes) > 2:
            mid = sizes[1]
            print(
                f"        {(results[large] - results[mid]) / (large - mid) * 1000:.3f} ms per "
                f"extra article ({mid} → {large})"
            )

    if args.profile:
        import cProfile
        import pstats

        data = DigestInput(
            articles=articles[: max(sizes)], table=table, today=_common.NOW.date(), changes=changes
        )
        prof = cProfile.Profile()
        prof.enable()
        build_digest(data)
        prof.disable()
        pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(20)
        pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(12)

    largest = max(sizes)
    _since_and_charts(articles[:largest], table, changes)
    print(f"digest_build_{largest}_articles: {results[largest] * 1000:.1f} ms")
    return 0


def _since_and_charts(articles: list[ArticleText], table, changes) -> None:  # type: ignore[no-untyped-def]
    """The morning case (a channel whose last digest had all but the ten newest articles)
    and the pictures a digest carries: the map, and the timeline ``newsbot chart`` draws."""
    from datetime import datetime

    since = datetime.combine(_common.NOW.date() - timedelta(days=1), datetime.min.time())
    previous = {"articles": [a.slug for a in articles[10:]], "points": []}
    data = DigestInput(
        articles=articles,
        table=table,
        today=_common.NOW.date(),
        changes=changes,
        since=since,
        previous=previous,
        in_channel=True,
    )
    build_digest(data)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        build_digest(data)
        times.append(time.perf_counter() - t0)
    print(
        f"new since the last digest ({len(articles)} stored, 10 new): "
        f"{_common.median(times) * 1000:.1f} ms median of 5"
    )

    t0 = time.perf_counter()
    from digests import chart

    chart._countries()
    import matplotlib.backends.backend_agg  # noqa: F401  (the import a first picture pays)

    loaded = time.perf_counter() - t0
    print(f"chart: first import of matplotlib and the country shapes {loaded:.2f} s")
    for kind in chart.KINDS:
        chart.draw(kind, table, title="bench", today=_common.NOW.date())  # warm-up
        times = []
        size = 0
        for _ in range(5):
            t0 = time.perf_counter()
            picture = chart.draw(kind, table, title="bench", today=_common.NOW.date())
            times.append(time.perf_counter() - t0)
            size = len(picture.png)
        print(
            f"chart {kind}: {_common.median(times) * 1000:.0f} ms median of 5 "
            f"(min {min(times) * 1000:.0f} ms), {size / 1024:.0f} KiB PNG"
        )


if __name__ == "__main__":
    raise SystemExit(main())
