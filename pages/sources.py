"""The sources page: where every figure comes from, and what the data covers."""

import streamlit as st

from frontline.ingest.store import DAILY
from frontline.model.boundaries import load_oblasts
from frontline.model.history import coverage
from frontline.model.provenance import SOURCES, missing_dates
from frontline.model.published import (
    DIFFERENCE_UNIT,
    PublishedError,
    compare_published,
    read_published,
)
from frontline.present.templates import render
from frontline.present.wording import format_km2
from pages import common

common.run_through_app()

st.title("Sources")
st.write(
    "Every figure on this dashboard is computed by frontline itself from the data below. "
    "Areas are measured in the equal-area projection ETRS89-LAEA (EPSG:3035)."
)
# One block per dataset rather than a table: a table of five columns is cut off on a phone
# and, with long descriptions, on a desktop too.
for source in SOURCES:
    link = f" · [{source.url}]({source.url})" if source.url else ""
    st.markdown(f"**{source.name}**: {source.provides}")
    st.caption(f"Origin: {source.origin} · Licence: {source.licence}{link}")
data = common.dataset()
# issue 12: weekly layered maps, then the daily archive; only the daily stretch has gaps.
spans = coverage(data.figures)
gaps = missing_dates([d for span in spans if span.source_id == DAILY for d in span.dates])
st.subheader("Coverage")
st.write(", then ".join(span.text for span in spans) + f", read from the {data.origin}.")
if gaps:
    st.write(
        f"{len(gaps)} days have no snapshot (the archive has none either); a date among them "
        "shows the latest snapshot before it: " + ", ".join(d.isoformat() for d in gaps) + "."
    )
common.no_store_notice()
st.subheader("Method")
areas = load_oblasts().set_index("name")["area_km2"]
st.markdown(
    "- Each daily file is parsed and repaired with `shapely.make_valid`; its edges are cut to "
    "at most 0.01° before projecting, since a GeoJSON edge is a straight line in longitude and "
    "latitude.\n"
    "- The occupied piece of every oblast it reaches is measured in km² in EPSG:3035 and "
    "divided by the oblast's own area (Donetsk "
    f"{format_km2(areas['Donetsk'])}, Luhansk {format_km2(areas['Luhansk'])}; official "
    "figures 26,517 and 26,684 km²). The oblasts are Natural Earth's, with Ukraine's outer "
    "border taken from OpenStreetMap, as DeepStateMap's own polygons follow it.\n"
    "- The national total (Ukraine) counts lagoons and estuaries inside the border (Syvash, "
    "Molochnyi), as DeepStateMap's totals do.\n"
    "- DeepStateMap's daily archive holds the occupied area only; its grey (contested) zone is "
    "not counted.\n"
    "- Before 2024-07-08 the figures come from DeepStateMap's weekly layered maps, which also "
    "give the area occupied before 2022 (ORDLO, Crimea) and the grey zone (unknown status). "
    "Each polygon's layer is read from its name, or its colour when the name says nothing. "
    "Weekly history is shown as weekly: nothing is interpolated."
)

st.subheader("Against DeepStateMap's own figures")
try:
    compared = compare_published(read_published(), data.every_area)
except PublishedError as err:
    st.error(f"The published figures cannot be shown: {err}")
else:
    rows = [
        {
            "Date": row.date.isoformat(),
            "Area": row.area,
            "DeepStateMap": f"{row.value:,g} {row.unit}",
            "frontline": f"{row.frontline:,.2f} {row.unit}",
            "Difference": f"{row.difference:+,.2f} {DIFFERENCE_UNIT[row.unit]}",
            "Snapshot used": row.snapshot.isoformat(),
            "Published": row.published,
            "Link": row.url or "",
        }
        for row in compared.itertuples()
    ]
    st.html(render("published.html", columns=list(rows[0]) if rows else [], rows=rows))
    st.markdown(
        "Where the differences come from:\n"
        "- **Boundaries.** DeepStateMap measures against its own oblast outlines; frontline "
        "uses Natural Earth's inner boundaries, which are generalised by a kilometre or so, so "
        "a strip along an inner boundary can fall in the neighbouring oblast.\n"
        "- **Rounding.** DeepStateMap publishes shares to 0.1 point (Kherson to the whole "
        "point); frontline shows two decimals here.\n"
        "- **The day.** The archive has no snapshot for some days (2025-01-01 among them): "
        "frontline then uses the latest snapshot before, which can differ from the map "
        "DeepStateMap measured.\n"
        "- **The whole country.** Part of DeepStateMap's occupied area is drawn over the sea "
        "off the coast; frontline counts only what lies inside Ukraine."
    )
