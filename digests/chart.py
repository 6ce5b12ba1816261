"""Pictures of the stance table: a map of who stands where, and a timeline of changes.

Drawn with matplotlib's Agg canvas (no display, no pyplot state) from country shapes that
the ``countryinfo`` package ships as GeoJSON: nothing is downloaded while drawing. The
colours are the Okabe–Ito palette, told apart by readers with any common colour-vision
deficiency, and every stance also has its own hatching and a text legend, so the picture
never depends on colour alone. Every chart carries alt text that says what it shows.

matplotlib takes most of a second to import, so it is imported inside the drawing
functions: answering a question never pays for it.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from digests.dates import human_date
from digests.model import ActorRecord, Change, StanceRecord, StanceTable

KINDS = ("map", "timeline")

# Okabe & Ito (2008), "Color Universal Design": distinct for deuteranopes and protanopes.
STANCE_STYLE: dict[str, tuple[str, str, str]] = {
    # stance: (label, fill colour, hatch)
    "supports": ("Supports", "#009E73", ""),
    "opposes": ("Opposes", "#D55E00", "///"),
    "undecided": ("Undecided", "#E69F00", "..."),
    "mixed": ("Mixed", "#CC79A7", "xxx"),
    "unknown": ("No stated position", "#56B4E9", ""),
}
NOT_IN_TABLE = "#E8E8E8"
BORDER = "#FFFFFF"
INK = "#222222"

# The frame used when every country on the map is in Europe (lon, lat).
EUROPE = (-25.0, 45.0, 34.0, 71.5)
WIDTH, HEIGHT, DPI = 11.0, 6.4, 100  # 1100 × 640 px: readable in a chat preview


class ChartError(ValueError):
    """Nothing to draw, or the drawing failed; the message says which."""


@dataclass(frozen=True)
class Chart:
    png: bytes
    alt: str
    filename: str
    title: str


# ---------------------------------------------------------------------- shapes
@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    """countryinfo's data by ISO alpha-2 (read from the package's JSON files once)."""
    from countryinfo import CountryInfo

    out: dict[str, dict[str, Any]] = {}
    for info in CountryInfo.all().values():
        iso = info.get("ISO") or {}
        code = iso.get("alpha2") if isinstance(iso, dict) else None
        if not isinstance(code, str) or not code:
            continue
        # Some codes have two entries ("Wales" shares GB): the one with a shape wins.
        if code.upper() not in out or (
            info.get("geoJSON") and not out[code.upper()].get("geoJSON")
        ):
            out[code.upper()] = dict(info)
    return out


def _rings(code: str) -> list[list[tuple[float, float]]]:
    """The outer rings of a country's polygons, largest first."""
    geo = _countries().get(code.upper(), {}).get("geoJSON") or {}
    rings: list[list[tuple[float, float]]] = []
    for feature in geo.get("features", []):
        geometry = feature.get("geometry") or {}
        coords = geometry.get("coordinates") or []
        polygons = [coords] if geometry.get("type") == "Polygon" else coords
        for polygon in polygons:
            if polygon:
                rings.append([(float(x), float(y)) for x, y, *_ in polygon[0]])
    rings.sort(key=_area, reverse=True)
    return rings


def _area(ring: Sequence[tuple[float, float]]) -> float:
    pairs = zip(ring, [*ring[1:], ring[0]], strict=True)
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs) / 2)


def _bbox(ring: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs), max(xs), min(ys), max(ys)


def _region(code: str) -> str:
    return str(_countries().get(code.upper(), {}).get("region") or "")


# ---------------------------------------------------------------------- what is shown
@dataclass(frozen=True)
class _Placed:
    actor: ActorRecord
    row: StanceRecord


def _rows_by_actor(table: StanceTable, topic: str | None) -> dict[str, StanceRecord]:
    rows: dict[str, StanceRecord] = {}
    for row in table.stances:
        if topic is None or row.topic == topic:
            rows.setdefault(row.actor, row)
    return rows


def _placed(table: StanceTable, topic: str | None) -> tuple[list[_Placed], list[_Placed]]:
    """(countries with a shape, everyone else with a position: organisations, groups, and
    the few countries whose shape the package does not ship, listed in words instead)."""
    rows = _rows_by_actor(table, topic)
    countries: list[_Placed] = []
    others: list[_Placed] = []
    for actor in table.actors:
        row = rows.get(actor.key)
        if row is None or actor.kind == "person":
            continue
        if actor.kind == "country" and actor.country_code and _rings(actor.country_code):
            countries.append(_Placed(actor, row))
        else:
            others.append(_Placed(actor, row))
    return countries, others


