"""CLI fixtures: `crm` run through CliRunner against a real temp SQLite file per test.

Click 8.2+ always captures stderr apart (``result.stderr``); ``result.output`` mixes both.
CliRunner's stdin is not a terminal, so commands that would ask must refuse unless --yes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from crm_cli.cli import app
from crm_cli.store.core import db
from tests.conftest import copy_database

# Every variable that could leak a developer's own settings into a test.
_ENV_KEYS = ("CRM_DATABASE_URL", "CRM_USER", "CRM_FORMAT", "CRM_CONFIG_DIR", "CRM_DATA_DIR")
# A Chinese locale would make every message Chinese (issue 17): tests choose theirs.
_ENV_KEYS += ("LC_ALL", "LC_MESSAGES", "LANG")


class Crm:
    """Runs `crm …` as a given user and checks the CLI contract on every result."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.db_url = f"sqlite:///{tmp_path / 'crm.db'}"
        self.config_dir = tmp_path / "cfg"
        self.runner = CliRunner()

    def run(
        self, *args: str, user: str | None = "admin", stdin: str | None = None, **env: str | None
    ) -> Result:
        """`crm ARGS` acting as ``user`` (None: no CRM_USER); extra env as keyword args."""
        environ: dict[str, str | None] = {
            "CRM_DATABASE_URL": self.db_url,
            "CRM_CONFIG_DIR": str(self.config_dir),
            "CRM_DATA_DIR": str(self.tmp_path / "data"),
            "CRM_USER": user,
            "CRM_FORMAT": None,
        }
        environ.update(env)
        result = self.runner.invoke(app, list(args), input=stdin, env=environ)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(
                f"crm {' '.join(args)} raised {result.exception!r}"
            ) from result.exception
        assert "Traceback" not in result.output, result.output
        return result

    def ok(self, *args: str, user: str | None = "admin", **env: str | None) -> Result:
        result = self.run(*args, user=user, **env)
        assert result.exit_code == 0, (
            f"crm {' '.join(args)} exited {result.exit_code}: {result.stderr}"
        )
        return result

    def json(self, *args: str, user: str | None = "admin", **env: str | None) -> Any:
        """The parsed JSON stdout of a successful `crm ARGS -f json`."""
        return json.loads(self.ok(*args, "-f", "json", user=user, **env).stdout)

    def fails(self, code: int, *args: str, user: str | None = "admin", **env: str | None) -> str:
        """Assert exit ``code`` with ONE `Error: …` (`错误：…`) line on stderr, no stdout."""
        result = self.run(*args, user=user, **env)
        assert result.exit_code == code, (
            f"crm {' '.join(args)}: expected exit {code}, got {result.exit_code}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}"
        )
        lines = result.stderr.splitlines()
        assert len(lines) == 1, f"expected one stderr line, got: {result.stderr!r}"
        assert lines[0].startswith(("Error: ", "错误：")), lines[0]  # English, or a zh run
        assert result.stdout == "", result.stdout
        return lines[0]

    def customers(self, *extra: str, user: str | None = "admin") -> list[dict[str, Any]]:
        return self.json("customer", "list", *extra, user=user)  # type: ignore[no-any-return]

    def codes(self, *extra: str, user: str | None = "admin") -> list[str]:
        return sorted(c["code"] for c in self.customers(*extra, user=user))

    def add(self, name: str, *options: str, user: str | None = "admin") -> dict[str, Any]:
        """Add a customer and return its JSON record."""
        return self.json("customer", "add", name, *options, user=user)  # type: ignore[no-any-return]

    def snapshot(self) -> tuple[str, str]:
        """Everything an admin sees, live and deleted, to prove a refusal changed nothing."""
        return (
            self.ok("customer", "list", "-f", "json").stdout,
            self.ok("customer", "list", "--deleted", "-f", "json").stdout,
        )

    def log(self, ref: str) -> list[dict[str, Any]]:
        return self.json("customer", "log", ref)  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def admin_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database where `admin` has acted once (the first user to act becomes admin), made
    once per worker and copied for each test."""
    home = tmp_path_factory.mktemp("admin-template")
    with pytest.MonkeyPatch.context() as patch:
        for key in _ENV_KEYS:
            patch.delenv(key, raising=False)
        Crm(home).ok("user", "list")
    db.close_store()
    return home / "crm.db"


@pytest.fixture
def crm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, admin_template: Path) -> Iterator[Crm]:
    for key in _ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    copy_database(admin_template, tmp_path / "crm.db")
    runner = Crm(tmp_path)
    yield runner
    db.close_store()


@pytest.fixture
def staff(crm: Crm) -> Crm:
    """admin; manager li over wang, who leads zhao (recursion); chen on her own."""
    crm.ok("user", "add", "li", "--role", "manager", "--display", "李经理")
    crm.ok("user", "add", "wang", "--role", "sales", "--supervisor", "li")
    crm.ok("user", "add", "zhao", "--role", "sales", "--supervisor", "wang")
    crm.ok("user", "add", "chen", "--role", "sales")
    return crm
