"""What a polygon of DeepState's layered map stands for, read from its name and fill colour.

DeepState named its polygons three ways over time: Ukrainian words (2022, `Окуповано`),
bilingual `Ukrainian /// English` names (`Окуповано /// Occupied`), and names ending in a
translation key (`... /// geoJSON.status.occupied`, `geoJSON.territories.crimea`). The name
decides when it holds a known word; the fill colour decides only when it holds none (default
names such as `Багатокутник 47`, place names such as Snake Island, whose colour followed its
status). A polygon that neither can place is unclassified, and the caller reports it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from enum import StrEnum


class Status(StrEnum):
    """The five kinds of area on DeepState's map."""

    OCCUPIED = "occupied"  # occupied since 24 February 2022
    PRE2022 = "pre2022"  # occupied before 2022: ORDLO, Crimea (with Tuzla)
    GREY = "grey"  # unknown status, contested
    LIBERATED = "liberated"
    OUTSIDE = "outside"  # not part of the war's map: Transnistria, Abkhazia, Karelia, ...


# Checked in this order: a pre-2022 or foreign territory's name also says "occupied", and a
# grey zone's name may name the places it lies between. Words are matched on a normalised name
# (see `_normalise`), as substrings, so one stem covers Ukrainian declensions.
_NAME_RULES: tuple[tuple[Status, tuple[str, ...]], ...] = (
    (
        Status.PRE2022,
        (
            "geojson.territories.crimea",
            "geojson.territories.ordlo",
            "geojson.territories.tuzla",
            "ордло",
            "крим",
            "тузла",
            "crimea",
            "cadr",
            "calr",
            "tuzla",
        ),
    ),
    (
        Status.OUTSIDE,
        (
            "geojson.territories.",
            "придністров",
            "transnistria",
            "абхаз",
            "цхінвал",
            "карел",
            "пруссі",
            "ічкері",
            "петсамо",
            "салла",
            "естоні",
            "латві",
            "печорськ",
            "куриль",
            "abkhazia",
            "tskhinval",
            "karelia",
            "prussia",
            "ichkeria",
            "petsamo",
            "salla",
            "estonia",
            "latvia",
            "pechorsk",
            "kuril",
        ),
    ),
    (
        Status.GREY,
        (
            "geojson.status.unknown",
            "unknown status",
            "situation is unknown",
            "contested",
            "contensed",
            "contenesed",
            "in doubt",
            "під питанням",
            "невідом",
            "сіра зона",
        ),
    ),
    (
        Status.LIBERATED,
        (
            "geojson.status.dismissed",
            "liberated",
            "taken back",
            "recaptured",
            "pushed back",
            "звільн",
            "відбиті",
            "відкинуто",
            "під контролем зсу",
            "орки відсутні",
        ),
    ),
    (
        Status.OCCUPIED,
        (
            "geojson.status.occupied",
            "occupied",
            "under occupation",
            "окупов",
            "зайняті ворогом",
            "захоплено",
        ),
    ),
)

# DeepState's fills. #880e4f is missing on purpose: it drew both Crimea and Transnistria.
FILL_STATUS: dict[str, Status] = {
    "#a52714": Status.OCCUPIED,
    "#000000": Status.PRE2022,
    "#bcaaa4": Status.GREY,
    "#bdbdbd": Status.GREY,
    "#757575": Status.GREY,
    "#0288d1": Status.LIBERATED,
    "#0f9d58": Status.LIBERATED,
    "#01579b": Status.LIBERATED,
    "#ff5252": Status.OUTSIDE,
}

_SPACES = re.compile(r"\s+")


def classify(name: object, fill: object) -> Status | None:
    """The status of a polygon from its `name` and `fill` properties; None if neither tells."""
    by_name = status_from_name(name)
    if by_name is not None:
        return by_name
    return FILL_STATUS.get(str(fill).strip().lower()) if isinstance(fill, str) else None


def status_from_name(name: object) -> Status | None:
    """The status a polygon's name states, in any of DeepState's three naming schemes."""
    return _status_from_text(name) if isinstance(name, str) else None


# A map repeats a few dozen names over thousands of polygons.
@functools.lru_cache(maxsize=4096)
def _status_from_text(name: str) -> Status | None:
    text = _normalise(name)
    for status, words in _NAME_RULES:
        if any(word in text for word in words):
            return status
    return None


def _normalise(name: str) -> str:
    """Lower case, one plain space for any run of spaces, non-breaking spaces and new lines.

    NFKC folds the apostrophe variants and compatibility forms DeepState's editors typed.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip().lower()
