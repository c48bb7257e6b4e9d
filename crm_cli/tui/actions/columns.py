"""The grid's column chooser: the choice is saved in the personal config file
(``tui.columns``), so each person's grid opens with their columns."""

from __future__ import annotations

from crm_cli import config
from crm_cli.i18n import tr
from crm_cli.tui.dialogs.columns import ColumnsDialog
from crm_cli.tui.ports import Crm
from crm_cli.tui.widgets.grid import ALWAYS, CHOICES, DEFAULT, CustomerGrid, title

KEY = "tui.columns"


def saved() -> tuple[str, ...]:
    """The columns this person chose (the default ones when none or unreadable)."""
    try:
        text = config.load().get(KEY, "")
    except ValueError:  # an unreadable config file: the default, as `crm` would
        return DEFAULT
    chosen = {part.strip() for part in text.split(",")}
    return tuple(k for k in CHOICES if k in chosen or k in ALWAYS) if text else DEFAULT


async def choose(app: Crm, grid: CustomerGrid) -> None:
    """Ask which columns to show; show and save the answer."""
    choices = [(key, title(key)) for key in CHOICES if key not in ALWAYS]
    chosen = await app.push_screen_wait(ColumnsDialog(choices, grid.chosen))
    if chosen is None:
        return
    columns = (*ALWAYS, *chosen)
    grid.choose(columns)
    try:
        config.save(KEY, ",".join(columns))
    except OSError as exc:
        app.report(tr("Columns shown, not saved: {error}", error=exc), error=True)
        return
    app.report(tr("Columns: {columns}", columns=", ".join(title(k) for k in columns)))
