"""An installed frontline carries its template files and every subpackage, not only the code."""

from __future__ import annotations

import tomllib
from pathlib import Path

from setuptools import find_packages

from frontline.config import PROJECT_ROOT
from frontline.present import templates

SETTINGS = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_of_frontline_is_installed() -> None:
    found = find_packages(str(PROJECT_ROOT), **SETTINGS["packages"]["find"])
    on_disk = {
        ".".join(path.parent.relative_to(PROJECT_ROOT).parts)
        for path in (PROJECT_ROOT / "frontline").rglob("__init__.py")
    }
    assert set(found) == on_disk


def test_every_template_file_is_package_data() -> None:
    patterns = SETTINGS["package-data"]["frontline.present.templates"]
    files = {
        path
        for path in templates.FOLDER.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"}
    }
    assert files, "no template files found"
    # The patterns are globs relative to the package's folder, as setuptools reads them.
    installed = {path for pattern in patterns for path in templates.FOLDER.glob(pattern)}
    assert sorted(files - installed) == []


def test_templates_are_read_from_the_package_not_the_working_folder(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert templates.render("page_title.html", title="<x>") == "<title>&lt;x&gt;</title>"
