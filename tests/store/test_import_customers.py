"""The import engine with customers (issue 12): all or nothing, CUS-2 duplicates in the
database and within the file under each --on-duplicate policy, owners, codes, the log."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from crm_cli.store.core import models as m
from crm_cli.store.core import readers
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User
from crm_cli.store.customers import customers as cs
from crm_cli.store.customers import lifecycle
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import query as q
from crm_cli.store.imports import engine
from crm_cli.store.imports import models as im
from crm_cli.store.imports.engine import Options, Refused
from crm_cli.store.imports.records import ImportedRow, ImportSummary
from tests.conftest import Team

NOW = dt.datetime(2026, 3, 2, 10, 0)
DATA = Path(__file__).parent.parent / "data" / "imports"


def write(tmp_path: Path, text: str, name: str = "in.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def load(
    actor: User, path: str, *, policy: str = "fail", record_type: str = "customers", **kw: Any
) -> tuple[ImportSummary, list[ImportedRow]]:
    rows: list[ImportedRow] = []
    options = Options(on_duplicate=policy, **kw.pop("options", {}))
    summary = engine.import_file(actor, record_type, path, options=options, now=NOW,
                                 each=rows.append, **kw)  # fmt: skip
    return summary, rows


def counts() -> tuple[int, ...]:
    """Rows of every table an import writes, and the code counters: a refused import
    changes none of them."""
    tables = (cm.Customer, cm.Contact, m.OpLog, im.ImportBatch, im.ImportItem)
    sequences = tuple(s.value for s in m.Sequence.select().order_by(m.Sequence.name))
    return tuple(model.select().count() for model in tables) + sequences


def test_a_gbk_file_from_excel_becomes_customers_with_their_owners(team: Team) -> None:
    summary, rows = load(team.admin, str(DATA / "customers_gbk.csv"))
    assert (summary.created, summary.updated, summary.skipped) == (3, 0, 0)
    assert [(r.row, r.action, r.code) for r in rows] == [
        (2, "create", "C000101"), (3, "create", "C000102"), (4, "create", "C000103"),
    ]  # fmt: skip
    found = {c.code: c for c in q.list_customers(team.admin)}
    assert found["C000101"].owner == "wang" and found["C000101"].industry == "软件"
    assert found["C000102"].owner == "wang"  # by display name, 王芳
    assert found["C000103"].owner == "admin" and found["C000103"].level == "C"
    assert found["C000101"].mnemonic == "HZDSKJYXGS"
    # The code counter moved past the code the file gave: `add` draws the next one.
    assert cs.add_customer(team.admin, "新客户").code == "C000104"


def test_utf8_utf16_and_gbk_files_give_the_same_customers(team: Team, tmp_path: Path) -> None:
    seen = []
    for name in ("customers_gbk.csv", "customers_utf8.csv", "customers_utf16.txt"):
        _, rows = load(team.admin, str(DATA / name), policy="skip" if seen else "fail")
        seen.append([(r.name, r.action) for r in rows])
    assert [n for n, _ in seen[0]] == [n for n, _ in seen[1]] == [n for n, _ in seen[2]]
    assert {a for _, a in seen[1] + seen[2]} == {"skip"}


def test_the_search_index_and_the_log_know_an_imported_customer(team: Team, tmp_path: Path) -> None:
    load(team.admin, write(tmp_path, "name,phone,keyword\n东山科技,0571-88776655,东山\n"))
    assert [c.name for c in q.list_customers(team.admin, q.CustomerFilter(search="东山"))] == [
        "东山科技"
    ]
    assert [c.name for c in q.list_customers(team.admin, q.CustomerFilter(search="88776655"))] == [
        "东山科技"
    ]
    (entry,) = cs.customer_log(team.admin, "东山科技")
    assert entry.action == "import" and entry.changes["phone"] == "0571-88776655"
    assert entry.changes["owner"] == "admin" and entry.actor == "admin"


def test_a_bad_row_anywhere_imports_nothing(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "BATCH", 2)  # the bad row is in the third batch
    rows = [f"甲{n}公司,0571-1234{n:04d}" for n in range(5)] + ["乙公司,not a phone"]
    path = write(tmp_path, "客户名称,电话\n" + "\n".join(rows) + "\n")
    before = counts()
    rejects = tmp_path / "rejects.csv"
    with pytest.raises(Refused) as refused:
        load(team.admin, path, rejects=str(rejects))
    assert refused.value.exit_code == 1 and refused.value.count == 1
    assert "row 7, column 电话" in str(refused.value.problems[0])
    assert counts() == before
    assert rejects.read_text(encoding="utf-8-sig").splitlines() == [
        "row,客户名称,电话,reason",
        "7,乙公司,not a phone,电话: expected a telephone number",
    ]


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(team: Team, tmp_path: Path) -> None:
    cs.add_customer(team.admin, "东山科技", {"phone": "0571-88776655"}, now=NOW)
    path = write(tmp_path, "name,phone,city\n东山科技有限公司,,杭州\n北仑贸易,0574-11112222,宁波\n")
    before = counts()
    summary, rows = load(team.admin, path, policy="update", dry_run=True)
    assert summary.dry_run and summary.batch is None
    assert [(r.action, r.code) for r in rows] == [("update", "C000001"), ("create", "C000002")]
    assert counts() == before
    assert cs.get_customer(team.admin, "C000001").city == ""


@pytest.mark.parametrize(
    ("header", "row", "reason"),
    [
        ("name,owner", "甲公司,nobody", "no user 'nobody'"),
        ("name,status", "甲公司,vip", "unknown status"),
        ("name,email", "甲公司,not-mail", "expected an address"),
        ("name,registered", "甲公司,2099-01-01", "it is after today"),
        ("name,code", "甲公司,1.10101E+17", "E-notation"),
        ("name,city", "甲公司," + "城" * 65, "longer than 64 characters"),
        ("name,phone", ",0571-88776655", "a customer needs a name"),
        ("name,mobile,phone", "甲公司,13800138000,0571-88776655", "no contact to hold the mobile"),
    ],
)
def test_each_bad_cell_is_named(
    team: Team, tmp_path: Path, header: str, row: str, reason: str
) -> None:
    with pytest.raises(Refused) as refused:
        load(team.admin, write(tmp_path, f"{header}\n{row}\n"))
    assert reason in str(refused.value.problems[0])
    assert cm.Customer.select().count() == 0


def test_a_sales_user_imports_only_as_their_own_owner(team: Team, tmp_path: Path) -> None:
    with pytest.raises(Refused, match="only for yourself"):
        load(team.wang, write(tmp_path, "name,owner\n甲公司,chen\n"))
    load(team.wang, write(tmp_path, "name,owner\n甲公司,\n乙公司,wang\n"))
    assert {c.owner for c in q.list_customers(team.admin)} == {"wang"}
    # A manager may give customers to the team below.
    load(team.li, write(tmp_path, "name,owner\n丙公司,zhao\n"))
    with pytest.raises(Refused, match="yourself or your team"):
        load(team.li, write(tmp_path, "name,owner\n丁公司,chen\n"))


def test_duplicates_fail_as_a_conflict_naming_the_match(team: Team, tmp_path: Path) -> None:
    cs.add_customer(team.admin, "东山科技", {"keyword": "东山", "email": "a@ds.example"}, now=NOW)
    path = write(tmp_path, "name,email\n杭州东山电子,\n西湖贸易,A@DS.example\n")
    with pytest.raises(Refused) as refused:
        load(team.admin, path)
    assert refused.value.exit_code == 3 and refused.value.count == 2
    text = " ".join(map(str, refused.value.problems))
    assert "C000001 东山科技 (keyword in name)" in text and "(same email)" in text


def test_a_row_like_an_earlier_row_is_a_duplicate_in_the_same_or_a_later_batch(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "BATCH", 2)
    path = write(
        tmp_path, "name,phone\n甲公司,0571-11110000\n甲公司有限公司,\n乙,\n丙,0571-11110000\n"
    )
    with pytest.raises(Refused) as refused:
        load(team.admin, path)
    assert [str(p).split(" (", 1)[1] for p in refused.value.problems] == [
        "possible duplicate of row 2 of this file (same name); --on-duplicate skip, update or create decides)",
        "possible duplicate of row 2 of this file (same phone); --on-duplicate skip, update or create decides)",
    ]
    _, rows = load(team.admin, path, policy="skip")
    assert [r.action for r in rows] == ["create", "skip", "create", "skip"]
    assert cm.Customer.select().count() == 2


def test_update_changes_only_the_columns_the_file_has_and_logs_before_and_after(
    team: Team, tmp_path: Path
) -> None:
    cs.add_customer(team.admin, "东山科技", {"phone": "0571-88776655", "city": "杭州",
                                            "owner": "wang"}, now=NOW)  # fmt: skip
    path = write(tmp_path, "客户编号,客户名称,城市,负责人,备注\nC000001,东山科技,宁波,zhao,\n")
    summary, rows = load(team.admin, path, policy="update")
    assert summary.updated == 1 and rows[0].action == "update"
    after = cs.get_customer(team.admin, "C000001")
    assert (after.city, after.owner, after.phone) == ("宁波", "zhao", "0571-88776655")
    entry = cs.customer_log(team.admin, "C000001")[0]
    assert entry.action == "import"
    assert entry.changes == {"city": ["杭州", "宁波"], "owner": ["wang", "zhao"]}


def test_update_refuses_an_audited_customer_and_a_row_matching_several(
    team: Team, tmp_path: Path
) -> None:
    cs.add_customer(team.admin, "东山科技", now=NOW)
    cs.add_customer(team.admin, "北仑贸易", {"phone": "0574-11112222"}, now=NOW)
    lifecycle.audit_customers(team.admin, ["东山科技"])
    path = write(tmp_path, "name,phone\n东山科技,\n北仑物流,0574-11112222\n北仑贸易,电话\n")
    with pytest.raises(Refused) as refused:
        load(team.admin, path, policy="update")
    reasons = [p.reason for p in refused.value.problems]
    assert "audited" in reasons[0] and refused.value.exit_code == 1  # 0571-1 is a bad phone too
    path = write(tmp_path, "name,phone\n北仑物流,0574-11112222\n")
    cs.add_customer(team.admin, "北仑物流", allow_duplicate=True, now=NOW)
    with pytest.raises(Refused, match="cannot tell which to update") as refused:
        load(team.admin, path, policy="update")
    assert refused.value.exit_code == 3


def test_create_adds_look_alikes_but_never_a_taken_code(team: Team, tmp_path: Path) -> None:
    cs.add_customer(team.admin, "东山科技", now=NOW)
    _, rows = load(team.admin, write(tmp_path, "name\n东山科技\n"), policy="create")
    assert rows[0].action == "create" and "C000001" in rows[0].note
    with pytest.raises(Refused, match="code taken"):
        load(team.admin, write(tmp_path, "code,name\nC000001,另一家\n"), policy="create")


def test_a_customer_the_actor_cannot_see_is_named_only_by_its_owner(
    team: Team, tmp_path: Path
) -> None:
    cs.add_customer(team.chen, "东山科技", now=NOW)
    with pytest.raises(Refused) as refused:
        load(team.wang, write(tmp_path, "name\n东山科技\n"))
    assert "(a customer owned by chen you cannot see)" in str(refused.value.problems[0])
    assert "东山科技 (" not in refused.value.problems[0].reason
    with pytest.raises(Refused, match="you may not change"):
        load(team.wang, write(tmp_path, "name\n东山科技\n"), policy="update")


def test_a_first_contact_comes_with_the_customer(team: Team, tmp_path: Path) -> None:
    path = write(
        tmp_path, "客户名称,电话,联系人,手机,职务\n东山科技,0571-88776655,王伟,13800138000,经理\n"
    )
    load(team.admin, path)
    (contact,) = cm.Contact.select()
    assert (contact.name, contact.mobile, contact.title, contact.work_phone) == (
        "王伟", "138 0013 8000", "经理", "0571-88776655")  # fmt: skip
    assert [c.name for c in q.list_customers(team.admin, q.CustomerFilter(search="王伟"))] == [
        "东山科技"
    ]


def test_custom_fields_and_map_name_columns(team: Team, tmp_path: Path) -> None:
    from crm_cli.store.customers import statuses

    statuses.define_field(team.admin, "employees", kind="number", label="员工数")
    path = write(tmp_path, "公司,人数,QQ群\n东山科技,42,12345\n")
    with pytest.raises(InvalidInput, match="unknown column '人数', 'QQ群'"):
        load(team.admin, path)
    with pytest.raises(InvalidInput, match="no customer field 'qq'"):
        load(team.admin, path, options={"mapped": {"QQ群": "qq"}})
    load(team.admin, path, options={"mapped": {"人数": "custom.employees", "QQ群": "-"}})
    assert cs.get_customer(team.admin, "东山科技").custom == {"employees": "42"}


def test_header_problems_are_refused_before_any_row(team: Team, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="columns '客户名称' and '公司名称' are both 'name'"):
        load(team.admin, write(tmp_path, "客户名称,公司名称\n甲,乙\n"))
    with pytest.raises(InvalidInput, match="no 'name' column"):
        load(team.admin, write(tmp_path, "电话\n0571-88776655\n"))
    with pytest.raises(InvalidInput, match="--map names column '备注'"):
        load(team.admin, write(tmp_path, "name\n甲\n"), options={"mapped": {"备注": "notes"}})
    assert load(team.admin, write(tmp_path, "name,颜色\n甲\n"),
                options={"ignore_unknown": True})[0].created == 1  # fmt: skip


def test_imports_are_batches_with_their_counts(team: Team, tmp_path: Path) -> None:
    summary, _ = load(team.wang, write(tmp_path, "name\n甲\n乙\n"), policy="skip")
    batch = im.ImportBatch.get_by_id(summary.batch)
    assert (batch.user_id, batch.record_type, batch.created, batch.total) == (
        team.wang.id,
        "customers",
        2,
        2,
    )
    items = list(
        im.ImportItem.select().where(im.ImportItem.batch == batch.id).order_by(im.ImportItem.line)
    )
    assert [(i.entity, i.line, i.action) for i in items] == [
        ("customer", 2, "create"),
        ("customer", 3, "create"),
    ]
    assert json.loads(items[0].previous or "{}") == {}
    assert next_code("customer", "code.customer_prefix") == "C000003"
