"""Month and weekday names as readers write them, from Babel's locale data.

English and German, wide and abbreviated, format and stand-alone forms, British
spellings ("Sept") included, and the German genitive ("des Januars", "Montags").
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from digests.cache import cached_json, fingerprint
from digests.text.folding import fold

# British English abbreviates September "Sept"; German is listed once, its forms are
# the same in Austria and Switzerland for matching purposes ("Jänner" aside).
_LOCALES = {"en": ("en", "en_GB"), "de": ("de", "de_AT")}
_WIDTHS = ("wide", "abbreviated")
_CONTEXTS = ("format", "stand-alone")
# German adds -s for the genitive of month and weekday names ("des Januars"; "montags"
# is also the adverb "on Mondays"), -es after a hissing sound ("des Märzes").
_GENITIVE = {"de": ("s", "es")}
# German written without umlauts: "Maerz" for "März".
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


def _forms(name: str, lang: str, wide: bool) -> list[str]:
    base = name.casefold().rstrip(".")
    spelled = [base, base.translate(_UMLAUTS)] if lang == "de" else [base]
    out = [fold(s) for s in spelled]
    if wide and lang in _GENITIVE:
        plain, hissing = _GENITIVE[lang]
        out += [f + (hissing if f.endswith(("s", "z", "x")) else plain) for f in list(out)]
    return list(dict.fromkeys(out))


def _names(lang: str, getter: Any, offset: int, wide_only: bool) -> dict[str, int]:
    out: dict[str, int] = {}
    for locale in _LOCALES[lang]:
        for width in ("wide",) if wide_only else _WIDTHS:
            for context in _CONTEXTS:
                names = getter(width, context, locale)
                for number, name in names.items():
                    for form in _forms(name, lang, width == "wide"):
                        out.setdefault(form, number + offset)
    return out


def _gather() -> dict[str, Any]:
    from babel.dates import get_day_names, get_month_names

    tables: dict[str, Any] = {}
    for lang in _LOCALES:
        for wide_only in (False, True):
            tables[f"months-{lang}-{wide_only}"] = _names(lang, get_month_names, 0, wide_only)
            tables[f"weekdays-{lang}-{wide_only}"] = _names(lang, get_day_names, 1, wide_only)
    # How an English date is written ("9 Jun 2024"): Babel's abbreviated month names.
    # Keys as JSON keeps them (strings), so a built table reads like a cached one.
    abbreviated = get_month_names("abbreviated", "format", "en")
    tables["abbreviated-en"] = {str(number): name for number, name in abbreviated.items()}
    return tables


@cache
def _tables() -> dict[str, Any]:
    """Every table below, from Babel's locale data (~0.1 s to import and read): built
    once per installation of Babel and of the text package, then read from the cache
    (digests.cache)."""
    sources = sorted(Path(__file__).parent.rglob("*.py"))  # fold() shapes every form
    return cached_json("calendar-names", fingerprint(sources, ("babel",)), _gather)


def _table(kind: str, lang: str, wide_only: bool) -> dict[str, int]:
    return _tables()[f"{kind}-{lang}-{wide_only}"]


def month_abbreviation(month: int) -> str:
    """ "Jan" … "Dec": how an English date names the month (Babel's "MMM")."""
    return _tables()["abbreviated-en"][str(month)]


@cache
def month_numbers(lang: str, *, wide_only: bool = False) -> dict[str, int]:
    """Folded month name → month number (1-12): "january", "jan", "sept", "marz",
    "maerz", "januars"; ``wide_only`` leaves out the abbreviations."""
    return _table("months", lang, wide_only)


@cache
def weekday_numbers(lang: str, *, wide_only: bool = False) -> dict[str, int]:
    """Folded weekday name → ISO weekday (1 = Monday): "monday", "mon", "montags".
    ``wide_only`` leaves out abbreviations, which in German are words too ("so", "do")."""
    return _table("weekdays", lang, wide_only)


def month_names(*langs: str, wide_only: bool = False) -> frozenset[str]:
    """Every month name of the languages (all when none is given)."""
    return frozenset(
        n for lang in langs or tuple(_LOCALES) for n in month_numbers(lang, wide_only=wide_only)
    )


def weekday_names(*langs: str, wide_only: bool = False) -> frozenset[str]:
    """Every weekday name of the languages (all when none is given)."""
    return frozenset(
        n for lang in langs or tuple(_LOCALES) for n in weekday_numbers(lang, wide_only=wide_only)
    )
