"""The oblasts page: every oblast's occupied share and km² on the chosen date, and the country."""

import streamlit as st

from frontline.model.boundaries import COUNTRY
from frontline.model.figures import areas_on
from frontline.present.day_text import oblast_table
from pages import app_setup, loaders
from pages.notices import no_store_notice
from pages.sidebar import chosen_date

app_setup.run_through_app()

choice = chosen_date()
resolved, table = areas_on(loaders.dataset().every_area, choice.shown)

st.title("Every oblast")
st.markdown(
    f"Showing **{resolved.requested.isoformat()}** · DeepStateMap snapshot of "
    f"**{resolved.snapshot.isoformat()}**. Click a column's header to sort by it."
)
# Column widths that fit a 390 px phone screen whole (about 350 px for the table); the full
# wording of each column is in its header's help.
st.dataframe(
    oblast_table(table),
    column_config={
        "Oblast": st.column_config.TextColumn(width=104),
        "Occupied %": st.column_config.NumberColumn(
            format="%.1f", width=84, help="Share of the oblast occupied, in percent"
        ),
        "Occupied km²": st.column_config.NumberColumn(
            format="localized", width=96, help="Occupied area in km²"
        ),
        "Area km²": st.column_config.NumberColumn(
            format="localized", width=74, help="The oblast's whole area in km²"
        ),
    },
    hide_index=True,
    height=(len(table) + 1) * 35 + 3,
    key="oblasts_table",
)
st.caption(
    f"“{COUNTRY}” is the whole country, lagoons and estuaries included; an oblast the snapshot "
    "does not reach shows 0. Crimea, Sevastopol and Kyiv City are listed as the boundaries "
    "list them. Areas in km² are measured in EPSG:3035; see Sources for the method."
)
no_store_notice()
