"""Shell completion that knows the data (issue 18, point 6), through the real protocol.

Each Tab runs the installed `crm` the way the script of `crm --install-completion` does:
``_CRM_COMPLETE=complete_bash`` with COMP_WORDS and COMP_CWORD (zsh and fish: the command
line in _TYPER_COMPLETE_ARGS). The first Tab of a value inside a noun is answered by
Typer, which describes the noun's commands; later ones by the fast path
(`commands/_complete_fast`). Both must offer the same, within what the user may see.

The staff (conftest): admin; li (manager) over wang (sales); zhao; chen (sales).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import typer.main

from crm_cli.cli import app
from crm_cli.commands import _complete_spec
from crm_cli.store.core import db

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

CRM = Path(sys.executable).with_name("crm")
pytestmark = pytest.mark.skipif(not CRM.exists(), reason="the crm script is not installed")
WANGS, CHENS, PUBLIC = "C000001", "C000002", "C000003"


@pytest.fixture
def data(staff: Crm) -> Crm:
    """wang's 中兴通讯, chen's private 深圳华强 and public 深圳宝安, two products, a status
    of the team's own and a saved search of wang's."""
    staff.add("中兴通讯股份有限公司", user="wang")
    staff.add("深圳华强电子有限公司", user="chen")
    staff.add("深圳宝安物流有限公司", "--public", user="chen")
    staff.ok("customer", "status", "add", "跟进中")
    staff.ok("product", "add", "CRM-PRO", "CRM 专业版", "--price", "100")
    staff.ok("product", "add", "ERP", "ERP 标准版", "--price", "200")
    staff.ok("customer", "list", "--search", "中兴", "--save", "我的中兴", user="wang")
    staff.ok("customer", "list", "--save", "陈的全部", user="chen")
    db.close_store()  # the subprocesses read the file
    return staff


def tab(crm: Crm, line: str, *, user: str = "wang", shell: str = "bash", **env: str) -> str:
    """What `crm` prints for a Tab at the end of ``line`` (a trailing space: a new word)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("CRM_", "_CRM", "COMP_"))}
    environ.update(
        CRM_DATABASE_URL=crm.db_url,
        CRM_USER=user,
        CRM_CONFIG_DIR=str(crm.config_dir),
        CRM_DATA_DIR=str(crm.tmp_path / "data"),
        _CRM_COMPLETE=f"complete_{shell}",
    )
    if shell == "bash":
        words = line.split(" ")
        environ.update(COMP_WORDS=" ".join(words), COMP_CWORD=str(len(words) - 1))
    else:
        environ.update(_TYPER_COMPLETE_ARGS=line, _TYPER_COMPLETE_FISH_ACTION="get-args")
    environ.update(env)
    done = subprocess.run([str(CRM)], env=environ, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done.stdout


def offered(crm: Crm, line: str, **kwargs: str) -> list[str]:
    """The bash candidates for ``line``, asked twice: Typer answers the first Tab, the fast
    path the second (once the first described the noun); both must agree."""
    first = tab(crm, line, **kwargs).split()
    second = tab(crm, line, **kwargs).split()
    assert first == second, (first, second)
    return second


def test_a_code_prefix_offers_only_the_customers_the_user_sees(data: Crm) -> None:
    assert offered(data, "crm customer show C00000") == [WANGS, PUBLIC]
    assert offered(data, "crm customer show C00000", user="chen") == [CHENS, PUBLIC]
    assert offered(data, "crm customer show C00000", user="admin") == [WANGS, CHENS, PUBLIC]


def test_a_deleted_customer_is_not_offered(data: Crm) -> None:
    data.ok("customer", "delete", PUBLIC, "--yes")
    assert offered(data, "crm customer show C00000", user="admin") == [WANGS, CHENS]
    assert offered(data, "crm customer show 深圳", user="admin") == ["深圳华强电子有限公司"]


def test_the_root_options_choose_the_acting_user(data: Crm) -> None:
    assert offered(data, "crm --user chen customer show C0000", user="wang") == [CHENS, PUBLIC]
    assert offered(data, "crm -u admin customer edit C000002", user="wang") == [CHENS]


def test_a_name_prefix_offers_names_including_chinese(data: Crm) -> None:
    assert offered(data, "crm customer show 深圳") == ["深圳宝安物流有限公司"]
    assert offered(data, "crm contact log 中兴") == ["中兴通讯股份有限公司"]
    assert offered(data, "crm quote add 深圳", user="chen") == [
        "深圳华强电子有限公司",
        "深圳宝安物流有限公司",
    ]


def test_pinyin_initials_offer_the_code_once_described(data: Crm) -> None:
    tab(data, "crm customer show C0")  # Typer filters by the typed text; it describes
    assert tab(data, "crm customer show zxtx").split() == [WANGS]
    # In the order of the initials: SZBA (深圳宝安), SZHQ (深圳华强).
    assert tab(data, "crm customer show SZ", user="chen").split() == [PUBLIC, CHENS]


def test_statuses_users_products_and_saved_searches(data: Crm) -> None:
    statuses = offered(data, "crm customer list --status ")
    assert "跟进中" in statuses and "formal" in statuses
    assert offered(data, "crm customer list --status=fo") == ["formal"]
    assert offered(data, "crm customer transfer C000001 --to w") == ["wang"]
    assert offered(data, "crm user add x --supervisor ") == ["admin", "chen", "li", "wang", "zhao"]
    assert offered(data, "crm --user w") == ["wang"]
    assert offered(data, "crm product show ") == ["CRM-PRO", "ERP"]
    assert offered(data, "crm product show E") == ["ERP"]
    assert offered(data, "crm customer list --saved ") == ["我的中兴"]
    assert offered(data, "crm customer list --saved ", user="chen") == ["陈的全部"]


def test_every_name_of_a_list_argument_and_option_values(data: Crm) -> None:
    assert offered(data, f"crm pool add {WANGS} C00000") == [WANGS, PUBLIC]
    assert offered(data, "crm order list -c 中兴") == ["中兴通讯股份有限公司"]


def test_zsh_and_fish_show_the_name_beside_the_code(data: Crm) -> None:
    tab(data, "crm customer show C0")
    zsh = tab(data, "crm customer show C00000", shell="zsh")
    assert zsh == (
        '_arguments \'*: :(("C000001":"中兴通讯股份有限公司"\n'
        '"C000003":"深圳宝安物流有限公司"))\'\n'
    )
    fish = tab(data, "crm customer show C00000", shell="fish")
    assert fish.splitlines() == ["C000001\t中兴通讯股份有限公司", "C000003\t深圳宝安物流有限公司"]
    assert tab(data, "crm customer show ZZZ", shell="zsh") == "_files\n"


def test_nothing_and_no_traceback_when_nothing_fits(data: Crm) -> None:
    assert offered(data, "crm customer show ") == []
    assert offered(data, "crm customer show ZZZ9") == []
    assert offered(data, "crm customer show C00000", user="nobody") == []
    assert offered(data, "crm customer show 'unclosed") == []
    missing = data.tmp_path / "none.db"
    assert tab(data, "crm customer show C0", CRM_DATABASE_URL=f"sqlite:///{missing}") == "\n"
    assert not missing.exists()  # a Tab does not create a database


def test_commands_of_a_noun_come_from_the_description(data: Crm) -> None:
    assert offered(data, "crm customer s") == ["show", "status", "saved"]


def test_the_fast_path_loads_no_ui_library_nor_the_orm(data: Crm) -> None:
    """Once a Tab kept its plan, the next runs the store's SQL without peewee, and offers
    wang still only what he sees (chen's private C000002 not)."""
    tab(data, "crm customer show C0")  # describes the noun, keeps the plan
    code = (
        "import atexit, json, sys\n"
        "names = ('typer', 'click', 'rich', 'textual', 'pypinyin', 'psycopg2', 'pymysql',\n"
        "         'peewee', 'crm_cli.store.customers.access')\n"
        "report = lambda: sys.stderr.write(json.dumps([n for n in names if sys.modules.get(n)]))\n"
        "atexit.register(report)\n"
        "from crm_cli.cli import main\n"
        "main()\n"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("CRM_", "_CRM"))}
    environ.update(
        CRM_DATABASE_URL=data.db_url, CRM_USER="wang", CRM_DATA_DIR=str(data.tmp_path / "data"),
        CRM_CONFIG_DIR=str(data.config_dir), _CRM_COMPLETE="complete_bash",
        COMP_WORDS="crm customer show C00000", COMP_CWORD="3",
    )  # fmt: skip
    # Run where a user's shell runs, not in the checkout: `python -c` puts the working
    # directory first on sys.path, and the checkout's crm_cli is not the installed one
    # that the Tab above described (a regular install, as in CI, stamps other files).
    done = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=60,
        cwd=data.tmp_path,
    )  # fmt: skip
    assert done.stdout.split() == [WANGS, PUBLIC]
    assert json.loads(done.stderr) == []


