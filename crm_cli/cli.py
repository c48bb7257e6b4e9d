"""The root command: global options, the session, and one sub-app per noun.

Sub-apps load lazily: `crm customer add` imports and builds only the customer
commands, and `crm tui` (a later issue) imports Textual only when run.
"""

import copy
import gc
import importlib
import os
import sys
from typing import Annotated, Any

if os.environ.get("_CRM_COMPLETE", "").startswith("complete_"):
    # A shell's Tab: answered here, before Typer and the command modules load (they alone
    # take longer than a Tab may); it returns when only Typer can answer (issue 18).
    from crm_cli.commands._complete_fast import answer

    answer()

import typer
import typer.main

from crm_cli import __version__, i18n
from crm_cli.commands import _complete
from crm_cli.commands._common import CrmGroup, Session, add_headers_option, check_text

# noun -> "module:attribute" of its Typer app
SUBCOMMANDS = {
    "customer": "crm_cli.commands.customer:app",
    "contact": "crm_cli.commands.contact:app",
    "user": "crm_cli.commands.user:app",
    "config": "crm_cli.commands.config_cmd:app",
    "demo": "crm_cli.commands.demo:app",
    "today": "crm_cli.commands.today:app",
    "approvals": "crm_cli.commands.approvals:app",
    "remind": "crm_cli.commands.remind:app",
    "opportunity": "crm_cli.commands.opportunity:app",
    "product": "crm_cli.commands.product:app",
    "pricebook": "crm_cli.commands.pricebook:app",
    "quote": "crm_cli.commands.quote:app",
    "order": "crm_cli.commands.order:app",
    "pay": "crm_cli.commands.pay:app",
    "receivable": "crm_cli.commands.receivable:app",
    "pool": "crm_cli.commands.pool:app",
    "service": "crm_cli.commands.service:app",
    "expense": "crm_cli.commands.expense:app",
    "campaign": "crm_cli.commands.campaign:app",
    "target": "crm_cli.commands.target:app",
    "schedule": "crm_cli.commands.schedule:app",
    "agenda": "crm_cli.commands.agenda:app",
    "tui": "crm_cli.commands.tui:app",
    "import": "crm_cli.commands.import_cmd:app",
    "export": "crm_cli.commands.export_cmd:app",
    "db": "crm_cli.commands.db:app",
    "work-report": "crm_cli.commands.work_report:app",
    "report": "crm_cli.commands.report:app",
    "mail": "crm_cli.commands.mail:app",
}
# noun -> modules that add the rest of its commands to its app: imported unless the word
# after the noun is one of the app's first commands (`customer add` in a shell loop need
# not load the import, export and evaluation commands).
MORE = {"customer": ("crm_cli.commands.customer_admin",)}


class RootGroup(CrmGroup):
    """Builds a noun's commands only when that noun is used (start-up is a feature).

    When the word after the noun names one of its commands, only that command is built:
    Typer inspects every signature of a group it builds, which `crm customer add` in a
    shell loop should not pay for twenty commands it does not run.
    """

    _verb: str | None = None

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(SUBCOMMANDS))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        check_text(args)  # inside invoke, so a bad byte is one error line, not a traceback
        self._verb = args[1] if len(args) > 1 else None
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        target = SUBCOMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module, attr = target.split(":")
        sub = getattr(importlib.import_module(module), attr)
        trimmed = _only(sub, self._verb)
        if trimmed is None and cmd_name in MORE:
            for extra in MORE[cmd_name]:
                importlib.import_module(extra)
            trimmed = _only(sub, self._verb)
        # A group stays a group when trimmed to one command; Typer would collapse it.
        command = typer.main.get_command(sub) if trimmed is None else typer.main.get_group(trimmed)
        command.name = cmd_name
        add_headers_option(command)
        if i18n.chinese():
            from crm_cli.commands import _zh

            _zh.translate_tree(command)
        return command


def _only(app: typer.Typer, verb: str | None) -> typer.Typer | None:
    """``app`` with just the command or group named ``verb``; None to build all of it."""
    if not verb or len(app.registered_commands) + len(app.registered_groups) < 2:
        return None
    commands = [
        info
        for info in app.registered_commands
        if verb == (info.name or typer.main.get_command_name(info.callback.__name__))  # type: ignore[union-attr]
    ]
    groups = [info for info in app.registered_groups if info.name == verb]
    if not commands and not groups:
        return None  # help, or a typo: click suggests the right name from all of them
    trimmed = copy.copy(app)
    trimmed.registered_commands, trimmed.registered_groups = commands, groups
    return trimmed


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
        typer.Option(
            "--user",
            "-u",
            help="Act as this user.",
            envvar="CRM_USER",
            show_envvar=True,
            autocompletion=_complete.users,
        ),
    ] = None,
    no_hooks: Annotated[
        bool,
        typer.Option(
            "--no-hooks",
            help="Run no hooks (the executables in the config directory's hooks/).",
            envvar="CRM_NO_HOOKS",
            show_envvar=True,
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """crm: customers, contacts and everything you do with them, from the shell."""
    check_text(["--db", db, "--user", user])
    ctx.obj = Session(db_url=db, login=user, hooks=not no_hooks)


def _close_store() -> None:
    """Close the database if the command opened it: on SQLite the last connection to close
    checkpoints the WAL, so the main file alone holds every change (a copy is a backup)."""
    db = sys.modules.get("crm_cli.store.core.db")  # not imported: nothing was opened
    if db is not None:
        db.close_store()


def main() -> None:
    # One process runs one command, so collecting cycles among everything imported is
    # wasted work at exit: the final collection cost ~15 ms of a ~100 ms `customer add`.
    # Frozen objects are still freed by reference counting; only the scans are skipped.
    gc.freeze()
    try:
        app()
    finally:
        _close_store()
        gc.freeze()
