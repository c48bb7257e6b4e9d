"""Work reports (issue 14, point 1; WRK-1): writing, submitting with frozen reference
figures and lateness, who reads and comments, and the refusals that write nothing. The
flow and the refusals run on SQLite, PostgreSQL and MariaDB (``any_team``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from crm_cli.store.activity import activities
from crm_cli.store.core import models as m
from crm_cli.store.core import settings
from crm_cli.store.core.errors import InvalidInput, Locked, NotFound, PermissionDenied
from crm_cli.store.core.records import User
from crm_cli.store.customers import customers
from crm_cli.store.sales import opportunities, order_flow, orders, payments, products, quotes
from crm_cli.store.service import tickets
from crm_cli.store.workreports import models as wm
from crm_cli.store.workreports import reports, views
from crm_cli.store.workreports.records import Figures
from tests.conftest import Team

# Week 2026-W49 runs from Monday 30 November to Sunday 6 December 2026.
MON, SUN = dt.date(2026, 11, 30), dt.date(2026, 12, 6)


def at(day: int, hour: int = 10, month: int = 12) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0)


def snapshot() -> list[tuple[Any, ...]]:
    """Every report, comment and log row: a refusal must leave them as they were."""
    W, C = wm.WorkReport, wm.WorkReportComment
    return [
        *W.select().order_by(W.id).tuples(),
        *C.select().order_by(C.id).tuples(),
        *m.OpLog.select().order_by(m.OpLog.id).tuples(),
    ]


def week_of_work(team: Team) -> None:
    """wang's week: a customer, two contact records, an opportunity opened and won, a
    quote, an order approved (2 × 1000.00), a receipt of 300.00, a ticket resolved; and
    records just outside the week or someone else's, which must not count."""
    products.add_product(team.admin, "PC", "Desktop PC", {"price": "1000.00"}, now=at(1, 8, 11))
    code = customers.add_customer(team.wang, "华为技术有限公司", now=at(1)).code
    customers.add_customer(team.zhao, "赵氏贸易", now=at(1))  # zhao's, not wang's
    for when in (at(2), at(6, 23), at(7, 0)):  # the last is the next week's
        activities.log_contact(
            team.wang, code, {"summary": "回访", "started_at": when.isoformat()}, now=at(7, 1)
        )
    opp = opportunities.add_opportunity(team.wang, code, amount="5000", probability=50, now=at(2))
    opportunities.win_opportunity(team.wang, opp.code, date="2026-12-03", now=at(3))
    quotes.add_quote(team.wang, code, ["PC:1"], now=at(2))
    order = orders.add_order(team.wang, code, lines=["PC:2"], now=at(2)).order.code
    order_flow.submit_order(team.wang, order, now=at(2))
    order_flow.approve_order(team.li, order, now=at(3))
    payments.record_payment(team.admin, order, "300", date="2026-12-04", now=at(4))
    payments.record_payment(team.admin, order, "100", date="2026-12-07", now=at(7))
    ticket = tickets.add_ticket(
        team.wang, code, type="repair", description="卡纸", assignee="wang", now=at(3)
    ).code
    tickets.resolve_ticket(team.wang, ticket, resolution="换搓纸轮", now=at(4))


WEEK = Figures(
    contacts=2, customers_added=1, opportunities_opened=1, opportunities_won=1, quotes=1,
    orders_approved=1, orders_amount=Decimal("2000.00"), receipts=1,
    receipts_amount=Decimal("300.00"), tickets_resolved=1,
)  # fmt: skip


def test_a_report_is_written_submitted_and_commented_with_its_figures(any_team: Team) -> None:
    week_of_work(any_team)
    draft = reports.write_report(any_team.wang, "week", "2026-W49", "  拜访客户 5 家  ", now=at(5))
    r = draft.report
    assert (r.code, r.kind, r.period, r.starts_on, r.ends_on) == (
        "WR000001",
        "week",
        "2026-W49",
        MON,
        SUN,
    )
    assert (r.status, r.late_days, r.deadline, draft.text) == ("draft", None, SUN, "拜访客户 5 家")
    assert draft.figures == WEEK
    rewritten = reports.write_report(any_team.wang, "week", "2026-12-02", "拜访 6 家", now=at(6))
    assert (rewritten.report.code, rewritten.text) == ("WR000001", "拜访 6 家")
    done = reports.submit_report(any_team.wang, "2026-W49", now=at(6, 18))
    assert (done.report.status, done.report.late_days, done.report.submitted_at) == (
        "submitted", 0, at(6, 18),
    )  # fmt: skip
    assert done.figures == WEEK
    # Frozen: a record logged afterwards for that week leaves the submitted figures alone.
    activities.log_contact(
        any_team.wang, "C000001", {"summary": "补记", "started_at": at(3).isoformat()}, now=at(8)
    )
    assert views.get_report(any_team.li, "WR000001", now=at(8)).figures == WEEK
    shown = reports.comment_report(any_team.li, "WR000001", "写得好", now=at(8))
    assert [(c.author, c.text, c.at) for c in shown.comments] == [("li", "写得好", at(8))]
    assert shown.report.commented_at == at(8)
    again = reports.comment_report(any_team.admin, "WR000001", "同意", now=at(9))
    assert again.report.commented_at == at(8)  # the first comment's time
    assert [c.author for c in again.comments] == ["li", "admin"]
    entries = m.OpLog.select().where(m.OpLog.entity == "work_report").order_by(m.OpLog.id)
    assert [e.action for e in entries] == ["add", "write", "submit", "comment", "comment"]


