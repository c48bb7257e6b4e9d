"""Customer dialogs driven through keys, checked through the store."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from crm_cli.store.customers import contacts, customers
from crm_cli.store.customers import query as customer_query
from crm_cli.store.pool import configure
from crm_cli.tui.app import CrmApp
from crm_cli.tui.dialogs.customer_form import CustomerDialog
from tests.conftest import Team
from tests.tui.helpers import NOW, drive, settle, type_text


def names(team: Team) -> list[str]:
    return sorted(c.name for c in customer_query.list_customers(team.admin, now=NOW))


def test_add_customer_through_keys(team: Team, db_url: str) -> None:
    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, CustomerDialog)
        await type_text(pilot, "杭州新星科技")
        await pilot.press("tab")
        await type_text(pilot, "0571-8888")
        await pilot.press("enter")
        await settle(pilot)

    app = drive(db_url, "wang", script)
    [added] = customer_query.list_customers(team.admin, now=NOW)
    assert (added.name, added.phone, added.owner) == ("杭州新星科技", "0571-8888", "wang")
    assert app.messages[-1] == f"Added {added.code} 杭州新星科技"


def test_escape_cancels_and_an_empty_name_stays_next_to_the_field(team: Team, db_url: str) -> None:
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("enter")  # no name
        await settle(pilot)
        seen["open"] = isinstance(app.screen, CustomerDialog)
        seen["error"] = str(app.screen.query_one("#e-name", Static).content)
        await pilot.press("escape")
        await settle(pilot)
        seen["closed"] = not isinstance(app.screen, CustomerDialog)

    drive(db_url, "wang", script)
    assert seen == {"open": True, "error": "Name is required", "closed": True}
    assert names(team) == []


def _add_twice(answer: str, seen: dict[str, Any] | None = None) -> Any:
    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "上海明华科技有限公司")
        await pilot.press("enter")
        await settle(pilot)
        assert "may be a duplicate of" in str(app.screen.query_one(Static).content)
        await pilot.press(answer)
        await settle(pilot)
        if seen is not None:
            seen["typed"] = app.screen.query_one("#f-name", Input).value
            seen["error"] = str(app.screen.query_one("#e-name", Static).content)

    return script


def test_duplicate_warning_is_a_choice_go_back_to_the_form_as_typed(
    team: Team, db_url: str
) -> None:
    customers.add_customer(team.wang, "上海明华科技有限公司", now=NOW)
    seen: dict[str, Any] = {}
    drive(db_url, "wang", _add_twice("n", seen))
    assert names(team) == ["上海明华科技有限公司"]
    assert seen == {
        "typed": "上海明华科技有限公司",
        "error": "Not saved: it may be a duplicate of C000001",
    }


def test_duplicate_warning_is_a_choice_save_anyway(team: Team, db_url: str) -> None:
    customers.add_customer(team.wang, "上海明华科技有限公司", now=NOW)
    drive(db_url, "wang", _add_twice("y"))
    assert names(team) == ["上海明华科技有限公司", "上海明华科技有限公司"]


def test_edit_customer_changes_only_what_was_typed(team: Team, db_url: str) -> None:
    added = customers.add_customer(team.wang, "北京东方贸易", {"city": "北京"}, now=NOW)

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#f-city", Input).value = ""
        app.screen.query_one("#f-city", Input).focus()
        await type_text(pilot, "天津")
        await pilot.press("enter")

    drive(db_url, "wang", script)
    after = customers.get_customer(team.admin, added.code, now=NOW)
    assert (after.name, after.city) == ("北京东方贸易", "天津")


def test_add_contact_to_the_highlighted_customer(team: Team, db_url: str) -> None:
    added = customers.add_customer(team.wang, "北京东方贸易", now=NOW)

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("c")
        await settle(pilot)
        await type_text(pilot, "张伟")
        await pilot.press("tab")
        await type_text(pilot, "CTO")
        await pilot.press("enter")

    drive(db_url, "wang", script)
    [person] = contacts.list_contacts(team.admin, added.code, now=NOW)
    assert (person.name, person.title) == ("张伟", "CTO")


def test_a_store_error_stays_beside_the_field_not_a_crash(team: Team, db_url: str) -> None:
    added = customers.add_customer(team.wang, "北京东方贸易", now=NOW)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("t")
        await settle(pilot)
        await type_text(pilot, "nobody")
        await pilot.press("enter")
        await settle(pilot)
        seen["error"] = str(app.screen.query_one("#e-user", Static).content)
        seen["typed"] = app.screen.query_one("#f-user", Input).value

    drive(db_url, "wang", script)
    assert "nobody" in seen["error"] and seen["typed"] == "nobody"
    assert customers.get_customer(team.admin, added.code, now=NOW).owner == "wang"


def test_transfer_delete_and_restore(team: Team, db_url: str) -> None:
    added = customers.add_customer(team.wang, "北京东方贸易", now=NOW)

    async def transfer(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("t")
        await settle(pilot)
        await type_text(pilot, "zhao")
        await pilot.press("enter")

    drive(db_url, "li", transfer)
    assert customers.get_customer(team.admin, added.code, now=NOW).owner == "zhao"

    async def delete(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")

    drive(db_url, "li", delete)
    assert customers.get_customer(team.admin, added.code, now=NOW).deleted

    async def restore(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("ctrl+r")
        await settle(pilot)
        await type_text(pilot, added.code)
        await pilot.press("enter")

    drive(db_url, "li", restore)
    assert not customers.get_customer(team.admin, added.code, now=NOW).deleted


def press_and_confirm(*keys: str) -> Any:
    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return script


def test_audit_is_for_managers_and_a_refusal_is_a_message(team: Team, db_url: str) -> None:
    added = customers.add_customer(team.wang, "北京东方贸易", now=NOW)
    app = drive(db_url, "wang", press_and_confirm("u", "y"))
    assert not customers.get_customer(team.admin, added.code, now=NOW).audited
    assert app.messages and "audit" in app.messages[-1].lower()
    drive(db_url, "li", press_and_confirm("u", "y"))
    assert customers.get_customer(team.admin, added.code, now=NOW).audited


def test_delegate_until_a_date(team: Team, db_url: str) -> None:
    added = customers.add_customer(team.wang, "北京东方贸易", now=NOW)

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("d")
        await settle(pilot)
        await type_text(pilot, "chen")
        await pilot.press("tab")
        await type_text(pilot, "+7d")
        await pilot.press("enter")

    drive(db_url, "wang", script)
    view = customers.get_customer(team.admin, added.code, now=NOW)
    assert view.delegated_to == ("chen",)
    assert customers.get_customer(team.chen, added.code, now=NOW).code == added.code


def test_move_to_pool_needs_a_pool_admin(team: Team, db_url: str) -> None:

    configure.update_pool_settings(team.admin, {"enabled": "yes"}, members=("wang",))
    added = customers.add_customer(team.wang, "北京东方贸易", now=NOW)
    drive(db_url, "admin", press_and_confirm("P", "y"))
    assert customers.get_customer(team.admin, added.code, now=NOW).owner is None


def test_save_a_search_and_pick_it_from_the_list(team: Team, db_url: str) -> None:
    from crm_cli.store.customers import saved_searches

    customers.add_customer(team.wang, "上海一号", {"city": "上海"}, now=NOW)
    customers.add_customer(team.wang, "北京二号", {"city": "北京"}, now=NOW)
    seen: dict[str, Any] = {}

    async def save(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("slash")
        await type_text(pilot, "上海")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await type_text(pilot, "沪")
        await pilot.press("enter")

    drive(db_url, "wang", save)
    [saved] = saved_searches.list_searches(team.wang)
    assert (saved.name, saved.filter.search) == ("沪", "上海")

    async def pick(pilot: Pilot[Any], app: CrmApp) -> None:
        searches = app.screen.query_one("#searches")
        searches.index = 0  # type: ignore[attr-defined]
        searches.action_select_cursor()  # type: ignore[attr-defined]
        await settle(pilot)
        seen["names"] = [c.name for c in app.screen.grid.customers]  # type: ignore[attr-defined]

    drive(db_url, "wang", pick)
    assert seen["names"] == ["上海一号"]


def test_enter_on_the_contacts_tab_edits_the_contact(team: Team, db_url: str) -> None:
    added = customers.add_customer(team.wang, "北京东方贸易", now=NOW)
    person = contacts.add_contact(team.wang, added.code, "张伟", {"title": "CTO"}, now=NOW)

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        app.screen.query_one("#table-contacts").focus()
        await pilot.press("enter")
        await settle(pilot)
        box = app.screen.query_one("#f-title", Input)
        box.value = ""
        box.focus()
        await type_text(pilot, "CEO")
        await pilot.press("enter")

    app = drive(db_url, "wang", script)
    after = contacts.get_contact(team.admin, person.code, now=NOW)
    assert (after.name, after.title) == ("张伟", "CEO")
    assert app.messages[-1] == f"Saved contact {person.code} 张伟"


def test_a_refused_contact_log_keeps_the_typing_and_names_the_customer(
    team: Team, db_url: str
) -> None:
    added = customers.add_customer(team.wang, "北京东方贸易", now=NOW)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[Any], app: CrmApp) -> None:
        await pilot.press("l")
        await settle(pilot)
        seen["heading"] = str(app.screen.query_one(".title", Label).content)
        await type_text(pilot, "谈了报价")
        app.screen.query_one("#f-set_status", Input).value = "bogus"
        await pilot.press("enter")  # the store refuses the status
        await settle(pilot)
        error = app.screen.query_one("#e-set_status", Static)
        seen["refused"] = (str(error.content), error.display)
        seen["kept"] = app.screen.query_one("#f-summary", Input).value
        app.screen.query_one("#f-set_status", Input).value = "intent"  # fixed: error gone
        await pilot.pause()
        seen["fixed"] = error.display
        await pilot.press("enter")

    drive(db_url, "wang", script)
    assert seen["heading"] == f"Log contact with {added.code} 北京东方贸易"
    assert seen["refused"][1] and "unknown status 'bogus'" in seen["refused"][0]
    assert (seen["kept"], seen["fixed"]) == ("谈了报价", False)
    assert customers.get_customer(team.admin, added.code, now=NOW).status == "intent"
