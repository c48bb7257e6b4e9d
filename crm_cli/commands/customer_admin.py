"""`crm customer …` actions on whole customers: delete, restore, purge, transfer,
delegate, audit, import; and the status list and custom field definitions."""

from typing import Annotated

import typer

from crm_cli.commands import (
    _complete,
    _terms,
    _words,
    customer_evaluation,
    export_cmd,
    import_cmd,
)
from crm_cli.commands._common import (
    FieldsOpt,
    FormatOpt,
    YesOpt,
    check_fields,
    confirm,
    note,
    session,
    show_records,
    today_or,
)
from crm_cli.commands.customer import app
from crm_cli.i18n import N_
from crm_cli.store.core.dates import parse_date
from crm_cli.store.customers import delegations, saved_searches, statuses
from crm_cli.store.customers import lifecycle as customer_ops
from crm_cli.store.customers.records import Delegation

Refs = Annotated[
    list[str],
    typer.Argument(help="Customer codes, ids or exact names.", autocompletion=_complete.customers),
]
To = Annotated[str, typer.Option("--to", help="The user's login.", autocompletion=_complete.users)]
RESULT_COLUMNS = ("code", "name", "owner", "status", "audited", "deleted")


def _done(ctx: typer.Context, rows: list, said: str, fmt: str | None, fields: str | None) -> None:
    s = session(ctx)
    note(said, count=len(rows))  # said: a catalog template naming {count}
    show_records(s, [r.to_dict() for r in rows], fmt, fields, RESULT_COLUMNS)


@app.command("delete")
def delete(ctx: typer.Context, refs: Refs, yes: YesOpt = False, fmt: FormatOpt = None) -> None:
    """Move customers to the trash (admins, and managers for their team).

    Example: crm customer delete C000042 C000043 --yes
    """
    actor = session(ctx).actor()
    if not confirm("Delete {count} customer(s)?", count=len(refs), yes=yes):
        raise typer.Exit(1)
    _done(
        ctx,
        customer_ops.delete_customers(actor, refs),
        N_("Deleted {count} customer(s)."),
        fmt,
        None,
    )


@app.command("restore")
def restore(ctx: typer.Context, refs: Refs, fmt: FormatOpt = None) -> None:
    """Take customers out of the trash.

    Example: crm customer restore C000042
    """
    actor = session(ctx).actor()
    _done(
        ctx,
        customer_ops.restore_customers(actor, refs),
        N_("Restored {count} customer(s)."),
        fmt,
        None,
    )


@app.command("purge")
def purge(ctx: typer.Context, refs: Refs, yes: YesOpt = False, fmt: FormatOpt = None) -> None:
    """Remove deleted customers for good (admins only; the log keeps a note).

    Example: crm customer purge C000042 --yes
    """
    actor = session(ctx).actor()
    if not confirm("Purge {count} customer(s) for good?", count=len(refs), yes=yes):
        raise typer.Exit(1)
    _done(
        ctx, customer_ops.purge_customers(actor, refs), N_("Purged {count} customer(s)."), fmt, None
    )


@app.command("transfer")
def transfer(ctx: typer.Context, refs: Refs, to: To, fmt: FormatOpt = None) -> None:
    """Give customers to another owner.

    Example: crm customer transfer C000042 C000043 --to wang
    """
    actor = session(ctx).actor()
    _done(
        ctx,
        customer_ops.transfer_customers(actor, refs, to),
        N_("Transferred {count} customer(s)."),
        fmt,
        None,
    )