def _by_stance(placed: Iterable[_Placed]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in placed:
        out.setdefault(p.row.stance, []).append(p.actor.name)
    return {s: out[s] for s in STANCE_STYLE if s in out}


def map_alt(table: StanceTable, topic: str | None = None) -> str:
    """The map in words: what a screen reader says, and what a text-only reader gets."""
    countries, others = _placed(table, topic)
    parts = [
        f"{STANCE_STYLE[s][0]}: {', '.join(names)}" for s, names in _by_stance(countries).items()
    ]
    text = "Map of who stands where. " + ("; ".join(parts) + "." if parts else "No countries.")
    for heading, members in _off_map(others):
        text += f" {heading}: " + "; ".join(_beside(p) for p in members) + "."
    return text


def _beside(p: _Placed) -> str:
    return f"{p.actor.name} — {STANCE_STYLE.get(p.row.stance, (p.row.stance,))[0].lower()}"


def _off_map(others: Sequence[_Placed]) -> list[tuple[str, list[_Placed]]]:
    """Who is listed beside the map: organisations and groups, and countries with no shape."""
    bodies = [p for p in others if p.actor.kind != "country"]
    shapeless = [p for p in others if p.actor.kind == "country"]
    out = []
    if bodies:
        out.append(("Organisations and groups", bodies))
    if shapeless:
        out.append(("Countries without a shape on this map", shapeless))
    return out


# ---------------------------------------------------------------------- drawing
def _canvas(height: float = HEIGHT) -> tuple[Any, Any]:
    # Imported here: matplotlib costs most of a second, paid only when a picture is drawn.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH, height), dpi=DPI, facecolor="white")
    return figure, FigureCanvasAgg(figure)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@lru_cache(maxsize=1)
def _palette() -> list[int]:
    """The colours a chart is drawn in, with their blends towards white and ink for the
    anti-aliased edges, and a grey ramp for text: every stance colour is kept exactly,
    however small its patch (a legend marker), which a computed palette would not do."""
    base = [_rgb(c) for _, c, _ in STANCE_STYLE.values()]
    out: list[tuple[int, int, int]] = []
    for r, g, b in base:
        for t in (0.0, 0.25, 0.5, 0.75):
            out.append(
                (round(r + (255 - r) * t), round(g + (255 - g) * t), round(b + (255 - b) * t))
            )
        for t in (0.3, 0.6):
            out.append(
                (
                    round(r * (1 - t) + 34 * t),
                    round(g * (1 - t) + 34 * t),
                    round(b * (1 - t) + 34 * t),
                )
            )
    out += [(v, v, v) for v in range(0, 256, 8)] + [(255, 255, 255), _rgb(NOT_IN_TABLE)]
    flat = [channel for colour in out[:256] for channel in colour]
    return flat + [0] * (768 - len(flat))


def _png(figure: Any, canvas: Any) -> bytes:
    """The figure as a palette PNG: a third of the full-colour file for the same picture,
    which matters because each channel's queued digest carries its own copy."""
    from PIL import Image as Picture  # matplotlib's own dependency, loaded with it

    raw = io.BytesIO()
    canvas.print_png(raw)
    figure.clear()
    raw.seek(0)
    palette = Picture.new("P", (1, 1))
    palette.putpalette(_palette())
    with Picture.open(raw) as full:
        small = full.convert("RGB").quantize(palette=palette, dither=Picture.Dither.NONE)
    out = io.BytesIO()
    small.save(out, "PNG")
    return out.getvalue()


def _frame(countries: list[_Placed]) -> tuple[float, float, float, float]:
    codes = [p.actor.country_code or "" for p in countries]
    if all(_region(c) == "Europe" for c in codes):
        return EUROPE
    boxes = [_bbox(_rings(c)[0]) for c in codes]
    west = min(b[0] for b in boxes) - 5
    east = max(b[1] for b in boxes) + 5
    south = max(-60.0, min(b[2] for b in boxes) - 5)
    north = min(80.0, max(b[3] for b in boxes) + 5)
    return west, east, south, north


def _intersects(box: tuple[float, float, float, float], frame: tuple[float, ...]) -> bool:
    return not (box[1] < frame[0] or box[0] > frame[1] or box[3] < frame[2] or box[2] > frame[3])


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def draw_map(table: StanceTable, *, title: str, topic: str | None = None) -> Chart:
    """Countries coloured by stance; organisations and groups listed in the legend."""
    countries, others = _placed(table, topic)
    if not countries and not others:
        raise ChartError("The stance table has no positions to draw yet.")
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    frame = _frame(countries) if countries else EUROPE
    # Equirectangular, stretched by the middle latitude so shapes look as people know them;
    # the picture is as tall as the frame needs, within bounds, so no band is left empty.
    stretch = 1 / math.cos(math.radians((frame[2] + frame[3]) / 2))
    map_height = WIDTH * 0.60 * (frame[3] - frame[2]) * stretch / (frame[1] - frame[0])
    height = min(8.0, max(4.6, map_height / 0.86))
    figure, canvas = _canvas(height)
    axes = figure.add_axes((0.01, 0.02, 0.60, 0.86))
    side = figure.add_axes((0.62, 0.02, 0.37, 0.86))
    side.set_axis_off()
    figure.suptitle(_wrap(title, 90), x=0.01, ha="left", fontsize=13, color=INK)

    shown = {p.actor.country_code for p in countries}
    background = [
        ring
        for code in _countries()
        if code not in shown
        for ring in _rings(code)
        if _intersects(_bbox(ring), frame)
    ]
    axes.add_collection(
        PolyCollection(background, facecolors=NOT_IN_TABLE, edgecolors=BORDER, linewidths=0.4)
    )
    for stance, (_, colour, hatch) in STANCE_STYLE.items():
        rings = [
            ring
            for p in countries
            if p.row.stance == stance
            for ring in _rings(p.actor.country_code or "")
        ]
        if rings:
            axes.add_collection(
                PolyCollection(
                    rings, facecolors=colour, edgecolors=BORDER, linewidths=0.6, hatch=hatch
                )
            )
    for p in countries:
        ring = _rings(p.actor.country_code or "")[0]
        x0, x1, y0, y1 = _bbox(ring)
        x, y = (x0 + x1) / 2, (y0 + y1) / 2
        if frame[0] < x < frame[1] and frame[2] < y < frame[3]:
            axes.text(
                x, y, p.actor.country_code or "", fontsize=7, ha="center", va="center",
                color=INK, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                 "alpha": 0.8},
            )  # fmt: skip
    axes.set_xlim(frame[0], frame[1])
    axes.set_ylim(frame[2], frame[3])
    axes.set_aspect(stretch)
    axes.set_xticks([])
    axes.set_yticks([])
    for spine in axes.spines.values():
        spine.set_color("#BBBBBB")

    handles = [
        Patch(facecolor=colour, edgecolor=INK, hatch=hatch, label=label)
        for stance, (label, colour, hatch) in STANCE_STYLE.items()
        if any(p.row.stance == stance for p in countries)
    ]
    handles.append(Patch(facecolor=NOT_IN_TABLE, edgecolor=INK, label="Not in the table"))
    side.legend(handles=handles, loc="upper left", frameon=False, fontsize=9, title="Countries")
    lines: list[str] = []
    for stance, names in _by_stance(countries).items():
        lines.append(_wrap(f"{STANCE_STYLE[stance][0]}: {', '.join(names)}", 58))
    for heading, members in _off_map(others):
        lines.append("")
        lines.append(f"{heading}:")
        lines.extend(_wrap(f"• {_beside(p)}", 58) for p in members)
    side.text(0.0, 0.62, "\n".join(lines), fontsize=8.5, va="top", ha="left", color=INK,
              transform=side.transAxes, linespacing=1.35)  # fmt: skip
    as_of = max((p.row.as_of for p in (*countries, *others) if p.row.as_of), default=None)
    if as_of:
        side.text(0.0, 0.0, f"Positions as of {human_date(as_of)}; from the stance table.",
                  fontsize=7.5, color="#555555", transform=side.transAxes)  # fmt: skip
    return Chart(_png(figure, canvas), map_alt(table, topic), "stance-map.png", title)


