"""`crm work-report …`: daily, weekly and monthly work reports (WRK-1): write, submit,
read, comment, and who submitted when."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from crm_cli.commands import _terms, _words
from crm_cli.commands._common import (
    AsOfOpt,
    FieldsOpt,
    FormatOpt,
    LimitOpt,
    OffsetOpt,
    YesOpt,
    check_fields,
    confirm,
    fail,
    note,
    session,
    show_record,
    show_records,
    stream_records,
    today_or,
)
from crm_cli.i18n import N_
from crm_cli.store.core.listing import Page
from crm_cli.store.workreports.records import ReportDetail, WorkReport

if TYPE_CHECKING:
    from crm_cli.store.workreports.views import Draft

# Each command imports the store modules it uses: `overview` should not load the models
# of every domain the reference figures count.

app = typer.Typer(
    help="Work reports (日报/周报/月报): write, submit, list, show, comment, overview, delete."
)
Opt = typer.Option
RefArg = Annotated[
    str,
    typer.Argument(
        help="Report code (WR000001) or id; or a period for your own report: "
        "2026-12-01 (day), 2026-W49 (week), 2026-12 (month)."
    ),
]
DayOpt = Annotated[bool, Opt("--day", help="A daily report (日报).")]
WeekOpt = Annotated[bool, Opt("--week", help="A weekly report (周报), Monday to Sunday.")]
MonthOpt = Annotated[bool, Opt("--month", help="A monthly report (月报).")]
COLUMNS = ("code", "author", "author_name", "kind", "period", "status", "late_days",
           "submitted_at", "commented_at")  # fmt: skip
DETAIL_FIELDS = (*WorkReport._fields, "text", "figures", "comments")


def _kind(day: bool, week: bool, month: bool) -> str:
    chosen = [name for name, on in (("day", day), ("week", week), ("month", month)) if on]
    if len(chosen) != 1:
        fail("choose one of --day, --week or --month", 2)
    return chosen[0]


def _show(ctx: typer.Context, detail: ReportDetail, fmt: str | None, fields: str | None) -> None:
    s = session(ctx)
    chosen = s.format(fmt)
    if fields is None and chosen in ("table", "plain"):
        from crm_cli.commands._work_report_view import print_report

        with _words.values_of("work_report"):
            print_report(detail, chosen)
        return
    show_record(s, detail.to_dict(), fmt, fields)


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _template(draft: "Draft", kind: str) -> str:
    figures = "\n".join(f"#   {k:<22}{v}" for k, v in draft.figures.to_dict().items())
    return (
        f"{draft.text}\n\n"
        f"# Your {kind} report for {draft.period}, above. Lines starting with # are\n"
        "# ignored; an empty report is not saved.\n#\n"
        f"# Reference figures (参考数据) for {draft.period}:\n{figures}\n"
    )


def _edit(template: str) -> str:
    """The text written in the editor, without its comment lines."""
    from crm_cli.commands._editor import edit_text

    lines = edit_text(template, "WORK_REPORT.md").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#")).strip()


@app.command("write")
def write(
    ctx: typer.Context,
    period: Annotated[
        str | None,
        typer.Argument(help="2026-12-01, 2026-W49, 2026-12 or a date inside; default: now."),
    ] = None,
    day: DayOpt = False,
    week: WeekOpt = False,
    month: MonthOpt = False,
    text: Annotated[str | None, Opt("--text", help="The report; else stdin or $EDITOR.")] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Write (or rewrite) your draft report for a day, week or month that has started.

    The text comes from --text; else from stdin when it is not a terminal; else from
    $VISUAL or $EDITOR, opened on your draft with the period's reference figures below it
    (lines starting with # are dropped). Empty text saves nothing. A submitted report
    cannot be rewritten (exit 3).

    Example: crm work-report write --week 2026-W49 --text "拜访客户 5 家，签单 2 个"
    """
    from crm_cli.store.workreports import reports, views

    kind = _kind(day, week, month)
    check_fields(fields, DETAIL_FIELDS)
    s = session(ctx)
    now, actor = today_or(as_of), s.actor()
    if text is None:
        if _stdin_is_terminal():
            text = _edit(_template(views.draft_for(actor, kind, period, now=now), kind))
        else:
            text = sys.stdin.read()
    _show(ctx, reports.write_report(actor, kind, period, text, now=now), fmt, fields)


