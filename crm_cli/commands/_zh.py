"""The command line in Chinese (issue 17): help texts, usage lines and click's own errors.

Imported only when the interface language is Chinese. Help texts stay English in the code
(docstrings, ``help=``); the commands a run builds get theirs translated in place, so the
catalog's msgids are exactly what ``tools/i18n_catalog.py`` reads from the built tree.
Click writes its usage errors as English f-strings (Typer's copy of it has no gettext),
so ``USAGE_PATTERNS`` recognise them and give a catalog template for each.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from typing import IO, Any

import typer
import typer.core
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer._click.formatting import HelpFormatter

from crm_cli.i18n import N_, _, render


class ZhFormatter(HelpFormatter):
    """Click's formatter with a Chinese usage prefix and headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class ZhContext(typer.Context):
    formatter_class = ZhFormatter

    def make_formatter(self) -> HelpFormatter:
        # Called just before a help text or usage line is written: the moment Typer's rich
        # help (used by the sub-apps) needs its titles, imported at no other time.
        _rich_titles(chinese=True)
        # click makes the help option after the tree was translated: its text, here.
        option = self.command.get_help_option(self)
        if option is not None and option.help:
            option.help = _(option.help)
        return super().make_formatter()


# typer.rich_utils' texts, computed when it is imported: set per run, English restored.
RICH_TEXTS = {
    "DEPRECATED_STRING": N_("(deprecated) "),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}


def _rich_titles(*, chinese: bool) -> None:
    if chinese:
        from typer import rich_utils
    elif (rich_utils := sys.modules.get("typer.rich_utils")) is None:  # type: ignore[assignment]
        return
    for name, english in RICH_TEXTS.items():
        setattr(rich_utils, name, _(english) if chinese else english)


def english() -> None:
    """Back to English for a later run in this process (tests run many)."""
    _rich_titles(chinese=False)


def install() -> None:
    """Route Typer's own gettext calls ("Options", "default: …", "required") to our catalog:
    it reads the default gettext domain, which follows only the locale, not the config."""
    typer.core._ = _


def translate_tree(command: Any) -> None:
    """``command`` and everything under it: help texts in Chinese, a Chinese formatter."""
    command.context_class = ZhContext
    for attr in ("help", "short_help", "epilog"):
        text = getattr(command, attr, None)
        if text:
            setattr(command, attr, _(text))
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _(param.help)
    for sub in getattr(command, "commands", {}).values():
        translate_tree(sub)


# (pattern of click's English message, its catalog template): the groups fill the template.
USAGE_PATTERNS = [
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
        N_("No such option: {name} (did you mean: {options}?)"),
    ),
    (r"No such option: (?P<name>.+)", N_("No such option: {name}")),
    # Typer's "No such command" arrives translated (``install``), then it appends this:
    (
        r"(?P<message>.+?)\.? Did you mean (?P<options>.+)\?",
        N_("{message}. Did you mean {options}?"),
    ),
    (r"Missing option (?P<name>.+?)\.(?P<rest>.*)", N_("Missing option {name}.{rest}")),
    (r"Missing argument (?P<name>.+?)\.(?P<rest>.*)", N_("Missing argument {name}.{rest}")),
    (r"Missing parameter(?P<name>.*?)\.(?P<rest>.*)", N_("Missing parameter{name}.{rest}")),
    (
        r"Got unexpected extra arguments? \((?P<args>.*)\)",
        N_("Got unexpected extra arguments ({args})"),
    ),
    (r"Option '(?P<name>.+)' requires an argument\.", N_("Option '{name}' requires a value.")),
    (
        r"Option '(?P<name>.+)' requires (?P<n>\d+) arguments\.",
        N_("Option '{name}' requires {n} values."),
    ),
    (
        r"Option '(?P<name>.+)' does not take a value\.",
        N_("Option '{name}' does not take a value."),
    ),
    (r"Invalid value for (?P<name>.+?): (?P<reason>.*)", N_("Invalid value for {name}: {reason}")),
    (r"Invalid value: (?P<reason>.*)", N_("Invalid value: {reason}")),
    (r"(?P<value>.+) is not a valid integer\.", N_("{value} is not a whole number.")),
    (r"(?P<value>.+) is not a valid float\.", N_("{value} is not a number.")),
    (
        r"(?P<value>.+) is not a valid boolean\. Recognized values: (?P<values>.*)",
        N_("{value} is not yes or no; one of: {values}"),
    ),
    (
        r"(?P<value>.+) does not match the formats (?P<formats>.*)\.",
        N_("{value} matches none of the formats {formats}."),
    ),
    (
        r"(?P<value>.+) is not in the range (?P<range>.*)\.",
        N_("{value} is not in the range {range}."),
    ),
]
_COMPILED = [(re.compile(pattern, re.S), template) for pattern, template in USAGE_PATTERNS]


def click_message(message: str) -> str:
    """Click's English ``message`` in Chinese; a reason inside is translated too."""
    for pattern, template in _COMPILED:
        match = pattern.fullmatch(message)
        if match:
            params = match.groupdict()
            if "reason" in params:
                params["reason"] = click_message(params["reason"])
            return render(template, params)
    return _(message)


class ZhUsageError(UsageError):
    """A usage error shown as click shows it, in Chinese (same exit code)."""

    def __init__(self, original: UsageError) -> None:
        super().__init__(original.format_message(), original.ctx)
        self.exit_code = original.exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        if self.ctx is not None:
            hint = ""
            if self.ctx.command.get_help_option(self.ctx) is not None:
                hint = render(
                    N_("Try '{command} {option}' for help."),
                    {"command": self.ctx.command_path, "option": self.ctx.help_option_names[0]},
                )
                hint += "\n"
            typer.echo(f"{self.ctx.get_usage()}\n{hint}", file=file, err=file is None)
        line = render(N_("Error: {message}"), {"message": click_message(self.message)})
        typer.echo(line, file=file, err=file is None)


@contextlib.contextmanager
def chinese_usage_errors() -> Iterator[None]:
    """Usage errors raised inside come out in Chinese; a bare group's help stays help."""
    try:
        yield
    except NoArgsIsHelpError:
        raise
    except UsageError as exc:
        if isinstance(exc, ZhUsageError):
            raise
        raise ZhUsageError(exc) from None
