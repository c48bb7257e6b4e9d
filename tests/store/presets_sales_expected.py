"""What each selling preset gives on the book of `presets_sales_book` for 2026, as the
admin, computed by hand (the derivation beside each figure). The three-backend test and
the per-preset tests both hold the results to these.

Sales of 2026 (approved, live order, live customer): o2 wang c1 500.00 (01-10), o3 wang
c2 45.00 (02-15), o4 zhao c3 200.00 (03-20), o5 chen c4 1000.00 (04-02); 1745.00 in all.
Not o1 (2025), o6 (draft), o7 (cancelled), o8 (customer deleted), o9 (order deleted).
"""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

# name -> (options, rows) for the period 2026, as the admin.
EXPECTED: dict[str, tuple[dict[str, str], list[dict[str, Any]]]] = {
    "buyers-by-source": (
        {},
        [
            {"source": "", "buyers": 1, "orders": 1, "amount": D("1000.00")},  # c4: o5
            {"source": "展会", "buyers": 2, "orders": 2, "amount": D("700.00")},  # c1 o2 + c3 o4
            {"source": "网络推广", "buyers": 1, "orders": 1, "amount": D("45.00")},  # c2: o3
        ],
    ),
    "customer-value": (
        {},
        [
            {
                "rank": 1,
                "customer": "C000004",
                "name": "丁公司",
                "orders": 1,
                "amount": D("1000.00"),
                "received": D("0.00"),
            },  # o5's 300 comes in 2027
            {
                "rank": 2,
                "customer": "C000001",
                "name": "甲公司",
                "orders": 1,
                "amount": D("500.00"),
                "received": D("250.00"),
            },  # 100 + 150 on o2; o1's in 2025
            {
                "rank": 3,
                "customer": "C000003",
                "name": "丙公司",
                "orders": 1,
                "amount": D("200.00"),
                "received": D("200.00"),
            },
            {
                "rank": 4,
                "customer": "C000002",
                "name": "乙公司",
                "orders": 1,
                "amount": D("45.00"),
                "received": D("0.00"),
            },
        ],
    ),
    # First sales: c1 2025-11-20 (not 2026), c2 02-15, c3 03-20 (Q1), c4 04-02 (Q2).
    "new-buyers": (
        {"by": "quarter"},
        [
            {"bucket": "2026-Q1", "new_buyers": 2},
            {"bucket": "2026-Q2", "new_buyers": 1},
        ],
    ),
    # wang in 2026: o2 in January, o3 in February; receipts 100 (01-15) and 150 (03-01),
    # o8's 50 not (customer deleted); c2 registered 02-10 (c5 deleted); contacts 2 in
    # January, 1 in February (the one on c5 not).
    "salesperson": (
        {"user": "wang"},
        [
            {
                "bucket": "2026-01",
                "orders": 1,
                "amount": D("500.00"),
                "received": D("100.00"),
                "new_customers": 0,
                "contacts": 2,
            },
            {
                "bucket": "2026-02",
                "orders": 1,
                "amount": D("45.00"),
                "received": D("0.00"),
                "new_customers": 1,
                "contacts": 1,
            },
            {
                "bucket": "2026-03",
                "orders": 0,
                "amount": D("0.00"),
                "received": D("150.00"),
                "new_customers": 0,
                "contacts": 0,
            },
        ],
    ),
    "leaderboard": (
        {},
        [
            {
                "rank": 1,
                "user": "chen",
                "name": "陈静",
                "orders": 1,
                "amount": D("1000.00"),
                "received": D("0.00"),
            },
            {
                "rank": 2,
                "user": "wang",
                "name": "王芳",
                "orders": 2,
                "amount": D("545.00"),
                "received": D("250.00"),
            },  # o2 + o3; 100 + 150
            {
                "rank": 3,
                "user": "zhao",
                "name": "赵强",
                "orders": 1,
                "amount": D("200.00"),
                "received": D("200.00"),
            },
        ],
    ),
    # Lines of 2026: PA 3 (o2) + 1 (o4) + 10 (o5) = 14, 1400.00; PB 4 (o2, 200.00) + 1 at
    # 45.00 (o3) + 2 (o4, 100.00) = 7, 345.00; PC none; PX deleted.
    "weak-products": (
        {},
        [
            {
                "product": "PC",
                "name": "Gamma",
                "category": "硬件",
                "quantity": D("0.000"),
                "amount": D("0.00"),
            },
            {
                "product": "PB",
                "name": "Beta",
                "category": "软件",
                "quantity": D("7.000"),
                "amount": D("345.00"),
            },
            {
                "product": "PA",
                "name": "Alpha",
                "category": "硬件",
                "quantity": D("14.000"),
                "amount": D("1400.00"),
            },
        ],
    ),
    "sales-trend": (
        {},
        [
            {"bucket": "2026-01", "orders": 1, "amount": D("500.00")},
            {"bucket": "2026-02", "orders": 1, "amount": D("45.00")},
            {"bucket": "2026-03", "orders": 1, "amount": D("200.00")},
            {"bucket": "2026-04", "orders": 1, "amount": D("1000.00")},
        ],
    ),
    # Of 1745.00: 1000 = 57.306 %, 700 = 40.115 %, 45 = 2.579 %.
    "sales-composition": (
        {"by": "source"},
        [
            {"group": "", "amount": D("1000.00"), "percent": D("57.3")},
            {"group": "展会", "amount": D("700.00"), "percent": D("40.1")},
            {"group": "网络推广", "amount": D("45.00"), "percent": D("2.6")},
        ],
    ),
    # chen: PA×10 costs 600. wang: PA×3 costs 180, PB (no cost price) 200 + 45 = 245;
    # 365 / 545 = 66.97 %. zhao: PA×1 costs 60, PB 100; 140 / 200 = 70 %.
    "profit": (
        {},
        [
            {
                "user": "chen",
                "name": "陈静",
                "revenue": D("1000.00"),
                "cost": D("600.00"),
                "profit": D("400.00"),
                "margin": D("40.0"),
                "no_cost": D("0.00"),
            },
            {
                "user": "wang",
                "name": "王芳",
                "revenue": D("545.00"),
                "cost": D("180.00"),
                "profit": D("365.00"),
                "margin": D("67.0"),
                "no_cost": D("245.00"),
            },
            {
                "user": "zhao",
                "name": "赵强",
                "revenue": D("200.00"),
                "cost": D("60.00"),
                "profit": D("140.00"),
                "margin": D("70.0"),
                "no_cost": D("100.00"),
            },
        ],
    ),
}

# Attainment for 2026-Q1 with the targets of `set_q1_targets`. Targets count what
# `targets.actuals` counts: wang's orders 500 + 45 + 700 (o8: a deleted customer's order
# still counts there) = 1245; receipts 100 + 150 + 50 = 300; 华南 = wang + zhao (200) + li.
ATTAINMENT_Q1 = [
    {
        "scope": "department",
        "name": "华南",
        "department": "华南",
        "metric": "orders",
        "target": D("2000.00"),
        "actual": D("1445.00"),
        "percent": D("72.3"),
        "gap": D("555.00"),
    },  # 1445 / 2000 = 72.25 %, half up
    {
        "scope": "user",
        "name": "wang",
        "department": "",
        "metric": "orders",
        "target": D("1000.00"),
        "actual": D("1245.00"),
        "percent": D("124.5"),
        "gap": D("0.00"),
    },
    {
        "scope": "user",
        "name": "wang",
        "department": "",
        "metric": "receipts",
        "target": D("500.00"),
        "actual": D("300.00"),
        "percent": D("60.0"),
        "gap": D("200.00"),
    },
]
