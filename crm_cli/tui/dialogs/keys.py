"""Every key of the screen behind, in as many columns as the terminal's width takes (`?`).

Textual's own key panel is a narrow strip beside the screen that lists the focused table's
cursor keys first and cannot be scrolled from the keyboard: at 80x24 it cut most of the
customer center's keys. This dialog fills the terminal instead, lists the screen's keys
(those hidden from the footer too), the keys of its parts (a detail tab's table) and those
of every screen, and scrolls with the arrows. Escape or `?` closes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.table import Table
from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from crm_cli.i18n import _

Entry = tuple[str, str]  # the key as shown, what it does
GAP = 3  # cells between a key's description and the next column


def entries(node: DOMNode, *, checked: bool = False) -> list[Entry]:
    """The keys ``node``'s class binds; ``checked``: without those its ``check_action``
    hides (a pool admin's keys, for a member)."""
    found: list[Entry] = []
    for binding in type(node).BINDINGS:
        if not isinstance(binding, Binding):
            continue
        _name, action, params = parse(binding.action)
        if checked and node.check_action(action, params) is False:
            continue
        keys = binding.key_display or "/".join(
            node.app.get_key_display(b) for b in Binding.make_bindings([binding])
        )
        found.append((keys, _(binding.description)))
    return found


def sections(screen: Screen[Any]) -> list[tuple[str, list[Entry]]]:
    """The screen's keys, its parts' (a widget that names them with KEYS_TITLE), the app's."""
    found = [(_("This screen"), entries(screen, checked=True))]
    seen: set[type] = set()
    for widget in screen.query("*"):
        title = getattr(type(widget), "KEYS_TITLE", None)
        if title and type(widget) not in seen:
            seen.add(type(widget))
            found.append((_(title), entries(widget)))
    found.append((_("Every screen"), entries(screen.app)))
    return [(title, keys) for title, keys in found if keys]


def grid(keys: Sequence[Entry], width: int) -> Table:
    """The keys down as many columns as ``width`` cells take, none cut."""
    key_w = max(cell_len(k) for k, _d in keys)
    text_w = max(cell_len(d) for _k, d in keys)
    columns = max(1, (width + GAP) // (key_w + 1 + text_w + GAP))
    rows = -(-len(keys) // columns)
    table = Table.grid(padding=(0, GAP, 0, 0))
    for _column in range(columns):
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column(no_wrap=True)
    for r in range(rows):
        cells: list[str] = []
        for c in range(columns):
            i = c * rows + r
            cells.extend(keys[i] if i < len(keys) else ("", ""))
        table.add_row(*cells)
    return table


class KeysDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    KeysDialog { align: center middle; }
    KeysDialog > VerticalScroll {
        width: 100%; max-width: 120; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    KeysDialog Label { text-style: bold; color: $accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def __init__(self, keys: Iterable[tuple[str, list[Entry]]], width: int) -> None:
        super().__init__()
        self.keys = list(keys)
        self.width = width

    def compose(self) -> ComposeResult:
        # The border and the padding take four cells of the width.
        inner = min(self.width, 120) - 4
        with VerticalScroll():
            for title, keys in self.keys:
                # No blank lines: at 80x24 the center's keys fit without scrolling.
                yield Label(title)
                yield Static(grid(keys, inner))

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # the arrows scroll it
