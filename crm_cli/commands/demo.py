"""`crm demo`: fill the database with realistic sample data."""

import os
import sys
from collections.abc import Callable
from typing import Annotated

import typer

from crm_cli.commands._common import (
    FieldsOpt,
    FormatOpt,
    check_fields,
    note,
    session,
    show_record,
)
from crm_cli.i18n import tr

# A one-command app: the root loads it lazily and Typer turns it into a plain command.
app = typer.Typer(add_completion=False)
SizeOpt = Annotated[
    str, typer.Option("--size", help="small (200 customers), large (100000) or a number.")
]
SeedOpt = Annotated[
    int | None, typer.Option("--seed", help="Draw the same names and values every time.")
]
SUMMARY_KEYS = ("customers", "contacts", "users", "first_code", "last_code")
PROGRESS_FROM = 10_000  # smaller runs end before a progress line would help


@app.command("demo")
def demo(
    ctx: typer.Context,
    size: SizeOpt = "small",
    seed: SeedOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Add sample customers, contacts, a small sales team and their work (admins only).

    Chinese and English companies, one to three contacts each; products and price books;
    contact records, reminders, opportunities, quotes, orders with payment plans, receipts;
    service tickets, customer evaluations, and the team's calendar around today.
    The team (li and smith managing wang, zhao, chen, taylor) is added once.
    Run it again for more. The summary goes to stderr; with --format the
    counts go to stdout too.

    Example: crm demo --size large --seed 42
    """
    # Imported here: only this command pays for the word lists and the bulk writer.
    from crm_cli.store.demo import generate as sample

    s = session(ctx)
    check_fields(fields, SUMMARY_KEYS)
    count = sample.parse_size(size)
    summary = sample.add_demo_data(s.actor(), count, seed=seed, progress=_progress(count))
    note(
        "Added {customers} customers, {contacts} contacts, {users} users",
        customers=summary.customers,
        contacts=summary.contacts,
        users=summary.users,
    )
    if fmt is not None or os.environ.get("CRM_FORMAT"):
        show_record(s, summary.to_dict(), fmt, fields)


def _progress(total: int) -> Callable[[int, int], None] | None:
    """A counter on a terminal's stderr for big runs; nothing in scripts."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        said = tr("Adding customers: {done}/{total}", done=f"{done:,}", total=f"{total:,}")
        typer.echo("\r" + said, err=True, nl=done >= total)

    return show
