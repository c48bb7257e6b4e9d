"""`crm pool …`: the public pool (公海): settings, moves, the nightly reclaim, the log."""

from collections.abc import Callable
from typing import Annotated, Any

import typer

from crm_cli.commands import _complete, _terms, pool_settings
from crm_cli.commands._common import (
    AsOfOpt,
    FieldsOpt,
    FormatOpt,
    LimitOpt,
    OffsetOpt,
    check_fields,
    fail,
    note,
    session,
    show_record,
    show_records,
    stream_records,
    today_or,
    whole_option,
)
from crm_cli.i18n import N_
from crm_cli.store.core.listing import Page

app = typer.Typer(help="The public pool (公海): claim, assign, release, extend, reclaim.")
Refs = Annotated[
    list[str],
    typer.Argument(help="Customer codes, ids or exact names.", autocompletion=_complete.customers),
]
OUTCOME_COLUMNS = ("customer", "name", "action", "done", "holder", "protect_until", "message")
LIST_COLUMNS = (
    "code", "name", "level", "holder", "protect_until", "days_left", "goal", "previous_owner",
)  # fmt: skip
RETURNED_COLUMNS = ("customer", "name", "holder", "rule", "assigned_on", "protect_until",
                    "days_over")  # fmt: skip


def _report(
    ctx: typer.Context, move: Callable[[], list[Any]], fmt: str | None, fields: str | None
) -> None:
    """Make the move, then per customer what happened; exit with the first refusal's code
    if any was refused. ``--fields`` is checked first: a bad one moves nothing."""
    from crm_cli.store.pool.common import MoveOutcome

    check_fields(fields, MoveOutcome._fields)
    s = session(ctx)
    outcomes = move()
    show_records(s, [o.to_dict() for o in outcomes], fmt, fields, OUTCOME_COLUMNS)
    refused = [o for o in outcomes if not o.done]
    if refused:
        fail(
            "{refused} of {total} refused: {reason}",
            refused[0].error,
            refused=len(refused),
            total=len(outcomes),
            reason=refused[0].message,
        )


