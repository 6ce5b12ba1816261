"""The pictures of the table: shapes from the package, the frame, the legend in words."""

from __future__ import annotations

from datetime import date

import pytest

from digests import chart
from digests.model import ActorRecord, ItemRecord, PastStance, StanceRecord, StanceTable


def table(*countries: tuple[str, str, str], groups=()) -> StanceTable:
    actors = [ActorRecord(key=c.lower(), name=n, country_code=c) for c, n, _ in countries]
    actors += [ActorRecord(key=g.lower(), name=g, kind="group") for g, _ in groups]
    stances = [
        StanceRecord(c.lower(), "t", s, "why", as_of=date(2024, 6, 9)) for c, _, s in countries
    ]
    stances += [StanceRecord(g.lower(), "t", s, "why") for g, s in groups]
    return StanceTable(actors=actors, stances=stances)


def test_all_european_countries_zoom_to_europe_and_others_widen_the_frame():
    europe = table(("FR", "France", "supports"), ("DE", "Germany", "opposes"))
    countries, _ = chart._placed(europe, None)
    assert chart._frame(countries) == chart.EUROPE
    wider = table(("FR", "France", "supports"), ("US", "United States", "opposes"))
    west, east, _, _ = chart._frame(chart._placed(wider, None)[0])
    assert west < -100 and east > 0


def test_groups_and_organisations_are_listed_beside_the_map_in_the_alt_text():
    t = table(("FR", "France", "supports"), groups=[("Baltic states", "undecided")])
    alt = chart.map_alt(t)
    assert "Supports: France" in alt
    assert "Organisations and groups: Baltic states — undecided" in alt


def test_the_map_is_a_png_with_its_alt_text():
    picture = chart.draw_map(table(("PL", "Poland", "mixed")), title="Test")
    assert picture.png.startswith(b"\x89PNG") and picture.alt.startswith("Map of who")


def test_a_timeline_shows_moves_and_item_dates():
    row = StanceRecord(
        "pl", "t", "supports", "now yes", as_of=date(2024, 7, 1),
        previous=(PastStance("opposes", "no", date(2024, 6, 1)),),
    )  # fmt: skip
    t = StanceTable(
        actors=[ActorRecord("pl", "Poland", country_code="PL")],
        stances=[row],
        items=[
            ItemRecord("m", "Mandate", "extended", due=date(2024, 11, 30), ends=date(2025, 5, 31))
        ],
    )
    events = chart.timeline_events(t)
    assert [(e.when, e.label) for e in events if e.lane == "Poland"] == [
        (date(2024, 6, 1), "Opposes"),
        (date(2024, 7, 1), "Supports"),
    ]
    assert (date(2025, 5, 31), "runs until") in [(e.when, e.label) for e in events]
    picture = chart.draw_timeline(t, title="T", today=date(2026, 1, 1))
    assert picture.png.startswith(b"\x89PNG") and "Poland — Supports" in picture.alt


def test_nothing_to_draw_is_a_clear_error():
    with pytest.raises(chart.ChartError, match="no positions"):
        chart.draw_map(StanceTable(), title="x")
    with pytest.raises(chart.ChartError, match="Unknown chart kind"):
        chart.draw("pie", StanceTable(), title="x")
