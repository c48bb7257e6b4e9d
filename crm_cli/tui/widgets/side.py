"""The customer center's side panel: statuses with their counts, and saved searches."""

from __future__ import annotations

from typing import cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, ListItem, ListView

from crm_cli.store.customers import saved_searches, statuses
from crm_cli.tui.ports import Crm


class SidePanel(Vertical):
    """Picking an item is the screen's business (``ListView.Selected`` on #statuses or
    #searches); the item's name is the status or the saved search, "" for all."""

    def compose(self) -> ComposeResult:
        yield Label("Statuses", classes="section-title")
        yield ListView(id="statuses")
        yield Label("Saved searches", classes="section-title")
        yield ListView(id="searches")

    @work(group="side", exclusive=True)
    async def refresh_lists(self) -> None:
        app = cast(Crm, self.app)
        found = await app.attempt(statuses.list_statuses, app.user, now=app.now)
        searches = await app.attempt(saved_searches.list_searches, app.user)
        status_list = self.query_one("#statuses", ListView)
        await status_list.clear()
        total = sum(s.customers for s in found or [])
        await status_list.append(ListItem(Label(f"All ({total:,})"), name=""))
        for s in found or []:
            await status_list.append(ListItem(Label(f"{s.name} ({s.customers:,})"), name=s.name))
        search_list = self.query_one("#searches", ListView)
        await search_list.clear()
        for saved in searches or []:
            await search_list.append(ListItem(Label(saved.name), name=saved.name))
