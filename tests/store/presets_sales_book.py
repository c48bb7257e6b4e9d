"""A small sales book written through the domains' own verbs, shared by the tests of the
selling presets (issue 15, RPT-2). Every figure the tests expect was computed by hand from
the tables below.

People: admin; li (manager, 华南) over wang (华南), who leads zhao (华南); chen (华东) alone.

Products: PA Alpha 硬件 100.00 (cost 60.00); PB Beta 软件 50.00 (no cost price); PC Gamma
硬件 10.00 (cost 4.00, never sold); PX Old 服务 (deleted).

| customer | name   | source   | owner | registered | note              |
| -------- | ------ | -------- | ----- | ---------- | ----------------- |
| c1       | 甲公司 | 展会     | wang  | 2025-06-01 |                   |
| c2       | 乙公司 | 网络推广 | wang  | 2026-02-10 |                   |
| c3       | 丙公司 | 展会     | zhao  | 2026-03-05 |                   |
| c4       | 丁公司 | (none)   | chen  | 2026-01-15 |                   |
| c5       | 戊公司 | 网络推广 | wang  | 2026-01-20 | deleted 2026-05-01 |

| order | owner | customer | lines                | total   | approved   | note          |
| ----- | ----- | -------- | -------------------- | ------- | ---------- | ------------- |
| o1    | wang  | c1       | PA×2                 | 200.00  | 2025-11-20 |               |
| o2    | wang  | c1       | PA×3, PB×4           | 500.00  | 2026-01-10 |               |
| o3    | wang  | c2       | PB×1 at 45.00        | 45.00   | 2026-02-15 |               |
| o4    | zhao  | c3       | PA×1, PB×2           | 200.00  | 2026-03-20 |               |
| o5    | chen  | c4       | PA×10                | 1000.00 | 2026-04-02 |               |
| o6    | wang  | c2       | PA×1                 | 100.00  | -          | a draft       |
| o7    | wang  | c2       | PA×5                 | 500.00  | 2026-02-20 | cancelled     |
| o8    | wang  | c5       | PA×7                 | 700.00  | 2026-02-01 | customer gone |
| o9    | wang  | c1       | PA×1                 | 100.00  | 2026-01-20 | deleted order |

Receipts: o1 200.00 on 2025-12-01; o2 100.00 on 2026-01-15 and 150.00 on 2026-03-01; o4
200.00 on 2026-03-25; o5 300.00 on 2027-01-05; o8 50.00 on 2026-02-02.
Contact records: wang on c1 2026-01-05 and 2026-01-06, on c2 2026-02-11, on c5 2026-02-01;
zhao on c3 2026-03-06.
"""

from __future__ import annotations

import datetime as dt

from crm_cli.store.activity import activities
from crm_cli.store.analysis import periods, presets
from crm_cli.store.analysis.records import Report
from crm_cli.store.core import users
from crm_cli.store.core.records import User
from crm_cli.store.customers import customers, lifecycle
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import order_flow, orders, payments, products
from crm_cli.store.targets import targets

TODAY = dt.date(2027, 1, 10)


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour))


