"""The root group of `crm` (THE error translator) and the parts every run shares.

Each expected failure becomes one stderr line and its exit code; each run chooses its
interface language (issue 17); commands with a csv ``--format`` get ``--headers``.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from crm_cli import i18n
from crm_cli.commands import _output
from crm_cli.i18n import N_
from crm_cli.store.core.errors import CrmError


def _headers(ctx: typer.Context, param: Any, value: str | None) -> str | None:
    return value if ctx.resilient_parsing else _output.set_headers(value)


def add_headers_option(command: Any) -> None:
    """Give every command whose ``--format`` offers csv a ``--headers en|zh`` (issue 17):
    one option beside the shared FormatOpt, without a parameter in each signature."""
    for sub in getattr(command, "commands", {}).values():
        add_headers_option(sub)
    opts = [p for p in command.params if "--format" in getattr(p, "opts", ())]
    if not opts or not (opts[0].help or "").startswith("table, plain, csv"):
        return
    if any("--headers" in getattr(p, "opts", ()) for p in command.params):
        return
    from typer.core import TyperOption

    option = TyperOption(
        param_decls=["--headers"],
        type=str,
        default=None,
        expose_value=False,
        callback=_headers,
        metavar="en|zh",
        help="Language of the CSV/TSV header row: en (stable names, the default) or zh.",
    )
    command.params.insert(command.params.index(opts[0]) + 1, option)


def error_line(message: str) -> str:
    """``Error: message`` in the interface language (its first line only)."""
    first = message.splitlines()[0] if message else ""
    return i18n.render(N_("Error: {message}"), {"message": first})


message_of = i18n.message_of  # what the user reads for a store error (the TUI's too)


class CrmGroup(TyperGroup):
    """The root group: every expected failure becomes one stderr line and its exit code.

    It also chooses the interface language of each run (issue 17): in Chinese the help
    texts, the formatter and click's usage errors are made Chinese (``_zh``).
    """

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        i18n.use(None)  # each run chooses anew: tests run many in one process
        _output.set_headers(None)
        if not i18n.chinese():
            if "crm_cli.commands._zh" in sys.modules:  # a Chinese run before this one
                sys.modules["crm_cli.commands._zh"].english()
            return super().make_context(info_name, args, parent, **extra)
        from crm_cli.commands import _zh

        _zh.install()
        _zh.translate_tree(self)
        with _zh.chinese_usage_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        try:
            if not i18n.chinese():
                return super().invoke(ctx)
            from crm_cli.commands import _zh

            with _zh.chinese_usage_errors():
                return super().invoke(ctx)
        except CrmError as exc:
            typer.echo(error_line(message_of(exc)), err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo(i18n._("Interrupted."), err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # `crm customer list | head`: the reader left; not an error worth a traceback.
            sys.stderr.close()
            raise typer.Exit(0) from None
