"""The README keeps up with the code: every command, option, setting and module is in it."""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from frontline import benchmark, settings
from frontline.cli import build_parser
from frontline.config import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text()
SETTINGS_TABLE = re.compile(r"<!-- settings: [^>]*-->\n(.*?)<!-- /settings -->", re.S)


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return {
        name: sub
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name, sub in action.choices.items()
    }


def long_options(parser: argparse.ArgumentParser) -> list[str]:
    return [
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ]


COMMANDS = subcommands(build_parser())
OPTIONS = [(name, option) for name, sub in COMMANDS.items() for option in long_options(sub)]
OPTIONS += [("benchmark", option) for option in long_options(benchmark.build_parser())]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert re.search(rf"\bfrontline {command}\b", README), f"`frontline {command}`"


@pytest.mark.parametrize(("command", "option"), OPTIONS)
def test_every_option_of_every_command_is_in_the_readme(command: str, option: str) -> None:
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", README), f"{command} {option}"


def test_the_readme_settings_table_is_the_one_the_code_reads() -> None:
    (table,) = SETTINGS_TABLE.findall(README)
    assert table == settings.markdown_table()


# What reads the environment or the secrets, in the app and the package.
CODE = [
    *sorted((PROJECT_ROOT / "frontline").rglob("*.py")),
    *sorted((PROJECT_ROOT / "pages").glob("*.py")),
]


READERS = ("os.environ", "os", "st.secrets")


def settings_read_directly(path: Path) -> list[str]:
    """Names of environment variables or secrets a file reads by a literal, not through
    frontline.settings: `os.environ.get("X")`, `os.getenv("X")`, `os.environ["X"]`,
    `st.secrets.get("x")`, `st.secrets["x"]`, or a variable's name kept in a string."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            reader, args = node.func, node.args
            literal = bool(args) and isinstance(args[0], ast.Constant)
            if (
                literal
                and reader.attr in ("get", "getenv")
                and ast.unparse(reader.value) in READERS
            ):
                found.append(str(args[0].value))
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            if ast.unparse(node.value) in READERS:
                found.append(str(node.slice.value))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.extend(re.findall(r"^FRONTLINE_[A-Z_]+$", node.value))
    return found


def test_the_code_reads_every_setting_through_the_settings_table() -> None:
    offenders = {
        str(path.relative_to(PROJECT_ROOT)): settings_read_directly(path)
        for path in CODE
        if path.name != "settings.py"
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_settings_rule_sees_a_direct_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import os\nimport streamlit as st\n"
        "a = os.environ.get('HOME')\nb = os.getenv('TERM')\nc = st.secrets['token']\n"
        "d = 'FRONTLINE_NEW'\ne = 'FRONTLINE_STORE names the store'\n"
    )
    assert settings_read_directly(bad) == ["HOME", "TERM", "token", "FRONTLINE_NEW"]


MODULES = sorted(
    {
        path.stem
        for path in [
            *(PROJECT_ROOT / "frontline").rglob("*.py"),
            *(PROJECT_ROOT / "pages").glob("*.py"),
        ]
        if path.stem not in ("__init__", "__main__")
    }
)


@pytest.mark.parametrize("module", MODULES)
def test_every_module_is_in_the_readme(module: str) -> None:
    assert f"`{module}`" in README or f"`{module}/`" in README, module
