"""`botapp --help` points a newcomer at `serve`, not at Flask's bare `run`."""

from __future__ import annotations

from click.testing import CliRunner

from botapp.cli import main


def test_help_lists_serve_and_hides_flask_run_which_would_start_no_workers() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    commands = [
        line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()
    ]
    assert "serve" in commands and "shell" in commands and "routes" in commands
    assert "run" not in commands
    assert "botapp serve" in result.output


def test_flask_run_still_works_for_those_who_type_it() -> None:
    result = CliRunner().invoke(main, ["run", "--help"])
    assert result.exit_code == 0, result.output
    assert "development server" in result.output
