"""The sources page's words: each dataset, the coverage, the method, the published figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from frontline.ingest.measure import DENSIFY_DEG
from frontline.model.history import Coverage
from frontline.model.provenance import DataSource
from frontline.model.published import DIFFERENCE_UNIT, Uncompared
from frontline.present.wording import format_km2
from frontline.registry import NationalSource

# The oblasts' areas in Ukraine's official statistics, in km², beside frontline's own.
OFFICIAL_KM2 = {"Donetsk": 26_517, "Luhansk": 26_684}

DIFFERENCES = (
    "Where the differences come from:\n"
    "- **Boundaries.** DeepStateMap measures against its own oblast outlines; frontline "
    "uses Natural Earth's inner boundaries, which are generalised by a kilometre or so, so "
    "a strip along an inner boundary can fall in the neighbouring oblast.\n"
    "- **Rounding.** DeepStateMap publishes shares to 0.1 point (Kherson to the whole "
    "point); frontline shows two decimals here.\n"
    "- **The day.** The archive has no snapshot for some days (listed under Coverage): "
    "frontline then uses the latest snapshot before, which can differ from the map "
    "DeepStateMap measured.\n"
    "- **The whole country.** Part of DeepStateMap's occupied area is drawn over the sea "
    "off the coast. Like DeepStateMap's own total, frontline's national km² count it out to "
    "the state border at sea (the 12-nautical-mile territorial sea), and its national share "
    "is those km² over the country's land; each oblast counts only its land."
)


def national_differences(source: NationalSource, deepstate: str) -> str:
    """Why a national source's figure (ISW's) and DeepStateMap's differ, in Markdown."""
    return (
        f"The timeline sets {source.credit}'s national figure beside {deepstate}'s. They "
        "answer different questions, and the gap between them goes either way:\n"
        f"- **What each counts.** {source.credit} counts {source.counts}. {deepstate} "
        "shades as occupied what its team has confirmed from footage and reports it verifies, "
        "and puts ground it cannot yet call in a grey zone, which frontline's figure leaves "
        "out. Where the front moves, ISW's assessment can run ahead of DeepStateMap's "
        "confirmation, or behind it where ISW waits for evidence DeepStateMap does not.\n"
        f"- **How each is measured.** frontline measures {deepstate}'s polygons inside "
        "Ukraine's border in EPSG:3035 (see Method); The Economist measures ISW's polygons "
        "with its own outline of Ukraine and its own projection. A gap that holds steady for "
        "months is mostly method; one that opens and closes follows the front.\n"
        f"- **The day.** ISW dates each map by the evening of its assessment; {deepstate}'s "
        "day is the snapshot's. Both count Crimea and the ground held before 2022; the gap is "
        "taken only on dates both have, nothing is interpolated."
    )


def source_block(source: DataSource) -> tuple[str, str]:
    """A dataset's Markdown line and its caption (origin, licence, link)."""
    link = f" · [{source.url}]({source.url})" if source.url else ""
    return (
        f"**{source.name}**: {source.provides}",
        f"Origin: {source.origin} · Licence: {source.licence}{link}",
    )


def coverage_text(spans: Sequence[Coverage], origin: str) -> str:
    return ", then ".join(span.text for span in spans) + f", read from the {origin}."


def gaps_text(gaps: Sequence[date]) -> str:
    """The days without a snapshot, or nothing when there are none."""
    if not gaps:
        return ""
    return (
        f"{len(gaps)} days have no snapshot (the archive has none either); a date among them "
        "shows the latest snapshot before it: " + ", ".join(d.isoformat() for d in gaps) + "."
    )


def method_text(areas_km2: Mapping[str, float], weekly_until: date | None = None) -> str:
    """How the figures are made, with the oblasts' measured areas beside the official ones;
    `weekly_until` is the day the history's weekly layered maps end, if it has any."""
    measured = ", ".join(f"{name} {format_km2(areas_km2[name])}" for name in OFFICIAL_KM2)
    official = " and ".join(f"{km2:,}" for km2 in OFFICIAL_KM2.values())
    return (
        "- Each daily file is parsed and repaired with `shapely.make_valid`; its edges are cut to "
        f"at most {DENSIFY_DEG:g}° before projecting, since a GeoJSON edge is a straight line in "
        "longitude and latitude.\n"
        "- The occupied piece of every oblast it reaches is measured in km² in EPSG:3035 and "
        f"divided by the oblast's own area ({measured}; official figures {official} km²). "
        "The oblasts are Natural Earth's, with Ukraine's outer border taken from OpenStreetMap, "
        "as DeepStateMap's own polygons follow it.\n"
        "- The national total (Ukraine) counts lagoons and estuaries inside the border (Syvash, "
        "Molochnyi), as DeepStateMap's totals do.\n"
        "- DeepStateMap's daily archive holds the occupied area only; its grey (contested) zone "
        "is not counted."
        + (
            ""
            if weekly_until is None
            else f"\n- Before {weekly_until.isoformat()} the figures come from DeepStateMap's "
            "weekly layered maps, which also give the area occupied before 2022 (ORDLO, Crimea) "
            "and the grey zone (unknown status). Each polygon's layer is read from its name, or "
            "its colour when the name says nothing. Weekly history is shown as weekly: nothing "
            "is interpolated."
        )
    )


# The published table's columns of dates, which never break inside a date.
DATE_COLUMNS = ("Date", "Snapshot used")


def published_rows(compared: pd.DataFrame) -> list[dict[str, str]]:
    """DeepStateMap's published figures beside frontline's, one row of text per figure."""
    return [
        {
            DATE_COLUMNS[0]: row.date.isoformat(),
            "Area": row.area,
            "DeepStateMap": f"{row.value:,g} {row.unit}",
            "frontline": f"{row.frontline:,.2f} {row.unit}",
            "Difference": f"{row.difference:+,.2f} {DIFFERENCE_UNIT[row.unit]}",
            DATE_COLUMNS[1]: row.snapshot.isoformat(),
            "Published": row.published,
            "Link": row.url or "",
        }
        for row in compared.itertuples()
    ]


def uncompared_text(left_out: Uncompared) -> str:
    """Which published figures the table leaves out and why ("" when it leaves none out)."""
    lines = []
    if left_out.before:
        lines.append(
            f"DeepStateMap's figures of {_dates(left_out.before)} are not compared: they fall "
            f"before the first snapshot ({left_out.first.isoformat()})."
        )
    if left_out.after:
        lines.append(
            f"DeepStateMap's figures of {_dates(left_out.after)} are not compared yet: they fall "
            f"after the last snapshot ({left_out.last.isoformat()}); a refresh that reaches "
            "the date brings them in."
        )
    return " ".join(lines)


def _dates(days: Sequence[date]) -> str:
    return ", ".join(d.isoformat() for d in days)
