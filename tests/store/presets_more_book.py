"""A small book of hand-built rows for the presets about money owed, time, service and the
pipeline (issue 15, RPT-2), written straight into the tables so that every date is exact.
Every figure the tests expect (``presets_more_expected``) was computed by hand from the
tables below. The as-of day is 2026-12-02.

People (tests.conftest.Team): admin; li (manager) over wang, who leads zhao; chen alone.
A salesperson's reports cover their own records only (wang does not see zhao's).

| customer | name   | owner | note    |      | contact | customer | title  | hobbies |
| -------- | ------ | ----- | ------- | ---- | ------- | -------- | ------ | ------- |
| C1       | 甲公司 | wang  |         |      | 张三    | C1       | 总经理 | 高尔夫  |
| C2       | 乙公司 | zhao  |         |      | 李四    | C1       | 财务   |         |
| C3       | 丙公司 | chen  |         |      | 王五    | C1       | (deleted) | 钓鱼 |
| C4       | 丁公司 | wang  | deleted |      | 赵六    | C2       | 采购   | 茶道    |

| order | owner | cust | status   | total  | received | due        | approved   | plan (due amount received) |
| ----- | ----- | ---- | -------- | ------ | -------- | ---------- | ---------- | -------------------------- |
| O1    | wang  | C1   | approved | 1000   | 300      | 2026-10-01 | 2026-03-10 | 09-01 500 300; 11-15 500 0 |
| O2    | wang  | C1   | approved | 400    | 0        | 2026-12-20 | 2026-11-01 |                            |
| O3    | zhao  | C2   | approved | 250    | 50       | 2026-10-20 | 2026-08-01 |                            |
| O4    | chen  | C3   | approved | 600    | 300      | 2026-12-02 | 2026-05-01 | 10-02 300 0; 12-02 300 300 |
| O5    | chen  | C3   | approved | 100    | 0        | 2026-11-02 | 2025-12-20 |                            |
| O6    | wang  | C1   | draft    | 999    | 0        | 2026-01-01 | -          |                            |
| O7    | wang  | C1   | approved | 777    | 0        | 2026-01-01 | 2026-04-01 | (order deleted)            |
| O8    | wang  | C4   | approved | 888    | 0        | 2026-01-01 | 2026-04-01 | (customer deleted)         |
| O9    | zhao  | C2   | approved | 150    | 150      | 2026-02-01 | 2026-02-01 | (settled)                  |
| O10   | wang  | C1   | approved | 50     | 0        | -          | 2026-06-01 |                            |

Opportunities (created at 10:00 unless said):
lost: P1 wang C1 1000 2025-05-10 价格高; P2 wang C1 300 2026-03-01 价格高; P3 zhao C2 200
2026-07-01 预算不足; P4 chen C3 500 2026-08-01 (no reason); P5 wang C4 999 2026-04-01 价格高
(customer deleted); P6 wang C1 111 2026-04-01 价格高 (deleted); P7 zhao C2 100 2026-09-09 价格高.
won (created → closed): W1 wang C1 2026-01-01 → 01-11 (10 d); W2 wang C1 02-01 → 02-21 (20);
W3 wang C1 03-01 23:30 → 04-10 (40); W4 zhao C2 05-01 → 05-04 (3); W5 zhao C2 05-10 → 05-17
(7); W6 chen C3 2025-12-01 → 2026-01-05 (35); W7 chen C3 2025-06-01 → 2025-07-01 (30); W8 wang
C4 2026-01-01 → 01-02 (customer deleted); W9 wang C1 2026-10-01 → 2026-12-20, negotiation, 400
at 80 % (open as of 12-02).
open (created 2026-11-01): F1 wang C1 qualification 1000 at 10 %; F2 wang C1 初步接洽 500 at
20 %; F3 zhao C2 proposal 2000 at 50 %; F4 chen C3 negotiation 333.33 at 33 %; F5 chen C3
"custom stage" 100 at 50 %; F6 wang C1 proposal 100 at 10 % created 2026-12-10; F7 wang C4
qualification 700 (customer deleted); F8 wang C1 qualification 600 (deleted); F9 zhao C2 no
stage 10 at 0 %.

Contact records (method, start, minutes, result): A1 wang C1 phone 2026-11-03 30 continue;
A2 wang C1 phone 11-04 15 deal; A3 wang C1 visit 11-05 (no time) failed; A4 wang C1 visit
11-06 120 deal; A5 zhao C2 phone 11-10 10 continue; A6 zhao C2 email 11-30 23:59 5 deal; A7
chen C3 meeting 11-15 60 continue; A8 chen C3 meeting 10-31 23:00 45 continue; A9 wang C4
phone 11-07 99 (customer deleted); A10 wang C1 phone 11-08 77 (deleted); A11 zhao C2 phone
12-01 00:00 20 continue.

Tickets (created, satisfaction): T1 C1 2026-11-01 5; T2 C1 11-02 2; T3 C1 11-03 -; T4 C2
11-05 4; T5 C3 11-06 -; T6 C3 2025-01-01 1; T7 C4 11-01 1 (customer deleted); T8 C2 11-07 1
(deleted).

Expenses (owner, spent, category, amount, customer, status): E1 wang 2026-11-03 交通 200 C1;
E2 wang 11-20 餐饮 300 C1; E3 wang 10-05 交通 50 -; E4 zhao 11-10 交通 120 C2; E5 chen 11-11
礼品 500 C3; E6 chen 11-12 礼品 700 C3 submitted; E7 wang 11-13 交通 999 C4 (customer
deleted); E8 zhao 11-14 餐饮 80 C2 (deleted); E9 chen 2025-12-31 礼品 40 C3. Approved unless
said.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from crm_cli.store.activity import models as am
from crm_cli.store.core.db import db_proxy
from crm_cli.store.customers import models as cm
from crm_cli.store.expenses import models as em
from crm_cli.store.sales import models as sm
from crm_cli.store.service import models as svm
from tests.conftest import Team

TODAY = dt.date(2026, 12, 2)
GONE = dt.datetime(2026, 11, 20, 12)
_codes = itertools.count(1)


def at(text: str, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(hour, minute))


def day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _stamps(when: dt.datetime) -> dict[str, Any]:
    return {"created_at": when, "updated_at": when}


def _customers(t: Team) -> dict[str, int]:
    ids = {}
    for code, name, owner, gone in (("C1", "甲公司", t.wang, None), ("C2", "乙公司", t.zhao, None),
                                    ("C3", "丙公司", t.chen, None), ("C4", "丁公司", t.wang, GONE)):  # fmt: skip
        ids[code] = cm.Customer.insert(
            code=code, name=name, owner=owner.id, deleted_at=gone, **_stamps(at("2025-01-01"))
        ).execute()
    for code, customer, name, title, hobbies, gone in (
        ("P1", "C1", "张三", "总经理", "高尔夫", None), ("P2", "C1", "李四", "财务", "", None),
        ("P3", "C1", "王五", "", "钓鱼", GONE), ("P4", "C2", "赵六", "采购", "茶道", None),
    ):  # fmt: skip
        cm.Contact.insert(code=code, customer=ids[customer], name=name, title=title,
                          hobbies=hobbies, deleted_at=gone,
                          **_stamps(at("2025-01-02"))).execute()  # fmt: skip
    return ids


def _orders(t: Team, c: dict[str, int]) -> None:
    rows = (
        ("O1", t.wang, "C1", "approved", "1000", "300", "2026-10-01", "2026-03-10", None, False),
        ("O2", t.wang, "C1", "approved", "400", "0", "2026-12-20", "2026-11-01", None, False),
        ("O3", t.zhao, "C2", "approved", "250", "50", "2026-10-20", "2026-08-01", None, False),
        ("O4", t.chen, "C3", "approved", "600", "300", "2026-12-02", "2026-05-01", None, False),
        ("O5", t.chen, "C3", "approved", "100", "0", "2026-11-02", "2025-12-20", None, False),
        ("O6", t.wang, "C1", "draft", "999", "0", "2026-01-01", None, None, False),
        ("O7", t.wang, "C1", "approved", "777", "0", "2026-01-01", "2026-04-01", GONE, False),
        ("O8", t.wang, "C4", "approved", "888", "0", "2026-01-01", "2026-04-01", None, False),
        ("O9", t.zhao, "C2", "approved", "150", "150", "2026-02-01", "2026-02-01", None, True),
        ("O10", t.wang, "C1", "approved", "50", "0", None, "2026-06-01", None, False),
    )
    ids = {}
    for code, owner, cust, status, total, received, due, decided, gone, settled in rows:
        ids[code] = sm.SalesOrder.insert(
            code=code, owner=owner.id, customer=c[cust], status=status, total=Decimal(total),
            received=Decimal(received), due=day(due), settled=settled, deleted_at=gone,
            decided_at=at(decided) if decided else None, **_stamps(at("2025-01-03")),
        ).execute()  # fmt: skip
    for order, number, due, amount, received in (
        ("O1", 1, "2026-09-01", "500", "300"), ("O1", 2, "2026-11-15", "500", "0"),
        ("O4", 1, "2026-10-02", "300", "0"), ("O4", 2, "2026-12-02", "300", "300"),
    ):  # fmt: skip
        sm.Installment.insert(order=ids[order], number=number, due=day(due),
                              amount=Decimal(amount), received=Decimal(received)).execute()  # fmt: skip


def _opportunity(t: Team, c: dict[str, int], owner: Any, cust: str, amount: str,
                 created: dt.datetime, **values: Any) -> None:  # fmt: skip
    sm.Opportunity.insert(
        code=f"OP{next(_codes)}",
        owner=owner.id,
        customer=c[cust],
        amount=Decimal(amount),
        **_stamps(created),
        **values,
    ).execute()


def _opportunities(t: Team, c: dict[str, int]) -> None:
    for owner, cust, amount, closed, reason, gone in (
        (t.wang, "C1", "1000", "2025-05-10", "价格高", None),
        (t.wang, "C1", "300", "2026-03-01", "价格高", None),
        (t.zhao, "C2", "200", "2026-07-01", "预算不足", None),
        (t.chen, "C3", "500", "2026-08-01", "", None),
        (t.wang, "C4", "999", "2026-04-01", "价格高", None),
        (t.wang, "C1", "111", "2026-04-01", "价格高", GONE),
        (t.zhao, "C2", "100", "2026-09-09", "价格高", None),
    ):  # fmt: skip
        _opportunity(t, c, owner, cust, amount, at("2025-01-05"), status="lost",
                     closed_on=day(closed), reason=reason, deleted_at=gone)  # fmt: skip
    for owner, cust, created, closed in (
        (t.wang, "C1", at("2026-01-01"), "2026-01-11"), (t.wang, "C1", at("2026-02-01"), "2026-02-21"),
        (t.wang, "C1", at("2026-03-01", 23, 30), "2026-04-10"),
        (t.zhao, "C2", at("2026-05-01"), "2026-05-04"), (t.zhao, "C2", at("2026-05-10"), "2026-05-17"),
        (t.chen, "C3", at("2025-12-01"), "2026-01-05"), (t.chen, "C3", at("2025-06-01"), "2025-07-01"),
        (t.wang, "C4", at("2026-01-01"), "2026-01-02"),
    ):  # fmt: skip
        _opportunity(t, c, owner, cust, "100", created, status="won", closed_on=day(closed),
                     stage="negotiation", probability=90)  # fmt: skip
    _opportunity(t, c, t.wang, "C1", "400", at("2026-10-01"), status="won",
                 closed_on=day("2026-12-20"), stage="negotiation", probability=80)  # fmt: skip
    for owner, cust, stage, amount, chance, created, gone in (
        (t.wang, "C1", "qualification", "1000", 10, "2026-11-01", None),
        (t.wang, "C1", "初步接洽", "500", 20, "2026-11-01", None),
        (t.zhao, "C2", "proposal", "2000", 50, "2026-11-01", None),
        (t.chen, "C3", "negotiation", "333.33", 33, "2026-11-01", None),
        (t.chen, "C3", "custom stage", "100", 50, "2026-11-01", None),
        (t.wang, "C1", "proposal", "100", 10, "2026-12-10", None),
        (t.wang, "C4", "qualification", "700", 50, "2026-11-01", None),
        (t.wang, "C1", "qualification", "600", 50, "2026-11-01", GONE),
        (t.zhao, "C2", "", "10", 0, "2026-11-01", None),
    ):  # fmt: skip
        _opportunity(t, c, owner, cust, amount, at(created), stage=stage, probability=chance,
                     deleted_at=gone)  # fmt: skip


def _activities(t: Team, c: dict[str, int]) -> None:
    for user, cust, method, started, minutes, result, gone in (
        (t.wang, "C1", "phone", at("2026-11-03"), 30, "continue", None),
        (t.wang, "C1", "phone", at("2026-11-04"), 15, "deal", None),
        (t.wang, "C1", "visit", at("2026-11-05"), None, "failed", None),
        (t.wang, "C1", "visit", at("2026-11-06"), 120, "deal", None),
        (t.zhao, "C2", "phone", at("2026-11-10"), 10, "continue", None),
        (t.zhao, "C2", "email", at("2026-11-30", 23, 59), 5, "deal", None),
        (t.chen, "C3", "meeting", at("2026-11-15"), 60, "continue", None),
        (t.chen, "C3", "meeting", at("2026-10-31", 23), 45, "continue", None),
        (t.wang, "C4", "phone", at("2026-11-07"), 99, "continue", None),
        (t.wang, "C1", "phone", at("2026-11-08"), 77, "continue", GONE),
        (t.zhao, "C2", "phone", at("2026-12-01", 0), 20, "continue", None),
    ):  # fmt: skip
        am.Activity.insert(
            user=user.id, customer=c[cust], method=method, started_at=started, minutes=minutes,
            result=result, failure_reason="too dear" if result == "failed" else "",
            summary="talked", deleted_at=gone, **_stamps(started),
        ).execute()  # fmt: skip


def _tickets(t: Team, c: dict[str, int]) -> None:
    for cust, created, score, gone in (
        ("C1", "2026-11-01", 5, None), ("C1", "2026-11-02", 2, None), ("C1", "2026-11-03", None, None),
        ("C2", "2026-11-05", 4, None), ("C3", "2026-11-06", None, None), ("C3", "2025-01-01", 1, None),
        ("C4", "2026-11-01", 1, None), ("C2", "2026-11-07", 1, GONE),
    ):  # fmt: skip
        svm.Ticket.insert(code=f"T{next(_codes)}", customer=c[cust], type="repair",
                          satisfaction=score, deleted_at=gone, **_stamps(at(created))).execute()  # fmt: skip


def _expenses(t: Team, c: dict[str, int]) -> None:
    for owner, spent, category, amount, cust, status, gone in (
        (t.wang, "2026-11-03", "交通", "200", "C1", "approved", None),
        (t.wang, "2026-11-20", "餐饮", "300", "C1", "approved", None),
        (t.wang, "2026-10-05", "交通", "50", None, "approved", None),
        (t.zhao, "2026-11-10", "交通", "120", "C2", "approved", None),
        (t.chen, "2026-11-11", "礼品", "500", "C3", "approved", None),
        (t.chen, "2026-11-12", "礼品", "700", "C3", "submitted", None),
        (t.wang, "2026-11-13", "交通", "999", "C4", "approved", None),
        (t.zhao, "2026-11-14", "餐饮", "80", "C2", "approved", GONE),
        (t.chen, "2025-12-31", "礼品", "40", "C3", "approved", None),
    ):  # fmt: skip
        em.Expense.insert(
            code=f"E{next(_codes)}", owner=owner.id, spent_on=day(spent), category=category,
            amount=Decimal(amount), customer=c[cust] if cust else None, status=status,
            deleted_at=gone, **_stamps(at(spent)),
        ).execute()  # fmt: skip


def build(t: Team) -> Team:
    """Write the book into the open store; returns the team."""
    with db_proxy.atomic():
        c = _customers(t)
        _orders(t, c)
        _opportunities(t, c)
        _activities(t, c)
        _tickets(t, c)
        _expenses(t, c)
    return t
