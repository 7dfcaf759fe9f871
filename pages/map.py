"""Placeholder: the map page."""

import streamlit as st

st.title("map")
