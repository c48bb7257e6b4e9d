"""`crm customer add | show | edit | update | log | audit` through the real CLI."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from dateutil.relativedelta import relativedelta

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

RELATED_KEYS = (
    "contacts", "records", "opportunities", "quotes", "orders", "receipts", "plan", "services",
    "evaluations", "expenses", "log",
)  # fmt: skip


def test_add_prints_the_created_customer(crm: Crm) -> None:
    row = crm.add("中兴通讯", "--phone", "0755-26770000", "--city", "深圳")
    assert row["code"] == "C000001"
    assert row["name"] == "中兴通讯"
    assert row["mnemonic"].startswith("ZXTX")
    assert row["owner"] == "admin"
    assert row["status"] == "potential"
    assert row["registered"] == dt.date.today().isoformat()
    assert row["total_ordered"] == 0 and row["total_received"] == 0 and row["balance_owed"] == 0
    assert row["last_contact"] is None and row["next_contact"] is None
    assert row["latest_progress"] == "" and row["last_order"] is None
    assert row["deleted"] is False and row["audited"] is False


def test_add_prints_money_with_two_decimals(crm: Crm) -> None:
    stdout = crm.ok("customer", "add", "Acme", "-f", "json").stdout
    assert '"total_ordered": 0.00' in stdout
    assert '"balance_owed": 0.00' in stdout


def test_add_takes_options_custom_fields_and_back_dated_registration(crm: Crm) -> None:
    row = crm.add(
        "Acme Ltd", "--email", "sales@acme.example", "--status", "intent", "--type", "private",
        "--source", "expo", "--industry", "IT", "--province", "广东", "--address", "科技园",
        "--keyword", "acme", "--public", "--registered", "2020-05-06", "--field", "region=华南",
    )  # fmt: skip
    assert row["code"] == "C000001"
    assert row["mnemonic"].upper().startswith("AL")
    assert (row["email"], row["status"], row["type"]) == ("sales@acme.example", "intent", "private")
    assert (row["source"], row["industry"], row["province"]) == ("expo", "IT", "广东")
    assert row["keyword"] == "acme" and row["is_public"] is True
    assert row["registered"] == "2020-05-06"
    assert row["custom"] == {"region": "华南"}


def test_add_understands_relative_dates(crm: Crm) -> None:
    today = dt.date.today()
    assert crm.add("甲", "--registered", "yesterday")["registered"] == str(
        today - dt.timedelta(days=1)
    )
    assert crm.add("乙", "--registered", "-2w")["registered"] == str(today - dt.timedelta(weeks=2))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", dt.timedelta()),
        ("tomorrow", dt.timedelta(days=1)),
        ("+3d", dt.timedelta(days=3)),
        ("-2w", dt.timedelta(weeks=-2)),
        ("+1m", relativedelta(months=1)),
        ("-1y", relativedelta(years=-1)),
    ],
)
def test_every_date_form_of_cli_md(crm: Crm, text: str, expected: object) -> None:
    day = dt.date.today() + expected  # type: ignore[operator]
    if day > dt.date.today():  # a registration is something that happened: refused, named
        assert str(day) in crm.fails(1, "customer", "add", "甲公司", "--registered", text)
        return
    row = crm.add("甲公司", "--registered", text)
    assert row["registered"] == str(day)


def test_codes_count_up(crm: Crm) -> None:
    assert [crm.add(name)["code"] for name in ("甲公司", "乙公司", "丙公司")] == [
        "C000001", "C000002", "C000003",
    ]  # fmt: skip


def test_show_json_has_the_360_keys(crm: Crm) -> None:
    crm.add("中兴通讯")
    view = crm.json("customer", "show", "C000001")
    for key in RELATED_KEYS:
        assert key in view, key
        assert isinstance(view[key], list)
    assert view["code"] == "C000001" and view["name"] == "中兴通讯"
    assert [e["action"] for e in view["log"]] == ["add"]


def test_show_finds_by_code_id_and_exact_name(crm: Crm) -> None:
    crm.add("中兴通讯")
    for ref in ("C000001", "c000001", "1", "中兴通讯"):
        assert crm.json("customer", "show", ref)["code"] == "C000001"


def test_show_as_text_lists_fields_and_sections(crm: Crm) -> None:
    crm.add("中兴通讯", "--city", "深圳")
    crm.ok("contact", "add", "C000001", "张伟")
    out = crm.ok("customer", "show", "C000001").stdout
    assert "中兴通讯" in out and "深圳" in out
    assert "Contacts (1)" in out and "张伟" in out
    assert "Log (" in out


def test_edit_changes_fields_and_logs_before_and_after(crm: Crm) -> None:
    crm.add("中兴通讯", "--city", "深圳")
    row = crm.json("customer", "edit", "C000001", "--city", "上海", "--level", "A")
    assert (row["city"], row["level"]) == ("上海", "A")
    entry = crm.log("C000001")[0]
    assert entry["action"] == "edit" and entry["actor"] == "admin"
    assert entry["changes"]["city"] == ["深圳", "上海"]
    assert entry["changes"]["level"] == ["", "A"]


def test_edit_name_regenerates_the_mnemonic(crm: Crm) -> None:
    crm.add("中兴通讯")
    row = crm.json("customer", "edit", "C000001", "--name", "华为技术")
    assert row["mnemonic"].startswith("HWJS")


def test_edit_custom_field_and_status(crm: Crm) -> None:
    crm.add("中兴通讯")
    row = crm.json("customer", "edit", "C000001", "--field", "region=华南", "--status", "formal")
    assert row["custom"] == {"region": "华南"} and row["status"] == "formal"
    changes = crm.log("C000001")[0]["changes"]
    assert changes["status"] == ["potential", "formal"]


def test_edit_with_nothing_to_change_is_refused(crm: Crm) -> None:
    crm.add("中兴通讯")
    assert "nothing to change" in crm.fails(1, "customer", "edit", "C000001")


def test_derived_fields_cannot_be_set(crm: Crm) -> None:
    crm.add("中兴通讯")
    before = crm.snapshot()
    message = crm.fails(1, "customer", "update", "--set", "balance_owed=5", "--yes")
    assert "balance_owed" in message
    assert crm.fails(1, "customer", "update", "--set", "code=X1", "--yes")
    assert crm.snapshot() == before


def test_audit_locks_edits_until_unaudited(crm: Crm) -> None:
    crm.add("中兴通讯")
    audited = crm.json("customer", "audit", "C000001")
    assert audited[0]["audited"] is True
    before = crm.snapshot()
    assert "audited" in crm.fails(3, "customer", "edit", "C000001", "--city", "上海")
    crm.fails(3, "customer", "update", "--set", "level=A", "--yes")
    assert crm.snapshot() == before
    crm.ok("customer", "unaudit", "C000001")
    assert crm.json("customer", "edit", "C000001", "--city", "上海")["city"] == "上海"
    actions = [e["action"] for e in crm.log("C000001")]
    assert actions[:3] == ["edit", "un-audit", "audit"]


def test_batch_update_changes_exactly_the_matches(crm: Crm) -> None:
    crm.add("甲公司", "--city", "上海")
    crm.add("乙公司", "--city", "上海")
    crm.add("丙公司", "--city", "北京")
    result = crm.ok("customer", "update", "--set", "level=A", "--where", "city = 上海", "--yes")
    assert "Changed 2" in result.stderr
    levels = {c["code"]: c["level"] for c in crm.customers()}
    assert levels == {"C000001": "A", "C000002": "A", "C000003": ""}
    assert crm.log("C000001")[0]["changes"] == {"level": ["", "A"]}
    assert crm.log("C000003")[0]["action"] == "add"


def test_batch_update_without_yes_off_a_terminal_changes_nothing(crm: Crm) -> None:
    crm.add("甲公司", "--city", "上海")
    before = crm.snapshot()
    message = crm.fails(1, "customer", "update", "--set", "level=A", "--where", "city = 上海")
    assert "--yes" in message
    assert crm.snapshot() == before


def test_batch_update_with_no_match_changes_nothing(crm: Crm) -> None:
    crm.add("甲公司", "--city", "上海")
    before = crm.snapshot()
    result = crm.ok("customer", "update", "--set", "level=A", "--where", "city = 广州", "--yes")
    assert "No customers match" in result.stderr
    assert crm.snapshot() == before


def test_batch_update_refuses_a_bad_value_and_changes_nothing(crm: Crm) -> None:
    crm.add("甲公司", "--city", "上海")
    before = crm.snapshot()
    crm.fails(1, "customer", "update", "--set", "status=nonsense", "--yes")
    crm.fails(1, "customer", "update", "--set", "level", "--yes")
    assert crm.snapshot() == before


def test_log_limit_and_formats(crm: Crm) -> None:
    crm.add("中兴通讯")
    crm.ok("customer", "edit", "C000001", "--city", "上海")
    crm.ok("customer", "edit", "C000001", "--city", "北京")
    assert len(crm.json("customer", "log", "C000001", "-n", "2")) == 2
    csv_out = crm.ok("customer", "log", "C000001", "-f", "csv").stdout.splitlines()
    assert csv_out[0] == "at,actor,entity,action,changes" and len(csv_out) == 4


def test_batch_update_asks_on_a_terminal(crm: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    from crm_cli.commands import _common

    monkeypatch.setattr(_common, "interactive", lambda: True)
    crm.add("甲公司", "--city", "上海")
    declined = crm.run("customer", "update", "--set", "level=A", stdin="n\n")
    assert declined.exit_code == 1 and "Change 1 customer(s)?" in declined.stderr
    assert crm.customers()[0]["level"] == ""
    assert crm.run("customer", "update", "--set", "level=A", stdin="y\n").exit_code == 0
    assert crm.customers()[0]["level"] == "A"
