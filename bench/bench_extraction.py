"""Extraction quality on the dev set: precision and recall of the proposals it makes.

The dev set (``tests/data/devset``) holds articles written for this project in many
shapes — wire copy with and without headers and datelines, web pages with menus and
sidebars, feed items, German reports, analysis, traps and unrelated stories — and
``expected.toml`` says what a careful reader would propose for each against the seeded
table. Every article is read on its own against that table, as ``newsbot ingest`` would.

Scored per proposal: a stance is right when its actor and stance are expected (and, for an
expectation marked ``review``, when it stays below the auto-apply threshold); an item change
is right when its item, status and dates (due, ends) are exactly the ones expected. Anything else it
proposes is wrong; anything expected it does not propose is missed. Also counted: wrong
proposals at or above the auto-apply confidence (the ones that would change the table by
themselves), and whether the article's date, source and title were read.

Articles marked ``split = "heldout"`` were written after the rules were tuned and are never
tuned on: their row is the figure for articles nobody tuned for.

A team can score its own language model the same way: ``--reader llm`` (the model alone) or
``--reader both`` (merged with the rules, as ingest merges them) with ``--llm-base-url URL``
of any OpenAI-compatible endpoint and ``--llm-model NAME`` (the key, if it needs one, from
``NEWSBOT_LLM_API_KEY``). The model's dropped statements and the tokens it used are
printed beside the scores.

``--devset DIR`` scores another set of the same shape, such as a batch written blind.

Headline (last line): ``extraction_f1`` over stance and item proposals together, all articles.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import _common
from scoring import Tally

from bot.config.settings import Settings
from bot.core.newsbot import NewsBot
from bot.ingest.feeds import item_article, parse_feed
from bot.ingest.llm_reader import READERS, LLMReader, combine
from bot.storage.reads import load_table
from digests.actors import ActorResolver
from digests.extraction import ArticleInput, Extraction, extract, from_html, from_text
from digests.model import StanceTable

DEVSET = _common.ROOT / "tests" / "data" / "devset"


@dataclass
class Score(Tally):
    wrong_auto: int = 0

    def add(self, other: Score) -> None:
        self.add_counts(other)
        self.wrong_auto += other.wrong_auto


@dataclass
class ArticleScore:
    file: str
    kind: str
    split: str
    stances: Score = field(default_factory=Score)
    items: Score = field(default_factory=Score)
    notes: list[str] = field(default_factory=list)
    header_right: int = 0
    header_checked: int = 0


def read_article(path: Path) -> ArticleInput:
    """The article the way ``newsbot ingest`` (or a feed poll) would read it."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".xml":
        title, entries = parse_feed(text)
        # Read from the feed's own text, nothing fetched: a link is not followed.
        return item_article(None, replace(entries[0], link=None), title)  # type: ignore[arg-type]
    if path.suffix in (".html", ".htm"):
        return from_html(text)
    return from_text(text)


def _names(spec: str) -> set[str]:
    return {n.strip().casefold() for n in spec.split("|")}


def score_article(
    entry: dict[str, Any], found: Extraction, threshold: float, article: ArticleInput
) -> ArticleScore:
    out = ArticleScore(entry["file"], entry["kind"], entry.get("split", "dev"))
    optional = {n.casefold() for n in entry.get("optional", [])}
    # ------------------------------------------------------------- stances
    wanted = list(entry.get("stances", []))
    matched: set[int] = set()
    for p in found.stances:
        actor = p.actor.casefold()
        if actor in optional:
            continue
        hit = next(
            (i for i, w in enumerate(wanted) if i not in matched and actor in _names(w["actor"])),
            None,
        )
        line = f"{p.actor}: {p.stance} ({p.confidence:.2f}) ← {p.evidence.quote[:90]!r}"
        if hit is not None and wanted[hit]["stance"] == p.stance:
            if wanted[hit].get("review") and p.confidence >= threshold:
                out.stances.wrong += 1
                out.stances.wrong_auto += 1
                out.notes.append(f"  AUTO  {line} — should go to review")
            else:
                out.stances.right += 1
            matched.add(hit)
            continue
        if hit is not None:
            matched.add(hit)
            out.stances.missed += 1  # the expected stance was not proposed either
            out.notes.append(f"  WRONG {line} — expected {wanted[hit]['stance']}")
        else:
            out.notes.append(f"  WRONG {line}")
        out.stances.wrong += 1
        if p.confidence >= threshold:
            out.stances.wrong_auto += 1
            out.notes[-1] = out.notes[-1].replace("  WRONG", "  AUTO ", 1)
    for i, w in enumerate(wanted):
        if i not in matched:
            out.stances.missed += 1
            out.notes.append(f"  MISS  {w['actor']}: {w['stance']}")
    # ------------------------------------------------------------- items
    wanted_items = {w["item"].casefold(): w for w in entry.get("items", [])}
    seen: set[str] = set()
    for p in found.items:
        name = p.item.casefold()
        if name in optional:
            continue
        got = {k: p.changes.get(k) for k in ("status", "due", "ends")}
        line = f"{p.item}: {got} ({p.confidence:.2f}) ← {p.evidence.quote[:90]!r}"
        w = wanted_items.get(name)
        if w is not None:
            seen.add(name)
            if got == {k: w.get(k) for k in ("status", "due", "ends")}:
                out.items.right += 1
                continue
            out.items.missed += 1
            out.notes.append(f"  WRONG {line} — expected {w}")
        else:
            out.notes.append(f"  WRONG {line}")
        out.items.wrong += 1
        if p.confidence >= threshold:
            out.items.wrong_auto += 1
            out.notes[-1] = out.notes[-1].replace("  WRONG", "  AUTO ", 1)
    for name, w in wanted_items.items():
        if name not in seen:
            out.items.missed += 1
            out.notes.append(f"  MISS  {w}")
    # ------------------------------------------------------------- segment
    checks = {
        "date": article.published.isoformat() if article.published else None,
        "source": article.source,
        "title": article.title,
    }
    for key, value in checks.items():
        if key in entry:
            out.header_checked += 1
            if value == entry[key]:
                out.header_right += 1
            else:
                out.notes.append(f"  HEAD  {key}: {value!r}, expected {entry[key]!r}")
    return out