def test_a_kept_plan_is_run_only_while_who_sees_what_is_unchanged(data: Crm) -> None:
    """li manages wang and sees his customer; once he reports to chen she must not, though
    her kept plan names his id (the hierarchy is a witness). A delegation is in the SQL
    itself: the plan offers it as it is."""
    assert offered(data, "crm customer show C00000", user="li") == [WANGS, PUBLIC]
    data.ok("user", "edit", "wang", "--supervisor", "chen")
    db.close_store()
    assert offered(data, "crm customer show C00000", user="li") == [PUBLIC]
    assert offered(data, "crm customer show C00000", user="zhao") == [PUBLIC]
    data.ok("customer", "delegate", CHENS, "--to", "zhao", "--until", "+1w", user="chen")
    db.close_store()
    assert offered(data, "crm customer show C00000", user="zhao") == [CHENS, PUBLIC]


def test_a_schema_from_a_newer_crm_gets_no_completions(data: Crm) -> None:
    assert offered(data, "crm customer show C00000") == [WANGS, PUBLIC]  # a plan is kept
    with sqlite3.connect(data.tmp_path / "crm.db") as connection:
        connection.execute("INSERT INTO schema_migration (name, applied) VALUES (?, ?)",
                           ("9999_future", "2030-01-01 00:00:00"))  # fmt: skip
    connection.close()
    assert tab(data, "crm customer show C00000") == "\n"


