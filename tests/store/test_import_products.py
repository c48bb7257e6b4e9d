"""Products through the import engine (`crm import products`): duplicates by code in the
database and across the file's batches, the policies, dry runs, batches and undo."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import readers
from crm_cli.store.core.errors import Conflict, InvalidInput, PermissionDenied
from crm_cli.store.core.tabular import RowErrors
from crm_cli.store.imports import engine
from crm_cli.store.imports.batches import iter_batches
from crm_cli.store.imports.records import ImportedRow
from crm_cli.store.imports.undo import undo_batch
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import products
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 23, 9, 0)
LATER = NOW + dt.timedelta(hours=1)


def _import(
    actor, text: str, policy: str = "fail", mapped: dict[str, str] | None = None, **options
) -> list[ImportedRow]:
    done: list[ImportedRow] = []
    data = io.BytesIO(text.encode("utf-8"))
    settings = engine.Options(policy, mapped or {})
    engine.import_file(actor, "products", "-", data=data, options=settings, now=NOW,
                       each=done.append, **options)  # fmt: skip
    return done


def _erp(team: Team) -> None:
    products.add_product(team.admin, "ERP", "东山ERP", {"price": "12800", "cost": "3000"}, now=NOW)


def test_the_same_name_under_another_code_is_a_new_product(team: Team) -> None:
    _erp(team)
    done = _import(team.admin, "产品编码,产品名称,单价,单位\nERP-Y,东山ERP,1800,年\n")
    assert [(d.action, d.code, d.name) for d in done] == [("create", "ERP-Y", "东山ERP")]
    assert products.get_product(team.admin, "ERP-Y").price == Decimal("1800.00")


def test_policies_skip_update_create(team: Team) -> None:
    _erp(team)
    text = "code,price\nerp,11000\n"
    assert [(d.action, d.code) for d in _import(team.admin, text, "skip")] == [("skip", "ERP")]
    with pytest.raises(RowErrors, match="code taken: ERP 东山ERP") as caught:
        _import(team.admin, "code,name,price\nERP,x,1\n", "create")
    assert caught.value.exit_code == 3
    done = _import(team.admin, text, "update")
    assert [(d.action, d.name) for d in done] == [("update", "东山ERP")]
    erp = products.get_product(team.admin, "ERP")
    assert (erp.price, erp.cost) == (Decimal("11000.00"), Decimal("3000.00"))  # cost kept
    log = m.OpLog.select().where(m.OpLog.action == "import").order_by(m.OpLog.id.desc()).get()
    assert json.loads(log.changes) == {"price": ["12800.00", "11000.00"]}
    assert [d.note for d in _import(team.admin, text, "update")] == ["no change"]


def test_a_code_twice_across_batches_is_found(team: Team, monkeypatch) -> None:
    monkeypatch.setattr(readers, "BATCH", 2)
    text = "code,name,price\nA,Alpha,1\nB,Beta,2\nC,Gamma,3\na,Again,4\n"
    with pytest.raises(RowErrors) as caught:
        _import(team.admin, text)
    assert [str(p) for p in caught.value.problems] == [
        "row 5, column code: bad value 'a' (also on row 2)"
    ]
    assert caught.value.exit_code == 3 and products.list_products(team.admin) == []
    with pytest.raises(RowErrors, match=r"the file has this product twice \(row 2"):
        _import(team.admin, text, "update")
    assert [d.action for d in _import(team.admin, text, "skip")] == [
        "create", "create", "create", "skip",
    ]  # fmt: skip


def test_a_deleted_code_is_refused_for_update(team: Team) -> None:
    _erp(team)
    products.delete_product(team.admin, "ERP", now=NOW)
    with pytest.raises(RowErrors, match="product ERP is deleted; restore it first"):
        _import(team.admin, "code,price\nERP,1\n", "update")


def test_dry_run_writes_nothing_and_sales_may_not_import(team: Team) -> None:
    done = _import(team.admin, "code,name,price\nA,Alpha,10\n", dry_run=True)
    assert [(d.action, d.code) for d in done] == [("create", "A")]
    assert sm.Product.select().count() == 0 and list(iter_batches(team.admin)) == []
    with pytest.raises(PermissionDenied):
        _import(team.wang, "code,name,price\nA,Alpha,10\n")


def test_a_bad_map_or_column_is_refused_before_anything(team: Team) -> None:
    with pytest.raises(InvalidInput, match="unknown column '颜色'"):
        _import(team.admin, "code,name,price,颜色\nA,Alpha,10,红\n")
    with pytest.raises(InvalidInput, match="no 'code' column"):
        _import(team.admin, "name,price\nAlpha,10\n")
    done = _import(team.admin, "货号,name,price\nA,Alpha,10\n", mapped={"货号": "code"})
    assert [d.code for d in done] == ["A"]


def test_undo_deletes_what_it_made_and_restores_what_it_changed(team: Team) -> None:
    _erp(team)
    _import(team.admin, "code,name,price\nNEW,新品,5\n")
    _import(team.admin, "code,price,unit\nERP,9000,套\n", "update")
    batches = list(iter_batches(team.admin))
    assert [(b.record_type, b.created, b.updated) for b in batches] == [
        ("products", 0, 1), ("products", 1, 0),
    ]  # fmt: skip
    undone = undo_batch(team.admin, str(batches[0].id), now=LATER)
    assert (undone.deleted, undone.restored) == (0, 1)
    erp = products.get_product(team.admin, "ERP")
    assert (erp.price, erp.unit) == (Decimal("12800.00"), "")
    with pytest.raises(InvalidInput, match="undone already"):
        undo_batch(team.admin, str(batches[0].id), now=LATER)
    products.edit_product(team.admin, "NEW", {"price": "6"}, now=LATER)
    with pytest.raises(Conflict, match="changed since: NEW 新品"):
        undo_batch(team.admin, str(batches[1].id), now=LATER)
    assert products.get_product(team.admin, "NEW").deleted is False


def test_undo_of_a_created_product_puts_it_in_the_trash(team: Team) -> None:
    _import(team.admin, "code,name,price\nA,Alpha,10\nB,Beta,20\n")
    batch = next(iter(iter_batches(team.admin)))
    assert undo_batch(team.admin, str(batch.id), now=LATER).deleted == 2
    assert products.list_products(team.admin) == []
    assert [p.code for p in products.list_products(team.admin, deleted=True)] == ["A", "B"]
