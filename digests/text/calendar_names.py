"""Month and weekday names as readers write them, from Babel's locale data.

English and German, wide and abbreviated, format and stand-alone forms, British
spellings ("Sept") included, and the German genitive ("des Januars", "Montags").
"""

from __future__ import annotations

from functools import cache

from babel.dates import get_day_names, get_month_names

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


def _names(lang: str, getter: object, offset: int, wide_only: bool) -> dict[str, int]:
    out: dict[str, int] = {}
    for locale in _LOCALES[lang]:
        for width in ("wide",) if wide_only else _WIDTHS:
            for context in _CONTEXTS:
                names = getter(width, context, locale)  # type: ignore[operator]
                for number, name in names.items():
                    for form in _forms(name, lang, width == "wide"):
                        out.setdefault(form, number + offset)
    return out


@cache
def month_numbers(lang: str, *, wide_only: bool = False) -> dict[str, int]:
    """Folded month name → month number (1-12): "january", "jan", "sept", "marz",
    "maerz", "januars"; ``wide_only`` leaves out the abbreviations."""
    return _names(lang, get_month_names, 0, wide_only=wide_only)


@cache
def weekday_numbers(lang: str, *, wide_only: bool = False) -> dict[str, int]:
    """Folded weekday name → ISO weekday (1 = Monday): "monday", "mon", "montags".
    ``wide_only`` leaves out abbreviations, which in German are words too ("so", "do")."""
    return _names(lang, get_day_names, 1, wide_only=wide_only)


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
