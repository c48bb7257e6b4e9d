"""The home's to-do list: `crm today`'s digest, one titled table per kind.

The kinds come in the store's order and, within a kind, the most urgent first (overdue,
today, ahead), as `crm today` prints them; a kind with nothing due is not shown. Enter on
an item asks the screen to open its record (`DigestList.Chosen`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Label

from crm_cli.i18n import N_, _, phrase, tr
from crm_cli.store.overview.digest import KINDS, Digest
from crm_cli.tui.widgets.common import RecordTable

COLUMNS = ("when", "due", "customer_name", "text", "amount")
# The store's titles of the kinds (`digest.KINDS`), for the catalog: shown translated.
TITLES = (
    N_("Today's events"), N_("Waiting for my approval"), N_("Next contacts"), N_("Reminders"),
    N_("Service tickets due"), N_("Service tickets assigned to me"), N_("Next services"),
    N_("Installments due"), N_("Receivables due"), N_("Annual service fees ending"),
    N_("Contact birthdays"), N_("Pool protection ending"), N_("Work reports to submit"),
    N_("Work reports to comment on"),
)  # fmt: skip


def when(overdue_days: int) -> str:
    """How late (or how far ahead) an item is, as `crm today` says it."""
    if overdue_days > 0:
        return tr("overdue {days}d", days=overdue_days)
    return _("today") if overdue_days == 0 else tr("in {days}d", days=-overdue_days)


class DigestList(Vertical):
    """Every kind's title and table, composed once; `show` fills them and hides the empty."""

    DEFAULT_CSS = """
    DigestList { height: auto; }
    DigestList Label { padding: 0 1; color: $text-muted; }
    DigestList RecordTable { height: auto; max-height: 8; }
    """

    class Chosen(Message):
        """Enter on an item: ``row`` is the item's dict (kind, customer, ref …)."""

        def __init__(self, row: Mapping[str, Any]) -> None:
            super().__init__()
            self.row = row

    def compose(self) -> ComposeResult:
        for kind in KINDS:
            yield Label(_(kind.title), id=f"title-{kind.name}")
            yield RecordTable(COLUMNS, id=f"todo-{kind.name}")

    def show(self, digest: Digest | None, *, skip: str | None = None) -> None:
        """Fill the tables from ``digest``; kind ``skip`` (shown elsewhere) stays hidden."""
        groups = digest.groups() if digest is not None else []
        for kind, items in groups:
            shown = bool(items) and kind.name != skip
            title = self.query_one(f"#title-{kind.name}", Label)
            table = self.query_one(f"#todo-{kind.name}", RecordTable)
            title.display = table.display = shown
            total = digest.counts.get(kind.name, len(items)) if digest else 0
            title.update(
                tr("{title} ({total}, the first {shown})", title=_(kind.title), total=total,
                   shown=len(items))
                if total > len(items)
                else tr("{title} ({total})", title=_(kind.title), total=total)
            )  # fmt: skip
            table.show(self._row(i) for i in items)

    @staticmethod
    def _row(item: Any) -> dict[str, Any]:
        """An item as its table shows it: its text (the store's ``Phrase``) translated."""
        return {**item.to_dict(), "when": when(item.overdue_days), "text": phrase(item.text)}

    def tables(self) -> Iterator[RecordTable]:
        """The shown kinds' tables, top to bottom."""
        return (t for t in self.query(RecordTable) if t.display)

    def rows(self) -> list[Mapping[str, Any]]:
        """Every item shown, in order."""
        return [row for table in self.tables() for row in table.rows_shown]

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        table = event.data_table
        if isinstance(table, RecordTable) and (row := table.current()) is not None:
            self.post_message(self.Chosen(row))
