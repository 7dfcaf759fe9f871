"""`frontline serve`: the dashboard under Streamlit, from a checkout or an installed package."""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from pathlib import Path
from typing import NoReturn

from frontline.config import PROJECT_ROOT, STORE_ENV

APP = PROJECT_ROOT / "app.py"
STREAMLIT_CONFIG = PROJECT_ROOT / ".streamlit" / "config.toml"
DEFAULT_PORT = 8501
# A served dashboard's code does not change under it: no watching of its files.
SERVING_FLAGS = ("--server.fileWatcherType", "none")


def add_serve_parser(commands: argparse._SubParsersAction) -> None:
    """The `serve` command and its options."""
    serve = commands.add_parser("serve", help="serve the dashboard (Streamlit) on a port")
    serve.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    serve.add_argument(
        "--address", default=None, help="address to listen on (default: every interface)"
    )
    serve.add_argument(
        "--store",
        type=Path,
        default=None,
        help=f"store folder to read (default: ${STORE_ENV}, else the default store)",
    )
    serve.set_defaults(run=run_serve)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not between 1 and 65535")
    return port


def config_flags(config: Path = STREAMLIT_CONFIG) -> list[str]:
    """The app's Streamlit settings as command-line flags.

    Streamlit reads .streamlit/config.toml from the working folder only; an installed package
    is served from anywhere, so its settings travel as flags instead.
    """
    flags = []
    for section, options in tomllib.loads(config.read_text(encoding="utf-8")).items():
        for name, value in options.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags += [f"--{section}.{name}", text]
    return flags


def serve_command(port: int, address: str | None) -> list[str]:
    """The `streamlit run` command line that serves the dashboard."""
    command = [sys.executable, "-m", "streamlit", "run", str(APP), *config_flags()]
    command += [*SERVING_FLAGS, "--server.port", str(port)]
    if address:
        command += ["--server.address", address]
    return command


def run_serve(args: argparse.Namespace) -> NoReturn:
    """Become the Streamlit server: signals (a container's stop) reach it directly."""
    if args.store is not None:
        os.environ[STORE_ENV] = str(args.store.resolve())
    command = serve_command(args.port, args.address)
    sys.stdout.flush()
    os.execv(command[0], command)
