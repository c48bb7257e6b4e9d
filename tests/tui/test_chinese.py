"""The TUI speaks the interface language of the run (issue 17): Simplified Chinese when the
personal config says ``language zh``, English otherwise. Texts are English msgids looked
up where they are shown, so one process may draw both (as these tests do)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Button, Input, Label, Static, Tab
from textual.widgets._footer import FooterKey

from crm_cli import config, i18n
from crm_cli.store.activity import activities
from crm_cli.store.customers import customers
from crm_cli.tui.app import CrmApp
from crm_cli.tui.dialogs.activity_form import ActivityDialog
from crm_cli.tui.dialogs.keys import KeysDialog
from crm_cli.tui.widgets.common import Footer, RecordTable
from crm_cli.tui.widgets.detail import TABS as DETAIL
from crm_cli.tui.widgets.detail import TITLES, DetailTabs
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, settle
from tests.tui.test_keys import OWNERS

TABS = {
    "en": ["People", "Records", "Deals", "Quotes", "Orders", "Plan", "Paid", "Log", "Pool",
           "Tickets", "Grades"],
    "zh": ["联系人", "联系记录", "商机", "报价单", "订单", "回款计划", "回款", "日志", "公海",
           "工单", "评估"],
}  # fmt: skip


@pytest.fixture
def book(team: Team) -> Team:
    customers.add_customer(team.wang, "温州通天环保科技有限公司", {"city": "温州"}, now=NOW)
    return team


def speak(language: str) -> None:
    """The personal setting, as `crm config set language zh` writes it."""
    config.save("language", language)


def _texts(widgets: Any) -> list[str]:
    return [str(w.render()) for w in widgets]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_center_speaks_the_language_of_the_config(
    book: Team, db_url: str, language: str
) -> None:
    speak(language)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        screen = app.screen
        seen["tabs"] = [str(t.label) for t in screen.query_one(DetailTabs).query(Tab)]
        seen["footer"] = {k.description for k in screen.query_one(Footer).query(FooterKey)}
        seen["search"] = screen.query_one("#search", Input).placeholder
        seen["headers"] = [str(c.label) for c in screen.query_one("#grid").columns.values()]
        seen["row"] = [str(cell) for cell in screen.query_one("#grid").get_row_at(0)]
        seen["panel"] = str(screen.query_one("#record", Static).render())

    drive(db_url, "wang", script, size=(80, 24))
    assert seen["tabs"] == TABS[language]
    # The default status a new customer takes: the team's word, in the user's language.
    status = {"en": "potential", "zh": "潜在客户"}[language]
    assert status in seen["row"] and status in seen["panel"], (seen["row"], seen["panel"])
    if language == "zh":
        assert {"搜索", "筛选", "新增", "编辑", "命令"} <= seen["footer"]
        assert seen["search"] == "搜索：名称、编号、拼音、电话"
        assert seen["headers"][:2] == ["编号", "名称"]
    else:
        assert {"Search", "Filter", "Add", "Edit", "Commands"} <= seen["footer"]
        assert seen["search"] == "Search: name, code, pinyin, phone"
        assert seen["headers"][:2] == ["code", "name"]


def test_the_key_list_is_chinese_and_fits_80_columns(book: Team, db_url: str) -> None:
    speak("zh")
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("question_mark")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, KeysDialog)
        seen["titles"] = _texts(dialog.query(Label))
        seen["keys"] = dict(key for _title, keys in dialog.keys for key in keys)
        seen["scrolls"] = dialog.query_one("VerticalScroll").max_scroll_y

    drive(db_url, "wang", script, size=(80, 24))
    assert seen["titles"] == ["本界面", "在明细页签的表格中（按 Tab 进入）", "所有界面"]
    assert seen["keys"]["/"] == "搜索" and seen["keys"]["1"] == "工作台"
    assert seen["keys"]["3"] == "公海" and seen["keys"]["^q"] == "退出"
    assert seen["scrolls"] == 0  # the center's keys fit 80x24 without scrolling, as in English


def test_a_dialog_and_a_refusal_in_chinese(book: Team, db_url: str) -> None:
    """The form's labels and buttons, and the store's refusal beside its field, in Chinese."""
    speak("zh")
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ActivityDialog)
        seen["heading"] = str(dialog.query_one(".title", Label).render())
        seen["labels"] = _texts(dialog.query(".row Label"))
        seen["buttons"] = [str(b.label) for b in dialog.query(Button)]
        dialog.query_one("#f-summary", Input).value = "电话沟通"
        dialog.query_one("#f-method", Input).value = "fax"
        await pilot.press("enter")
        await settle(pilot)
        seen["error"] = str(dialog.query_one("#e-method", Static).render())
        seen["hint"] = dialog.query_one("#f-method", Input).placeholder
        dialog.query_one("#f-method", Input).value = "微信"  # typed as a Chinese user would
        dialog.query_one("#f-result", Input).value = "继续跟进"
        await pilot.press("enter")
        await settle(pilot)

    drive(db_url, "wang", script)
    assert seen["heading"] == "为 C000001 温州通天环保科技有限公司 写联系记录"
    assert seen["labels"][:3] == ["联系内容 *", "方式", "联系人"]
    assert seen["buttons"] == ["保存", "取消"]
    assert seen["error"].startswith("联系方式 'fax' 无效"), seen["error"]
    assert seen["hint"] == "电话 | 拜访 | 邮件 | 微信 | 会议 | 其他"
    logged = list(activities.iter_history(book.wang, "C000001", now=NOW))
    assert [(a.method, a.result) for a in logged] == [("im", "continue")]


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "unclosed quote at column 1"), ("zh", "第 1 列的引号未闭合")],
)
def test_a_store_refusal_is_notified_in_the_language(
    book: Team, db_url: str, language: str, said: str
) -> None:
    """The store raises its errors as English templates; the TUI shows them translated."""
    speak(language)

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        app.screen.query_one("#search", Input).value = '"温州'
        await settle(pilot)

    app = drive(db_url, "wang", script)
    assert app.messages and app.messages[-1].startswith(said)


def test_a_store_outcome_is_said_in_chinese(book: Team, db_url: str) -> None:
    speak("zh")

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("l")
        await settle(pilot)
        app.screen.query_one("#f-summary", Input).value = "上门拜访"
        app.screen.query_one("#f-method", Input).value = "visit"
        await pilot.press("enter")
        await settle(pilot)

    app = drive(db_url, "wang", script)
    assert app.messages[-1] == "已记录与 C000001 的联系（拜访）"


def test_every_key_has_its_chinese_description() -> None:
    """A key added without its translation would show English in the Chinese footer."""
    i18n.use("zh")
    missing = [
        (owner.__name__, binding.description)
        for owner in (*OWNERS, KeysDialog, ActivityDialog)
        for binding in owner.BINDINGS
        if isinstance(binding, Binding) and i18n._(binding.description) == binding.description
    ]
    assert missing == []


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_command_palette_speaks_the_language(book: Team, db_url: str, language: str) -> None:
    """Textual's palette (ctrl+p): its prompt and its system commands, which Textual writes in
    English only."""
    from textual.command import CommandInput, CommandPalette

    speak(language)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        seen["commands"] = titles
        app.action_command_palette()
        await settle(pilot)
        seen["palette"] = isinstance(app.screen, CommandPalette)
        seen["prompt"] = app.screen.query_one(CommandInput).placeholder
        await pilot.press("escape")

    drive(db_url, "wang", script, size=(80, 24))
    assert seen["palette"]
    if language == "zh":
        assert seen["prompt"] == "搜索命令…"
        assert {"主题", "退出", "按键", "截图"} <= set(seen["commands"]), seen["commands"]
    else:
        assert seen["prompt"] == "Search for commands…"
        assert {"Theme", "Quit", "Keys", "Screenshot"} <= set(seen["commands"])


def test_a_ticket_form_hints_the_lists_in_the_language() -> None:
    """The ticket form's hints: the default types and the priorities in Chinese; a team's
    own type as typed."""
    from crm_cli.tui.dialogs.ticket_forms import list_hint

    i18n.use("zh")
    try:
        assert list_hint(("repair", "维保"), "ticket type") == "维修 | 维保"
        assert list_hint(("low", "urgent"), "priority") == "低 | 紧急"
        # the evaluation dialog's note: the team's score names and strategies
        assert list_hint(("credit", "服务"), "score", ", ") == "信用, 服务"
        assert list_hint(("develop", "abandon"), "strategy", ", ") == "重点发展, 放弃"
    finally:
        i18n.use(None)
    i18n.use("en")
    try:
        assert list_hint(("repair", "维保"), "ticket type") == "repair | 维保"
    finally:
        i18n.use(None)


def test_team_list_words_in_tables_in_the_language() -> None:
    """A target's metric, an expense's category (also an approval's subject), a ticket's
    type and an evaluation's strategy: the code's words in Chinese; a team's own as typed."""
    from crm_cli.tui.screens.home import approval_row
    from crm_cli.tui.widgets.common import word

    i18n.use("zh")
    try:
        assert word("metric", "new_customers") == "新客户"
        assert [word("category", c) for c in ("travel", "会务")] == ["差旅", "会务"]
        assert (word("type", "repair"), word("strategy", "develop")) == ("维修", "重点发展")
        expense = approval_row({"kind": "expense", "subject": "gifts"})
        order = approval_row({"kind": "order", "subject": "gifts"})
        assert (expense["subject"], order["subject"]) == ("礼品", "gifts")
        plan = RecordTable(DETAIL["plan"][1], titles=TITLES["plan"])
        assert (plan.heading("open"), plan.heading("due")) == ("余额", "到期")
    finally:
        i18n.use(None)
    assert word("metric", "new_customers") == "new_customers"


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("每周 逢 周一,周三 至 2027-01-01", "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270101T235959"),
        ("weekly on mo,we until 2027-01-01", "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270101T235959"),
        ("每月 日 15 共 10", "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=10"),
    ],
)
def test_an_events_repeat_typed_in_chinese(typed: str, rule: str) -> None:
    """The event form's repeat field takes Chinese words as its hint shows them."""
    import datetime as dt

    from crm_cli.store.schedule.recurrence import build
    from crm_cli.tui.dialogs.event_forms import REPEAT_HELP, repeat_of

    spec = repeat_of(typed)
    assert spec is not None and build(spec, dt.date(2026, 12, 7)) == rule
    i18n.use("zh")
    try:
        assert i18n._(REPEAT_HELP).startswith("每周 逢 周一,周三 至 ")
    finally:
        i18n.use(None)