@app.command("delegate")
def delegate(
    ctx: typer.Context,
    refs: Refs,
    to: To,
    until: Annotated[str, typer.Option("--until", help="Last day of the delegation.")],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Let a colleague work customers until a date; access ends by itself after it.

    Example: crm customer delegate C000042 --to li --until +2w
    """
    check_fields(fields, Delegation._fields)
    s = session(ctx)
    now = today_or(None)
    rows = delegations.delegate_customers(s.actor(), refs, to, parse_date(until, now.date()))
    show_records(s, [r.to_dict() for r in rows], fmt, fields, ("customer", "delegate", "until"))


@app.command("undelegate")
def undelegate(
    ctx: typer.Context,
    refs: Refs,
    user: Annotated[str | None, typer.Option("--user", help="Only this delegate.")] = None,
) -> None:
    """Revoke delegations now.

    Example: crm customer undelegate C000042
    """
    count = delegations.undelegate_customers(session(ctx).actor(), refs, user=user)
    note("Revoked {count} delegation(s).", count=count)


@app.command("audit")
def audit(ctx: typer.Context, refs: Refs, fmt: FormatOpt = None) -> None:
    """Lock customers against edits (审核) until un-audited.

    Example: crm customer audit C000042
    """
    actor = session(ctx).actor()
    _done(
        ctx,
        customer_ops.audit_customers(actor, refs),
        N_("Audited {count} customer(s)."),
        fmt,
        None,
    )


@app.command("unaudit")
def unaudit(ctx: typer.Context, refs: Refs, fmt: FormatOpt = None) -> None:
    """Unlock audited customers.

    Example: crm customer unaudit C000042
    """
    actor = session(ctx).actor()
    _done(
        ctx,
        customer_ops.unaudit_customers(actor, refs),
        N_("Un-audited {count} customer(s)."),
        fmt,
        None,
    )


status_app = typer.Typer(help="The renamable customer status list.")
app.add_typer(status_app, name="status")


@status_app.command("list")
def status_list(ctx: typer.Context, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """Statuses in order, with how many of your visible customers have each.

    Example: crm customer status list
    """
    s = session(ctx)
    rows = [r.to_dict() for r in statuses.list_statuses(s.actor())]
    with _words.values_of("customer_status"):  # the defaults' names in Chinese, for people
        show_records(s, rows, fmt, fields, ("name", "customers"))


@status_app.command("add")
def status_add(ctx: typer.Context, name: str) -> None:
    """Add a status at the end of the list (admins).

    Example: crm customer status add 重点客户
    """
    row = statuses.add_status(session(ctx).actor(), name)
    note("Added status {name!r}.", name=row.name)


@status_app.command("rename")
def status_rename(ctx: typer.Context, old: str, new: str) -> None:
    """Rename a status; customers keep it (admins).

    Example: crm customer status rename potential 潜在客户
    """
    row = statuses.rename_status(session(ctx).actor(), old, new)
    note("Renamed {old!r} to {name!r}.", old=old, name=row.name)


field_app = typer.Typer(help="Custom customer fields.")
app.add_typer(field_app, name="field")


@field_app.command("list")
def field_list(ctx: typer.Context, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """Custom fields and their types.

    Example: crm customer field list
    """
    s = session(ctx)
    show_records(s, statuses.list_fields(s.actor()), fmt, fields, ("key", "type", "label"))


@field_app.command("add")
def field_add(
    ctx: typer.Context,
    key: str,
    type: Annotated[str, typer.Option("--type", help="text, number, date or bool.")] = "text",
    label: Annotated[str, typer.Option(help="A human name for the field.")] = "",
) -> None:
    """Define a typed custom field (--field KEY=VALUE defines text ones on first use).

    Example: crm customer field add employees --type number --label 员工数
    """
    row = statuses.define_field(session(ctx).actor(), key, kind=type, label=label)
    note("Defined custom field {key!r} ({type}).", key=row["key"], type=row["type"])


saved_app = typer.Typer(help="Your saved customer searches (customer list --save/--saved).")
app.add_typer(saved_app, name="saved")


@saved_app.command("list")
def saved_list(ctx: typer.Context, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """Your saved searches and their filters.

    Example: crm customer saved list
    """
    s = session(ctx)
    rows = [x.to_dict() for x in saved_searches.list_searches(s.actor())]
    columns = ("name", "search", "status", "owner", "where", "sort")
    show_records(s, rows, fmt, fields, columns, empty=N_("No saved searches."))


@saved_app.command("delete")
def saved_delete(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The search's name.")]
) -> None:
    """Forget a saved search (the customers are untouched).

    Example: crm customer saved delete 深圳中兴
    """
    saved_searches.delete_search(session(ctx).actor(), name)
    note("Deleted saved search {name!r}.", name=name.strip())


# `crm customer import FILE` is `crm import customers FILE`: one command, two names.
app.command("import")(import_cmd.customers)
# `crm customer export` is `crm export customers`.
app.command("export", cls=_terms.TermsCommand)(export_cmd.customers)
# `crm customer evaluate|evaluations` (EVL-1).
app.registered_commands += customer_evaluation.app.registered_commands