def run(
    table: StanceTable,
    threshold: float,
    model: LLMReader | None = None,
    chosen=("rules",),
    folder: Path = DEVSET,
) -> tuple[list[ArticleScore], Counter[str], Counter[str]]:
    """Every dev-set article (of ``folder``) read as ingest reads it; with a model, also
    what of its replies was dropped (by reason) and the tokens it used."""
    manifest = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
    resolver = ActorResolver(table.actors)
    scores = []
    dropped: Counter[str] = Counter()
    tokens: Counter[str] = Counter()
    for entry in manifest["article"]:
        article = read_article(folder / entry["file"])
        reading = model.read(article, table, resolver) if model is not None else None
        if reading is not None:
            dropped.update(reading.grounded.dropped)
            tokens.update(reading.tokens)
            if reading.error:
                dropped[f"error: {reading.error}"] += 1
        found = combine(extract(article, table, resolver), reading, chosen)
        scores.append(score_article(entry, found, threshold, article))
    return scores, dropped, tokens


def _batch(file: str) -> str:
    """The batch an article was written in: its name's leading letters (d01 → d)."""
    return re.match(r"[a-z]*", file).group() or "?"  # type: ignore[union-attr]


def _counts(counts: Counter[str]) -> str:
    return ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))


def _row(label: str, s: Score) -> str:
    return (
        f"{label:<12} P {s.precision:5.2f}  R {s.recall:5.2f}  F1 {s.f1:5.2f}  "
        f"(right {s.right}, wrong {s.wrong}, missed {s.missed}, wrong ≥ auto {s.wrong_auto})"
    )


def main() -> None:
    p = _common.parser(__doc__.splitlines()[0])
    p.add_argument("-v", "--verbose", action="store_true", help="list every wrong and missed one")
    p.add_argument("--reader", choices=READERS, default="rules", help="who reads the articles")
    p.add_argument("--llm-base-url", help="an OpenAI-compatible endpoint, e.g. http://host/v1")
    p.add_argument("--llm-model", help="the model's name at that endpoint")
    p.add_argument("--llm-timeout", type=float, default=60.0, help="seconds per request")
    p.add_argument(
        "--devset",
        type=Path,
        default=DEVSET,
        help="another set in the same shape (DIR/expected.toml and its articles), such as "
        "one written blind to score a first run",
    )
    args = p.parse_args()
    if args.reader != "rules" and not args.llm_base_url:
        p.error(f"--reader {args.reader} needs --llm-base-url")
    print(_common.machine())
    threshold = Settings().ingest_apply_threshold
    model = None
    chosen: tuple[str, ...] = ("rules",)
    if args.reader != "rules":
        model = LLMReader(
            replace(
                Settings.from_env(dotenv=False),
                llm_base_url=args.llm_base_url,
                llm_model=args.llm_model,
                llm_timeout=args.llm_timeout,
            )
        )
        chosen = ("llm",) if args.reader == "llm" else ("rules", "llm")
    with _common.temp_database(args.db) as url:
        bot = NewsBot(Settings(database_url=url), clock=lambda: datetime(2026, 11, 28, tzinfo=UTC))
        try:
            with bot.session() as session:
                table = load_table(session)
        finally:
            bot.engine.dispose()
    scores, dropped, tokens = run(table, threshold, model, chosen, args.devset)
    by_kind: dict[str, Score] = defaultdict(Score)
    by_split: dict[str, Score] = defaultdict(Score)
    by_batch: dict[str, Score] = defaultdict(Score)
    stances, items, total = Score(), Score(), Score()
    header_right = header_checked = 0
    for s in scores:
        stances.add(s.stances)
        items.add(s.items)
        total.add(s.stances)
        total.add(s.items)
        by_kind[s.kind].add(s.stances)
        by_kind[s.kind].add(s.items)
        by_split[s.split].add(s.stances)
        by_split[s.split].add(s.items)
        by_batch[_batch(s.file)].add(s.stances)
        by_batch[_batch(s.file)].add(s.items)
        header_right += s.header_right
        header_checked += s.header_checked
        if args.verbose and s.notes:
            print(s.file)
            print("\n".join(s.notes))
    print(f"{len(scores)} articles, auto-apply threshold {threshold}")
    print(_row("stances", stances))
    print(_row("items", items))
    for kind in sorted(by_kind):
        print(_row(kind, by_kind[kind]))
    for split in sorted(by_split):
        print(_row(f"[{split}]", by_split[split]))
    for batch in sorted(by_batch):
        print(_row(f"batch {batch}", by_batch[batch]))
    print(f"date/source/title read right: {header_right}/{header_checked}")
    if model is not None:
        print(f"reader: {args.reader} ({args.llm_model or 'default'} at {args.llm_base_url})")
        print(
            "model statements dropped: "
            + (", ".join(f"{k} {v}" for k, v in sorted(dropped.items())) or "none")
        )
        print(
            "tokens: "
            + (", ".join(f"{k} {v}" for k, v in sorted(tokens.items())) or "not reported")
        )
    print(f"wrong_at_auto_apply: {total.wrong_auto}")
    print(f"extraction_f1: {total.f1:.3f}")


if __name__ == "__main__":
    main()
