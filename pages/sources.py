"""Placeholder: the sources page."""

import streamlit as st

st.title("sources")
