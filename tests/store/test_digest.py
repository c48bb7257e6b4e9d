"""The `crm today` digest (ACT-3): kinds, windows, urgency, and reading through indexes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from crm_cli.store.activity import activities, reminders
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User
from crm_cli.store.customers import customers, delegations
from crm_cli.store.customers import lifecycle as customer_ops
from crm_cli.store.customers import models as cm
from crm_cli.store.customers.contacts import add_contact
from crm_cli.store.overview import digest
from crm_cli.store.overview.digest_people import next_birthday
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import owners as sales_owners
from tests.conftest import Team

TODAY = dt.date(2026, 5, 10)
NOW = dt.datetime(2026, 5, 10, 8, 0)


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def items(actor: User, days: int = 7, now: dt.datetime = NOW) -> list[tuple[Any, ...]]:
    found = digest.build_digest(actor, days=days, now=now)
    return [(i.kind, i.due, i.urgency, i.overdue_days, i.customer, i.ref) for i in found.items]


def plan_contact(actor: User, ref: str, next_offset: int, note: str = "") -> None:
    activities.log_contact(
        actor, ref,
        {"summary": "s", "started_at": dt.datetime(2026, 4, 1, 9), "next_date": day(next_offset),
         "next_note": note},
        now=NOW,
    )  # fmt: skip


def order(owner: User, customer_id: int, code: str, **values: Any) -> sm.SalesOrder:
    values.setdefault("status", "approved")
    return sm.SalesOrder.create(
        code=code, customer=customer_id, owner=owner.id, created_at=NOW, updated_at=NOW, **values
    )


def installment(row: sm.SalesOrder, number: int, due: dt.date, amount: str, received: str = "0"):  # type: ignore[no-untyped-def]
    sm.Installment.create(
        order=row.id, number=number, due=due, amount=Decimal(amount), received=Decimal(received)
    )
    sales_owners.sync_orders([row.id])  # the owner's copy, where the digest counts the row


@pytest.fixture
def book(team: Team) -> Team:
    """wang owns C000001-3; zhao owns C000004; chen owns C000005."""
    for name in ("中兴通讯", "华为技术", "联想集团"):
        customers.add_customer(team.wang, name, now=NOW)
    customers.add_customer(team.zhao, "小米科技", now=NOW)
    customers.add_customer(team.chen, "格力电器", now=NOW)
    return team


def test_next_contacts_overdue_today_upcoming_and_outside(book: Team) -> None:
    plan_contact(book.wang, "C000001", 3, "送合同")
    plan_contact(book.wang, "C000002", -2)
    plan_contact(book.wang, "C000003", 8)  # beyond 7 days
    plan_contact(book.zhao, "C000004", 0)  # zhao's, not wang's
    assert items(book.wang) == [
        ("next_contact", day(-2), "overdue", 2, "C000002", "C000002"),
        ("next_contact", day(3), "upcoming", -3, "C000001", "C000001"),
    ]
    texts = [i.text for i in digest.build_digest(book.wang, now=NOW).items]
    assert texts == ["contact again", "送合同"]
    assert [i[1] for i in items(book.wang, days=8)] == [day(-2), day(3), day(8)]
    assert items(book.zhao, days=0) == [("next_contact", day(0), "today", 0, "C000004", "C000004")]


def test_delegated_customers_count_and_deleted_ones_do_not(book: Team) -> None:
    plan_contact(book.zhao, "C000004", 1)
    plan_contact(book.wang, "C000003", 1)
    delegations.delegate_customers(book.zhao, ["C000004"], "chen", day(5), now=NOW)
    assert [i[4] for i in items(book.chen)] == ["C000004"]
    customer_ops.delete_customers(book.li, ["C000003"], now=NOW)
    assert items(book.wang) == []


def test_installments_of_approved_orders_not_fully_paid(book: Team) -> None:
    mine = order(book.wang, 1, "SO000001", total=Decimal("9000"))
    installment(mine, 1, day(-5), "3000", "3000")  # paid
    installment(mine, 2, day(-1), "3000", "1000.10")  # partly paid, overdue
    installment(mine, 3, day(6), "3000")
    installment(mine, 4, day(30), "0.30")  # beyond the window
    draft = order(book.wang, 2, "SO000002", status="draft", total=Decimal("5"))
    installment(draft, 1, day(1), "5")
    installment(order(book.zhao, 4, "SO000003", total=Decimal("5")), 1, day(1), "5")
    found = [i for i in digest.build_digest(book.wang, now=NOW).items if i.kind == "installment"]
    assert [(i.ref, i.amount, i.urgency) for i in found] == [
        ("SO000001/2", Decimal("1999.90"), "overdue"),
        ("SO000001/3", Decimal("3000.00"), "upcoming"),
    ]
    assert found[0].text == "SO000001 installment 2: 1999.90 of 3000.00 open"
    assert digest.build_digest(book.wang, now=NOW).counts["installment"] == 2


def test_receivables_of_unsettled_orders_without_a_plan(book: Team) -> None:
    order(book.wang, 1, "SO000001", due=day(-3), total=Decimal("0.30"), received=Decimal("0.10"))
    order(book.wang, 2, "SO000002", due=day(2), total=Decimal("10"), received=Decimal("10"),
          settled=True)  # fmt: skip
    planned = order(book.wang, 3, "SO000003", due=day(1), total=Decimal("10"))
    installment(planned, 1, day(20), "10")
    order(book.wang, 1, "SO000004", due=day(1), total=Decimal("10"), status="cancelled")
    order(book.wang, 1, "SO000005", due=day(9), total=Decimal("10"))
    order(book.wang, 1, "SO000006", total=Decimal("10"))  # no receivable date
    found = [i for i in digest.build_digest(book.wang, now=NOW).items if i.kind == "receivable"]
    assert [(i.ref, i.amount, i.overdue_days) for i in found] == [("SO000001", Decimal("0.20"), 3)]
    assert found[0].text == "SO000001 receivable: 0.20 of 0.30 owed"


def test_service_fees_within_a_month_whatever_days_says(book: Team) -> None:
    product = sm.Product.create(code="SVC", name="年度维护", created_at=NOW, updated_at=NOW)
    sale = order(book.wang, 1, "SO000001", total=Decimal("100"))
    draft = order(book.wang, 2, "SO000002", status="draft", total=Decimal("100"))
    renewal = order(book.wang, 1, "SO000003", kind="service_fee", total=Decimal("100"))
    for position, (row, end, fee) in enumerate(
        [(sale, day(25), "1200"), (sale, day(31), "1"), (sale, day(-3), "800"),
         (sale, day(-31), "2"), (sale, day(5), None), (draft, day(5), "3"),
         (renewal, day(25), "1200")], start=1,
    ):  # fmt: skip
        sm.OrderLine.create(
            order=row.id, position=position, product=product.id,
            quantity=Decimal(1),
            unit_price=Decimal(100), amount=Decimal(100),
            annual_fee=Decimal(fee) if fee else None, service_end=end,
        )  # fmt: skip
    sales_owners.sync_orders([sale.id, draft.id, renewal.id])
    found = [
        i for i in digest.build_digest(book.wang, days=0, now=NOW).items if i.kind == "service_fee"
    ]
    assert digest.build_digest(book.wang, days=0, now=NOW).counts["service_fee"] == 2
    assert [(i.due, i.urgency, i.amount) for i in found] == [
        (day(-3), "overdue", Decimal("800.00")),
        (day(25), "upcoming", Decimal("1200.00")),
    ]
    assert found[1].text == f"年度维护 (SVC) service ends {day(25)}: annual fee 1200.00, SO000001"


@pytest.mark.parametrize(
    ("born", "today", "expected"),
    [
        (dt.date(1990, 5, 12), dt.date(2026, 5, 10), dt.date(2026, 5, 12)),
        (dt.date(1990, 5, 10), dt.date(2026, 5, 10), dt.date(2026, 5, 10)),
        (dt.date(1990, 5, 9), dt.date(2026, 5, 10), dt.date(2027, 5, 9)),
        (dt.date(1985, 1, 2), dt.date(2026, 12, 28), dt.date(2027, 1, 2)),  # year wrap
        (dt.date(1992, 2, 29), dt.date(2027, 2, 20), dt.date(2027, 2, 28)),  # common year
        (dt.date(1992, 2, 29), dt.date(2028, 2, 20), dt.date(2028, 2, 29)),  # leap year
        (dt.date(1992, 2, 29), dt.date(2027, 3, 1), dt.date(2028, 2, 29)),
    ],
)
def test_next_birthday(born: dt.date, today: dt.date, expected: dt.date) -> None:
    assert next_birthday(born, today) == expected


def test_birthdays_in_the_window_with_year_wrap(book: Team) -> None:
    add_contact(book.wang, "C000001", "张伟", {"birthday": "1985-01-02", "title": "采购经理"},
                now=NOW)  # fmt: skip
    add_contact(book.wang, "C000002", "李娜", {"birthday": "1992-02-29"}, now=NOW)
    add_contact(book.wang, "C000003", "王强", {"birthday": "1980-12-27"}, now=NOW)  # yesterday
    add_contact(book.zhao, "C000004", "赵六", {"birthday": "1980-12-30"}, now=NOW)  # zhao's
    new_year = dt.datetime(2026, 12, 28, 8, 0)
    found = digest.build_digest(book.wang, days=7, now=new_year).items
    assert [(i.ref, i.due, i.text) for i in found] == [
        ("CT000001", dt.date(2027, 1, 2), "张伟 (采购经理) turns 42")
    ]
    feb = digest.build_digest(book.wang, days=10, now=dt.datetime(2027, 2, 20)).items
    assert [(i.ref, i.due) for i in feb] == [("CT000002", dt.date(2027, 2, 28))]


def test_reminders_due_by_the_end_of_the_window(book: Team) -> None:
    reminders.add_reminder(book.wang, "寄样品", dt.datetime(2026, 5, 17, 18, 30),
                           customer="C000001", now=NOW)  # fmt: skip
    reminders.add_reminder(book.wang, "too late", dt.datetime(2026, 5, 18, 0, 0), now=NOW)
    done = reminders.add_reminder(book.wang, "done", dt.datetime(2026, 5, 11), now=NOW)
    reminders.complete_reminder(book.wang, str(done.id), now=NOW)
    found = digest.build_digest(book.wang, now=NOW).items
    assert [(i.kind, i.text, i.customer, i.due) for i in found] == [
        ("reminder", "18:30 寄样品", "C000001", dt.date(2026, 5, 17))
    ]


def test_kinds_come_in_registry_order_and_counts_cover_every_kind(book: Team) -> None:
    add_contact(book.wang, "C000001", "张伟", {"birthday": "1985-05-10"}, now=NOW)
    reminders.add_reminder(book.wang, "r", NOW, now=NOW)
    plan_contact(book.wang, "C000002", 5)
    found = digest.build_digest(book.wang, now=NOW)
    assert [i.kind for i in found.items] == ["next_contact", "reminder", "birthday"]
    data = found.to_dict()
    assert list(data) == ["as_of", "days", "user", "counts", "items"]
    assert data["counts"] == {
        "next_contact": 1, "reminder": 1, "installment": 0, "receivable": 0, "service_fee": 0,
        "service_due": 0, "service_open": 0, "next_service": 0,
        "birthday": 1, "pool_return": 0, "schedule": 0, "approval": 0,
        "report_missing": 0, "report_to_comment": 0,
    }  # fmt: skip
    assert len({kind.name for kind in digest.KINDS}) == len(digest.KINDS)


@pytest.mark.parametrize("days", [-1, 367])
def test_days_out_of_range(book: Team, days: int) -> None:
    with pytest.raises(InvalidInput, match="--days"):
        digest.build_digest(book.wang, days=days, now=NOW)


# Index columns a digest query may start from: the user, or keys of rows found from them
# (and the primary key of the small settings table, which does not grow with the data).
USER_KEYS = (
    "owner_id", "user_id", "delegate_id", "customer_id", "order_id", "holder_id", "rowid", "id",
    "key", "assignee_id", "created_by_id", "next_service_by_id",
    # Work reports: the user's own, or those of the people below the user.
    "author_id",
    # The approval inbox starts from what waits (status = submitted): the backlog of
    # decisions, which does not grow with the history.
    "status",
)  # fmt: skip


def test_sqlite_reads_only_through_indexes(book: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    """No query of the digest scans a table that grows with the database (the benchmark)."""
    delegations.delegate_customers(book.zhao, ["C000004"], "wang", day(5), now=NOW)
    plan_contact(book.wang, "C000001", 1)
    database = cm.Customer._meta.database.obj
    seen: list[tuple[str, Any]] = []
    original = database.execute_sql

    def record(sql: str, params: Any = None, *args: Any, **kw: Any) -> Any:
        seen.append((sql, params))
        return original(sql, params, *args, **kw)

    monkeypatch.setattr(database, "execute_sql", record)
    digest.build_digest(book.wang, now=NOW)
    monkeypatch.undo()
    assert len(seen) >= len(digest.KINDS)
    for sql, params in seen:
        if sql.startswith('SELECT "t1"."id", "t1"."supervisor_id" FROM "user" AS "t1"'):
            continue  # who is below the user (subordinate_ids): the team, not its data
        plan = database.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        # Tables appear under peewee's aliases (t1, t2 …): no full scan of any of them, and
        # every index search starts from the user or from a row found through the user.
        for detail in (row[-1] for row in plan if row[-1].split()[0] in ("SCAN", "SEARCH")):
            assert detail.startswith("SEARCH") and "(" in detail, f"{detail}\n{sql}"
            first = detail.split("(", 1)[1].split("=")[0].split()[0]
            assert first in USER_KEYS, f"{detail}\n{sql}"


def test_digest_on_every_backend(any_team: Team) -> None:
    customers.add_customer(any_team.wang, "中兴通讯", now=NOW)
    plan_contact(any_team.wang, "C000001", 0)
    add_contact(any_team.wang, "C000001", "张伟", {"birthday": "1990-05-11"}, now=NOW)
    sale = order(any_team.wang, 1, "SO000001", total=Decimal("0.30"))
    installment(sale, 1, day(-1), "0.10", "0.10")
    installment(sale, 2, day(1), "0.20", "0.10")
    order(any_team.wang, 1, "SO000002", due=day(2), total=Decimal("0.30"), received=Decimal("0.20"))
    found = digest.build_digest(any_team.wang, now=NOW).items
    assert [(i.kind, i.ref, i.amount) for i in found] == [
        ("next_contact", "C000001", None),
        ("installment", "SO000001/2", Decimal("0.10")),
        ("receivable", "SO000002", Decimal("0.10")),
        ("birthday", "CT000001", None),
    ]