class Book:
    def __init__(self) -> None:
        self.admin = users.resolve_actor("admin")
        add = users.add_user
        self.li = add(self.admin, "li", role="manager", department="华南", display="李经理")
        self.wang = add(self.admin, "wang", role="sales", department="华南", supervisor="li",
                        display="王芳")  # fmt: skip
        self.zhao = add(self.admin, "zhao", role="sales", department="华南", supervisor="wang",
                        display="赵强")  # fmt: skip
        self.chen = add(self.admin, "chen", role="sales", department="华东", display="陈静")
        self._products()
        self.c: dict[int, str] = {}
        self._customers()
        self.o: dict[int, str] = {}
        self._orders()
        self._receipts_and_contacts()

    def _products(self) -> None:
        made = at("2025-01-01")
        add = products.add_product
        add(self.admin, "PA", "Alpha", {"price": "100", "cost": "60", "category": "硬件"}, now=made)
        add(self.admin, "PB", "Beta", {"price": "50", "category": "软件"}, now=made)
        add(self.admin, "PC", "Gamma", {"price": "10", "cost": "4", "category": "硬件"}, now=made)
        add(self.admin, "PX", "Old", {"price": "1", "cost": "1", "category": "服务"}, now=made)
        products.delete_product(self.admin, "PX", now=made)

    def _customers(self) -> None:
        table = (
            (1, "甲公司", "展会", self.wang, "2025-06-01"),
            (2, "乙公司", "网络推广", self.wang, "2026-02-10"),
            (3, "丙公司", "展会", self.zhao, "2026-03-05"),
            (4, "丁公司", "", self.chen, "2026-01-15"),
            (5, "戊公司", "网络推广", self.wang, "2026-01-20"),
        )
        for n, name, source, owner, day in table:
            fields = {"source": source} if source else {}
            self.c[n] = customers.add_customer(owner, name, fields, now=at(day, 9)).code

    def approved(self, n: int, who: User, customer: int, lines: list[str], day: str) -> None:
        code = orders.add_order(who, self.c[customer], lines=lines, now=at(day, 9)).order.code
        order_flow.submit_order(who, code, now=at(day, 9))
        order_flow.approve_order(self.admin, code, now=at(day, 11))
        self.o[n] = code

    def _orders(self) -> None:
        w = self.wang
        self.approved(1, w, 1, ["PA:2"], "2025-11-20")
        self.approved(2, w, 1, ["PA:3", "PB:4"], "2026-01-10")
        self.approved(3, w, 2, ["PB:1:45"], "2026-02-15")
        self.approved(4, self.zhao, 3, ["PA:1", "PB:2"], "2026-03-20")
        self.approved(5, self.chen, 4, ["PA:10"], "2026-04-02")
        orders.add_order(w, self.c[2], lines=["PA:1"], now=at("2026-02-18"))  # o6, a draft
        self.approved(7, w, 2, ["PA:5"], "2026-02-20")
        order_flow.cancel_order(self.admin, self.o[7], "客户取消", now=at("2026-02-21"))
        self.approved(8, w, 5, ["PA:7"], "2026-02-01")
        self.approved(9, w, 1, ["PA:1"], "2026-01-20")
        # An order an undone import leaves behind: deleted, never a sale.
        sm.SalesOrder.update(deleted_at=at("2026-01-21")).where(
            sm.SalesOrder.code == self.o[9]
        ).execute()

    def _receipts_and_contacts(self) -> None:
        for n, amount, day in ((1, "200", "2025-12-01"), (2, "100", "2026-01-15"),
                               (2, "150", "2026-03-01"), (4, "200", "2026-03-25"),
                               (5, "300", "2027-01-05"), (8, "50", "2026-02-02")):  # fmt: skip
            payments.record_payment(self.admin, self.o[n], amount, date=day, now=at(day, 16))
        for who, customer, when in ((self.wang, 1, "2026-01-05 10:00"),
                                    (self.wang, 1, "2026-01-06 15:30"),
                                    (self.wang, 2, "2026-02-11 09:00"),
                                    (self.wang, 5, "2026-02-01 09:00"),
                                    (self.zhao, 3, "2026-03-06 11:00")):  # fmt: skip
            activities.log_contact(who, self.c[customer], {"summary": "回访", "started_at": when},
                                   now=at("2026-03-31"))  # fmt: skip
        lifecycle.delete_customers(self.admin, [self.c[5]], now=at("2026-05-01"))


def set_q1_targets(book: Book) -> None:
    """li sets wang's orders (1000) and receipts (500), the admin 华南's orders (2000)."""
    targets.set_targets(book.li, user="wang", period="2026-Q1",
                        amounts={"orders": "1000", "receipts": "500"}, now=at("2026-01-02"))  # fmt: skip
    targets.set_target(book.admin, department="华南", period="2026-Q1", metric="orders",
                       amount="2000", now=at("2026-01-02"))  # fmt: skip


def run(actor: User, name: str, period: str | None = None, **options: str) -> Report:
    """Preset ``name`` for ``period`` (None: all time) as of ``TODAY``."""
    when = periods.parse_period(period, TODAY) if period else None
    return presets.run_preset(actor, name, presets.Params(when, TODAY, options))
