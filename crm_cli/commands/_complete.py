"""Shell completion that knows the data (issue 18): Typer ``autocompletion=`` callbacks.

Attach one to a parameter, ``typer.Argument(autocompletion=customers)``. A shell's Tab is
usually answered before Typer loads (`_complete_fast`, from a description of the
commands that names these functions); Typer calls them itself when that cannot answer.
Each returns (value, help) pairs; zsh and fish show the help beside the value.
"""

import contextlib
import os
from typing import Annotated, Any

import typer


def _ask(kind: str, ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The candidates, as the root's --db and --user chose (its callback does not run while
    completing, so there is no session yet). Describes the noun for the fast path first."""
    _describe(ctx)
    params = ctx.find_root().params
    # A shell's Tab is a process of its own (`crm` run by the completion script), unlike
    # Typer's completion inside a test or another command.
    tab = os.environ.get("_CRM_COMPLETE", "").startswith("complete_")
    # Here, not at the top: every command's options name these callbacks, few run them.
    from crm_cli.commands._complete_data import candidates

    return candidates(
        kind, incomplete, db_url=params.get("db"), login=params.get("user"), fresh_process=tab
    )


def _describe(ctx: typer.Context) -> None:
    """Save the description of this noun's commands, so the next Tab is answered before
    Typer loads (`_complete_fast`); a Tab answered by Typer is the first of its noun."""
    noun: Any = ctx
    while noun.parent is not None and noun.parent.parent is not None:
        noun = noun.parent
    if noun.parent is None or noun.info_name is None:
        return
    from crm_cli.commands._complete_spec import Spec

    with contextlib.suppress(Exception):  # a Tab never shows a traceback
        Spec(noun.parent.command).noun(noun.info_name)


def customers(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Customers the acting user sees, by code, name or mnemonic: C0000 → C000042 …"""
    return _ask("customers", ctx, incomplete)


def users(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Active users' logins."""
    return _ask("users", ctx, incomplete)


def statuses(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The configured customer statuses."""
    return _ask("statuses", ctx, incomplete)


def products(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Products by code or name."""
    return _ask("products", ctx, incomplete)


def saved_searches(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The acting user's saved customer searches."""
    return _ask("saved_searches", ctx, incomplete)


# Parameters that several commands share, their completion attached once.
CustomerRef = Annotated[
    str, typer.Argument(help="Code, id or exact name.", autocompletion=customers)
]
SavedOpt = Annotated[
    str | None,
    typer.Option("--saved", help="Start from this saved search.", autocompletion=saved_searches),
]
