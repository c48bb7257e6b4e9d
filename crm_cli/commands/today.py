"""`crm today`: the reminder digest (ACT-3) for the acting user."""

from typing import Annotated, Any

import typer

from crm_cli.commands import _output
from crm_cli.commands._common import AsOfOpt, FieldsOpt, FormatOpt, session, today_or, whole_option
from crm_cli.i18n import _, tr

# A one-command app: the root loads it lazily and Typer turns it into a plain command.
app = typer.Typer(add_completion=False)
ITEM_COLUMNS = ("kind", "due", "urgency", "overdue_days", "customer", "customer_name", "text",
                "ref", "amount")  # fmt: skip
TEXT_COLUMNS = ("when", "due", "customer", "customer_name", "text", "ref")
DEFAULT_LIMIT = 20


@app.command("today")
def today(
    ctx: typer.Context,
    days: Annotated[int, whole_option("--days", help="Look this many days ahead (0-366).")] = 7,
    limit: Annotated[
        int, whole_option("--limit", "-n", low=0, help="The most urgent N items of each kind.")
    ] = DEFAULT_LIMIT,
    all_: Annotated[bool, typer.Option("--all", help="Every item due, however many.")] = False,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """What needs doing: one digest, grouped by kind, most urgent first.

    Kinds, in this order: schedule (today's events on your calendar, with
    the time each reminder goes off), approval (orders, quotes and expenses
    waiting for your decision, due since they began to wait: `crm approvals`),
    next_contact (customers you own or hold by
    delegation), reminder (`crm remind`), service_due (your unresolved service
    tickets due by today, and unassigned ones you recorded), service_open (your
    other open tickets), next_service (next services you planned), installment
    (installments of your approved orders, not fully paid), receivable
    (approved unsettled orders without a plan, by receivable date), service_fee
    (annual service fees ending within 30 days or ended in the last 30,
    whatever --days says), birthday (contacts of your customers), report_missing
    (your work report of the previous day, week or month, for each kind the team
    expects: work_report.expected), report_to_comment (submitted reports of the
    people below you that nobody has commented on yet). Overdue items
    always show; upcoming ones up to --days ahead. Each kind lists its --limit
    most urgent items (20 by default; --all for every one) and counts them all.

    -f json prints one object, stable for scripts and cron mail:
    {"as_of", "days", "user", "counts": {KIND: N, …} (all due, listed or
    not), "items": [{"kind",
    "due", "urgency" (overdue|today|upcoming), "overdue_days" (>0 late,
    0 today, <0 ahead), "customer", "customer_name", "text", "ref",
    "amount" (money or null)}, …]}. jsonl, csv, tsv and markdown print
    the items alone.

    Example: crm today --days 14 --as-of 2026-12-01 -f json
    """

    from crm_cli.store.overview import digest

    s = session(ctx)
    chosen = s.format(fmt)
    actor = s.actor()
    found = digest.build_digest(
        actor, days=days, limit=None if all_ else limit, now=today_or(as_of)
    )
    if chosen == "json":
        _output.emit_one(found.to_dict(), fmt="json", fields=fields)
    elif chosen in ("table", "plain"):
        _print_groups(found, chosen, fields)
    else:
        rows = [i.to_dict() for i in found.items]
        _output.emit(rows, fmt=chosen, fields=fields, columns=ITEM_COLUMNS)


def _when(overdue_days: int) -> str:
    if overdue_days > 0:
        return tr("overdue {days}d", days=overdue_days)
    return _("today") if overdue_days == 0 else tr("in {days}d", days=-overdue_days)


def _print_groups(found: Any, fmt: str, fields: str | None) -> None:
    """Each kind under its title, in the interface language; the items' texts are the
    store's ``Phrase``s, which `_output` shows translated in these formats."""
    ahead = _("today only") if found.days == 0 else tr("next {days} days", days=found.days)
    typer.echo(tr("{user}: {as_of} ({ahead})", user=found.user, as_of=found.as_of, ahead=ahead))
    if not found.items:
        typer.echo(_("Nothing due."))
        return
    for kind, items in found.groups():
        if not items:
            continue
        total = found.counts[kind.name]
        title = tr("{title} ({total})", title=_(kind.title), total=total)
        rows = [{**i.to_dict(), "when": _when(i.overdue_days)} for i in items]
        if fmt == "plain":
            typer.echo(f"\n{title}")
        _output.emit(rows, fmt=fmt, fields=fields, columns=TEXT_COLUMNS,
                     title=title if fmt == "table" else None)  # fmt: skip
        if total > len(items):
            more = total - len(items)
            typer.echo(tr("… and {more} more (crm today --all, or -n N)", more=more))
