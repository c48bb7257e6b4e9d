"""Textual's command palette in the interface language (issue 17): its prompt and the
system commands Textual offers (theme, quit, keys, screenshot …), which Textual writes in
English only."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from textual.app import SystemCommand
from textual.command import CommandPalette

from crm_cli.i18n import N_, _

PROMPT = N_("Search for commands…")
# Textual's own titles and help lines (textual.app.App.get_system_commands), for the catalog.
TEXTUAL = (
    N_("Theme"), N_("Change the current theme"),
    N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"),
    N_("Maximize"), N_("Maximize the focused widget"),
    N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
)  # fmt: skip


def translated(commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """Each command with its title and help in the interface language (as they are when
    the catalog does not know them: a newer Textual's)."""
    for command in commands:
        yield command._replace(title=_(command.title), help=_(command.help))


def palette() -> CommandPalette:
    return CommandPalette(placeholder=_(PROMPT), id="--command-palette")
