"""Home (工作台): the digest of things to do, pipeline and amounts owed, pool protection.

Which parts a role sees is the setting `home.<role>` (comma-separated part names) when
the store knows it; every part otherwise.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static

from crm_cli.store.core.errors import CrmError
from crm_cli.store.customers.query import CustomerFilter
from crm_cli.tui.ports import Crm
from crm_cli.tui.widgets.common import MessageLine, RecordTable

PARTS = ("digest", "pipeline", "owed", "pool")
DIGEST_ROWS = 20  # per kind
OWED_ROWS = 20


def _parts(role: str) -> tuple[str, ...]:
    from crm_cli.store.core import settings

    try:
        chosen = settings.value_of(f"home.{role}")
    except (CrmError, KeyError):
        return PARTS
    return tuple(p.strip() for p in chosen.split(",") if p.strip() in PARTS) or PARTS


class HomeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("r", "reload", "Refresh")]
    DEFAULT_CSS = """
    HomeScreen RecordTable { height: auto; max-height: 12; }
    HomeScreen #pipeline { padding: 0 1; height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        # Finished loads, so a test (or a snapshot) can wait for a whole, drawn home.
        self.loads = 0

    @property
    def crm(self) -> Crm:
        return cast(Crm, self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Label("To do", classes="section-title part-digest")
            yield RecordTable(
                ("due", "urgency", "customer_name", "text", "amount", "kind", "customer"),
                id="digest",
            )
            yield Label("Pipeline", classes="section-title part-pipeline")
            yield Static("", id="pipeline")
            yield Label("Owed to me", classes="section-title part-owed")
            yield RecordTable(("code", "name", "balance_owed", "last_order"), id="owed")
            yield Label("Pool protection ending", classes="section-title part-pool")
            yield RecordTable(("code", "name", "protect_until", "days_left", "goal"), id="pool")
        yield MessageLine("")
        yield Footer()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.load()

    @work(group="home", exclusive=True)
    async def load(self) -> None:
        app = self.crm
        parts = await app.store(_parts, app.user.role)
        for part in PARTS:
            shown = part in parts
            for widget in self.query(f".part-{part}, #{part}"):
                widget.display = shown
        if "digest" in parts:
            await self._digest(app)
        if "pipeline" in parts:
            await self._pipeline(app)
        if "owed" in parts:
            flt = CustomerFilter(owner=app.user.login, where=("balance_owed > 0",))
            from crm_cli.store.customers import query as customer_query

            rows = await app.attempt(
                customer_query.list_customers, app.user, flt,
                sort="-balance_owed", limit=OWED_ROWS, now=app.now,
            )  # fmt: skip
            self.query_one("#owed", RecordTable).show(r.to_dict() for r in rows or [])
        if "pool" in parts:
            from crm_cli.store.pool import views as pool_views

            ending = await app.attempt(pool_views.protection_ending, app.user.id, app.today())
            self.query_one("#pool", RecordTable).show(i.to_dict() for i in ending or [])
        self.loads += 1

    async def _digest(self, app: Crm) -> None:
        from crm_cli.store.overview import digest

        # The most urgent of each kind, as `crm today` shows them: a big book's whole
        # backlog would cost seconds and fill no screen.
        found = await app.attempt(digest.build_digest, app.user, limit=DIGEST_ROWS, now=app.now)
        self.query_one("#digest", RecordTable).show(
            i.to_dict() for i in (found.items if found else [])
        )

    async def _pipeline(self, app: Crm) -> None:
        from crm_cli.store.sales import opportunities

        deals = await app.attempt(
            opportunities.list_opportunities, app.user, status="open", owner=app.user.login,
            now=app.now,
        )  # fmt: skip
        deals = deals or []
        total = sum((d.amount for d in deals), Decimal("0"))
        weighted = sum((d.amount * d.probability / 100 for d in deals), Decimal("0"))
        text = (
            f"{len(deals)} open opportunities · {total:,.2f} in total · "
            f"{weighted.quantize(Decimal('0.01')):,.2f} weighted by probability"
        )
        self.query_one("#pipeline", Static).update(text)
