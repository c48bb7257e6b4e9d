"""What a work report is to callers: the row of a list (``WorkReport``), the whole report
with its reference figures and comments (``ReportDetail``), and the submission overview."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

# A report is written (draft), then submitted; nothing else.
STATUSES = ("draft", "submitted")


class Figures(NamedTuple):
    """The reference figures (参考数据) of a writer's period, counted from the data."""

    contacts: int  # contact records logged
    customers_added: int  # customers the writer created
    opportunities_opened: int
    opportunities_won: int
    quotes: int
    orders_approved: int
    orders_amount: Decimal
    receipts: int
    receipts_amount: Decimal
    tickets_resolved: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class WorkReport(NamedTuple):
    id: int
    code: str
    author: str
    author_name: str
    kind: str  # day | week | month
    period: str  # 2026-12-01 | 2026-W49 | 2026-12
    starts_on: dt.date
    ends_on: dt.date
    status: str  # draft | submitted
    deadline: dt.date  # the period's last day plus the team's grace days
    late_days: int | None  # set on submit: 0 on time, else whole days after the deadline
    submitted_at: dt.datetime | None
    commented_at: dt.datetime | None  # the first comment's time
    created_at: dt.datetime
    updated_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Comment(NamedTuple):
    author: str | None
    author_name: str | None
    at: dt.datetime
    text: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class ReportDetail(NamedTuple):
    """A report as `show` prints it: the writer's text beside the figures. A draft's
    figures are counted when shown; a submitted report's were frozen on submit."""

    report: WorkReport
    text: str
    figures: Figures
    comments: list[Comment]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.report.to_dict(),
            "text": self.text,
            "figures": self.figures.to_dict(),
            "comments": [c.to_dict() for c in self.comments],
        }


class Cell(NamedTuple):
    """One person's report for one period in the overview."""

    period: str
    status: str  # on_time | late | missing | not_due
    days: int  # late: days after the deadline; missing: days since it; else 0
    code: str | None  # the submitted report, if any

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class OverviewRow(NamedTuple):
    login: str
    name: str
    department: str
    cells: list[Cell]

    def count(self, status: str) -> int:
        return sum(1 for cell in self.cells if cell.status == status)

    def to_dict(self) -> dict[str, Any]:
        return {
            "login": self.login,
            "name": self.name,
            "department": self.department,
            "on_time": self.count("on_time"),
            "late": self.count("late"),
            "missing": self.count("missing"),
            "cells": [c.to_dict() for c in self.cells],
        }


class Overview(NamedTuple):
    kind: str
    since: dt.date  # the first period's first day
    until: dt.date  # the last period's last day
    as_of: dt.date
    periods: list[str]
    rows: list[OverviewRow]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "from": self.since,
            "to": self.until,
            "as_of": self.as_of,
            "periods": list(self.periods),
            "people": [row.to_dict() for row in self.rows],
        }