@app.command("add")
def add(ctx: typer.Context, refs: Refs, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """Move customers into the pool, unassigned (pool admins).

    Example: crm pool add C000042 C000043
    """
    from crm_cli.store.pool import moves as pool_moves

    _report(ctx, lambda: pool_moves.add(session(ctx).actor(), refs), fmt, fields)


@app.command("remove")
def remove(ctx: typer.Context, refs: Refs, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """Take customers out of the pool: a holder keeps theirs, others go back to their
    previous owner (pool admins).

    Example: crm pool remove C000042
    """
    from crm_cli.store.pool import moves as pool_moves

    _report(ctx, lambda: pool_moves.remove(session(ctx).actor(), refs), fmt, fields)


@app.command("claim")
def claim(ctx: typer.Context, refs: Refs, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """Claim unassigned pool customers, up to your limit (exit 3 if someone was faster).

    Example: crm pool claim C000042 C000043
    """
    from crm_cli.store.pool import moves as pool_moves

    _report(ctx, lambda: pool_moves.claim(session(ctx).actor(), refs), fmt, fields)


@app.command("assign")
def assign(
    ctx: typer.Context,
    refs: Refs,
    to: Annotated[
        str, typer.Option("--to", help="The user's login.", autocompletion=_complete.users)
    ],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Assign pool customers to a user (pool admins).

    Example: crm pool assign C000042 C000043 --to wang
    """
    from crm_cli.store.pool import moves as pool_moves

    _report(ctx, lambda: pool_moves.assign(session(ctx).actor(), refs, to), fmt, fields)


@app.command("release")
def release(
    ctx: typer.Context, refs: Refs, fmt: FormatOpt = None, fields: FieldsOpt = None
) -> None:
    """Give customers you hold back to the pool (a pool admin may release anyone's).

    Example: crm pool release C000042
    """
    from crm_cli.store.pool import moves as pool_moves

    _report(ctx, lambda: pool_moves.release(session(ctx).actor(), refs), fmt, fields)


@app.command("extend")
def extend(
    ctx: typer.Context,
    refs: Refs,
    days: Annotated[str, typer.Option("--days", help="A positive whole number of days.")],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Extend the protection of held pool customers (pool admins).

    Example: crm pool extend C000042 --days 7
    """
    from crm_cli.store.core.errors import InvalidInput
    from crm_cli.store.pool import moves as pool_moves

    if not days.strip().isdecimal():
        raise InvalidInput("invalid --days {days!r}: a whole number from 1 to 3650", days=days)
    _report(ctx, lambda: pool_moves.extend(session(ctx).actor(), refs, int(days)), fmt, fields)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    unassigned: Annotated[
        bool, typer.Option("--unassigned", help="Waiting to be claimed.")
    ] = False,
    assigned: Annotated[bool, typer.Option("--assigned", help="Held by someone.")] = False,
    mine: Annotated[bool, typer.Option("--mine", help="Held by you.")] = False,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Pool customers with protection end, days left, goal and previous owner; soonest
    to return first, then the unprotected ones, oldest customer first.

    Terms: every customer term (fields, custom.FIELD, tags such as +pool_soon,
    +uncontacted30, words), and holder (me), protect (the day protection ends),
    assigned.

    Example: crm pool list --unassigned city:深圳 level:A +pool_soon
    """
    from crm_cli.store.pool import views as pool_views

    chosen = [name for name, on in (("unassigned", unassigned), ("assigned", assigned),
                                    ("mine", mine)) if on]  # fmt: skip
    if len(chosen) > 1:
        fail("choose one of --unassigned, --assigned, --mine", 2)
    s = session(ctx)
    found = pool_views.iter_pool(
        s.actor(), chosen[0] if chosen else "all", page=Page(limit, offset),
        now=today_or(as_of), terms=_terms.checked(s, terms, "pool"),
    )  # fmt: skip
    rows = (r.to_dict() for r in found)
    stream_records(s, rows, fmt, fields, LIST_COLUMNS, empty=N_("The pool is empty."))


@app.command("reclaim")
def reclaim(
    ctx: typer.Context,
    as_of: AsOfOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would return; change nothing.")
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="List each customer with its rule and days over.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Say what was done.")] = False,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Return held pool customers whose protection ended without the goal, or who match a
    return rule. Pool admins only. For cron: silent on success unless -v or --format json;
    safe to rerun, to run twice at once, and to kill. --as-of after today only with --dry-run.

    Example (crontab): 5 2 * * *  CRM_USER=admin crm pool reclaim
    """
    from crm_cli.store.pool import reclaim as pool_reclaim

    check_fields(fields, (*pool_reclaim.ReclaimResult._fields, *pool_reclaim.Returned._fields))
    s = session(ctx)
    actor = s.actor()
    day = today_or(as_of).date()
    listing = explain or dry_run or verbose or fmt is not None
    if dry_run:
        result = pool_reclaim.preview(actor, as_of=day)
    else:
        result = pool_reclaim.reclaim(actor, as_of=day, details=listing)
    if fmt in ("json", "jsonl"):
        show_record(s, result.to_dict(), fmt, fields)
        return
    if not result.enabled:
        if verbose or dry_run:
            note("The pool is disabled: nothing to reclaim.")
        return
    if listing and result.returned:
        show_records(s, [r.to_dict() for r in result.returned], fmt, fields, RETURNED_COLUMNS)
    if verbose or dry_run:
        note(
            N_("Would return {total} customer(s) to the pool as of {as_of}.")
            if dry_run
            else N_("Returned {total} customer(s) to the pool as of {as_of}."),
            total=result.total,
            as_of=result.as_of,
        )


@app.command("log")
def log(
    ctx: typer.Context,
    ref: Annotated[
        str | None, typer.Argument(help="Only this customer's.", autocompletion=_complete.customers)
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this date on.")] = None,
    limit: Annotated[int, whole_option("--limit", "-n", low=0, help="At most this many.")] = 200,
    offset: OffsetOpt = 0,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """The pool log, newest first: every claim, assignment, release, extension, return.

    Example: crm pool log C000042 ; crm pool log --since -7d -f csv
    """
    from crm_cli.store.core.dates import parse_date
    from crm_cli.store.pool import views as pool_views

    s = session(ctx)
    now = today_or(None)
    start = parse_date(since, now.date()) if since else None
    page = Page(limit, offset)
    rows = pool_views.pool_log(s.actor(), ref, since=start, now=now, page=page)
    columns = (
        "at",
        "customer",
        "action",
        "actor",
        "from_owner",
        "to_owner",
        "protect_until",
        "rule",
    )
    show_records(
        s, [r.to_dict() for r in rows], fmt, fields, columns, empty=N_("No pool activity.")
    )


# `crm pool settings` lives in pool_settings.py; first in `crm pool --help`, as before.
app.registered_commands[:0] = pool_settings.app.registered_commands
