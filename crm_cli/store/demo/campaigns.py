"""Marketing campaigns and expenses for ``crm demo`` (issue 14, point 7; CMP-1, EXP-1).

An autumn trade fair of the 华南 team, running now: some of its customers who bought since
it began came from it (their source campaign), a few of their opportunities belong to it,
and its booth, gifts and travel are approved expenses, so `crm campaign show` has a cost,
a revenue and an ROI to show. Around it, expenses in every state: drafts, some submitted
and waiting in the managers' inboxes, one rejected. A few rows, written directly with the
codes and log entries the store's own verbs would write.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from crm_cli.store.campaigns import models as km
from crm_cli.store.core import models as m
from crm_cli.store.core.codes import next_code, next_codes
from crm_cli.store.customers import models as cm
from crm_cli.store.demo.bulk import code_ranges
from crm_cli.store.demo.writer import log_json
from crm_cli.store.expenses import models as xm
from crm_cli.store.sales import models as sm

DAYS = 75  # the fair began this many days ago
SOURCED, DEALS = 10, 4  # customers and opportunities linked to it, at most
# (category, amount, note): what the fair cost, approved by the manager
FAIR_COSTS = (
    ("marketing", "36000.00", "展位费"), ("gifts", "4860.50", "展会礼品"),
    ("travel", "2318.00", "展会差旅"), ("entertainment", "1520.00", "客户晚宴"),
)  # fmt: skip
# (category, amount range, note) of everyday claims
CLAIMS = (("travel", (180, 2600), "拜访客户差旅"), ("entertainment", (200, 1800), "商务宴请"),
          ("gifts", (100, 900), "节日礼品"), ("transport", (20, 260), "打车"),
          ("communication", (50, 300), "话费"))  # fmt: skip
STATES = ("draft", "submitted", "submitted", "approved", "approved", "rejected")


def add_demo_campaigns(codes: Sequence[str], *, seed: int | None, now: dt.datetime) -> int:
    """Write the fair, its links and the team's expenses; the number of rows written."""
    people = {u.login: u for u in m.User.select().where(m.User.login.in_(["li", "wang", "zhao"]))}
    if len(people) < 3 or not codes:
        return 0  # the demo team was changed: nobody to run the fair
    rng = random.Random(None if seed is None else f"demo-campaigns:{seed}")
    start = now.date() - dt.timedelta(days=DAYS)
    fair = _fair(people["li"].id, start, rng, now)
    team = [u.id for u in people.values()]
    linked = _link(fair, list(codes), team, rng, now)
    boss = people["li"].id
    rows = [_expense(people[who].id, boss, cat, Decimal(amount), start + dt.timedelta(days=i),
                     "approved", now, fair=fair.id, note=note)
            for i, (cat, amount, note) in enumerate(FAIR_COSTS) for who in ("wang",)]  # fmt: skip
    rows += _claims(rng, [people["wang"].id, people["zhao"].id], boss, linked, now)
    _write_expenses(rows, now)
    return 1 + len(linked) + len(rows)


def _fair(owner: int, start: dt.date, rng: random.Random, now: dt.datetime) -> km.Campaign:
    row = km.Campaign.create(
        code=next_code("campaign", "code.campaign_prefix"), name="2026 华南秋季工业展",
        type="exhibition", stage="active", starts_on=start,
        ends_on=now.date() + dt.timedelta(days=15), budget=Decimal("60000.00"),
        expected_revenue=Decimal("800000.00"), expected_responses=300,
        responses=rng.randint(150, 260), owner=owner, note="深圳会展中心 9 号馆",
        created_at=now, updated_at=now,
    )  # fmt: skip
    entry = {"code": row.code, "name": row.name, "stage": row.stage}
    m.OpLog.create(at=now, actor=owner, entity="campaign", entity_id=row.id, customer_id=None,
                   action="add", changes=log_json(entry))  # fmt: skip
    return row


