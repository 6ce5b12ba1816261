"""Groups of countries readers name that a story's table may not hold as actors.

"Where do the Nordics stand?" has an answer even when the table lists Denmark and
Sweden but no "Nordic countries": the members it holds. Each group is its names and
its members' ISO 3166-1 codes (data, not rules); the answerer adds a group only when
the table holds at least one member and no actor of that name, and says which members
the table lacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from digests.model import ActorRecord


@dataclass(frozen=True)
class CountryGroup:
    key: str
    name: str
    codes: tuple[str, ...]
    aliases: tuple[str, ...]


GROUPS: tuple[CountryGroup, ...] = (
    CountryGroup(
        "nordic-countries",
        "Nordic countries",
        ("DK", "FI", "IS", "NO", "SE"),
        (
            "Nordics",
            "the Nordics",
            "Nordic states",
            "the Nordic countries",
            "Nordic nations",
            "nordische Länder",
            "die nordischen Länder",
            "nordischen Staaten",
            "Nordeuropäer",
        ),
    ),
    CountryGroup(
        "scandinavia",
        "Scandinavian countries",
        ("DK", "NO", "SE"),
        (
            "Scandinavia",
            "Scandinavians",
            "the Scandinavians",
            "Scandinavian states",
            "Skandinavien",
            "Skandinavier",
            "skandinavischen Länder",
        ),
    ),
    CountryGroup(
        "baltic-states",
        "Baltic states",
        ("EE", "LV", "LT"),
        ("the Baltics", "Baltic countries", "the Baltic states", "Baltikum", "baltischen Staaten"),
    ),
    CountryGroup(
        "benelux",
        "Benelux countries",
        ("BE", "NL", "LU"),
        ("Benelux", "the Benelux", "Benelux states", "Beneluxstaaten", "Benelux-Staaten"),
    ),
    CountryGroup(
        "visegrad",
        "Visegrád Group",
        ("CZ", "HU", "PL", "SK"),
        (
            "Visegrad",
            "Visegrad Group",
            "the Visegrad countries",
            "V4",
            "Visegrád",
            "Visegrád-Staaten",
        ),
    ),
    CountryGroup(
        "iberia",
        "Iberian countries",
        ("ES", "PT"),
        ("Iberia", "the Iberian peninsula", "Iberian states", "iberische Halbinsel"),
    ),
    CountryGroup(
        "dach",
        "German-speaking countries",
        ("DE", "AT", "CH"),
        ("DACH", "the DACH countries", "German-speaking countries", "deutschsprachige Länder"),
    ),
    CountryGroup(
        "western-balkans",
        "Western Balkans",
        ("AL", "BA", "XK", "ME", "MK", "RS"),
        ("the Western Balkans", "the Balkans", "Balkan states", "Westbalkan", "Balkanstaaten"),
    ),
    CountryGroup(
        "g7",
        "G7",
        ("CA", "FR", "DE", "IT", "JP", "GB", "US"),
        ("the G7", "G7 countries", "Group of Seven", "G-7"),
    ),
    CountryGroup(
        "five-eyes",
        "Five Eyes",
        ("AU", "CA", "NZ", "GB", "US"),
        ("the Five Eyes", "Five Eyes countries"),
    ),
)


def missing_groups(actors: list[ActorRecord]) -> list[ActorRecord]:
    """Group actors for the groups the table lacks but holds members of."""
    by_code = {a.country_code: a for a in actors if a.country_code and a.kind == "country"}
    taken = {a.key for a in actors}
    names = {n.casefold() for a in actors for n in (a.name, *a.aliases)}
    out = []
    for group in GROUPS:
        held = [by_code[c] for c in group.codes if c in by_code]
        if not held or group.key in taken or group.name.casefold() in names:
            continue
        aliases = tuple(a for a in group.aliases if a.casefold() not in names)
        lacking = len(group.codes) - len(held)
        members = ", ".join(a.name for a in held)
        note = f"; the table holds no position for the other {lacking}" if lacking else ""
        out.append(
            ActorRecord(
                key=group.key,
                name=group.name,
                kind="group",
                aliases=aliases,
                members=tuple(a.key for a in held),
                description=(
                    f"A group of {len(group.codes)} countries; in the table: {members}{note}."
                ),
            )
        )
    return out