def test_lateness_counts_whole_days_after_the_deadline_and_its_grace(team: Team) -> None:
    reports.write_report(team.wang, "day", "2026-12-01", "日报", now=at(1))
    late = reports.submit_report(team.wang, "2026-12-01", now=at(4, 23))
    assert (late.report.late_days, late.report.deadline) == (3, dt.date(2026, 12, 1))
    settings.set_setting(team.admin, "work_report.grace_days", "2")
    reports.write_report(team.wang, "month", "2026-11", "月报", now=at(30, 9, 11))
    month = reports.submit_report(team.wang, "2026-11", now=at(2))
    assert (month.report.late_days, month.report.deadline) == (0, dt.date(2026, 12, 2))
    reports.write_report(team.zhao, "month", "2026-11", "月报", now=at(1))
    assert reports.submit_report(team.zhao, "2026-11", now=at(5)).report.late_days == 3


@pytest.mark.parametrize(
    ("kind", "text", "first", "last"),
    [
        ("week", "2026-W49", MON, SUN),
        ("week", "2026w49", MON, SUN),
        ("week", "2026-12-03", MON, SUN),
        ("week", "2020-W53", dt.date(2020, 12, 28), dt.date(2021, 1, 3)),
        ("month", "2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        ("month", "2026-12-15", dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
        ("day", "yesterday", dt.date(2026, 12, 6), dt.date(2026, 12, 6)),
        ("day", None, dt.date(2026, 12, 7), dt.date(2026, 12, 7)),
    ],
)
def test_periods_parse_from_labels_and_dates(
    team: Team, kind: str, text: str | None, first: dt.date, last: dt.date
) -> None:
    r = reports.write_report(team.wang, kind, text, "x", now=at(7)).report
    assert (r.starts_on, r.ends_on) == (first, last)


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("week", "2026-W54", "no such ISO week"),
        ("month", "2026-13", "expected YYYY-MM"),
        ("day", "2026-02-30", "invalid day"),
        ("quarter", "2026-Q4", "unknown report kind"),
    ],
)
def test_a_malformed_period_is_refused(team: Team, kind: str, text: str, message: str) -> None:
    before = snapshot()
    with pytest.raises(InvalidInput, match=message):
        reports.write_report(team.wang, kind, text, "x", now=at(7))
    assert snapshot() == before


def test_a_report_for_a_future_period_is_refused(any_team: Team) -> None:
    before = snapshot()
    for kind, text in (("day", "2026-12-08"), ("week", "2026-W51"), ("month", "2027-01")):
        with pytest.raises(InvalidInput, match="has not started"):
            reports.write_report(any_team.wang, kind, text, "x", now=at(7))
    assert snapshot() == before
    # The current period has started: it may be written (and submitted early).
    assert (
        reports.write_report(any_team.wang, "month", None, "x", now=at(7)).report.period
        == "2026-12"
    )


def test_submitting_twice_and_rewriting_a_submitted_report_are_refused(any_team: Team) -> None:
    reports.write_report(any_team.wang, "day", "2026-12-01", "日报", now=at(1))
    reports.submit_report(any_team.wang, "WR000001", now=at(1, 18))
    before = snapshot()
    with pytest.raises(InvalidInput, match="already submitted on 2026-12-01"):
        reports.submit_report(any_team.wang, "2026-12-01", now=at(2))
    with pytest.raises(Locked, match="cannot be rewritten"):
        reports.write_report(any_team.wang, "day", "2026-12-01", "改", now=at(2))
    with pytest.raises(Locked, match="cannot be deleted"):
        reports.delete_report(any_team.wang, "WR000001", now=at(2))
    with pytest.raises(InvalidInput, match="empty report text"):
        reports.write_report(any_team.wang, "day", "2026-12-02", " \n ", now=at(2))
    assert snapshot() == before


