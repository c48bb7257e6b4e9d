"""Choose the customer grid's columns: a list to tick (Space or Enter), Ctrl+S saves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, SelectionList, Static

from crm_cli.i18n import _


class ColumnsDialog(ModalScreen[tuple[str, ...] | None]):
    """The ticked columns, in the grid's order; None when cancelled."""

    DEFAULT_CSS = """
    ColumnsDialog { align: center middle; }
    ColumnsDialog > Vertical {
        width: 50; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    ColumnsDialog .title { text-style: bold; }
    ColumnsDialog SelectionList { height: auto; max-height: 14; }
    ColumnsDialog Horizontal { height: auto; align: right middle; }
    ColumnsDialog Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, choices: Sequence[tuple[str, str]], chosen: Sequence[str]) -> None:
        """``choices``: (key, title) of each column that may be hidden."""
        super().__init__()
        self.choices = list(choices)
        self.chosen = set(chosen)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Grid columns"), classes="title")
            yield Static(_("Space ticks a column, Ctrl+S saves. A column the width has no room "
                           "for is left out."))  # fmt: skip
            yield SelectionList[str](
                *((title, key, key in self.chosen) for key, title in self.choices)
            )
            with Horizontal():
                yield Button(_("Save"), variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")

    def action_save(self) -> None:
        ticked = set(self.query_one(SelectionList).selected)
        self.dismiss(tuple(key for key, _ in self.choices if key in ticked))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
