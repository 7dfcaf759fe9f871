"""The README's commands work when pasted into a fresh clone: each `make` target exists, each
command line names options its command takes, and the cheap ones run (help, version, sources,
a PNG from the embedded figures)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from frontline.config import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text()
MAKEFILE = (PROJECT_ROOT / "Makefile").read_text()
VENV_PYTHON = ".venv/bin/python"
# What a command line may start with: make, the venv's python, or the installed command (the
# README's "Installing the package"), which the test runs through the venv's python.
INSTALLED = "frontline"
# Commands cheap enough to run as written, offline and without a store.
RUN_AS_WRITTEN = ("--version", "sources", "export --date 2026-01-06 --format png")


def shell_lines() -> list[str]:
    """Every command of the README's `sh` blocks, without its comment."""
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.splitlines():
            command = re.split(r"\s+#", line, maxsplit=1)[0].strip()
            if command:
                lines.append(command)
    return lines


def frontline_lines() -> list[list[str]]:
    """The frontline command lines, as the words after the python: `-m frontline ...`."""
    out = []
    for line in shell_lines():
        words = line.split()
        if words[0] == VENV_PYTHON:
            out.append(words[1:])
        elif words[0] == INSTALLED:
            out.append(["-m", "frontline", *words[1:]])
    return out


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, re.M))


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The checkout's tracked files alone (no store, no static/vendor, no caches), with the
    venv `make setup` would have made."""
    if shutil.which("git") is None or not (PROJECT_ROOT / ".git").exists():
        pytest.skip("not a git checkout: no tracked files to copy")
    folder = tmp_path_factory.mktemp("clone")
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, tracked.split("\0")):
        source = PROJECT_ROOT / name
        if source.is_file() and not source.is_symlink():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    (folder / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return folder


def run_in(folder: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(folder), "LANG": "C.UTF-8"}
    return subprocess.run(
        [VENV_PYTHON, *args], cwd=folder, env=env, capture_output=True, text=True, timeout=120
    )


def test_every_shell_command_starts_with_make_or_the_venvs_python() -> None:
    lines = shell_lines()
    assert len(lines) > 15
    bare = [line for line in lines if line.split()[0] not in {"make", VENV_PYTHON, INSTALLED}]
    assert not bare, f"commands a fresh clone cannot run as written: {bare}"
    assert "source .venv/bin/activate" in README


def test_every_make_target_the_readme_names_exists() -> None:
    named = set(re.findall(r"\bmake ([a-z][a-z-]*)", README))
    assert {"setup", "run", "test", "data", "unit", "lint", "typecheck"} <= named
    assert named <= make_targets(), named - make_targets()


def test_every_option_the_readme_shows_is_one_its_command_takes(fresh_clone: Path) -> None:
    helps: dict[tuple[str, ...], str] = {}
    for words in frontline_lines():
        module = words[1]
        sub = [] if words[2].startswith("-") else [words[2]]
        key = (module, *sub)
        if key not in helps:
            done = run_in(fresh_clone, ["-m", module, *sub, "--help"])
            assert done.returncode == 0, (key, done.stderr)
            helps[key] = done.stdout
        options = {w.strip("[]") for w in words if w.strip("[]").startswith("--")}
        missing = {o for o in options if o not in helps[key]}
        assert not missing, f"{' '.join(words)}: {missing} not in its --help"
    assert len(helps) >= 8


@pytest.mark.parametrize("command", RUN_AS_WRITTEN)
def test_the_cheap_commands_run_as_written(fresh_clone: Path, command: str) -> None:
    written = [w for w in frontline_lines() if " ".join(w[2:]) == command]
    assert written, f"the README no longer shows `{command}`"
    done = run_in(fresh_clone, shlex.split(" ".join(written[0])))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    if command == "sources":
        assert "DeepStateMap" in done.stdout
    if command.startswith("export"):
        assert (fresh_clone / "frontline-donbas-2026-01-06.png").stat().st_size > 50_000
