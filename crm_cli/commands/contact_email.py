"""`crm contact email QUERY`: contacts' addresses for a mail program (SH-4), registered on
the `crm contact` app by contact.py."""

from __future__ import annotations

from typing import Annotated

import typer

from crm_cli.commands._common import FieldsOpt, FormatOpt, session, show_records
from crm_cli.i18n import N_, tr

app = typer.Typer()
COLUMNS = ("address", "name", "customer_name", "contact", "customer")


@app.command("email")
def email(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Part of a name, an address or a customer's name.")],
    parsable: Annotated[
        bool,
        typer.Option(
            "--parsable", help="mutt's query_command format: a status line, then address TAB "
            "name TAB customer; exit 1 when nothing matches.",
        ),
    ] = False,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:  # fmt: skip
    """Contacts' e-mail addresses matching QUERY, among the customers you may see.

    In ~/.muttrc: set query_command = "crm contact email --parsable '%s'"

    Example: crm contact email 张 --parsable
    """
    from crm_cli.store.customers.addresses import find_addresses

    s = session(ctx)
    found = find_addresses(s.actor(), query)
    if not parsable:
        show_records(s, [a.to_dict() for a in found], fmt, fields, COLUMNS,
                     empty=N_("No matching addresses."))  # fmt: skip
        return
    # mutt ignores the first line (a status for the user) and reads the rest as
    # address<TAB>name<TAB>other; a tab or line break inside a value would shift them.
    if not found:
        typer.echo(tr("crm: no matches for {query!r}", query=_clean(query)))
        raise typer.Exit(1)
    typer.echo(tr("crm: {count} matches", count=len(found)))
    for a in found:
        typer.echo(f"{_clean(a.address)}\t{_clean(a.name)}\t{_clean(a.customer_name)}")


def _clean(text: str) -> str:
    return " ".join(text.split())
