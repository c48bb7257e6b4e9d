"""A lived-in service desk for ``crm demo`` (issue 13, point 6): tickets of the team's types
in every status over a share of the demo customers, most given to the customer's owner;
some past their due time, some with the customer's feedback or a next service planned.

Drawn like the sales history, per chunk of customers: rows in Python, one bulk statement
for the tickets and one for their "add" log entries, codes from one bump of the sequence.
A ticket's timestamps follow its status (created ≤ assigned ≤ started ≤ resolved ≤ closed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm_cli.store.core import models as m
from crm_cli.store.core.bulk import insert_rows
from crm_cli.store.core.codes import next_codes
from crm_cli.store.demo.bulk import BulkTable, code_ranges
from crm_cli.store.demo.bundle import DemoCustomer, Draw, Row
from crm_cli.store.demo.team import TEAM
from crm_cli.store.demo.writer import log_json
from crm_cli.store.service import models as vm
from crm_cli.store.service.settings import ticket_types

SHARE = (0.3, 0.04)  # of customers with tickets: small demo, large demo
STATUSES = (("unprocessed", 2), ("assigned", 3), ("in_progress", 3), ("resolved", 3),
            ("closed", 4))  # fmt: skip
PRIORITIES = (("low", 2), ("normal", 5), ("high", 2), ("urgent", 1))
HISTORY = 120  # days back the oldest ticket may be
# What customers ask for, by ticket type (a type the team added gets the general ones).
NEEDS = {
    "repair": (("空调不制冷，需要上门检修", "打印机卡纸，无法使用", "服务器风扇异响"),
               ("Air conditioner stopped cooling", "Printer jams on every page")),
    "consultation": (("咨询新版软件的升级费用", "想了解批量采购的折扣"),
                     ("Asks about the upgrade path to the new version", "Wants bulk pricing")),
    "complaint": (("送货延迟一周，客户不满", "发票抬头开错"),
                  ("Delivery arrived a week late", "Invoice shows the wrong company name")),
    "care_visit": (("季度回访，检查设备运行情况", "年度保养"),
                   ("Quarterly check of the installed equipment", "Annual maintenance")),
    "installation": (("新设备安装调试", "网络布线及安装"),
                     ("Install and set up the new units", "Cabling and installation on site")),
}  # fmt: skip
GENERAL = (("客户来电需要协助", "需要技术支持"), ("Customer called for help", "Needs support"))
RESOLUTIONS = (("已更换零件，测试正常", "已远程指导解决", "已重新开票并寄出"),
               ("Replaced the part; tested fine", "Solved by phone",
                "Sent a corrected invoice"))  # fmt: skip
FEEDBACK = (("服务及时，很满意", "处理有点慢", "工程师很专业", ""),
            ("Quick and friendly", "Took too long", "Very professional engineer", ""))  # fmt: skip


class ServiceDesk:
    """Draws and writes the tickets of the demo customers, chunk by chunk."""

    def __init__(self, draw: Draw, share: float) -> None:
        self.draw, self.share = draw, share
        self.types = ticket_types()
        U = m.User
        people = U.select(U.id, U.login, U.role).where(
            U.login.in_([t[0] for t in TEAM]) & (U.active == True)  # noqa: E712
        )
        self.logins = {u.id: u.login for u in people}
        self.sales = sorted(u.id for u in people if u.role == "sales") or sorted(self.logins)
        self.table = BulkTable(vm.Ticket)
        self.log = BulkTable(m.OpLog)
        self.count = 0

    def write(self, customers: list[DemoCustomer]) -> None:
        if not self.logins:
            return  # every demo user deactivated: nobody to work on tickets
        rng, rows = self.draw.rng, []
        for c in customers:
            if rng.random() < self.share:
                rows += _settled([self._ticket(c) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))])
        if not rows:
            return
        codes = next_codes("ticket", "code.ticket_prefix", len(rows))
        for row, code in zip(rows, codes, strict=True):
            row["code"] = code
        insert_rows(self.table.name, self.table.columns, [self.table.tail(r) for r in rows])
        T = vm.Ticket
        written: Any = T.select(T.code, T.id).where(code_ranges(T.code, codes)).tuples()
        ids: dict[str, int] = dict(written)
        entries = [self.log.tail(self._entry(row, ids[row["code"]])) for row in rows]
        insert_rows(self.log.name, self.log.columns, entries)
        self.count += len(rows)

    def _ticket(self, c: DemoCustomer) -> Row:
        d, rng = self.draw, self.draw.rng
        status = _weighted(rng, STATUSES)
        owner = c.owner if c.owner in self.logins else rng.choice(self.sales)
        # Most go to the customer's owner; some to a colleague, who then sees just the ticket.
        assignee = owner if rng.random() < 0.8 else rng.choice(self.sales)
        english = int(c.english)
        ticket_type = rng.choice(self.types)
        needs = NEEDS.get(ticket_type, GENERAL)
        # Open tickets are recent, due around today (a few days gone: past due); finished
        # ones spread over the whole history, due a few days after they came in.
        is_open = status in ("unprocessed", "assigned", "in_progress")
        back = 30 if is_open else HISTORY
        created = d.moment(d.day(max(c.since, d.today - dt.timedelta(days=back)), d.today))
        if is_open:
            due_day = max(d.today + dt.timedelta(days=rng.randint(-6, 14)), created.date())
        else:
            due_day = created.date() + dt.timedelta(days=rng.randint(1, 12))
        row: Row = {
            "customer": c.id,
            "contact": rng.choice(c.contacts) if c.contacts and rng.random() < 0.7 else None,
            "product": rng.choice(d.products)[0] if rng.random() < 0.6 else None,
            "type": ticket_type,
            "priority": _weighted(rng, PRIORITIES),
            "description": rng.choice(needs[english]),
            "status": status,
            "created_by": owner,
            "created_at": created,
            "due_at": _at_five(due_day) if rng.random() < 0.7 else None,
        }
        if status != "unprocessed":
            row["assignee"] = assignee
        self._steps(row, english)
        return row

    def _steps(self, row: Row, english: int) -> None:
        """The timestamps up to the status, and what a finished ticket has."""
        rng, now = self.draw.rng, self.draw.now
        at = row["created_at"]
        order = [s for s, _ in STATUSES]
        for step, column in (("assigned", "assigned_at"), ("in_progress", "started_at"),
                             ("resolved", "resolved_at"), ("closed", "closed_at")):  # fmt: skip
            if order.index(row["status"]) < order.index(step):
                break
            at = min(at + dt.timedelta(hours=rng.randint(1, 72)), now)
            row[column] = at
        row["updated_at"] = at
        if row["status"] not in ("resolved", "closed"):
            return
        row["resolution"] = rng.choice(RESOLUTIONS[english])
        if rng.random() < 0.6:
            row["satisfaction"] = _weighted(rng, ((5, 5), (4, 4), (3, 2), (2, 1), (1, 1)))
            row["feedback"] = rng.choice(FEEDBACK[english])
        if rng.random() < 0.4:
            # Planned by whoever resolved it; a few already due, which `crm today` shows.
            row["next_service"] = self.draw.today + dt.timedelta(days=rng.randint(-3, 30))
            row["next_service_by"] = row["assignee"]

    def _entry(self, row: Row, ticket_id: int) -> Row:
        """The "add" log entry, as `add_ticket` writes it (people by login)."""
        keys = ("type", "priority", "status", "description", "due_at", "resolution",
                "satisfaction", "feedback", "next_service")  # fmt: skip
        changes = {"code": row["code"], **{k: row.get(k) for k in keys}}
        changes["assignee"] = self.logins.get(row.get("assignee") or 0)
        return {
            "at": row["created_at"],
            "actor": row["created_by"],
            "entity": "ticket",
            "entity_id": ticket_id,
            "customer_id": row["customer"],
            "action": "add",
            "changes": log_json(changes),
        }


def _settled(rows: list[Row]) -> list[Row]:
    """A customer's tickets as `add_ticket` leaves them: a new ticket is the service planned
    up to its day, so an earlier ticket's next service by then is done (cleared)."""
    for row in rows:
        later = [r["created_at"].date() for r in rows if r["created_at"] > row["created_at"]]
        if row.get("next_service") and later and row["next_service"] <= max(later):
            del row["next_service"], row["next_service_by"]
    return rows


def _weighted(rng: Any, choices: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _at_five(day: dt.date) -> dt.datetime:
    """Five in the afternoon: the end of a working day."""
    return dt.datetime.combine(day, dt.time(17, 0))
