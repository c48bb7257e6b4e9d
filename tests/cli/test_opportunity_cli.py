"""`crm opportunity …`: the command contract, exit codes and refusals that change nothing."""

from __future__ import annotations

from tests.cli.conftest import Crm


def opportunities(crm: Crm, *extra: str, user: str = "admin") -> list[dict[str, object]]:
    return crm.json("opportunity", "list", *extra, user=user)  # type: ignore[no-any-return]


def setup(staff: Crm) -> str:
    code = staff.add("华为技术有限公司", user="wang")["code"]
    staff.ok("contact", "add", code, "张伟", user="wang")
    return str(code)


def test_add_prints_the_record_with_exact_money(staff: Crm) -> None:
    code = setup(staff)
    added = staff.json(
        "opportunity", "add", code, "--amount", "0.30", "--probability", "45",
        "--contact", "张伟", "--product", "ERP", "--stage", "方案", "--close", "2099-01-31",
        user="wang",
    )  # fmt: skip
    assert (added["code"], added["customer"], added["contact"]) == ("OP000001", code, "张伟")
    assert (added["amount"], added["probability"], added["status"]) == (0.3, 45, "open")
    assert added["close_date"] == "2099-01-31" and added["owner"] == "wang"
    out = staff.ok("opportunity", "show", "OP000001", "-f", "json", user="wang").stdout
    assert '"amount": 0.30' in out
    table = staff.ok("opportunity", "list", "-f", "plain", user="wang").stdout
    assert "OP000001" in table and "0.30" in table


def test_low_probability_refused_unless_forced(staff: Crm) -> None:
    code = setup(staff)
    line = staff.fails(1, "opportunity", "add", code, "--amount", "100", "-p", "10", user="wang")
    assert "30%" in line and "--force" in line
    assert opportunities(staff) == []
    staff.ok("opportunity", "add", code, "--amount", "100", "-p", "10", "--force", user="wang")
    assert [o["probability"] for o in opportunities(staff)] == [10]


def test_bad_input_exits_1_and_adds_nothing(staff: Crm) -> None:
    code = setup(staff)
    base = ("opportunity", "add", code)
    for extra in (
        ("--amount", "-1", "-p", "50"),
        ("--amount", "0", "-p", "50"),
        ("--amount", "1.234", "-p", "50"),
        ("--amount", "10", "-p", "101"),
        ("--amount", "10", "-p", "50", "--close", "2000-01-01"),
        ("--amount", "10", "-p", "50", "--close", "soon"),
    ):
        staff.fails(1, *base, *extra, user="wang")
    assert (
        staff.run(*base, "--amount", "10", "-p", "half", user="wang").exit_code == 2
    )  # usage error
    assert staff.run(*base, "-p", "50", user="wang").exit_code == 2
    staff.fails(4, *base, "--amount", "10", "-p", "50", "--contact", "nobody", user="wang")
    staff.fails(4, "opportunity", "add", "C999999", "--amount", "10", "-p", "50")
    assert opportunities(staff) == []


def test_visibility_and_rights(staff: Crm) -> None:
    code = setup(staff)
    staff.ok("opportunity", "add", code, "--amount", "10", "-p", "50", user="wang")
    staff.fails(4, "opportunity", "show", "OP000001", user="chen")
    staff.fails(4, "opportunity", "win", "OP000001", user="chen")
    staff.fails(4, "opportunity", "add", code, "--amount", "10", "-p", "50", user="chen")
    assert opportunities(staff, user="chen") == []
    assert [o["code"] for o in opportunities(staff, user="li")] == ["OP000001"]
    staff.ok("customer", "edit", code, "--public", user="wang")
    staff.fails(5, "opportunity", "win", "OP000001", user="chen")
    staff.fails(5, "opportunity", "edit", "OP000001", "--stage", "x", user="chen")
    assert opportunities(staff)[0]["status"] == "open"
    staff.ok("opportunity", "win", "OP000001", user="li")


