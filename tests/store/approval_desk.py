"""A desk of things waiting for approval, written through the domains' own verbs: shared by
the store, digest and TUI tests of the approval inbox (issue 14, point 5).

On the ``Team`` of tests/conftest.py (admin; manager li over wang, who leads zhao; chen on
her own), at fixed days before ``NOW``:

| code     | kind    | owner | waits since | for                     |
| -------- | ------- | ----- | ----------- | ----------------------- |
| Q000001  | quote   | wang  | day -5      | li, admin               |
| EX000001 | expense | zhao  | day -4      | wang, li, admin         |
| SO000001 | order   | wang  | day -3      | li, admin               |
| SO000002 | order   | chen  | day -2      | admin                   |
| SO000003 | order   | zhao  | day -1      | li, admin               |
| EX000002 | expense | li    | day -1      | admin (never li)        |
| SO000004 | order   | wang  | draft       | nobody                  |
| Q000002  | quote   | wang  | audited     | nobody                  |
"""

from __future__ import annotations

import datetime as dt

from crm_cli.store.core.records import User
from crm_cli.store.customers import customers
from crm_cli.store.expenses import expenses
from crm_cli.store.sales import order_flow, orders, products, quotes
from tests.conftest import Team

NOW = dt.datetime(2026, 11, 2, 9, 0)


def ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def build(team: Team) -> Team:
    products.add_product(team.admin, "PC", "Desktop PC", {"price": "1000.00"}, now=ago(10))
    acme = customers.add_customer(team.wang, "Acme Trading", now=ago(10)).code
    zc = customers.add_customer(team.zhao, "赵氏贸易", now=ago(10)).code
    other = customers.add_customer(team.chen, "Other Co", now=ago(10)).code
    quotes.add_quote(team.wang, acme, ["PC:1"], {"subject": "Refit"}, now=ago(5))
    audited = quotes.add_quote(team.wang, acme, ["PC:1"], now=ago(6)).code
    quotes.audit_quote(team.li, audited, now=ago(6))
    expense(team.zhao, "120.50", 4)
    submitted(team.wang, acme, 3, "PC:2")
    submitted(team.chen, other, 2, "PC:1")
    submitted(team.zhao, zc, 1, "PC:3")
    expense(team.li, "88.00", 1)
    orders.add_order(team.wang, acme, lines=["PC:1"], now=ago(1))
    return team


def submitted(owner: User, customer: str, days: int, line: str) -> str:
    code = orders.add_order(
        owner, customer, lines=[line], subject="Desks", now=ago(days)
    ).order.code
    order_flow.submit_order(owner, code, now=ago(days))
    return code


def expense(owner: User, amount: str, days: int) -> str:
    code = expenses.add_expense(
        owner, amount=amount, category="travel", spent_on=ago(days).date(), now=ago(days)
    ).code
    expenses.submit_expense(owner, code, now=ago(days))
    return code
