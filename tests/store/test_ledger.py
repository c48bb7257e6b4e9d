"""The receivables as ledger entries (issue 18, point 5): per customer, orders less
receipts equal what `receivable list` says is owed; entries after the as-of day, deleted
orders and receipts, drafts and customers the actor may not see stay out; a customer in
the trash stays in, as in `receivable list`. Real SQLite files (the ``team`` fixture)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import pytest

from crm_cli.store.core.records import User
from crm_cli.store.customers import customers, lifecycle
from crm_cli.store.sales import balances, ledger, order_flow, orders, payments, receivables
from crm_cli.store.sales import models as sm
from crm_cli.store.sales.order_totals import refresh_customer, refresh_order
from tests.conftest import Team
from tests.store.test_orders import NOW, Sales

D = Decimal
EARLY = dt.date(2026, 10, 20)  # before the last receipt and the unsigned orders


class Book:
    """Acme (wang): a part-paid order with a receipt after EARLY, a settled one, a draft,
    a deleted order and a deleted receipt. Other Co (chen): one open order. Gone Ltd
    (wang): a part-paid order, then the customer put in the trash."""

    def __init__(self, sales: Sales) -> None:
        self.sales, team = sales, sales.team
        self.part = sales.approved("PC:3", signed="2026-10-01")  # 3000.00
        pay = payments.record_payment
        pay(team.wang, self.part, "1200", date="2026-10-15", now=NOW)
        pay(team.wang, self.part, "300", date="2026-11-01", method="现金", now=NOW)
        self.settled = sales.approved("PEN:1", signed="2026-10-10")
        pay(team.wang, self.settled, "0.10", date="2026-10-10", now=NOW)
        sales.order(None, "PC:9")  # a draft owes nothing
        self.deleted = sales.approved("PC:5", signed="2026-10-02")
        self.undone = pay(team.wang, self.part, "100", date="2026-10-16", now=NOW)[0].code
        self._undo()
        self.other = self._approved(team.chen, sales.other.code, "PC:1")
        gone = customers.add_customer(team.wang, "Gone Ltd", now=NOW)
        self.gone = self._approved(team.wang, gone.code, "ERP:1")  # 5000.00, unsigned
        pay(team.wang, self.gone, "2000", date="2026-11-02", now=NOW)
        lifecycle.delete_customers(team.admin, [gone.code], now=NOW)
        self.gone_code = gone.code

    def _undo(self) -> None:
        """What an import's undo does: the order and the receipt get ``deleted_at``, and
        the totals are recomputed from the live rows."""
        Ord, Pay = sm.SalesOrder, sm.Payment
        Ord.update(deleted_at=NOW).where(Ord.code == self.deleted).execute()
        Pay.update(deleted_at=NOW).where(Pay.code == self.undone).execute()
        refresh_order(Ord.get(Ord.code == self.part))
        refresh_customer(self.sales.acme.id)

    def _approved(self, actor: User, customer: str, line: str) -> str:
        code = orders.add_order(actor, customer, lines=[line], now=NOW).order.code
        order_flow.submit_order(actor, code, now=NOW)
        order_flow.approve_order(self.sales.team.admin, code, now=NOW)
        return code


@pytest.fixture
def book(team: Team) -> Book:
    return Book(Sales(team))


@pytest.fixture
def any_book(any_team: Team) -> Book:
    return Book(Sales(any_team))


def owed(entries: Iterable[ledger.LedgerEntry]) -> dict[str, Decimal]:
    """Per customer: orders less receipts."""
    sums: dict[str, Decimal] = {}
    for e in entries:
        sign = 1 if e.kind == ledger.ORDER else -1
        sums[e.customer] = sums.get(e.customer, D("0.00")) + sign * e.amount
    return {code: total for code, total in sums.items() if total}


def listed(actor: User) -> dict[str, Decimal]:
    """Per customer, what `receivable list` says is owed."""
    sums: dict[str, Decimal] = {}
    for r in receivables.list_receivables(actor, now=NOW):
        sums[r.customer] = sums.get(r.customer, D("0.00")) + r.balance
    return sums


OWED = {"C000001": D("1500.00"), "C000002": D("1000.00"), "C000003": D("3000.00")}


def test_ledger_today_sums_to_the_receivables(book: Book) -> None:
    admin = book.sales.team.admin
    entries = ledger.ledger_entries(admin, as_of=NOW.date())
    assert book.gone_code == "C000003"
    assert owed(entries) == listed(admin) == OWED
    by_customer = balances.customer_balances(admin, now=NOW)
    assert {b.customer: b.balance for b in by_customer} == OWED
    codes = {e.code for e in entries}
    assert book.deleted not in codes and book.undone not in codes
    assert {e.customer_trashed for e in entries if e.customer == book.gone_code} == {True}


def test_entries_are_dated_and_traceable(book: Book) -> None:
    entries = ledger.ledger_entries(book.sales.team.admin, as_of=NOW.date())
    assert [(e.day, e.kind, e.code, e.order, e.amount, e.method) for e in entries][:5] == [
        (dt.date(2026, 10, 1), "order", book.part, book.part, D("3000.00"), ""),
        (dt.date(2026, 10, 10), "order", book.settled, book.settled, D("0.10"), ""),
        (dt.date(2026, 10, 10), "receipt", "R000003", book.settled, D("0.10"), ""),
        (dt.date(2026, 10, 15), "receipt", "R000001", book.part, D("1200.00"), ""),
        (dt.date(2026, 11, 1), "receipt", "R000002", book.part, D("300.00"), "现金"),
    ]  # fmt: skip
    # Unsigned orders are dated the day they were written; orders first on a day.
    assert [(e.kind, e.code) for e in entries[5:]] == [
        ("order", book.other), ("order", book.gone), ("receipt", "R000005"),
    ]  # fmt: skip
    assert entries[5].day == NOW.date()
    assert (entries[0].customer, entries[0].customer_name) == ("C000001", "Acme Trading")


def test_an_earlier_day_leaves_out_what_came_after(book: Book) -> None:
    entries = ledger.ledger_entries(book.sales.team.admin, as_of=EARLY)
    assert all(e.day <= EARLY for e in entries)
    # The receipt of 2026-11-01 is not yet in: more was owed then than now.
    assert owed(entries) == {"C000001": D("1800.00")}
    assert ledger.ledger_entries(book.sales.team.admin, as_of=dt.date(2026, 9, 30)) == []


def test_each_actor_sees_the_customers_they_may(book: Book) -> None:
    team = book.sales.team
    for actor in (team.wang, team.li, team.chen, team.zhao):
        assert owed(ledger.ledger_entries(actor, as_of=NOW.date())) == listed(actor)
    chen = ledger.ledger_entries(team.chen, as_of=NOW.date())
    assert {e.customer for e in chen} == {"C000002"}
    assert ledger.ledger_entries(team.zhao, as_of=NOW.date()) == []


def test_entries_stream_as_the_caller_reads(book: Book) -> None:
    found = ledger.iter_ledger(book.sales.team.admin, as_of=NOW.date())
    first = next(found)
    assert first.code == book.part
    assert len([first, *found]) == 8


def test_every_backend_dates_and_sums_alike(any_book: Book) -> None:
    """An unsigned order is dated by its creation time (a datetime beside the signing
    dates): in on that day, out the day before, on SQLite, PostgreSQL and MariaDB."""
    admin = any_book.sales.team.admin
    assert owed(ledger.ledger_entries(admin, as_of=NOW.date())) == listed(admin) == OWED
    before = ledger.ledger_entries(admin, as_of=NOW.date() - dt.timedelta(days=1))
    assert any_book.other not in {e.code for e in before}
    assert owed(before) == {"C000001": D("1500.00")}
