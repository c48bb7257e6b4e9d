"""Hand-built records for the summary tests: five orders of one product on the edges of
ISO weeks, months and leap years, by three salespeople, and two timed contact records.

Team (tests.conftest): li (manager) over wang, who leads zhao; chen on her own.
Product PC: price 1000.00, cost 600.00.

| owner | customer | signed     | line          | total   | ISO week |
| wang  | 甲       | 2026-12-31 | PC:2          | 2000.00 | 2026-W53 |
| wang  | 甲       | 2027-01-01 | PC:1:333.33   |  333.33 | 2026-W53 |
| zhao  | 乙       | 2027-01-04 | PC:3          | 3000.00 | 2027-W01 |
| chen  | 丙       | 2026-02-28 | PC:1:0.10     |    0.10 | 2026-W09 |
| chen  | 丙       | 2024-02-29 | PC:1:0.20     |    0.20 | 2024-W09 |
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from crm_cli.store.activity import activities
from crm_cli.store.customers import customers
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import orders
from tests.conftest import Team

ORDERS = (
    ("wang", "甲", "2026-12-31", "PC:2"),
    ("wang", "甲", "2027-01-01", "PC:1:333.33"),
    ("zhao", "乙", "2027-01-04", "PC:3"),
    ("chen", "丙", "2026-02-28", "PC:1:0.10"),
    ("chen", "丙", "2024-02-29", "PC:1:0.20"),
)
CUSTOMERS = {
    "甲": ("wang", "展会", "深圳"),
    "乙": ("zhao", "广告", "广州"),
    "丙": ("chen", "展会", "上海"),
}


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour))


def fill(team: Team) -> dict[str, str]:
    """The records above; returns the customers' codes by name."""
    made = at("2024-01-02")
    sm.Product.create(code="PC", name="电脑", category="硬件", price=Decimal("1000.00"),
                      cost=Decimal("600.00"), created_at=made, updated_at=made)  # fmt: skip
    codes = {}
    for name, (owner, source, city) in CUSTOMERS.items():
        who = getattr(team, owner)
        fields = {"source": source, "city": city}
        codes[name] = customers.add_customer(who, name, fields, now=made).code
    for owner, customer, signed, line in ORDERS:
        orders.add_order(getattr(team, owner), codes[customer], lines=[line], signed=signed,
                         now=at(signed, 12))  # fmt: skip
    for started, minutes in (("2026-12-31 23:30", "30"), ("2027-01-04 00:10", "45")):
        activities.log_contact(team.wang, codes["甲"],
                               {"summary": "回访", "started_at": started, "minutes": minutes},
                               now=at("2027-01-05"))  # fmt: skip
    return codes
