"""The customer center's side panel: statuses with their counts, and saved searches."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, ListItem, ListView

from crm_cli.i18n import _, customer_status, tr
from crm_cli.store.customers import saved_searches, statuses
from crm_cli.tui.ports import Crm


class SidePanel(Vertical):
    """Picking an item is the screen's business (``ListView.Selected`` on #statuses or
    #searches); the item's name is the status or the saved search, "" for all."""

    def compose(self) -> ComposeResult:
        yield Label(_("Statuses"), classes="section-title")
        yield ListView(id="statuses")
        yield Label(_("Saved searches"), classes="section-title")
        yield ListView(id="searches")

    @work(group="side", exclusive=True)
    async def refresh_lists(self) -> None:
        app = cast(Crm, self.app)
        searches = await app.attempt(saved_searches.list_searches, app.user)
        self._fill("#searches", (ListItem(Label(s.name), name=s.name) for s in searches or []))
        # Counting every customer by status reads the whole table: the counting thread's work.
        found = await app.count(statuses.list_statuses, app.user, now=app.now)
        total = sum(s.customers for s in found or [])
        items = [ListItem(Label(tr("All ({total})", total=f"{total:,}")), name="")]
        items += [
            ListItem(Label(f"{customer_status(s.name)} ({s.customers:,})"), name=s.name)
            for s in found or []
        ]
        self._fill("#statuses", items)

    def _fill(self, selector: str, items: Iterable[ListItem]) -> None:
        # Not awaited: between a store call's answer (checked still wanted) and the lists
        # there is no await, so they cannot be closing with the app meanwhile.
        view = self.query_one(selector, ListView)
        view.clear()
        view.extend(items)
