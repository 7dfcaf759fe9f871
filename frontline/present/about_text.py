"""The About page's words: what the figures are, what "inside" means for a town, where the data
come from and how to cite them. Facts are taken from where they are kept, not restated."""

from __future__ import annotations

from frontline.model.provenance import attribution, data_sources
from frontline.model.towns import METHOD
from frontline.registry import SOURCES

FIGURES = (
    "Each figure is the share of an oblast's area that DeepStateMap's map marks as occupied by "
    "Russian forces on a date, and that area in km². frontline measures it itself, from the "
    "map's polygons, in the equal-area projection EPSG:3035 against each oblast's Natural Earth "
    "boundary; the Sources page gives the method and sets it beside DeepStateMap's own published "
    "figures. A date without a snapshot shows the latest snapshot before it, and says so. The "
    "grey (contested) zone is not counted as occupied."
)

TOWNS = (
    "A town is not a point on this map. Its extent is {method}. A town is **outside** while "
    "almost none of that extent is occupied, **contested** while part of it is (the share is "
    "given), and **inside** once nearly all of it is. A town's history lists when each state "
    "began, from the first snapshot to the last. The states follow DeepStateMap's polygons, "
    "not reports of a town's fall: a town can read inside days or weeks before or after it "
    "was reported taken."
)

CITING = (
    "Under the map, **Cite this** gives the words to quote for the date shown: the source and "
    "its file, the snapshot's date (and time, where the source has one) and the page's link, "
    "with a button that copies the link. Cite DeepStateMap as the source of the occupied "
    "area, and frontline for the measurement. Every export carries the same: the date asked "
    "for, the snapshot used, the source and the credit line:"
)


def sources_list() -> str:
    """Every dataset, one Markdown bullet each, DeepStateMap's archives first."""
    return "\n".join(
        f"- **{source.name}**: {source.provides} ({source.licence})" for source in data_sources()
    )


def deepstate_credit() -> str:
    """Who made the map the figures are measured on."""
    homes = sorted({s.home for s in SOURCES.values() if s.home})
    return (
        "The occupied area is DeepStateMap's (" + ", ".join(homes) + "), the DeepState "
        "project's map of the war; frontline only measures and shows it, and credits it on "
        "every map and export."
    )


def about_markdown() -> list[tuple[str, str]]:
    """The page's sections: (heading, Markdown)."""
    return [
        ("What the figures are", FIGURES),
        ('What "inside" means for a town', TOWNS.format(method=METHOD)),
        ("Where the data come from", deepstate_credit() + "\n\n" + sources_list()),
        ("How to cite", CITING + f"\n\n> {attribution('print')}"),
    ]
