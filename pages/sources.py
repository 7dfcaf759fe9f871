"""The sources page: where every figure comes from, and what the data covers."""

import streamlit as st

from frontline.model.boundaries import load_oblasts
from frontline.model.history import coverage, sparse_until
from frontline.model.national import deepstate_label
from frontline.model.provenance import data_sources, missing_dates
from frontline.model.published import (
    PublishedError,
    compare_published,
    read_published,
    uncompared,
)
from frontline.present.compare_text import TOWN_METHOD_CAPTION
from frontline.present.notices import DISPLAY_OUTLINES, FULL_PRECISION
from frontline.present.sources_text import (
    DATE_COLUMNS,
    DIFFERENCES,
    coverage_text,
    gaps_text,
    method_text,
    national_differences,
    published_rows,
    source_block,
    uncompared_text,
)
from frontline.present.templates import render
from frontline.registry import ISW, NATIONAL_SOURCES
from pages import app_setup, loaders
from pages.notices import no_store_notice

app_setup.run_through_app()

st.title("Sources")
st.write(
    "Every figure on this dashboard is computed by frontline itself from the data below. "
    "Areas are measured in the equal-area projection ETRS89-LAEA (EPSG:3035)."
)
# One block per dataset rather than a table: a table of five columns is cut off on a phone
# and, with long descriptions, on a desktop too.
for source in data_sources():
    line, caption = source_block(source)
    st.markdown(line)
    st.caption(caption)
data = loaders.dataset()
# Weekly layered maps, then the daily archive; only the daily stretches have gaps.
spans = coverage(data.figures)
gaps = missing_dates([d for span in spans if span.daily for d in span.dates])
st.subheader("Coverage")
st.write(coverage_text(spans, data.origin))
if gaps:
    st.write(gaps_text(gaps))
if data.display_outlines:
    st.caption(f"{DISPLAY_OUTLINES} {FULL_PRECISION}")
no_store_notice()
st.subheader("Method")
st.markdown(method_text(load_oblasts().set_index("name")["area_km2"], sparse_until(data.figures)))
st.markdown(TOWN_METHOD_CAPTION)

st.subheader("DeepStateMap and ISW")
st.markdown(national_differences(NATIONAL_SOURCES[ISW], deepstate_label(data.every_area)))

st.subheader("Against DeepStateMap's own figures")
try:
    published = read_published()
except PublishedError as err:
    st.error(f"The published figures cannot be shown: {err}")
else:
    rows = published_rows(compare_published(published, data.every_area))
    if rows:
        st.html(render("published.html", columns=list(rows[0]), rows=rows, dates=DATE_COLUMNS))
    if left_out := uncompared_text(uncompared(published, data.every_area)):
        st.caption(left_out)
    if rows:
        st.markdown(DIFFERENCES)
