"""`crm today` (ACT-3) through the real CLI: grouping, urgency, --days, --as-of, formats."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

AS_OF = "2026-05-10"


@pytest.fixture
def busy(staff: Crm) -> Crm:
    """wang: two planned contacts, a reminder, a birthday and an installment; chen: one."""
    staff.add("中兴通讯", user="wang")
    staff.add("华为技术", user="wang")
    staff.add("格力电器", user="chen")
    staff.ok("contact", "add", "C000001", "张伟", "--birthday", "1986-05-12", "--title", "采购经理",
             user="wang")  # fmt: skip
    staff.ok("contact", "log", "C000001", "--summary", "s", "--at", "2026-05-01",
             "--next", "2026-05-08", "--next-note", "送合同", user="wang")  # fmt: skip
    staff.ok("contact", "log", "C000002", "--summary", "s", "--at", "2026-05-01",
             "--next", "2026-05-10", user="wang")  # fmt: skip
    staff.ok("contact", "log", "C000003", "--summary", "s", "--at", "2026-05-01",
             "--next", "2026-05-11", user="chen")  # fmt: skip
    staff.ok("remind", "add", "寄样品", "--at", "2099-01-01", "--customer", "C000002", user="wang")
    _approved_order_with_installment()
    return staff


def _approved_order_with_installment() -> None:
    # No `crm order` in this module's scope: the schema is fixed, so write the rows.
    from crm_cli.store.sales import models as sm

    now = dt.datetime(2026, 5, 1)
    order = sm.SalesOrder.create(code="SO000001", customer=1, owner=3, status="approved",
                                 total=Decimal("0.30"), created_at=now, updated_at=now)  # fmt: skip
    sm.Installment.create(order=order.id, owner_id=order.owner_id, number=1,
                          due=dt.date(2026, 5, 9),
                          amount=Decimal("0.30"), received=Decimal("0.10"))  # fmt: skip


def today(crm: Crm, *args: str, user: str = "wang") -> Any:
    return crm.json("today", "--as-of", AS_OF, *args, user=user)


def test_json_shape_and_order(busy: Crm) -> None:
    data = today(busy)
    assert list(data) == ["as_of", "days", "user", "counts", "items"]
    assert (data["as_of"], data["days"], data["user"]) == (AS_OF, 7, "wang")
    assert data["counts"] == {"next_contact": 2, "reminder": 0, "installment": 1,
                              "receivable": 0, "service_fee": 0, "birthday": 1,
                              "pool_return": 0, "service_due": 0, "service_open": 0,
                              "next_service": 0, "schedule": 0, "approval": 0,
                              "report_missing": 0, "report_to_comment": 0}  # fmt: skip
    assert [(i["kind"], i["due"], i["urgency"], i["overdue_days"]) for i in data["items"]] == [
        ("next_contact", "2026-05-08", "overdue", 2),
        ("next_contact", "2026-05-10", "today", 0),
        ("installment", "2026-05-09", "overdue", 1),
        ("birthday", "2026-05-12", "upcoming", -2),
    ]
    first = data["items"][0]
    assert first == {"kind": "next_contact", "due": "2026-05-08", "urgency": "overdue",
                     "overdue_days": 2, "customer": "C000001", "customer_name": "中兴通讯",
                     "text": "送合同", "ref": "C000001", "amount": None}  # fmt: skip
    raw = busy.ok("today", "--as-of", AS_OF, "-f", "json", user="wang").stdout
    assert '"amount": 0.20' in raw  # money exact, two decimals


def test_days_and_as_of_move_the_window(busy: Crm) -> None:
    assert today(busy, "--days", "0")["counts"]["birthday"] == 0
    later = busy.json("today", "--as-of", "2098-12-31", "--days", "1", user="wang")
    assert later["counts"]["reminder"] == 1
    assert [i["ref"] for i in today(busy, user="chen")["items"]] == ["C000003"]
    assert today(busy, user="zhao")["items"] == []


def test_text_output_groups_with_headings_and_counts(busy: Crm) -> None:
    out = busy.ok("today", "--as-of", AS_OF, "-f", "plain", user="wang").stdout
    lines = out.splitlines()
    assert lines[0] == "wang: 2026-05-10 (next 7 days)"
    headings = [line for line in lines if re.fullmatch(r"[A-Z][a-z ]+ \(\d+\)", line)]
    assert headings == ["Next contacts (2)", "Installments due (1)", "Contact birthdays (1)"]
    assert "overdue 2d" in out and "送合同" in out and "张伟 (采购经理) turns 40" in out
    assert "SO000001 installment 1: 0.20 of 0.30 open" in out
    table = busy.ok("today", "--as-of", AS_OF, "-f", "table", user="wang").stdout
    assert "Next contacts (2)" in table and "送合同" in table
    empty = busy.ok("today", "--as-of", AS_OF, "-f", "plain", user="zhao").stdout
    assert empty.splitlines() == ["zhao: 2026-05-10 (next 7 days)", "Nothing due."]


def test_flat_formats_print_the_items(busy: Crm) -> None:
    csv = busy.ok("today", "--as-of", AS_OF, "-f", "csv", user="wang").stdout.splitlines()
    assert csv[0] == "kind,due,urgency,overdue_days,customer,customer_name,text,ref,amount"
    assert len(csv) == 5 and csv[3].endswith(",SO000001/1,0.20")
    jsonl = busy.ok("today", "--as-of", AS_OF, "-f", "jsonl", "--fields", "kind,ref",
                    user="wang").stdout.splitlines()  # fmt: skip
    assert jsonl[0] == '{"kind":"next_contact","ref":"C000001"}'


@pytest.mark.parametrize(
    ("code", "args"),
    [
        (1, ["--days", "-1"]),
        (1, ["--days", "400"]),
        (1, ["--as-of", "someday"]),
        (1, ["-f", "yaml"]),
        (2, ["--days", "many"]),
    ],
)
def test_bad_options(busy: Crm, code: int, args: list[str]) -> None:
    if code == 2:
        assert busy.run("today", *args, user="wang").exit_code == 2
    else:
        busy.fails(code, "today", *args, user="wang")


def test_limit_lists_the_most_urgent_of_each_kind_and_counts_them_all(busy: Crm) -> None:
    one = today(busy, "-n", "1")
    assert one["counts"]["next_contact"] == 2  # counted, listed or not
    assert [(i["kind"], i["due"]) for i in one["items"]] == [
        ("next_contact", "2026-05-08"), ("installment", "2026-05-09"), ("birthday", "2026-05-12"),
    ]  # fmt: skip
    assert today(busy, "-n", "1", "--all")["items"] == today(busy)["items"]
    assert len(today(busy, "--limit", "0")["items"]) == 0
    text = busy.ok("today", "--as-of", AS_OF, "-n", "1", "-f", "plain", user="wang").stdout
    assert "Next contacts (2)" in text and "… and 1 more (crm today --all, or -n N)" in text
    assert "more" not in busy.ok("today", "--as-of", AS_OF, "-f", "plain", user="wang").stdout
    busy.fails(1, "today", "--limit", "-1", user="wang")
