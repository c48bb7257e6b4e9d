"""The public pool (公海): unassigned, assigned and mine, with days of protection left.

Claim and release ask first; pool admins also assign and extend. A claim lost to someone
faster comes back as an outcome with a message, shown on the message line.
"""

from __future__ import annotations

from typing import ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static, TabbedContent, TabPane

from crm_cli import i18n
from crm_cli.i18n import N_, _, phrase, tr
from crm_cli.store.core.errors import CrmError, InvalidInput
from crm_cli.store.pool import moves as pool_moves
from crm_cli.store.pool import settings as pool
from crm_cli.store.pool import views as pool_views
from crm_cli.tui.dialogs.confirm import ConfirmDialog
from crm_cli.tui.dialogs.name_form import NameDialog
from crm_cli.tui.dialogs.pick_user import UserDialog
from crm_cli.tui.ports import Crm
from crm_cli.tui.widgets.common import Footer, MessageLine, RecordTable

LISTS = ("unassigned", "assigned", "mine")
TAB_TITLES = {"unassigned": N_("Unassigned"), "assigned": N_("Assigned"), "mine": N_("Mine")}
# What a move is called in its question ("Claim C000001?").
QUESTIONS = {"claim": N_("Claim {code}?"), "release": N_("Release {code}?")}
# What the screen says when the pool does not work for the user (instead of a refusal).
DISABLED = N_(
    "The public pool (公海) is off for this team: customers are not moved to it and nothing "
    "can be claimed. An admin turns it on with `crm pool settings --enable`."
)
NOT_MEMBER = N_(
    "You are not a member of the pool, so only Mine (what you hold) is listed. An admin "
    "adds members with `crm pool settings --member LOGIN`."
)
COLUMNS = ("code", "name", "level", "holder", "protect_until", "days_left", "goal",
           "previous_owner")  # fmt: skip


def _days(text: str) -> int:
    if not text.isdecimal() or int(text) < 1:
        raise InvalidInput("invalid number of days {text!r}: a positive whole number", text=text)
    return int(text)


class PoolScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "claim", "Claim"),
        # Destructive keys are capitals (or Delete), which mean nothing harmless elsewhere:
        # `r` refreshes or reverses on other screens. P: back to the pool, as on the center.
        Binding("P", "release", "Release"),
        Binding("A", "assign", "Assign (admin)"),
        Binding("E", "extend", "Extend (admin)"),
        Binding("f5", "reload", "Refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.role: str | None = None  # the actor's pool role, read on each visit
        self.enabled = True  # whether the team's pool is on, read on each visit

    @property
    def crm(self) -> Crm:
        return cast(Crm, self.app)

    DEFAULT_CSS = """
    PoolScreen #pool-note { padding: 1 2; color: $warning; height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="pool-note")
        with TabbedContent(id="pool-tabs"):
            for which in LISTS:
                with TabPane(_(TAB_TITLES[which]), id=f"pool-{which}"):
                    yield RecordTable(COLUMNS, id=f"list-{which}")
        yield MessageLine("")
        yield Footer()

    def on_screen_resume(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Assign and extend are for pool admins: hidden from everyone else; a pool that is
        off takes no move at all."""
        if action in ("claim", "release", "assign", "extend") and not self.enabled:
            return False
        if action in ("assign", "extend"):
            return self.role == "admin"
        return True

    def action_reload(self) -> None:
        self.load()

    @work(group="pool", exclusive=True)
    async def load(self) -> None:
        app = self.crm
        self.role = await app.store(pool.role_of, app.user)
        self.enabled = (await app.store(pool.current, roles=False)).enabled
        self.refresh_bindings()
        note = DISABLED if not self.enabled else NOT_MEMBER if self.role is None else ""
        self.query_one("#pool-note", Static).update(_(note))
        self.query_one("#pool-note", Static).display = bool(note)
        for which in LISTS:
            try:
                items = await app.store(pool_views.list_pool, app.user, which, now=app.now)
            except CrmError as exc:
                items = []
                if which == "unassigned" and not note:  # the note says it already
                    app.report(i18n.message_of(exc))
            self.query_one(f"#list-{which}", RecordTable).show(i.to_dict() for i in items)

    def table(self) -> RecordTable:
        active = self.query_one(TabbedContent).active.removeprefix("pool-")
        return self.query_one(f"#list-{active}", RecordTable)

    def selected(self) -> str | None:
        row = self.table().current()
        if row is None:
            self.crm.report(_("No pool customer highlighted"), error=True)
            return None
        return str(row["code"])

    def action_claim(self) -> None:
        if code := self.selected():
            self._move("claim", code)

    def action_release(self) -> None:
        if code := self.selected():
            self._move("release", code)

    def action_assign(self) -> None:
        if code := self.selected():
            self._move("assign", code)

    def action_extend(self) -> None:
        if code := self.selected():
            self._move("extend", code)

    @work(group="pool-move", exclusive=True)
    async def _move(self, action: str, code: str) -> None:
        app = self.crm
        args: tuple[object, ...] = ()
        if action in ("claim", "release"):
            if not await app.push_screen_wait(ConfirmDialog(tr(QUESTIONS[action], code=code))):
                return
        elif action == "assign":
            choice = await app.push_screen_wait(UserDialog(tr("Assign {code} to", code=code)))
            if choice is None:
                return
            args = (choice.user,)
        else:
            heading = tr("Extend {code}", code=code)
            days = await app.push_screen_wait(NameDialog(heading, N_("Days"), check=_days))
            if days is None:
                return
            args = (int(days),)
        move = getattr(pool_moves, action)
        outcomes = await app.attempt(move, app.user, [code], *args, now=app.now)
        for o in outcomes or []:
            app.report(phrase(o.message), error=not o.done)
        self.load()

    @on(TabbedContent.TabActivated)
    def _tab(self) -> None:
        self.table().focus()
