"""The About page: what the figures are, what "inside" means, the data's sources, how to cite."""

import streamlit as st

from frontline.present.about_text import about_markdown
from pages import app_setup

app_setup.run_through_app()

st.title("About")
for heading, text in about_markdown():
    st.subheader(heading)
    st.markdown(text)
