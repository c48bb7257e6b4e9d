"""Import hygiene (acceptance point 10), checked in fresh interpreters.

The store never loads a UI library; `crm customer add` never loads Textual, rich tables or
the pypinyin dictionaries; the command modules never import peewee; import-linter agrees.
"""

from __future__ import annotations

import ast
import json
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import crm_cli.commands
import crm_cli.store

ROOT = Path(__file__).resolve().parents[1]
UI_LIBRARIES = ("textual", "typer", "click", "rich", "tabulate")


def run_python(code: str, tmp_path: Path, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CRM_")}
    environ.update(
        CRM_DATABASE_URL=f"sqlite:///{tmp_path / 'crm.db'}",
        CRM_USER="admin",
        CRM_CONFIG_DIR=str(tmp_path / "cfg"),
        CRM_DATA_DIR=str(tmp_path / "data"),
        **env,
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def store_modules() -> list[str]:
    found = [crm_cli.store.__name__]
    for info in pkgutil.walk_packages(crm_cli.store.__path__, crm_cli.store.__name__ + "."):
        found.append(info.name)
    return found


def test_there_are_store_modules_to_check() -> None:
    names = store_modules()
    assert "crm_cli.store.customers.customers" in names and "crm_cli.store.core.db" in names


def test_importing_the_store_loads_no_ui_library(tmp_path: Path) -> None:
    code = (
        "import importlib, json, sys\n"
        f"for name in {store_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in {UI_LIBRARIES!r} if m in sys.modules)))\n"
    )
    assert json.loads(run_python(code, tmp_path)) == []


def test_customer_add_loads_no_textual_rich_tables_or_pypinyin(tmp_path: Path) -> None:
    code = (
        "import json, sys\n"
        "from crm_cli.cli import main\n"
        "sys.argv = ['crm', 'customer', 'add', '测试公司']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(json.dumps(['textual' in sys.modules, 'rich.table' in sys.modules,\n"
        "                  'pypinyin' in sys.modules]))\n"
    )
    last_line = run_python(code, tmp_path).strip().splitlines()[-1]
    assert json.loads(last_line) == [False, False, False]


def test_the_add_in_that_subprocess_really_happened(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from crm_cli.cli import main\n"
        "sys.argv = ['crm', 'customer', 'add', '测试公司', '-f', 'json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
    )
    record = json.loads(run_python(code, tmp_path))
    assert record["code"] == "C000001" and record["mnemonic"] == "CSGS"


def command_sources() -> list[Path]:
    return sorted(Path(crm_cli.commands.__path__[0]).glob("*.py"))


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_command_modules_never_import_peewee_or_the_models() -> None:
    assert command_sources(), "no command modules found"
    offenders = {}
    for path in command_sources():
        bad = sorted(
            name
            for name in imported_modules(path)
            if name.split(".")[0] in ("peewee", "playhouse")
            or (name.startswith("crm_cli.store.") and name.endswith(".models"))
            or name.startswith("crm_cli.store.core.migrations")
        )
        if bad:
            offenders[path.name] = bad
    assert offenders == {}


def test_import_linter_contracts_hold() -> None:
    exe = shutil.which("lint-imports") or shutil.which(
        "lint-imports", path=str(Path(sys.executable).parent)
    )
    if exe is None:
        pytest.skip("lint-imports (import-linter) is not installed")
    done = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
