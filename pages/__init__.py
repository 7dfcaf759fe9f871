"""The dashboard's pages, and the Streamlit-side modules they share (see README.md)."""
