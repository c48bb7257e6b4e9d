"""What each preset of `analysis.presets_more` gives on `presets_more_book`, computed by hand
(the working is beside each case). A case: (preset, actor, options, period, as-of day) and
the rows as tuples in the report's column order. A data table: kept as written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any, NamedTuple

from tests.store.presets_more_book import TODAY

N = None


class Case(NamedTuple):
    preset: str
    actor: str
    options: dict[str, str]
    period: str | None
    rows: list[tuple[Any, ...]]
    today: dt.date = TODAY


# fmt: off
CASES: dict[str, Case] = {
    # Open items as of 12-02: O2 400 (due 12-20) and O10 50 (no date) not due; O1/2 500
    # (17 days) and O5 100 (30 days) 0-30; O3 200 (43 days) 31-60; O4/1 300 (61 days)
    # 61-90; O1/1 200 (92 days) 90+. O4/2 is paid; O6 draft, O7 deleted, O8's customer
    # deleted, O9 settled.
    "aging": Case("receivables-aging", "admin", {}, None, [
        ("not due", D("450.00"), 2), ("0-30", D("600.00"), 2), ("31-60", D("200.00"), 1),
        ("61-90", D("300.00"), 1), ("90+", D("200.00"), 1),
    ]),
    "aging-wang": Case("receivables-aging", "wang", {}, None, [
        ("not due", D("450.00"), 2), ("0-30", D("500.00"), 1), ("90+", D("200.00"), 1),
    ]),
    "aging-li": Case("receivables-aging", "li", {}, None, [
        ("not due", D("450.00"), 2), ("0-30", D("500.00"), 1), ("31-60", D("200.00"), 1),
        ("90+", D("200.00"), 1),
    ]),
    "aging-by-owner": Case("receivables-aging", "admin", {"by": "owner"}, None, [
        ("chen", "0-30", D("100.00"), 1), ("chen", "61-90", D("300.00"), 1),
        ("wang", "not due", D("450.00"), 2), ("wang", "0-30", D("500.00"), 1),
        ("wang", "90+", D("200.00"), 1), ("zhao", "31-60", D("200.00"), 1),
    ]),
    # As of 12-25: O10 not due; O2 5 days; O1/2 40 and O5 53; O3 66 and O4/1 84; O1/1 115.
    "aging-later": Case("receivables-aging", "admin", {"by": "customer"}, None, [
        ("C1", "甲公司", "not due", D("50.00"), 1), ("C1", "甲公司", "0-30", D("400.00"), 1),
        ("C1", "甲公司", "31-60", D("500.00"), 1), ("C1", "甲公司", "90+", D("200.00"), 1),
        ("C2", "乙公司", "61-90", D("200.00"), 1),
        ("C3", "丙公司", "31-60", D("100.00"), 1), ("C3", "丙公司", "61-90", D("300.00"), 1),
    ], dt.date(2026, 12, 25)),
    # C1: ordered O1+O2+O10 1450, received 300, owed 200+500+400+50, overdue the two
    # installments due before 12-02, oldest 09-01. C2: O3+O9. C3: O4+O5.
    "by-customer": Case("receivables-by-customer", "admin", {}, None, [
        ("C1", "甲公司", D("1450.00"), D("300.00"), D("1150.00"), D("700.00"),
         dt.date(2026, 9, 1)),
        ("C3", "丙公司", D("700.00"), D("300.00"), D("400.00"), D("400.00"),
         dt.date(2026, 10, 2)),
        ("C2", "乙公司", D("400.00"), D("200.00"), D("200.00"), D("200.00"),
         dt.date(2026, 10, 20)),
    ]),
    "by-customer-wang": Case("receivables-by-customer", "wang", {}, None, [
        ("C1", "甲公司", D("1450.00"), D("300.00"), D("1150.00"), D("700.00"),
         dt.date(2026, 9, 1)),
    ]),
    # Approved in 2026: C1 O1+O2+O10 = 1450 (3); C3 O4 = 600 (O5 was approved in 2025);
    # C2 O3+O9 = 400. 王五 is deleted; C3 has no contact.
    "hobbies": Case("top-customers-hobbies", "admin", {"top": "2"}, "2026", [
        (1, "C1", "甲公司", D("1450.00"), 3, "张三", "总经理", "高尔夫"),
        (1, "C1", "甲公司", D("1450.00"), 3, "李四", "财务", ""),
        (2, "C3", "丙公司", D("600.00"), 1, "", "", ""),
    ]),
    "hobbies-all": Case("top-customers-hobbies", "admin", {}, None, [
        (1, "C1", "甲公司", D("1450.00"), 3, "张三", "总经理", "高尔夫"),
        (1, "C1", "甲公司", D("1450.00"), 3, "李四", "财务", ""),
        (2, "C3", "丙公司", D("700.00"), 2, "", "", ""),
        (3, "C2", "乙公司", D("400.00"), 2, "赵六", "采购", "茶道"),
    ]),
    "hobbies-zhao": Case("top-customers-hobbies", "zhao", {}, None, [
        (1, "C2", "乙公司", D("400.00"), 2, "赵六", "采购", "茶道"),
    ]),
    # P5 (customer deleted) and P6 (deleted) left out; in 2026 价格高 is P2 300 + P7 100.
    "lost": Case("lost-opportunities", "admin", {}, None, [
        ("2025", "价格高", 1, D("1000.00")), ("2026", "价格高", 2, D("400.00")),
        ("2026", "(none)", 1, D("500.00")), ("2026", "预算不足", 1, D("200.00")),
    ]),
    "lost-quarters": Case("lost-opportunities", "admin", {"by": "quarter"}, "2026", [
        ("2026-Q1", "价格高", 1, D("300.00")), ("2026-Q3", "(none)", 1, D("500.00")),
        ("2026-Q3", "价格高", 1, D("100.00")), ("2026-Q3", "预算不足", 1, D("200.00")),
    ]),
    "lost-wang": Case("lost-opportunities", "wang", {}, None, [
        ("2025", "价格高", 1, D("1000.00")), ("2026", "价格高", 1, D("300.00")),
    ]),
    # November: wang phone A1 30 + A2 15; visit A3 (no time) + A4 120; zhao phone A5 10,
    # email A6 5 (23:59 on the 30th); chen meeting A7 60 (A8 is October). Hours to 0.1.
    "time": Case("time-spent", "admin", {}, "2026-11", [
        ("chen", "meeting", 1, 1, 60, D("1.0"), D("60.0")),
        ("wang", "phone", 2, 2, 45, D("0.8"), D("22.5")),
        ("wang", "visit", 2, 1, 120, D("2.0"), D("120.0")),
        ("zhao", "email", 1, 1, 5, D("0.1"), D("5.0")),
        ("zhao", "phone", 1, 1, 10, D("0.2"), D("10.0")),
    ]),
    "time-by-type": Case("time-spent", "admin", {"by": "type"}, "2026-11", [
        ("email", 1, 1, 5, D("0.1"), D("5.0")), ("meeting", 1, 1, 60, D("1.0"), D("60.0")),
        ("phone", 3, 3, 55, D("0.9"), D("18.3")), ("visit", 2, 1, 120, D("2.0"), D("120.0")),
    ]),
    "time-wang": Case("time-spent", "wang", {"by": "user"}, "2026-11", [
        ("wang", 4, 3, 165, D("2.8"), D("55.0")),
    ]),
    "contacts": Case("contacts-per-customer", "admin", {"top": "2"}, "2026-11", [
        ("C1", "甲公司", 4, dt.date(2026, 11, 6)), ("C2", "乙公司", 2, dt.date(2026, 11, 30)),
    ]),
    "contacts-all": Case("contacts-per-customer", "admin", {}, None, [
        ("C1", "甲公司", 4, dt.date(2026, 11, 6)), ("C2", "乙公司", 3, dt.date(2026, 12, 1)),
        ("C3", "丙公司", 2, dt.date(2026, 11, 15)),
    ]),
    "contacts-zhao": Case("contacts-per-customer", "zhao", {}, "2026-11", [
        ("C2", "乙公司", 2, dt.date(2026, 11, 30)),
    ]),
    "contacts-li": Case("contacts-per-customer", "li", {}, None, [
        ("C1", "甲公司", 4, dt.date(2026, 11, 6)), ("C2", "乙公司", 3, dt.date(2026, 12, 1)),
    ]),
    # 2026: by user wang E1+E2+E3, chen E5 (E6 submitted, E9 2025), zhao E4 (E8 deleted);
    # E7's customer is deleted.
    "expenses": Case("expenses", "admin", {}, "2026", [
        ("wang", "王芳", 3, D("550.00")), ("chen", "陈静", 1, D("500.00")),
        ("zhao", "赵强", 1, D("120.00")),
    ]),
    "expenses-customer": Case("expenses", "admin", {"by": "customer"}, "2026", [
        ("C1", "甲公司", 2, D("500.00")), ("C3", "丙公司", 1, D("500.00")),
        ("C2", "乙公司", 1, D("120.00")), ("(none)", "(none)", 1, D("50.00")),
    ]),
    "expenses-category": Case("expenses", "admin", {"by": "category"}, "2026", [
        ("礼品", "礼品", 1, D("500.00")), ("交通", "交通", 3, D("370.00")),
        ("餐饮", "餐饮", 1, D("300.00")),
    ]),
    "expenses-month": Case("expenses", "admin", {"by": "month"}, "2026", [
        ("2026-10", "2026-10", 1, D("50.00")), ("2026-11", "2026-11", 4, D("1120.00")),
    ]),
    "expenses-li": Case("expenses", "li", {}, None, [
        ("wang", "王芳", 3, D("550.00")), ("zhao", "赵强", 1, D("120.00")),
    ]),
    "expenses-chen": Case("expenses", "chen", {"by": "month"}, None, [
        ("2025-12", "2025-12", 1, D("40.00")), ("2026-11", "2026-11", 1, D("500.00")),
    ]),
    "expense-trend": Case("expense-trend", "admin", {"by": "year"}, None, [
        ("2025", "2025", 1, D("40.00")), ("2026", "2026", 5, D("1170.00")),
    ]),
    # 2026: C1 T1 5, T2 2, T3 -; C2 T4 4 (T8 deleted); C3 T5 - (T6 is 2025); T7's
    # customer is deleted.
    "feedback": Case("service-feedback", "admin", {}, "2026", [
        ("C1", "甲公司", 3, 2, D("3.50"), 2), ("C2", "乙公司", 1, 1, D("4.00"), 4),
        ("C3", "丙公司", 1, 0, N, N),
    ]),
    "feedback-all": Case("service-feedback", "admin", {}, None, [
        ("C1", "甲公司", 3, 2, D("3.50"), 2), ("C3", "丙公司", 2, 1, D("1.00"), 1),
        ("C2", "乙公司", 1, 1, D("4.00"), 4),
    ]),
    "feedback-wang": Case("service-feedback", "wang", {}, None, [
        ("C1", "甲公司", 3, 2, D("3.50"), 2),
    ]),
    # Open on 12-02: F1+F2 (初步接洽 is qualification), F3, F4 + W9 (won on 12-20); F5
    # unlisted, F9 no stage; F6 created later, F7's customer and F8 deleted. Weighted
    # 333.33 × 33 % + 400 × 80 % = 429.9989. Reached: the chain of listed stages only.
    "funnel": Case("funnel", "admin", {}, None, [
        ("qualification", 2, D("1500.00"), D("200.00"), 5, D("60.0")),
        ("needs analysis", 0, D("0.00"), D("0.00"), 3, D("100.0")),
        ("proposal", 1, D("2000.00"), D("1000.00"), 3, D("66.7")),
        ("negotiation", 2, D("733.33"), D("430.00"), 2, N),
        ("custom stage", 1, D("100.00"), D("50.00"), N, N),
        ("(none)", 1, D("10.00"), D("0.00"), N, N),
    ]),
    "funnel-wang": Case("funnel", "wang", {}, None, [
        ("qualification", 2, D("1500.00"), D("200.00"), 3, D("33.3")),
        ("needs analysis", 0, D("0.00"), D("0.00"), 1, D("100.0")),
        ("proposal", 0, D("0.00"), D("0.00"), 1, D("100.0")),
        ("negotiation", 1, D("400.00"), D("320.00"), 1, N),
    ]),
    # On 12-31 W9 is won and F6 (proposal, 100 at 10 %) open.
    "funnel-later": Case("funnel", "wang", {}, None, [
        ("qualification", 2, D("1500.00"), D("200.00"), 3, D("33.3")),
        ("needs analysis", 0, D("0.00"), D("0.00"), 1, D("100.0")),
        ("proposal", 1, D("100.00"), D("10.00"), 1, D("0.0")),
        ("negotiation", 0, D("0.00"), D("0.00"), 0, N),
    ], dt.date(2026, 12, 31)),
    # November: wang A2, A4 deals of A1-A4, A3 failed; zhao A6 of A5, A6; chen A7.
    "success": Case("contact-success", "admin", {}, "2026-11", [
        ("chen", "陈静", 1, 0, 0, D("0.0")), ("wang", "王芳", 4, 2, 1, D("50.0")),
        ("zhao", "赵强", 2, 1, 0, D("50.0")),
    ]),
    "success-all-zhao": Case("contact-success", "zhao", {}, None, [
        ("zhao", "赵强", 3, 1, 0, D("33.3")),
    ]),
    # Won in 2026: wang 10, 20, 40 (W3 from 23:30 on 03-01 counts whole days) and 80 (W9,
    # 10-01 to 12-20): average 150 / 4, median (20 + 40) / 2; zhao 3, 7; chen 35 (W7 closed
    # in 2025); W8's customer is deleted.
    "cycle": Case("deal-cycle", "admin", {}, "2026", [
        ("chen", "陈静", 1, D("35.0"), D("35.0"), 35, 35),
        ("wang", "王芳", 4, D("37.5"), D("30.0"), 10, 80),
        ("zhao", "赵强", 2, D("5.0"), D("5.0"), 3, 7),
    ]),
    "cycle-chen-all": Case("deal-cycle", "chen", {}, None, [
        ("chen", "陈静", 2, D("32.5"), D("32.5"), 30, 35),
    ]),
}
# fmt: on
