"""A wheel, or the sdist, installed into a fresh venv outside the checkout runs the CLI and serves
the dashboard.

No internet: the wheel is built without build isolation from the test's own environment, and
the fresh venv reaches the already-installed dependencies through a .pth file, so pip installs
the wheel with --no-index and still checks that every declared dependency is there.
"""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import sysconfig
import tarfile
import urllib.request
import venv
import zipfile
from datetime import date
from pathlib import Path

import pytest

from frontline.bundle import FOLDER, bundled_files
from frontline.config import PROJECT_ROOT
from frontline.present.assets import LEAFLET_JS
from tests.serving import serving
from tests.synthetic import make_days

pytestmark = pytest.mark.slow

# What a clean clone lacks: never copied into the folder the wheel is built from.
NOT_SOURCE = (".git", ".venv", "build", "test-artifacts", "__pycache__", "*.egg-info", "store")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the checkout as a clean clone would be."""
    folder = tmp_path_factory.mktemp("source") / "frontline"
    shutil.copytree(PROJECT_ROOT, folder, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    return folder


@pytest.fixture(scope="module")
def wheel(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built from the clean copy."""
    out = tmp_path_factory.mktemp("wheelhouse")
    pip = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-build-isolation", "--no-deps"]
    subprocess.run([*pip, "--no-index", "--wheel-dir", str(out), str(source)], check=True)
    (built,) = out.glob("frontline-*.whl")
    return built


@pytest.fixture(scope="module")
def sdist(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's sdist, built from the clean copy by the PEP 517 hook `python -m build`
    calls (without its isolated environment: there is no index to fill one from)."""
    out = tmp_path_factory.mktemp("sdist")
    hook = f"from setuptools import build_meta; build_meta.build_sdist({str(out)!r})"
    subprocess.run([sys.executable, "-c", hook], cwd=source, check=True, capture_output=True)
    (built,) = out.glob("frontline-*.tar.gz")
    return built


@pytest.fixture(scope="module", params=["wheel", "sdist"])
def installed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv, outside the checkout, with the wheel or the sdist installed; its bin/."""
    package = request.getfixturevalue(request.param)
    home = tmp_path_factory.mktemp("fresh")
    venv.create(home / "venv", with_pip=True)
    purelib = sysconfig.get_path("purelib", vars={"base": str(home / "venv")})
    # The dependencies this test runs with, seen by the fresh venv as installed (their own
    # .pth files included, which a bare path line would skip).
    (Path(purelib) / "dependencies.pth").write_text(
        f"import site; site.addsitedir({site.getsitepackages()[0]!r})\n"
    )
    bin_dir = home / "venv" / "bin"
    pip = [bin_dir / "pip", "install", "--quiet", "--no-index", "--disable-pip-version-check"]
    # An sdist is built into a wheel on the way: with the build tools already installed here.
    subprocess.run([*pip, "--no-build-isolation", str(package)], check=True, cwd=home)
    return bin_dir


def test_the_wheel_carries_every_package_file_and_the_dashboard(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    package = PROJECT_ROOT / "frontline"
    in_checkout = {
        path.relative_to(PROJECT_ROOT).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert sorted(in_checkout - names) == []
    dashboard = {f"frontline/{FOLDER}/{p.as_posix()}" for p in bundled_files(PROJECT_ROOT)}
    assert sorted(dashboard - names) == []
    assert f"frontline/{FOLDER}/static/{LEAFLET_JS}" in names
    assert not [name for name in names if "/store/" in name]


def test_the_sdist_carries_every_file_the_wheel_is_built_from(sdist: Path) -> None:
    with tarfile.open(sdist) as archive:
        top = archive.getnames()[0].split("/")[0]
        names = {name.removeprefix(f"{top}/") for name in archive.getnames()}
    wanted = {p.as_posix() for p in bundled_files(PROJECT_ROOT)} | {"setup.py", "pyproject.toml"}
    assert sorted(wanted - names) == []
    assert not [name for name in names if name.startswith(("data/store", "static/vendor/"))]


def test_installed_cli_refreshes_and_reports_outside_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    where = subprocess.run(
        [installed / "python", "-c", "import frontline.config as c; print(c.PROJECT_ROOT)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(installed.parent)
    version = subprocess.run([installed / "frontline", "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("frontline ")

    folder, store = tmp_path / "snapshots", tmp_path / "store"
    folder.mkdir()
    make_days(folder, 2)
    frontline = installed / "frontline"
    subprocess.run([frontline, "refresh", "--source", folder, "--store", store], check=True)
    stats = subprocess.run(
        [frontline, "stats", "--store", store], cwd=tmp_path, capture_output=True, text=True
    )
    assert stats.returncode == 0, stats.stderr
    rows = stats.stdout.splitlines()
    assert rows[0].startswith("date,oblast,occupied_km2")
    assert any(row.startswith("2026-01-02,Donetsk,") for row in rows)


def test_installed_package_serves_the_dashboard_with_its_map_scripts(
    installed: Path, tmp_path: Path
) -> None:
    folder, store = tmp_path / "snapshots", tmp_path / "store"
    folder.mkdir()
    make_days(folder, 1, start=date(2026, 1, 5))
    subprocess.run(
        [installed / "frontline", "refresh", "--source", folder, "--store", store], check=True
    )
    frontline = [str(installed / "frontline")]
    with (
        serving(frontline, store, tmp_path / "serve.log") as url,
        urllib.request.urlopen(f"{url}/app/static/{LEAFLET_JS}", timeout=10) as response,
    ):
        assert response.status == 200
        assert b"Leaflet" in response.read(2000)
    # The app's pages import and run from the installed copy, on the installed store.
    script = (
        "import sys; from streamlit.testing.v1 import AppTest; import frontline.config as c\n"
        "app = AppTest.from_file(str(c.PROJECT_ROOT / 'app.py'), default_timeout=120); app.run()\n"
        "assert not app.exception, [e.value for e in app.exception]\n"
        "print(' '.join(m.value for m in app.markdown))\n"
    )
    run = subprocess.run(
        [installed / "python", "-c", script],
        cwd=tmp_path,
        env={"FRONTLINE_STORE": str(store), "PATH": str(installed)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "2026" in run.stdout