@app.command("submit")
def submit(
    ctx: typer.Context,
    ref: RefArg,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Submit your draft: its reference figures are frozen, and a report submitted after
    its period's last day (plus the team's work_report.grace_days) is late by the days since.

    Example: crm work-report submit 2026-W49
    """
    from crm_cli.store.workreports import reports

    check_fields(fields, DETAIL_FIELDS)
    detail = reports.submit_report(session(ctx).actor(), ref, now=today_or(as_of))
    late = detail.report.late_days
    days = f"{late} day{'s' if late != 1 else ''}"
    note(f"Submitted {detail.report.code}" + (f", late by {days}." if late else ", on time."))
    _show(ctx, detail, fmt, fields)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    author: Annotated[str | None, Opt(help="Only this writer's (login) or me.")] = None,
    kind: Annotated[str | None, Opt("--kind", help="day, week or month.")] = None,
    status: Annotated[str | None, Opt(help="draft or submitted.")] = None,
    since: Annotated[str | None, Opt("--from", help="Periods ending from this date.")] = None,
    until: Annotated[str | None, Opt("--to", help="Periods starting up to this date.")] = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Your reports, and the submitted reports of everyone below you (admins: everyone's),
    the latest period first.

    Terms: code, body (= text), kind (= period), status, start, end, submitted, commented,
    created, late (days), author (= user); tags +mine, +draft, +submitted, +late, +commented.

    Example: crm work-report list --author wang --kind week --from 2026-11-01
    """
    from crm_cli.store.workreports import views

    check_fields(fields, WorkReport._fields)
    s = session(ctx)
    rows = views.iter_reports(
        s.actor(), author=author, kind=kind, status=status, since=since, until=until,
        page=Page(limit, offset), now=today_or(as_of),
        terms=_terms.checked(s, terms, "work report"),
    )  # fmt: skip
    with _words.values_of("work_report"):
        found = (r.to_dict() for r in rows)
        stream_records(s, found, fmt, fields, COLUMNS, empty=N_("No reports."))


@app.command("show")
def show(
    ctx: typer.Context,
    ref: RefArg,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """One report: the writer's text beside the reference figures (参考数据), and comments.

    Example: crm work-report show WR000012
    """
    from crm_cli.store.workreports import views

    check_fields(fields, DETAIL_FIELDS)
    _show(ctx, views.get_report(session(ctx).actor(), ref, now=today_or(as_of)), fmt, fields)


@app.command("comment")
def comment(
    ctx: typer.Context,
    ref: RefArg,
    text: Annotated[str, Opt("--text", help="The comment (批注).")],
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Comment on a submitted report of someone below you in the hierarchy (admins: anyone's).

    Example: crm work-report comment WR000012 --text "下周重点跟进华为"
    """
    from crm_cli.store.workreports import reports

    check_fields(fields, DETAIL_FIELDS)
    actor = session(ctx).actor()
    _show(ctx, reports.comment_report(actor, ref, text, now=today_or(as_of)), fmt, fields)


@app.command("overview")
def overview_(
    ctx: typer.Context,
    day: DayOpt = False,
    week: WeekOpt = False,
    month: MonthOpt = False,
    since: Annotated[str | None, Opt("--from", help="First period: a date or a label.")] = None,
    until: Annotated[str | None, Opt("--to", help="Last period; default: the current one.")] = None,
    department: Annotated[str | None, Opt(help="Only people of this department.")] = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Who submitted when: everyone below you (admins: everyone) by period, on time (✓),
    late by n days (+n), missing (✗: its deadline passed with nothing submitted) or not due
    yet (·). Daily reports count working days. Without --from: the last two weeks of days,
    eight weeks, or six months. --limit/--offset page the people.

    -f json prints {"kind", "from", "to", "as_of", "periods": [LABEL, …], "people":
    [{"login", "name", "department", "on_time", "late", "missing", "cells": [{"period",
    "status" (on_time|late|missing|not_due), "days", "code"}, …]}, …]}.

    Example: crm work-report overview --week --from 2026-10-01 --department 华南
    """
    from crm_cli.store.workreports.overview import submission_overview

    kind = _kind(day, week, month)
    s = session(ctx)
    found = submission_overview(
        s.actor(), kind, since=since, until=until, department=department,
        page=Page(limit, offset), now=today_or(as_of),
    )  # fmt: skip
    from crm_cli.commands import _work_report_view as view

    chosen = s.format(fmt)
    if chosen in ("json", "jsonl") and fields is None:
        show_record(s, found.to_dict(), chosen, None)
        return
    # Not check_fields: it reads `2026-W49` as `2026_w49`; the output helper maps both.
    columns = view.grid_columns(found)
    show_records(s, view.grid_rows(found), fmt, fields, columns, empty=N_("No one to show."))
    if chosen in ("table", "plain") and found.rows:
        note(view.LEGEND)


@app.command("delete")
def delete(ctx: typer.Context, ref: RefArg, yes: YesOpt = False, as_of: AsOfOpt = None) -> None:
    """Delete your draft (a submitted report stays).

    Example: crm work-report delete 2026-12-01 --yes
    """
    from crm_cli.store.workreports import reports

    actor = session(ctx).actor()
    if not confirm("Delete work report {ref}?", ref=ref, yes=yes):
        raise typer.Exit(1)
    detail = reports.delete_report(actor, ref, now=today_or(as_of))
    note("Deleted work report {code}.", code=detail.report.code)
