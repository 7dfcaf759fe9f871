"""The About page: reached from every page's sidebar, it says what the figures are, what
"inside" means for a town, where the data come from and how to cite them."""

from __future__ import annotations

from pathlib import Path

from frontline.model.towns import INSIDE_FROM
from tests.conftest import run_page


def test_about_says_what_the_figures_and_a_towns_states_mean(
    archive_store: Path, monkeypatch
) -> None:
    app = run_page("about", archive_store, monkeypatch)
    headings = [h.value for h in app.subheader]
    assert headings == [
        "What the figures are",
        'What "inside" means for a town',
        "Where the data come from",
        "How to cite",
    ]
    words = " ".join(m.value for m in app.markdown)
    assert "EPSG:3035" in words and "grey (contested) zone is not counted" in words
    assert f"inside from {INSIDE_FROM:.0%}" in words
    assert "https://deepstatemap.live/" in words and "GeoNames" in words
    assert "Cite this" in words and "Map data: DeepStateMap" in words


def test_every_page_links_to_about(archive_store: Path, monkeypatch) -> None:
    app = run_page("map", archive_store, monkeypatch, date="2026-01-06")
    links = {link.label: link for link in app.sidebar.get("page_link")}
    assert "About" in links