# ---------------------------------------------------------------------- timeline
@dataclass(frozen=True)
class Event:
    when: date
    lane: str  # an actor's or an item's name
    label: str
    stance: str | None = None  # colours a stance event


def timeline_events(table: StanceTable, changes: Sequence[Change] = ()) -> list[Event]:
    """Stance positions with their dates, items' due and end dates, and recorded changes."""
    names = {a.key: a.name for a in table.actors}
    events: list[Event] = []
    for row in table.stances:
        name = names.get(row.actor, row.actor)
        past = [(p.as_of, p.stance) for p in reversed(row.previous) if p.as_of]
        for when, stance in [*past, (row.as_of, row.stance)]:
            if when:
                events.append(Event(when, name, STANCE_STYLE.get(stance, (stance,))[0], stance))
    for item in table.items:
        if item.due:
            events.append(Event(item.due, item.name, f"due ({item.status})"))
        if item.ends:
            events.append(Event(item.ends, item.name, "runs until"))
    for change in changes:
        if change.kind == "item" and change.at:
            events.append(Event(change.at.date(), change.subject, change.summary))
    return sorted(set(events), key=lambda e: (e.when, e.lane))


def timeline_alt(events: Sequence[Event]) -> str:
    if not events:
        return "Timeline: nothing dated yet."
    first, last = events[0].when, events[-1].when
    shown = "; ".join(f"{human_date(e.when)}: {e.lane} — {e.label}" for e in events[:25])
    more = f"; and {len(events) - 25} more" if len(events) > 25 else ""
    return (
        f"Timeline of positions and tracked items from {human_date(first)} "
        f"to {human_date(last)}. {shown}{more}."
    )


MAX_LANES = 18


def draw_timeline(
    table: StanceTable, *, title: str, changes: Sequence[Change] = (), today: date | None = None
) -> Chart:
    """One lane per actor whose position is dated and per tracked item, oldest left."""
    events = timeline_events(table, changes)
    if not events:
        raise ChartError("Nothing in the table is dated yet: no timeline to draw.")
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.lines import Line2D

    # Items first (they are few and carry the deadlines), then actors whose position
    # moved; positions recorded once and never changed share one lane, counted per date.
    items = [i.name for i in table.items if any(e.lane == i.name for e in events)]
    counts: dict[str, int] = {}
    for e in events:
        if e.lane not in items:
            counts[e.lane] = counts.get(e.lane, 0) + 1
    steady = {n for n, c in counts.items() if c == 1}
    actors = sorted((n for n in counts if n not in steady), key=lambda n: -counts[n])
    if steady:
        lane = f"Positions recorded ({len(steady)} actors)"
        per_day: dict[date, int] = {}
        for e in events:
            if e.lane in steady:
                per_day[e.when] = per_day.get(e.when, 0) + 1
        events = [e for e in events if e.lane not in steady]
        events += [Event(d, lane, f"{n} positions") for d, n in per_day.items()]
        actors.append(lane)
    lanes = (items + actors)[:MAX_LANES]
    hidden = len(items) + len(actors) - len(lanes)
    figure, canvas = _canvas()
    axes = figure.add_axes((0.25, 0.12, 0.72, 0.78))
    figure.suptitle(_wrap(title, 90), x=0.01, ha="left", fontsize=13, color=INK)
    y_of = {lane: len(lanes) - 1 - i for i, lane in enumerate(lanes)}
    for e in events:
        if e.lane not in y_of:
            continue
        x, y = date2num(e.when), y_of[e.lane]
        if e.stance:
            _, colour, _ = STANCE_STYLE.get(e.stance, ("", "#999999", ""))
            marker = {"supports": "^", "opposes": "v", "undecided": "s", "mixed": "D"}.get(
                e.stance, "o"
            )
            axes.plot([x], [y], marker=marker, color=colour, markersize=9, markeredgecolor=INK)
        else:
            axes.plot([x], [y], marker="|", color=INK, markersize=14, markeredgewidth=2)
            axes.annotate(e.label[:40], (x, y), xytext=(4, 5), textcoords="offset points",
                          fontsize=7, color=INK)  # fmt: skip
    if today is not None:
        axes.axvline(date2num(today), color="#888888", linestyle="--", linewidth=1)
        axes.annotate("today", (date2num(today), len(lanes) - 0.5), fontsize=7, color="#555555")
    axes.set_yticks(range(len(lanes)))
    axes.set_yticklabels(list(reversed(lanes)), fontsize=8)
    axes.set_ylim(-0.7, len(lanes) - 0.3)
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.grid(axis="x", color="#EEEEEE")
    # Room on the right for the labels of the newest events.
    first = min([e.when for e in events] + ([today] if today else []))
    last = max([e.when for e in events] + ([today] if today else []))
    span = max((last - first).days, 30)
    axes.set_xlim(date2num(first) - span * 0.03, date2num(last) + span * 0.22)
    legend = [
        Line2D(
            [],
            [],
            marker=m,
            linestyle="",
            color=STANCE_STYLE[s][1],
            markeredgecolor=INK,
            label=STANCE_STYLE[s][0],
        )
        for s, m in (
            ("supports", "^"),
            ("opposes", "v"),
            ("undecided", "s"),
            ("mixed", "D"),
            ("unknown", "o"),
        )
    ]
    legend.append(Line2D([], [], marker="|", linestyle="", color=INK, markersize=12,
                         label="item date or change"))  # fmt: skip
    axes.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.45, -0.06), ncol=6,
                frameon=False, fontsize=8)  # fmt: skip
    if hidden:
        figure.text(0.01, 0.01, f"{hidden} more not shown", fontsize=7, color="#555555")
    return Chart(_png(figure, canvas), timeline_alt(events), "timeline.png", title)


def draw(
    kind: str,
    table: StanceTable,
    *,
    title: str,
    changes: Sequence[Change] = (),
    today: date | None = None,
) -> Chart:
    if kind == "map":
        return draw_map(table, title=title)
    if kind == "timeline":
        return draw_timeline(table, title=title, changes=changes, today=today)
    raise ChartError(f"Unknown chart kind {kind!r}: use one of {', '.join(KINDS)}.")