def _link(fair: km.Campaign, codes: list[str], team: list[int], rng: random.Random,
          now: dt.datetime) -> list[int]:  # fmt: skip
    """Customers of the team who bought since the fair began, and some of their deals."""
    C, S, Opp = cm.Customer, sm.SalesOrder, sm.Opportunity
    begun = now - dt.timedelta(days=DAYS)
    query: Any = (
        C.select(C.id).join(S, on=(S.customer == C.id))
        .where(code_ranges(C.code, codes) & C.owner.in_(team) & (S.status == "approved")
               & (S.decided_at >= begun) & C.deleted_at.is_null())
        .distinct().order_by(C.id).limit(SOURCED * 5)
    )  # fmt: skip
    buyers = [cid for (cid,) in query.tuples()]
    chosen = sorted(rng.sample(buyers, min(SOURCED, len(buyers))))
    deals: Any = (
        Opp.select(Opp.id, Opp.customer).where(Opp.customer.in_(chosen) & Opp.deleted_at.is_null())
        .order_by(Opp.id).limit(DEALS)
    )  # fmt: skip
    deal_rows = list(deals.tuples())
    C.update(campaign_id=fair.id).where(C.id.in_(chosen)).execute()
    Opp.update(campaign_id=fair.id).where(Opp.id.in_([d for d, _ in deal_rows])).execute()
    change = log_json({"campaign": [None, fair.code]})
    pairs = [("customer", c, c) for c in chosen] + [("opportunity", d, c) for d, c in deal_rows]
    entries = [{"at": now, "actor": fair.owner_id, "entity": kind, "entity_id": rid,
                "customer_id": cid, "action": "campaign", "changes": change}
               for kind, rid, cid in pairs]  # fmt: skip
    if entries:
        m.OpLog.insert_many(entries).execute()
    return chosen


def _expense(owner: int, boss: int, category: str, amount: Decimal, day: dt.date, status: str,
             now: dt.datetime, *, fair: int | None = None, customer: int | None = None,
             note: str = "") -> dict[str, Any]:  # fmt: skip
    """One expense row in ``status``, handed in the evening after and decided a day later."""
    handed = min(dt.datetime.combine(day, dt.time(18)), now)
    decided = min(handed + dt.timedelta(days=1), now)
    done = status in ("approved", "rejected")
    return {
        "owner": owner, "spent_on": day, "category": category, "amount": amount,
        "customer": customer, "campaign": fair, "note": note, "status": status,
        "submitted_at": handed if status != "draft" else None,
        "decided_by": boss if done else None, "decided_at": decided if done else None,
        "reject_reason": "缺少发票，请补交后重新提交" if status == "rejected" else "",
        "created_at": handed, "updated_at": decided if done else handed,
    }  # fmt: skip


def _claims(rng: random.Random, sellers: list[int], boss: int, customers: list[int],
            now: dt.datetime) -> list[dict[str, Any]]:  # fmt: skip
    """A month of everyday claims of each salesperson, in every state."""
    rows = []
    for owner in sellers:
        for status in STATES:
            category, (low, high), note = rng.choice(CLAIMS)
            day = now.date() - dt.timedelta(days=rng.randint(1, 30))
            amount = Decimal(rng.randint(low * 100, high * 100)) / 100
            customer = rng.choice(customers) if customers and rng.random() < 0.5 else None
            rows.append(_expense(owner, boss, category, amount, day, status, now,
                                 customer=customer, note=note))  # fmt: skip
    return rows


def _write_expenses(rows: list[dict[str, Any]], now: dt.datetime) -> None:
    """The rows with their codes, and an "add" log entry each (on its customer, if any)."""
    if not rows:
        return
    X = xm.Expense
    codes = next_codes("expense", "code.expense_prefix", len(rows))
    for row, code in zip(rows, codes, strict=True):
        row["code"] = code
    X.insert_many(rows).execute()
    ids: Any = X.select(X.code, X.id).where(code_ranges(X.code, codes)).tuples()
    by_code = dict(ids)
    m.OpLog.insert_many([
        {"at": row["created_at"], "actor": row["owner"], "entity": "expense",
         "entity_id": by_code[row["code"]], "customer_id": row["customer"], "action": "add",
         "changes": log_json({"code": row["code"], "amount": str(row["amount"]),
                              "category": row["category"], "status": row["status"]})}
        for row in rows
    ]).execute()  # fmt: skip
