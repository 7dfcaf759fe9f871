"""The sources page: where every figure comes from, and what the data covers."""

import streamlit as st

from frontline.model.provenance import SOURCES, missing_dates
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
dates = common.dates(common.data_version())
gaps = missing_dates(dates)
st.subheader("Coverage")
st.write(
    f"{len(dates)} daily snapshots from {dates[0].isoformat()} to {dates[-1].isoformat()}, "
    f"read from the {data.origin}."
)
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
    "not counted."
)
