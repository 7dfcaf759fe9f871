"""The Streamlit entry point: navigation, and the sidebar every page shares."""

import streamlit as st

from pages import app_setup, compare_data, loaders
from pages.sidebar import sidebar

st.set_page_config(
    page_title="frontline: Donetsk and Luhansk", page_icon=app_setup.favicon(), layout="wide"
)

app_setup.one_line_logs()
app_setup.install_static()
app_setup.reuse_folium_templates()
pages = (
    st.Page("pages/map.py", title="Map", icon=":material/map:", default=True),
    st.Page("pages/oblasts.py", title="Every oblast", icon=":material/table:", url_path="oblasts"),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/compare.py", title="Compare", icon=":material/compare:", url_path="compare"),
    st.Page("pages/sources.py", title="Sources", icon=":material/source:", url_path="sources"),
    st.Page("pages/about.py", title="About", icon=":material/info:", url_path="about"),
)
# The sidebar draws its own links to the pages, which carry the date.
navigation = st.navigation(pages, position="hidden")
sidebar(pages, navigation)
navigation.run()
# Town shares over the whole history, measured in the background once a page has run: started
# before it, their measuring (seconds on a fresh clone) would share the machine with the page's
# first view. A page that needs them starts them itself and waits.
compare_data.start_measuring_towns(loaders.data_version())
