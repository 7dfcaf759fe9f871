"""`frontline serve`: its options, and the Streamlit command it becomes."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.cli import main
from frontline.serve import APP, config_flags, serve_command


def test_the_apps_streamlit_settings_travel_as_flags(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[server]\nheadless = true\nport = 9\n[client]\ntoolbarMode = "minimal"\n')
    assert config_flags(config) == [
        "--server.headless",
        "true",
        "--server.port",
        "9",
        "--client.toolbarMode",
        "minimal",
    ]


def test_the_command_serves_app_py_with_static_files_and_no_error_details() -> None:
    command = serve_command(8600, "127.0.0.1")
    assert command[1:5] == ["-m", "streamlit", "run", str(APP)]
    pairs = dict(zip(command[5::2], command[6::2], strict=True))
    assert pairs["--server.enableStaticServing"] == "true"
    assert pairs["--client.showErrorDetails"] == "none"
    # The port and address asked for come last, so they win over any setting of the file.
    assert command[-4:] == ["--server.port", "8600", "--server.address", "127.0.0.1"]


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1"])
def test_a_port_out_of_range_is_refused_in_one_line(
    port: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--port", port])
    assert stopped.value.code == 1
    assert capsys.readouterr().err.splitlines()[-1].startswith("frontline serve: error:")
