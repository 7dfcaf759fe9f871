"""The package's rooms: data flows ingest -> model -> present, and no room imports Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "frontline"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, absolute names, including imports inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules_in(room: str) -> list[Path]:
    return sorted((PACKAGE / room).rglob("*.py")) if room else sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("room", ["ingest", "model"])
def test_ingest_and_model_never_import_present(room: str) -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m for m in imported_modules(path) if m.startswith("frontline.present")
        )
        for path in modules_in(room)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_ingest_never_imports_model_or_present() -> None:
    """Ingest is the bottom room: it may use config and the atomic writer, nothing above it."""
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m
            for m in imported_modules(path)
            if m.startswith(("frontline.present", "frontline.model"))
        )
        for path in modules_in("ingest")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_nothing_in_the_package_imports_streamlit() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in modules_in("")
        if any(m == "streamlit" or m.startswith("streamlit.") for m in imported_modules(path))
    ]
    assert offenders == []


def test_the_rule_sees_a_violation(tmp_path: Path) -> None:
    """The checker itself must notice an upward import, or the tests above prove nothing."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from frontline.present import maps\n    import streamlit\n")
    assert {"frontline.present", "frontline.present.maps", "streamlit"} <= imported_modules(bad)


ROOT = PACKAGE.parent
# Libraries whose private names the app uses on purpose, each pinned by a test that fails on
# the upgrade that changes them (tests/test_map_component.py).
PINNED_PRIVATE = {"streamlit_folium"}


def private_imports(path: Path) -> list[str]:
    """`module.name` for every private name (one leading underscore) a file imports."""
    return [
        f"{node.module}.{alias.name}"
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path)))
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]


def test_no_module_imports_another_modules_private_names() -> None:
    files = [
        *sorted(PACKAGE.rglob("*.py")),
        *sorted((ROOT / "pages").glob("*.py")),
        ROOT / "app.py",
    ]
    offenders = {
        str(path.relative_to(ROOT)): [
            name for name in private_imports(path) if name.split(".")[0] not in PINNED_PRIVATE
        ]
        for path in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_private_import_rule_sees_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from frontline.ingest.snapshots import SnapshotError, _geometries\n")
    assert private_imports(bad) == ["frontline.ingest.snapshots._geometries"]
