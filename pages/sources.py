"""The sources page: where every figure comes from, and what the data covers."""

import streamlit as st

from frontline.ingest.store import DAILY
from frontline.model.history import coverage
from frontline.model.provenance import SOURCES, missing_dates
from pages import common

common.run_through_app()

st.title("Sources")
st.write(
    "Every figure on this dashboard is computed by frontline itself from the data below. "
    "Areas are measured in the equal-area projection ETRS89-LAEA (EPSG:3035)."
)
st.dataframe(
    [
        {
            "Data": s.name,
            "Provides": s.provides,
            "Origin": s.origin,
            "Licence": s.licence,
            "Link": s.url or None,
        }
        for s in SOURCES
    ],
    column_config={"Link": st.column_config.LinkColumn()},
    hide_index=True,
)

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
st.markdown(
    "- Each daily file is parsed, repaired with `shapely.make_valid` and clipped to the two "
    "oblasts.\n"
    "- The occupied piece of each oblast is measured in km² in EPSG:3035 and divided by the "
    "oblast's own area (Natural Earth: Donetsk 26,599 km², Luhansk 26,310 km²).\n"
    "- DeepStateMap's daily archive holds the occupied area only; its grey (contested) zone is "
    "not counted.\n"
    "- Before 2024-07-08 the figures come from DeepStateMap's weekly layered maps, which also "
    "give the area occupied before 2022 (ORDLO, Crimea) and the grey zone (unknown status). "
    "Each polygon's layer is read from its name, or its colour when the name says nothing. "
    "Weekly history is shown as weekly: nothing is interpolated."
)
