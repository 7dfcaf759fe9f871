"""Standalone HTML: a folium page with its local scripts and stylesheets inlined, no network.

The map's pages point at the files the app serves from static/ (`/app/static/...` or
`../../app/static/...`). A file opened from disk has no server, so each such tag is replaced
by the file's text, and the images Leaflet's stylesheet refers to become data URIs.
"""

from __future__ import annotations

import base64
import json
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import ClassVar

from frontline.config import STATIC_DIR
from frontline.present.assets import install_assets, read_asset
from frontline.present.templates import render

STATIC_MARK = "app/static/"
_SCRIPT = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"[^>]*>\s*</script>', re.IGNORECASE)
_STYLESHEET = re.compile(r'<link\b[^>]*\bhref="([^"]+)"[^>]*>', re.IGNORECASE)
_CSS_URL = re.compile(r"url\((['\"]?)(?!data:|#|https?:)([^'\")]+)\1\)")
_ICON_PATH = re.compile(r'L\.Icon\.Default\.imagePath = "([^"]+)";')
# Leaflet's default marker images, by the option that names each one.
_ICON_FILES = {
    "iconUrl": "marker-icon.png",
    "iconRetinaUrl": "marker-icon-2x.png",
    "shadowUrl": "marker-shadow.png",
}


class StandaloneError(ValueError):
    """The page needs a file that cannot be inlined (not one the app serves from static/)."""


def inline_page(page: str, static_dir: Path = STATIC_DIR) -> str:
    """`page` with every `<script src>` and stylesheet `<link>` from static/ inlined.

    The vendored files are installed first: an export from the command line may run on a
    checkout where neither the app nor `frontline assets` has put them in static/ yet.
    """
    install_assets(static_dir)

    def script(match: re.Match[str]) -> str:
        relative = _static_path(match.group(1), static_dir)
        # `</script` inside the code would end the element early; `<\/` means the same to JS.
        code = read_asset(relative, static_dir).replace("</script", "<\\/script")
        return f"<script>\n{code}\n</script>"

    def stylesheet(match: re.Match[str]) -> str:
        relative = _static_path(match.group(1), static_dir)
        folder = static_dir / PurePosixPath(relative).parent
        css = _inline_css_urls(read_asset(relative, static_dir), folder)
        return "<style>\n" + css.replace("</style", "<\\/style") + "\n</style>"

    def icons(match: re.Match[str]) -> str:
        # An empty image folder makes Leaflet use each option as the whole address.
        options = {
            option: _data_uri(static_dir / _static_path(match.group(1) + name, static_dir))
            for option, name in _ICON_FILES.items()
        }
        return (
            f'L.Icon.Default.imagePath = "";\nL.Icon.Default.mergeOptions({json.dumps(options)});'
        )

    return _ICON_PATH.sub(icons, _STYLESHEET.sub(stylesheet, _SCRIPT.sub(script, page)))


def add_caption(page: str, title: str, caption_lines: list[str]) -> str:
    """Set the page's title and put a caption (escaped text) under the map, clear of it."""
    page = page.replace("<head>", "<head>\n" + render("page_title.html", title=title), 1)
    return page.replace("</body>", render("caption.html", lines=caption_lines) + "\n</body>", 1)


def external_references(page: str) -> list[str]:
    """Every `src`/`href` of a loading tag (script, link, img, iframe...) that is not inline."""
    finder = _ReferenceFinder()
    finder.feed(page)
    return finder.found


def _static_path(url: str, static_dir: Path) -> str:
    """`vendor/leaflet-1.9.3/leaflet.js` from `/app/static/vendor/...` or `../../app/static/...`."""
    if STATIC_MARK not in url or url.startswith(("http://", "https://", "//")):
        raise StandaloneError(f"{url} is not a file the app serves from static/: cannot inline it")
    relative = url.split(STATIC_MARK, 1)[1].split("?", 1)[0]
    if ".." in PurePosixPath(relative).parts or not (static_dir / relative).is_file():
        raise StandaloneError(f"{url}: no such file under {static_dir}")
    return relative


def _inline_css_urls(css: str, folder: Path) -> str:
    def data_uri(match: re.Match[str]) -> str:
        path = folder / match.group(2)
        return f'url("{_data_uri(path)}")' if path.is_file() else match.group(0)

    return _CSS_URL.sub(data_uri, css)


def _data_uri(path: Path) -> str:
    encoded = base64.b64encode(path.read_bytes()).decode()
    return f"data:image/{path.suffix.lstrip('.')};base64,{encoded}"


class _ReferenceFinder(HTMLParser):
    LOADING: ClassVar[dict[str, str]] = {
        "script": "src",
        "link": "href",
        "img": "src",
        "iframe": "src",
        "source": "src",
    }

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = self.LOADING.get(tag)
        for name, value in attrs:
            if name == wanted and value and not value.startswith("data:"):
                self.found.append(value)