def test_win_lose_reopen_and_the_closed_lock(staff: Crm) -> None:
    code = setup(staff)
    for _ in range(2):
        staff.ok("opportunity", "add", code, "--amount", "10", "-p", "50", user="wang")
    won = staff.json("opportunity", "win", "OP000001", "--date", "yesterday", user="wang")
    assert won["status"] == "won" and won["closed_on"] is not None
    before = opportunities(staff)
    assert "reopen" in staff.fails(3, "opportunity", "win", "OP000001", user="wang")
    staff.fails(3, "opportunity", "lose", "OP000001", "--reason", "x", user="wang")
    staff.fails(3, "opportunity", "edit", "OP000001", "--amount", "5", user="wang")
    assert (
        staff.run("opportunity", "lose", "OP000002", user="wang").exit_code == 2
    )  # --reason is required
    staff.fails(1, "opportunity", "lose", "OP000002", "--reason", " ", user="wang")
    staff.fails(1, "opportunity", "win", "OP000002", "--date", "+3d", user="wang")
    staff.fails(4, "opportunity", "win", "OP000099", user="wang")
    assert opportunities(staff) == before
    lost = staff.json("opportunity", "lose", "OP000002", "--reason", "价格太高", user="wang")
    assert (lost["status"], lost["reason"]) == ("lost", "价格太高")
    assert [o["code"] for o in opportunities(staff, "--status", "lost")] == ["OP000002"]
    assert staff.json("opportunity", "reopen", "OP000002", user="wang")["status"] == "open"
    staff.fails(3, "opportunity", "reopen", "OP000002", user="wang")


def test_edit_and_the_log(staff: Crm) -> None:
    code = setup(staff)
    staff.ok("opportunity", "add", code, "--amount", "10", "-p", "50", user="wang")
    edited = staff.json(
        "opportunity", "edit", "OP000001", "--amount", "20.05", "-p", "70", "--stage", "谈判",
        user="wang",
    )  # fmt: skip
    assert (edited["amount"], edited["probability"], edited["stage"]) == (20.05, 70, "谈判")
    staff.fails(1, "opportunity", "edit", "OP000001", "-p", "5", user="wang")
    staff.fails(1, "opportunity", "edit", "OP000001", user="wang")  # nothing to change
    assert opportunities(staff)[0]["probability"] == 70
    actions = [(e["entity"], e["action"]) for e in staff.log(code)[:2]]
    assert actions == [("opportunity", "edit"), ("opportunity", "add")]


def test_list_filters_and_unknown_status(staff: Crm) -> None:
    code = setup(staff)
    other = staff.add("小米科技", user="zhao")["code"]
    staff.ok("opportunity", "add", code, "--amount", "10", "-p", "50", user="wang")
    staff.ok("opportunity", "add", other, "--amount", "10", "-p", "50", user="zhao")
    assert [o["code"] for o in opportunities(staff, "--customer", other)] == ["OP000002"]
    assert [o["code"] for o in opportunities(staff, "--owner", "wang")] == ["OP000001"]
    staff.fails(1, "opportunity", "list", "--status", "maybe")
    staff.fails(1, "opportunity", "list", "--fields", "nope")
    csv = staff.ok("opportunity", "list", "-f", "csv", "--fields", "code,amount").stdout
    assert csv.splitlines() == ["code,amount", "OP000002,10.00", "OP000001,10.00"]


def test_delete_needs_yes_off_a_terminal(staff: Crm) -> None:
    code = setup(staff)
    staff.ok("opportunity", "add", code, "--amount", "10", "-p", "50", user="wang")
    staff.fails(1, "opportunity", "delete", "OP000001", user="wang")
    assert len(opportunities(staff)) == 1
    staff.ok("opportunity", "delete", "OP000001", "--yes", user="wang")
    assert opportunities(staff) == []
    staff.fails(4, "opportunity", "show", "OP000001")
