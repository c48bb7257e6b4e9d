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


MAX_LINES = 300
DATA_TABLE = "A data table"


def test_no_module_is_over_300_lines_but_data_tables_that_say_so() -> None:
    too_long = {}
    for path in sorted((ROOT / "crm_cli").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > MAX_LINES and DATA_TABLE not in (ast.get_docstring(ast.parse(text)) or ""):
            too_long[str(path.relative_to(ROOT))] = lines
    assert too_long == {}


def test_package_init_files_import_nothing() -> None:
    # Importing any module imports its packages first: `crm customer add` must not pay for
    # a whole package because one of its modules is used.
    noisy = []
    for path in sorted((ROOT / "crm_cli").rglob("__init__.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.Import | ast.ImportFrom) for node in ast.walk(tree)):
            noisy.append(str(path.relative_to(ROOT)))
    assert noisy == []


def test_every_store_package_says_what_it_owns() -> None:
    store = ROOT / "crm_cli" / "store"
    for package in sorted(p.parent for p in store.rglob("__init__.py")):
        if package.name == "migrations":
            continue
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc.split()) > 15, f"{package.relative_to(ROOT)} has no real docstring"


def test_faces_open_the_store_with_every_domain_connected() -> None:
    # `core.db.open_store` skips the domains' wiring (pool visibility, deal listeners …).
    raw = []
    for path in sorted((ROOT / "crm_cli").rglob("*.py")):
        if "store" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            imported = isinstance(node, ast.ImportFrom) and node.module == "crm_cli.store.core.db"
            if imported and any(alias.name == "open_store" for alias in node.names):
                raw.append(str(path.relative_to(ROOT)))
            called = isinstance(node, ast.Attribute) and node.attr == "open_store"
            if called and isinstance(node.value, ast.Name) and node.value.id == "db":
                raw.append(str(path.relative_to(ROOT)))
    assert raw == []


def test_loading_the_domains_fills_every_extension_point(tmp_path: Path) -> None:
    code = (
        "import json\n"
        "from crm_cli.store.core import settings\n"
        "from crm_cli.store.customers import access, lifecycle\n"
        "from crm_cli.store.sales import events\n"
        "before = [len(access.visibility_rules), len(lifecycle.purge_guards),\n"
        "          len(events.deal_listeners), sorted(settings.SECTIONS)]\n"
        "from crm_cli.store import domains\n"
        "domains.load()\n"
        "domains.load()  # twice adds nothing twice\n"
        "after = [len(access.visibility_rules), len(lifecycle.purge_guards),\n"
        "         len(events.deal_listeners), sorted(settings.SECTIONS)]\n"
        "keys = sorted({k.split('.')[0] for k in settings.SPECS})\n"
        "print(json.dumps([before, after, keys]))\n"
    )
    before, after, keys = json.loads(run_python(code, tmp_path))
    assert before == [0, 0, 0, []]
    assert after == [1, 1, 1, ["pool."]]
    assert keys == [
        "calendar", "campaign", "code", "company", "evaluation", "expense", "home", "opportunity",
        "order", "payment",
        "pool", "service", "status", "tax", "work_report",
    ]  # fmt: skip
