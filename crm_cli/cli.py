"""The root command: global options, the session, and one sub-app per noun.

Sub-apps load lazily: `crm customer add` imports and builds only the customer
commands, and `crm tui` (a later issue) imports Textual only when run.
"""

import importlib
from typing import Annotated, Any

import typer
import typer.main

from crm_cli import __version__
from crm_cli.commands._common import CrmGroup, Session

# noun -> "module:attribute" of its Typer app
SUBCOMMANDS = {
    "customer": "crm_cli.commands.customer_admin:app",
    "contact": "crm_cli.commands.contact:app",
    "user": "crm_cli.commands.user:app",
    "config": "crm_cli.commands.config_cmd:app",
    "demo": "crm_cli.commands.demo:app",
}


class RootGroup(CrmGroup):
    """Builds a noun's commands only when that noun is used (start-up is a feature)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(SUBCOMMANDS))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        target = SUBCOMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module, attr = target.split(":")
        sub = getattr(importlib.import_module(module), attr)
        command = typer.main.get_command(sub)
        command.name = cmd_name
        return command


app = typer.Typer(
    cls=RootGroup,
    help="crm: a customer-relationship manager for the terminal.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"crm {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL (sqlite:///…, postgresql://…, mysql://…).",
            envvar="CRM_DATABASE_URL",
            show_envvar=True,
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option("--user", "-u", help="Act as this user.", envvar="CRM_USER", show_envvar=True),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """crm: customers, contacts and everything you do with them, from the shell."""
    ctx.obj = Session(db_url=db, login=user)


def main() -> None:
    app()
