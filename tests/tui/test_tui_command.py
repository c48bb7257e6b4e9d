"""`crm tui` as a command: its help, and a clear refusal without a terminal."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from crm_cli.cli import app


def run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    env = {
        "CRM_DATABASE_URL": f"sqlite:///{tmp_path / 'crm.db'}",
        "CRM_USER": "admin",
        "CRM_CONFIG_DIR": str(tmp_path / "cfg"),
        "CRM_DATA_DIR": str(tmp_path / "data"),
        "CRM_TUI_FORCE": "",
    }
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_help_names_the_keys(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "tui", "--help")
    assert code == 0 and "customer center" in out and "Example: crm tui" in out


def test_without_a_terminal_it_refuses_before_drawing(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, "tui")
    assert (code, out) == (1, "")
    assert err.strip() == "Error: crm tui needs a terminal"


def test_an_unknown_user_fails_like_any_command(tmp_path: Path) -> None:
    run(tmp_path, "tui")  # creates the database and its admin
    code, out, err = run(tmp_path, "--user", "nobody", "tui")
    assert code != 0 and out == "" and err.startswith("Error:")
