"""The import engine on SQLite, PostgreSQL and MariaDB: its tables as the models say, and
an import, a refused one, a dry run and an undo doing the same on each."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_cli.store.core.db import db_proxy
from crm_cli.store.customers import contacts as ct
from crm_cli.store.customers import customers as cs
from crm_cli.store.customers import query as q
from crm_cli.store.imports import undo
from crm_cli.store.imports.engine import Refused
from crm_cli.store.imports.models import IMPORT_MODELS
from tests.conftest import Team
from tests.store.test_import_customers import DATA, counts, load, write


def test_the_import_tables_are_what_the_models_say(any_db: str) -> None:
    for model in IMPORT_MODELS:
        columns = {c.name for c in db_proxy.obj.get_columns(model._meta.table_name)}
        assert columns == {f.column_name for f in model._meta.sorted_fields}


def test_import_refuse_dry_run_and_undo(any_team: Team, tmp_path: Path) -> None:
    team = any_team
    cs.add_customer(team.admin, "东山科技", {"city": "杭州"})
    _, rows = load(team.admin, str(DATA / "customers_gbk.csv"))
    assert [r.code for r in rows] == ["C000101", "C000102", "C000103"]
    path = write(
        tmp_path,
        "客户名称,城市,联系人,手机\n东山科技,宁波,王伟,13800138000\n甲公司,,,\n甲公司,,,\n",
    )
    before = counts()
    with pytest.raises(Refused) as refused:
        load(team.admin, path, policy="update")
    assert "twice" in refused.value.problems[0].reason and counts() == before
    path = write(tmp_path, "客户名称,城市,联系人,手机\n东山科技,宁波,王伟,13800138000\n乙公司,,,\n")
    load(team.admin, path, policy="update", dry_run=True)
    assert counts() == before
    done, _ = load(team.admin, path, policy="update")
    assert cs.get_customer(team.admin, "东山科技").city == "宁波"
    assert [c.name for c in ct.list_contacts(team.admin)] == ["王伟"]
    load(team.admin, str(DATA / "contacts_gbk.csv"), record_type="contacts")
    undo.undo_batch(team.admin, str(done.batch))
    assert cs.get_customer(team.admin, "东山科技").city == "杭州"
    assert "乙公司" not in {c.name for c in q.list_customers(team.admin)}
    assert sorted(c.name for c in ct.list_contacts(team.admin)) == ["李娜", "赵磊"]