def test_the_description_names_the_completers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRM_DATA_DIR", str(tmp_path))
    root = typer.main.get_command(app)
    assert "customer" in _complete_spec.describe_root(root)["nouns"]
    customer = _complete_spec.describe_noun(root, "customer")["commands"]
    assert customer["show"][1]["args"] == [[1, "customers"]]
    assert customer["delete"][1]["args"] == [[-1, "customers"]]
    assert customer["list"][1]["opts"]["--status"] == [1, "statuses"]
    assert customer["list"][1]["opts"]["--deleted"] == [0, None]
    assert customer["transfer"][1]["opts"]["--to"] == [1, "users"]


def test_completion_sees_what_every_command_sees(tmp_path: Path) -> None:
    """The store opens for a Tab with only the pool's wiring: no other domain may widen
    who sees what, or completion would hide what `crm customer list` shows."""
    code = (
        "from crm_cli.store.customers import access\n"
        "from crm_cli.store.overview import completion\n"
        f"completion.open_store('sqlite:///{tmp_path / 'crm.db'}')\n"
        "first = len(access.visibility_rules)\n"
        "from crm_cli.store import domains\n"
        "domains.load()\n"
        "print(first, len(access.visibility_rules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    first, every = done.stdout.split()
    assert first == every and int(first) >= 1, done.stderr