def test_commenting_takes_someone_above_the_writer(any_team: Team) -> None:
    reports.write_report(any_team.zhao, "day", "2026-12-01", "日报", now=at(1))
    reports.submit_report(any_team.zhao, "WR000001", now=at(1, 18))
    reports.write_report(any_team.wang, "day", "2026-12-01", "日报", now=at(1))
    reports.submit_report(any_team.wang, "WR000002", now=at(1, 18))
    before = snapshot()
    refusals = [
        (any_team.zhao, "WR000001", "your own"),  # the writer
        (any_team.zhao, "WR000002", "only those above"),  # below the writer
        (any_team.chen, "WR000002", "only those above"),  # a peer elsewhere
    ]
    for actor, ref, message in refusals:
        with pytest.raises(PermissionDenied, match=message):
            reports.comment_report(actor, ref, "看过", now=at(2))
    with pytest.raises(InvalidInput, match="empty comment"):
        reports.comment_report(any_team.li, "WR000001", " ", now=at(2))
    assert snapshot() == before
    # Above at any depth, whatever the role: zhao's team lead (sales) and her manager.
    assert reports.comment_report(any_team.wang, "WR000001", "好", now=at(2)).comments
    assert len(reports.comment_report(any_team.li, "WR000001", "同意", now=at(2)).comments) == 2


def codes(actor: User, **filters: Any) -> list[str]:
    return [r.code for r in views.iter_reports(actor, now=at(9), **filters)]


def test_who_reads_what(team: Team) -> None:
    for who in (team.wang, team.zhao, team.chen):
        reports.write_report(who, "day", "2026-12-01", "日报", now=at(1))
    reports.write_report(team.zhao, "day", "2026-12-02", "草稿", now=at(2))  # stays a draft
    for ref in ("WR000001", "WR000002", "WR000003"):
        author = {"WR000001": team.wang, "WR000002": team.zhao, "WR000003": team.chen}[ref]
        reports.submit_report(author, ref, now=at(2))
    assert codes(team.li) == ["WR000002", "WR000001"]  # not chen's: she is not below li
    assert codes(team.wang) == ["WR000002", "WR000001"]  # zhao is below wang
    assert codes(team.zhao) == ["WR000004", "WR000002"]  # her own, her draft included
    assert codes(team.admin) == ["WR000003", "WR000002", "WR000001"]
    assert codes(team.li, author="zhao") == ["WR000002"]
    assert codes(team.zhao, status="draft") == ["WR000004"]
    assert codes(team.zhao, since="2026-12-02", until="2026-12-02") == ["WR000004"]
    assert codes(team.zhao, kind="week") == []
    for actor, ref in ((team.li, "WR000004"), (team.chen, "WR000001"), (team.zhao, "WR000001")):
        with pytest.raises(NotFound):
            views.get_report(actor, ref, now=at(9))
    with pytest.raises(InvalidInput, match="unknown status"):
        codes(team.li, status="late")


def test_a_deleted_draft_is_revived_under_its_code(team: Team) -> None:
    reports.write_report(team.wang, "day", "2026-12-01", "日报", now=at(1))
    reports.delete_report(team.wang, "2026-12-01", now=at(1))
    assert codes(team.wang) == []
    with pytest.raises(NotFound):
        reports.submit_report(team.wang, "WR000001", now=at(1))
    again = reports.write_report(team.wang, "day", "2026-12-01", "重写", now=at(2))
    assert (again.report.code, again.text, again.report.status) == ("WR000001", "重写", "draft")
    with pytest.raises(NotFound):  # a draft is its writer's alone
        reports.delete_report(team.admin, "WR000001", now=at(2))
    reports.submit_report(team.wang, "WR000001", now=at(2))
    for verb in (reports.submit_report, reports.delete_report):
        with pytest.raises(PermissionDenied, match="only its writer"):
            verb(team.li, "WR000001", now=at(2))


def test_a_draft_in_an_editor_starts_from_its_text_and_figures(team: Team) -> None:
    empty = views.draft_for(team.wang, "week", "2026-W49", now=at(7))
    assert (empty.period, empty.text, empty.submitted, empty.figures.contacts) == (
        "2026-W49", "", False, 0,
    )  # fmt: skip
    reports.write_report(team.wang, "week", "2026-W49", "周报", now=at(5))
    assert views.draft_for(team.wang, "week", "2026-12-01", now=at(7)).text == "周报"
