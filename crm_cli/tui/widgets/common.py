"""Small widgets the screens share: the message line, a record table and the footer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import widgets
from textual.app import ComposeResult
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey

from crm_cli import i18n


class MessageLine(Static):
    """The one-line message area at the bottom of a screen."""


class Footer(widgets.Footer):
    """Textual's footer, rebuilt only in front, and only when its keys changed.

    Textual's own rebuilds its keys on every bindings signal of its screen (a focus
    change, the screen going behind or coming back), in front or behind, once per signal,
    whether or not the keys changed: a screen left behind while it still loaded rebuilt
    its footer twice more, and a newly opened screen twice (50 to 170 ms each on a busy
    machine, restyling every key), which delayed the first keys typed on it. A screen
    coming to the front signals again, so a footer skipped while behind catches up then.
    """

    _rebuild_pending = False
    _shown: tuple[tuple[str, str, bool], ...] | None = None

    def compose(self) -> ComposeResult:
        # The keys' descriptions are English msgids (BINDINGS is read at import): each is
        # translated here, as it is shown, in the language of this run.
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description:
                widget.description = i18n._(widget.description)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not screen.is_current or self._rebuild_pending:
            return
        self._rebuild_pending = True
        self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached or not self.screen.is_active:
            return
        keys = tuple(
            (binding.key, binding.description, enabled)
            for _, binding, enabled, _ in self.screen.active_bindings.values()
            if binding.show
        )
        if keys != self._shown:
            self._shown = keys
            await self.recompose()


# Columns whose values are the code's own words or a team list's defaults (as `crm`'s tables
# translate them): shown in the interface language. A team's own values are data, shown as
# stored; customer statuses have their own context (`i18n.customer_status`, used by the grid).
ENUMERATED = ("method", "result", "next_status", "status", "kind", "priority", "role", "metric",
              "category", "strategy", "type", "stage", "goal")  # fmt: skip


def NC_(context: str, message: str) -> str:
    """Marks ``message`` in ``context`` for the catalog; translated where it is shown."""
    return message


# Values of the TUI's own tables beyond the CLI's (`commands._words`): the inbox's kinds and
# the work reports' periods.
KINDS = (
    NC_("value", "order"), NC_("value", "quote"), NC_("value", "expense"),
    NC_("value", "day"), NC_("value", "week"), NC_("value", "month"),
)  # fmt: skip


def heading(key: str) -> str:
    """A column's title: the CLI's Chinese title (context ``column``), else the key."""
    return i18n.column(key).replace("_", " ")


def word(key: str, value: Any) -> Any:
    """An enumerated value (a contact method, an order status) in the interface language."""
    if isinstance(value, str) and value and key in ENUMERATED:
        return i18n.pgettext("value", value)
    return value


def cell(value: Any) -> str:
    """A value as the grid shows it: money with two decimals, dates ISO, None blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return i18n.pgettext("value", "yes") if value else ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={cell(v)}" for k, v in value.items())
    return str(value).replace("\n", " ")


def money_cell(text: str) -> Text:
    """Amounts line up on the decimal point: right-aligned in their column."""
    return Text(text, justify="right")


def table_cell(value: Any) -> str | Text:
    """A value as a table cell: `cell`, with money right-aligned."""
    text = cell(value)
    return money_cell(text) if isinstance(value, Decimal) else text


class WidthAwareTable(DataTable[str | Text]):
    """A DataTable that draws its rows afresh at a new width. DataTable keeps each row's
    drawing without the width it was drawn at, trusting a Resize message to clear it; CI
    once caught the home's cursor row drawn at the width it had before a scrollbar left,
    two cells short."""

    _drawn_width = -1

    def render_line(self, y: int) -> Strip:
        if self.size.width != self._drawn_width:
            self._drawn_width = self.size.width
            self._clear_caches()
        return super().render_line(y)


class RecordTable(WidthAwareTable):
    """A read-only table of dict rows with fixed columns, row cursor; money right-aligned."""

    def __init__(
        self, columns: Sequence[str], *, id: str | None = None,
        titles: Mapping[str, str] | None = None,
    ) -> None:  # fmt: skip
        """``titles``: an English title (a msgid) for a key whose column title does not fit
        here (an event's ``title`` is no person's job title)."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.keys = tuple(columns)
        self.titles = dict(titles or {})
        self.rows_shown: list[Mapping[str, Any]] = []

    def heading(self, key: str) -> str:
        return i18n._(self.titles[key]) if key in self.titles else heading(key)

    def on_mount(self) -> None:
        self.add_columns(*(self.heading(k) for k in self.keys))

    def show(self, rows: Iterable[Mapping[str, Any]]) -> None:
        # Columns too, each as wide as its widest cell (CJK counts two), set before any row
        # is drawn: left to DataTable, the widths follow the rows a frame later, and a screen
        # drawn in between has a header that does not line up with its rows.
        self.rows_shown = list(rows)
        labels = [self.heading(k) for k in self.keys]
        lines = [[table_cell(word(k, row.get(k))) for k in self.keys] for row in self.rows_shown]
        widths = [max(map(cell_len, map(str, col))) for col in zip(labels, *lines, strict=True)]
        self.clear(columns=True)
        for i, (label, width) in enumerate(zip(labels, widths, strict=True)):
            # A money column's title sits over its amounts, at the right.
            money = any(isinstance(line[i], Text) for line in lines)
            self.add_column(money_cell(label) if money else label, width=width)
        self.add_rows(lines)

    def current(self) -> Mapping[str, Any] | None:
        if not self.rows_shown or self.cursor_row < 0 or self.cursor_row >= len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]
