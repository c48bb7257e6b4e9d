"""`crm tui`: the full-screen customer center."""

import os
import sys

import typer

from crm_cli.commands._common import fail, session

# A one-command app: the root loads it lazily and Typer turns it into a plain command.
app = typer.Typer(add_completion=False)


@app.command("tui")
def tui(ctx: typer.Context) -> None:
    """Open the customer center: home, customers with details, and the pool.

    Keyboard first: `?` lists every key, Escape backs out of a dialog, Ctrl+Q quits.
    Uses the database and user of the root options, like every other command.

    Example: crm tui
    """
    s = session(ctx)
    actor = s.actor()  # opens the store and fails here, with the usual exit codes
    from crm_cli.store.core.db import info

    # Imported here: plain commands never load Textual.
    from crm_cli.tui.app import make_app

    if not sys.stdout.isatty() and not os.environ.get("CRM_TUI_FORCE"):
        fail("crm tui needs a terminal")
    make_app(info().url, actor.login).run()
