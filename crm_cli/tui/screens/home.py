"""Home (工作台): the digest of things to do, pipeline and amounts owed, pool protection;
for a manager or an admin, what waits for their approval, the team's pipeline and its
target attainment (issue 14, point 6).

Which parts a role sees is the setting `home.<role>` (comma-separated part names) when
the store knows it; the role's default parts otherwise.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from crm_cli.i18n import _, tr
from crm_cli.store.core.errors import CrmError
from crm_cli.store.customers.query import CustomerFilter
from crm_cli.tui.ports import Crm, CustomerPane
from crm_cli.tui.widgets.common import Footer, MessageLine, RecordTable, word
from crm_cli.tui.widgets.digest import DigestList
from crm_cli.tui.widgets.home_charts import CHART_PARTS, ChartPart

PARTS = ("approvals", "digest", "team", "attainment", "pipeline", "owed", "pool", *CHART_PARTS)
DIGEST_ROWS = 20  # per kind
OWED_ROWS = 20
APPROVAL_ROWS = 50  # the oldest; `crm approvals` lists them all
APPROVAL_COLUMNS = ("kind", "code", "customer_name", "owner", "amount", "subject", "since",
                    "age_days")  # fmt: skip
TEAM_COLUMNS = ("name", "user", "open", "amount", "weighted")
# To-do kinds that open a screen of their own (the rest open their customer).
OPENS = {"schedule": "calendar", "report_missing": "work_reports",
         "report_to_comment": "work_reports"}  # fmt: skip
ATTAINMENT_COLUMNS = ("name", "metric", "target", "actual", "percent", "pipeline", "gap")


def _parts(role: str) -> tuple[str, ...]:
    from crm_cli.store.core import settings
    from crm_cli.store.overview.settings import DEFAULT_PARTS

    fallback = DEFAULT_PARTS.get(role, PARTS)
    try:
        chosen = settings.value_of(f"home.{role}")
    except (CrmError, KeyError):
        return fallback
    return tuple(p.strip() for p in chosen.split(",") if p.strip() in PARTS) or fallback


def approval_row(row: dict[str, Any]) -> dict[str, Any]:
    """An item to approve as the table shows it: an expense's subject is its category, one
    of the team's words (差旅 for travel)."""
    if row["kind"] == "expense":
        row["subject"] = word("category", row["subject"])
    return row


class HomeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "reload", "Refresh"),
        # Shown only with the inbox (``check_action``): a salesperson's footer is unchanged.
        # Rejecting is X, not x: x clears the search on the customer center.
        Binding("a", "approve", "Approve"),
        Binding("X", "reject", "Reject"),
    ]
    DEFAULT_CSS = """
    HomeScreen RecordTable { height: auto; max-height: 12; }
    HomeScreen #pipeline { padding: 0 1; height: auto; }
    HomeScreen .team-part { display: none; }
    """

    def __init__(self) -> None:
        super().__init__()
        # Finished loads, so a test (or a snapshot) can wait for a whole, drawn home.
        self.loads = 0
        self.parts: tuple[str, ...] = ()

    @property
    def crm(self) -> Crm:
        return cast(Crm, self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            # The team's parts start hidden: a salesperson's home never shows them at all.
            yield Label(_("Waiting for my approval"), id="approvals-title",
                        classes="section-title part-approvals team-part")  # fmt: skip
            yield RecordTable(APPROVAL_COLUMNS, id="approvals").set_class(True, "team-part")
            yield Label(_("To do"), classes="section-title part-digest")
            yield DigestList(id="digest")
            yield Label(_("Team pipeline"), classes="section-title part-team team-part")
            yield RecordTable(TEAM_COLUMNS, id="team").set_class(True, "team-part")
            yield Label(_("Team targets"), classes="section-title part-attainment team-part")
            yield RecordTable(ATTAINMENT_COLUMNS, id="attainment").set_class(True, "team-part")
            yield Label(_("Pipeline"), classes="section-title part-pipeline")
            yield Static("", id="pipeline")
            yield Label(_("Owed to me"), classes="section-title part-owed")
            yield RecordTable(("code", "name", "balance_owed", "last_order"), id="owed")
            yield Label(_("Pool protection ending"), classes="section-title part-pool")
            yield RecordTable(("code", "name", "protect_until", "days_left", "goal"), id="pool")
            for part in CHART_PARTS:  # drawn (plotext imported) only when a role has them
                yield ChartPart(part)
        yield MessageLine("")
        yield Footer()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.load()

    @work(group="home", exclusive=True)
    async def load(self) -> None:
        app = self.crm
        parts = self.parts = await app.store(_parts, app.user.role)
        for part in PARTS:
            shown = part in parts
            for widget in self.query(f".part-{part}, #{part}"):
                widget.display = shown
        self.refresh_bindings()
        loaders = {
            "approvals": self._approvals, "digest": self._digest, "team": self._team,
            "attainment": self._attainment, "pipeline": self._pipeline, "owed": self._owed,
            "pool": self._pool,
            **{part: self.query_one(f"#{part}", ChartPart).fill for part in CHART_PARTS},
        }  # fmt: skip
        for part in PARTS:  # top to bottom, as drawn
            if part in parts:
                await loaders[part](app)
        self.loads += 1

    async def _team(self, app: Crm) -> None:
        from crm_cli.store.overview import team

        people = await app.attempt(team.team_pipeline, app.user)
        self.query_one("#team", RecordTable).show(p.to_dict() for p in people or [])

    async def _attainment(self, app: Crm) -> None:
        from crm_cli.store.targets import attainment

        goals = await app.attempt(attainment.team_attainment, app.user, now=app.now)
        self.query_one("#attainment", RecordTable).show(g.to_dict() for g in goals or [])

    async def _owed(self, app: Crm) -> None:
        from crm_cli.store.customers import query as customer_query

        flt = CustomerFilter(owner=app.user.login, where=("balance_owed > 0",))
        rows = await app.attempt(
            customer_query.list_customers, app.user, flt,
            sort="-balance_owed", limit=OWED_ROWS, now=app.now,
        )  # fmt: skip
        self.query_one("#owed", RecordTable).show(r.to_dict() for r in rows or [])

    async def _pool(self, app: Crm) -> None:
        from crm_cli.store.pool import views as pool_views

        ending = await app.attempt(pool_views.protection_ending, app.user.id, app.today())
        self.query_one("#pool", RecordTable).show(i.to_dict() for i in ending or [])

    async def _digest(self, app: Crm) -> None:
        from crm_cli.store.overview import digest

        # The most urgent of each kind, as `crm today` shows them: a big book's whole
        # backlog would cost seconds and fill no screen.
        found = await app.attempt(digest.build_digest, app.user, limit=DIGEST_ROWS, now=app.now)
        # With the inbox on the same screen, its items are not listed twice.
        skip = "approval" if "approvals" in self.parts else None
        todo = self.query_one("#digest", DigestList)
        todo.show(found, skip=skip)
        first = next(todo.tables(), None)
        if not self.loads and skip is None and first is not None:
            first.focus()  # Enter opens the most urgent item right away

    @on(DigestList.Chosen)
    def _open(self, event: DigestList.Chosen) -> None:
        """Enter on a to-do item: its customer in the customer center, an event in the
        calendar, a work report on its screen."""
        row = event.row
        target = OPENS.get(str(row["kind"]))
        if target is None and row.get("customer"):
            center = cast(CustomerPane, self.app.get_screen("center"))
            center.show_customer(str(row["customer"]))
            target = "center"
        if target is None:
            self.crm.report(_("Nothing to open for this item"), error=True)
            return
        self.run_worker(self.app.run_action(f"go({target!r})"), group="home-open")

    async def _approvals(self, app: Crm) -> None:
        from crm_cli.store.overview import approvals

        rows = await app.attempt(
            approvals.list_approvals, app.user, now=app.now, limit=APPROVAL_ROWS
        )
        total = await app.attempt(approvals.count_approvals, app.user, now=app.now)
        table = self.query_one("#approvals", RecordTable)
        table.show(approval_row(r.to_dict()) for r in rows or [])
        if not self.loads:  # the first thing a manager's keys act on
            table.focus()
        title = (
            tr("Waiting for my approval ({total})", total=total)
            if total
            else _("Nothing waits for my approval")
        )
        self.query_one("#approvals-title", Label).update(title)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Approve and reject act on the inbox: hidden where the home shows none."""
        if action in ("approve", "reject"):
            return "approvals" in self.parts
        return True

    def action_approve(self) -> None:
        self._decide("approve")

    def action_reject(self) -> None:
        self._decide("reject")

    def _decide(self, verb: str) -> None:
        row = self.query_one("#approvals", RecordTable).current()
        if row is None:
            self.crm.report(_("Nothing waits for your approval"), error=True)
            return
        self.run_worker(self._decision(verb, row), group="action", exclusive=True)

    async def _decision(self, verb: str, row: Any) -> None:
        from crm_cli.tui.actions import approvals as flows

        if await getattr(flows, verb)(self.crm, row):
            self.load()

    async def _pipeline(self, app: Crm) -> None:
        from crm_cli.store.sales import opportunities

        deals = await app.attempt(
            opportunities.list_opportunities, app.user, status="open", owner=app.user.login,
            now=app.now,
        )  # fmt: skip
        deals = deals or []
        total = sum((d.amount for d in deals), Decimal("0"))
        weighted = sum((d.amount * d.probability / 100 for d in deals), Decimal("0"))
        text = tr(
            "{count} open opportunities · {total} in total · {weighted} weighted by probability",
            count=len(deals), total=f"{total:,.2f}",
            weighted=f"{weighted.quantize(Decimal('0.01')):,.2f}",
        )  # fmt: skip
        self.query_one("#pipeline", Static).update(text)
