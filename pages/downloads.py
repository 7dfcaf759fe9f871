"""Download buttons: a row of deferred ones (each file made on its click), and one ready file."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from frontline.present.export import Export, Format


def deferred_buttons(
    formats: dict[str, Format],
    make: Callable[[str], Callable[[], bytes]],
    name: Callable[[str], str],
    key: str,
) -> None:
    """One download button per format, side by side; each file is made when it is clicked."""
    columns = st.columns(len(formats))
    for column, (kind, spec) in zip(columns, formats.items(), strict=True):
        column.download_button(
            spec.label,
            # Deferred: the file is made when the button is clicked, not on every rerun.
            data=make(kind),
            file_name=name(kind),
            mime=spec.mime,
            key=f"{key}_{kind}",
            help=spec.hint,
            on_click="ignore",
            icon=":material/download:",
        )


def download(column, label: str, export: Export, key: str) -> None:
    """A download button for a file already made; clicking it does not rerun the page."""
    column.download_button(
        label,
        data=export.data,
        file_name=export.name,
        mime=export.mime,
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )
