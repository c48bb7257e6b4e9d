"""The inputs that once ended in a traceback or a driver's message, on every backend
(issue 10, point 2): one `Error:` line naming the option and what it takes, exit 1, and
nothing changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Crm

from crm_cli.store.core import db
from tests.conftest import _drop_mysql, _drop_postgres, _fresh_mysql, _fresh_postgres

CASES = [
    # (arguments, what the error line names)
    (("customer", "add", "\udcff\udcfe"), "not valid UTF-8"),
    (("customer", "list", "--search", "a\udcc3("), "--search"),
    (("--user", "\udcff", "customer", "list"), "--user"),
    (("customer", "show", "99999999999999999999"), "ids go from 1 to 2147483647"),
    (("customer", "show", "2147483648"), "ids go from 1 to 2147483647"),
    (("customer", "list", "--limit", "9223372036854775808"), "--limit"),
    (("opportunity", "list", "-n", "-1"), "--limit"),
    (("product", "add", "P9", "大件", "--price", "999999999999999999.99"), "price"),
    (("customer", "list", "--where", "balance_owed > 1e309"), "balance_owed"),
    (("customer", "list", "--where", "balance_owed > nan"), "expected a number"),
    (("pay", "SO000001", "--amount", "1e309"), "amount"),
    (("pay", "SO000001", "--amount", "inf"), "amount"),
    (("pool", "settings", "--protect-days", "-5"), "pool.protect_days"),
    (("pool", "settings", "--limit", "99999999999999999999"), "--limit"),
    (("pool", "extend", "C000001", "--days", "99999999999"), "--days"),
    (("quote", "add", "C000001", "-l", "P1:999999999:999999999999"), "at most 999,999,999,999.99"),
    (("contact", "log", "C000001", "--summary", "x", "--minutes", "99999999999"), "--minutes"),
]


@pytest.fixture(params=["sqlite", "postgres", "mysql"])
def shop(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Crm]:
    for key in ("CRM_DATABASE_URL", "CRM_USER", "CRM_FORMAT", "CRM_CONFIG_DIR", "CRM_DATA_DIR"):
        monkeypatch.delenv(key, raising=False)
    runner = Crm(tmp_path)
    if request.param == "postgres":
        runner.db_url = _fresh_postgres()
    elif request.param == "mysql":
        runner.db_url = _fresh_mysql()
    runner.ok("customer", "add", "杭州东山科技有限公司")
    runner.ok("product", "add", "P1", "服务器", "--price", "100")
    runner.ok("pool", "settings", "--enable")
    yield runner
    db.close_store()
    if request.param == "postgres":
        _drop_postgres(runner.db_url)
    elif request.param == "mysql":
        _drop_mysql(runner.db_url)


def test_each_bad_input_is_one_line_naming_what_is_wrong(shop: Crm) -> None:
    before = shop.snapshot()
    for args, named in CASES:
        line = shop.fails(1, *args)
        assert named in line, (args, line)
        assert "database error" not in line and "out of range for" not in line, line
    assert shop.snapshot() == before


def test_money_in_exponent_form_is_written_out(shop: Crm) -> None:
    shop.ok("opportunity", "add", "C000001", "--amount", "1e5", "--probability", "50")
    assert shop.json("opportunity", "show", "OP000001")["amount"] == 100000
    logged = [e["changes"] for e in shop.log("C000001") if e["entity"] == "opportunity"]
    assert logged and logged[0]["amount"] == "100000", logged
