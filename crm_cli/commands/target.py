"""`crm target …`: sales targets per person or department and their attainment (TGT-1)."""

from collections.abc import Iterable, Iterator
from typing import Annotated, Any

import typer

from crm_cli.commands import _terms
from crm_cli.commands._common import (
    AsOfOpt,
    FieldsOpt,
    FormatOpt,
    LimitOpt,
    OffsetOpt,
    check_fields,
    given,
    note,
    session,
    show_records,
    stream_records,
    today_or,
)
from crm_cli.i18n import N_
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.targets.records import Attainment, Target, bar

app = typer.Typer(help="Sales targets: set, list, show (attainment as of a day), delete.")
Opt = typer.Option
UserOpt = Annotated[str | None, Opt("--user", help="A person's targets (login).")]
DepartmentOpt = Annotated[
    str | None, Opt("--department", help="A department's targets (as on its users).")
]
PeriodOpt = Annotated[str, Opt("--period", help="A month 2026-12, a quarter 2026-Q4, a year 2026.")]
MetricOpt = Annotated[
    str | None, Opt("--metric", help="orders, receipts, new_customers or contacts.")
]
COLUMNS = ("period", "name", "metric", "target", "actual", "attainment", "pipeline", "gap")
# Formats for machines get the percentage as a number where people get the bar.
DATA_COLUMNS = tuple("percent" if c == "attainment" else c for c in COLUMNS)
SET_COLUMNS = ("user", "department", "period", "metric", "amount", "setter", "set_at")
ATTAINMENT_FIELDS = (*Attainment._fields, "attainment")
TEXT = ("table", "plain", "markdown")


def _columns(fmt: str, department: bool = True) -> tuple[str, ...]:
    columns = COLUMNS if fmt in TEXT else DATA_COLUMNS
    return columns if department else columns[1:]


def _rows(records: Iterable[Attainment], fmt: str) -> Iterator[dict[str, Any]]:
    """Records as printed: text formats get the bar beside the numbers."""
    for record in records:
        row = record.to_dict()
        if fmt in TEXT:
            row["attainment"] = bar(record.percent)
        yield row


@app.command("set")
def set_(
    ctx: typer.Context,
    period: PeriodOpt,
    amount: Annotated[
        str | None, typer.Argument(help="The target of --metric: money, or a count.")
    ] = None,
    user: UserOpt = None,
    department: DepartmentOpt = None,
    metric: MetricOpt = None,
    orders: Annotated[str | None, Opt("--orders", help="Approved order amount.")] = None,
    receipts: Annotated[str | None, Opt("--receipts", help="Receipts (money).")] = None,
    customers: Annotated[str | None, Opt("--customers", help="New customers (a count).")] = None,
    contacts: Annotated[str | None, Opt("--contacts", help="Contact records (a count).")] = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Set the targets of a person (--user) or a department (--department) for a period:
    --metric M AMOUNT, or several at once with --orders, --receipts, --customers,
    --contacts. Setting one again changes its amount. Prints the targets set.

    Example: crm target set --user wang --period 2026-Q4 --metric orders 500000
    """
    from crm_cli.store.targets import targets

    check_fields(fields, Target._fields)
    amounts = given(orders=orders, receipts=receipts, new_customers=customers, contacts=contacts)
    if (metric is None) != (amount is None):
        raise InvalidInput("give --metric with the AMOUNT after it (or --orders X …)")
    if metric is not None and amount is not None:
        amounts[metric] = amount
    s = session(ctx)
    records = targets.set_targets(
        s.actor(), user=user, department=department, period=period, amounts=amounts
    )
    show_records(s, [r.to_dict() for r in records], fmt, fields, SET_COLUMNS)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    user: UserOpt = None,
    department: DepartmentOpt = None,
    period: Annotated[str | None, Opt("--period", help="2026-12, 2026-Q4 or 2026.")] = None,
    metric: MetricOpt = None,
    as_of: AsOfOpt = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Targets you may see with their attainment as of today or --as-of, newest period
    first: actual, percentage, the weighted open pipeline closing in the period (orders),
    and the gap.

    Terms: user, department, kind (= period), metric, start, end, set, amount, setter;
    tags +mine, +current.

    Example: crm target list --department 华南销售部 --period 2026-Q4 --as-of 2026-11-15
    """
    from crm_cli.store.core.listing import Page
    from crm_cli.store.targets import views

    check_fields(fields, ATTAINMENT_FIELDS)
    s = session(ctx)
    chosen = s.format(fmt)
    records = views.iter_targets(
        s.actor(), user=user, department=department, period=period, metric=metric,
        page=Page(limit, offset), now=today_or(as_of),
        terms=_terms.checked(s, terms, "target"),
    )  # fmt: skip
    rows = _rows(records, chosen)
    stream_records(s, rows, chosen, fields, _columns(chosen), empty=N_("No targets."))


@app.command("show")
def show(
    ctx: typer.Context,
    period: PeriodOpt,
    user: UserOpt = None,
    department: DepartmentOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Attainment of a person or a department in a period, every metric, with or without
    a target; a department's people follow its rows.

    Example: crm target show --department 华南销售部 --period 2026-12 --as-of 2026-12-15
    """
    from crm_cli.store.targets import attainment

    check_fields(fields, ATTAINMENT_FIELDS)
    s = session(ctx)
    chosen = s.format(fmt)
    records = attainment.subject_attainment(
        s.actor(), user=user, department=department, period=period, now=today_or(as_of)
    )
    columns = _columns(chosen, department=False)
    columns = ("scope", *columns) if department is not None else columns
    show_records(s, list(_rows(records, chosen)), chosen, fields, columns)


@app.command("delete")
def delete(
    ctx: typer.Context,
    period: PeriodOpt,
    metric: Annotated[str, Opt("--metric", help="orders, receipts, new_customers, contacts.")],
    user: UserOpt = None,
    department: DepartmentOpt = None,
) -> None:
    """Remove a target for good (the operation log keeps what it was).

    Example: crm target delete --user wang --period 2026-Q4 --metric orders
    """
    from crm_cli.store.targets import targets

    gone = targets.delete_target(
        session(ctx).actor(), user=user, department=department, period=period, metric=metric
    )
    who = gone.user or f"department {gone.department}"
    note(
        "Deleted the {metric} target of {who} for {period}.",
        metric=gone.metric,
        who=who,
        period=gone.period,
    )
