"""The customer center: statuses and saved searches, the grid, the record panel, details."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, ListView, Static

from crm_cli.i18n import _, tr
from crm_cli.store.core.errors import CrmError
from crm_cli.store.customers import query as customer_query
from crm_cli.store.customers import saved_searches
from crm_cli.store.customers.query import CustomerFilter
from crm_cli.store.customers.records import Customer
from crm_cli.store.overview import customer360
from crm_cli.store.overview.customer360 import CustomerView
from crm_cli.store.pool import views as pool_views
from crm_cli.tui.actions import columns, evaluations, manage, rows, search_terms, tickets
from crm_cli.tui.actions import customers as customer_flows
from crm_cli.tui.ports import Crm
from crm_cli.tui.widgets.common import Footer, MessageLine
from crm_cli.tui.widgets.detail import TABS, DetailTabs, record_text
from crm_cli.tui.widgets.grid import PAGE, CustomerGrid, Query
from crm_cli.tui.widgets.side import SidePanel

SEARCH_DELAY = 0.2  # seconds of quiet typing before the search runs
VIEW_DELAY = 0.1  # the record panel follows the cursor after it rests this long
WIDE = 150  # columns from which the side panel shows beside a grid of every column
FLOWS = (customer_flows, manage, tickets, evaluations)  # where the keys' flows live


class CenterScreen(Screen[None]):
    CSS_PATH = "center.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        # A priority binding runs as the key arrives, before the keys typed after it are
        # handed to the grid (disabled while a text box has the focus: "/" is text there).
        Binding("slash", "focus_search", "Search", key_display="/", priority=True),
        Binding("f", "filter", "Filter"),
        Binding("x", "clear", "Clear"),
        Binding("o", "sort", "Sort"),
        Binding("r", "reverse", "Reverse", show=False),
        Binding("s", "side", "Side", show=False),
        Binding("v", "columns", "Columns", show=False),
        Binding("a", "act('add_customer')", "Add"),
        Binding("e", "act('edit_customer')", "Edit"),
        Binding("c", "act('add_contact')", "Contact+"),
        Binding("l", "act('log_contact')", "Log call"),
        Binding("n", "act('add_opportunity')", "Deal"),
        Binding("w", "act('add_quote')", "Quote"),
        Binding("b", "act('order_from_quote')", "Order"),
        Binding("m", "act('pay')", "Pay"),
        Binding("T", "act('add_ticket')", "Service ticket", show=False),
        Binding("E", "act('evaluate')", "Evaluate", show=False),
        Binding("S", "act('submit_order')", "Submit order", show=False),
        Binding("V", "act('approve_order')", "Approve order", show=False),
        Binding("t", "act('transfer')", "Transfer", show=False),
        Binding("d", "act('delegate')", "Delegate", show=False),
        Binding("u", "act('audit')", "Audit", show=False),
        Binding("delete", "act('delete')", "Delete", show=False),
        Binding("ctrl+r", "act('restore')", "Restore", show=False),
        Binding("P", "act('move_to_pool')", "To pool", show=False),
        Binding("ctrl+s", "act('save_search')", "Save search", show=False),
        Binding("right_square_bracket", "tab(1)", "Next tab", key_display="]", show=False),
        Binding("left_square_bracket", "tab(-1)", "Prev tab", key_display="[", show=False),
        Binding("escape", "focus_grid", "Grid", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_state = Query()
        self.view: CustomerView | None = None
        self.total: int | None = None
        self._search_timer: Timer | None = None
        self._view_timer: Timer | None = None
        self._stale = False

    @property
    def crm(self) -> Crm:
        return cast(Crm, self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield SidePanel(id="side")
            with Vertical(id="main"):
                with Horizontal(id="searchbar"):
                    yield Input(placeholder=_("Search: name, code, pinyin, phone"), id="search")
                    yield Static("", id="count")
                with Horizontal(id="upper"):
                    yield CustomerGrid(columns.saved())
                    yield Static("", id="record")
                yield DetailTabs(id="details")
        yield MessageLine(_("Ready. ? lists every key."))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(CustomerGrid).focus()
        self.reload()
        self.refresh_side()

    def on_screen_suspend(self) -> None:
        # Left for another screen (pool, home), not a dialog: what is done there, a claim or
        # a release, shows in the grid and the counts on the way back.
        self._stale = not self.app.screen.is_modal

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.reload()
            self.refresh_side()

    def on_resize(self) -> None:
        # Below WIDE the side panel waits behind `s`: the grid's columns need the room.
        self.set_class(self.size.width < WIDE, "narrow")

    @property
    def grid(self) -> CustomerGrid:
        return self.query_one(CustomerGrid)

    # -- loading ---------------------------------------------------------------
    def reload(self, query: Query | None = None) -> None:
        """Show the first page of ``query`` (default: the current one) and count it."""
        self.query_state = query or self.query_state
        self._load_first(self.query_state, self.grid.restart())

    @work(group="grid", exclusive=True)
    async def _load_first(self, query: Query, generation: int) -> None:
        app, grid = self.crm, self.grid
        page = await app.attempt(
            customer_query.list_customers, app.user, query.flt,
            sort=query.sort, limit=PAGE, now=app.now,
        )  # fmt: skip
        if page is None or not grid.append(generation, page):
            return
        self._show_count(None)
        self._schedule_view()
        # On the counting thread: a search typed meanwhile replaces this worker (the count is
        # dropped, or never starts) and its first page does not wait for the count.
        total = await app.count(customer_query.count_customers, app.user, query.flt, now=app.now)
        if generation == grid.generation:
            self._show_count(total)

    @work(group="page")
    async def _load_more(self) -> None:
        app, grid, query = self.crm, self.grid, self.query_state
        generation, grid.loading = grid.generation, True
        page = await app.attempt(
            customer_query.list_customers, app.user, query.flt,
            sort=query.sort, limit=PAGE, offset=len(grid.customers), now=app.now,
        )  # fmt: skip
        if page is not None and grid.append(generation, page):
            self._show_count(self.total)

    def _show_count(self, total: int | None) -> None:
        self.total = total
        counted = f"{total:,}" if total is not None else "…"
        of = tr("{shown} of {total}", shown=f"{len(self.grid.customers):,}", total=counted)
        desc = self.query_state.describe()
        self.query_one("#count", Static).update(f"{of}  {desc}" if desc else of)

    def refresh_side(self) -> None:
        self.query_one(SidePanel).refresh_lists()

    # -- the highlighted customer ---------------------------------------------
    def current(self) -> Customer | None:
        return self.grid.current()

    def _schedule_view(self) -> None:
        if self._view_timer is not None:
            self._view_timer.stop()
        self._view_timer = self.set_timer(VIEW_DELAY, self._load_view)

    def _load_view(self) -> None:
        self.load_view(self.current())

    @work(group="view", exclusive=True)
    async def load_view(self, customer: Customer | None) -> None:
        view, history = None, []
        if customer is not None:
            app = self.crm
            view = await app.attempt(
                customer360.customer_view, app.user, customer.code, now=app.now
            )
            try:
                history = await app.store(pool_views.pool_log, app.user, customer.code, now=app.now)
            except CrmError:
                history = []  # not a pool member: the pool tab stays empty
        self.view = view
        self.query_one("#record", Static).update(record_text(view))
        self.query_one(DetailTabs).show(view, history)

    def latest(self, tab: str) -> str:
        row = self.query_one(DetailTabs).latest(tab)
        return str(row["code"]) if row else ""

    @on(DataTable.RowHighlighted, "#grid")
    def _row_moved(self) -> None:
        if self.grid.wants_more():
            self._load_more()
        self._schedule_view()

    @on(DataTable.HeaderSelected, "#grid")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        self.reload(self.query_state.sorted_by(str(event.column_key.value)))

    @on(DetailTabs.RowAction)
    def _row_action(self, event: DetailTabs.RowAction) -> None:
        rows.row_step(self, event.verb, event.tab, event.row)

    # -- search, filters, sort -------------------------------------------------
    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._apply_search)

    @on(Input.Submitted, "#search")
    def _search_now(self) -> None:
        self._apply_search()
        self.grid.focus()

    def _apply_search(self) -> None:
        # Plain words search as before; fields, tags, @named filters are terms (SH-1).
        search_terms.apply_search(self, self.query_one("#search", Input).value.strip())

    @on(ListView.Selected, "#statuses")
    def _status_chosen(self, event: ListView.Selected) -> None:
        q = self.query_state
        self.reload(q._replace(flt=q.flt._replace(status=event.item.name or None)))

    @on(ListView.Selected, "#searches")
    def _saved_chosen(self, event: ListView.Selected) -> None:
        self.apply_saved(event.item.name or "")

    @work(group="grid-saved", exclusive=True)
    async def apply_saved(self, name: str) -> None:
        app = self.crm
        saved = await app.attempt(saved_searches.get_search, app.user, name)
        if saved is not None:
            self.query_one("#search", Input).value = search_terms.box_text(saved.filter)
            self.reload(Query(saved.filter, saved.sort))
            app.report(tr("Saved search {name!r}", name=name))

    def show_customer(self, code: str) -> None:
        """Show the customer ``code`` alone (the home's to-do list opens its items here)."""
        box = self.query_one("#search", Input)
        with box.prevent(Input.Changed):  # no second search when the typing timer fires
            box.value = code
        self._stale = False  # these reloads are the ones the way back would make
        self.reload(Query(CustomerFilter(search=code), self.query_state.sort))
        self.refresh_side()
        self.grid.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "focus_search" and isinstance(self.focused, Input))

    def action_focus_search(self) -> None:
        # Now, not on the next tick as focus() would: the keys typed right after `/` are
        # already queued behind it, and must reach the search box, not the grid.
        self.set_focus(self.query_one("#search", Input))

    def action_focus_grid(self) -> None:
        self.grid.focus()

    def action_clear(self) -> None:
        self.query_one("#search", Input).value = ""
        self.reload(Query(CustomerFilter(), self.query_state.sort))

    def action_sort(self) -> None:
        """Cycle the sort through the grid's columns (a header click sorts by that column)."""
        self.reload(self.query_state.sorted_by(self.query_state.next_column(self.grid.keys)))

    def action_reverse(self) -> None:
        self.reload(self.query_state.reversed())

    def action_side(self) -> None:
        self.query_one("#side").toggle_class("shown")

    def action_columns(self) -> None:
        self.run_worker(columns.choose(self.crm, self.grid), group="action", exclusive=True)

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(DetailTabs)
        ids = [f"tab-{key}" for key in TABS]
        tabs.active = ids[(ids.index(tabs.active) + step) % len(ids)]

    def action_filter(self) -> None:
        manage.add_filter(self)

    def action_act(self, name: str) -> None:
        flow: Any = next(getattr(m, name) for m in FLOWS if hasattr(m, name))
        flow(self)
