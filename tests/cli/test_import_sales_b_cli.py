"""`crm import opportunities|orders|receipts` (issue 12): the engine's options on the
command line, `crm opportunity import` and `crm order import`, history and undo, and bad
input: one line on stderr, the exit code of CLI.md, nothing written."""

from __future__ import annotations

from pathlib import Path

from conftest import Crm

OPPS = "客户名称,商机名称,预计金额,成功率,阶段,预计成交日期\n杭州东山科技,ERP 升级,120000,60,需求确认,+2m\n"
ORDERS = ("订单编号,客户编号,合同名称,签约日期,状态,产品编号,数量,单价\n"
          "SO100,C000001,年框,2026-01-05,approved,P1,2,\nSO100,C000001,年框,,,P2,1,150\n")  # fmt: skip


def shop(crm: Crm) -> Crm:
    crm.ok("user", "add", "wang", "--role", "sales")
    crm.add("杭州东山科技", "--owner", "wang")
    crm.add("宁波北仑贸易")
    crm.ok("product", "add", "P1", "软件", "--price", "1000")
    crm.ok("product", "add", "P2", "维保", "--price", "200")
    return crm


def write(tmp_path: Path, text: str, name: str = "in.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return str(path)


def test_opportunities_import_under_both_names_and_undo(crm: Crm, tmp_path: Path) -> None:
    shop(crm)
    rows = crm.json("import", "opportunities", write(tmp_path, OPPS))
    assert [(r["action"], r["code"], r["name"], r["customer"]) for r in rows] == [
        ("create", "OP000001", "ERP 升级", "C000001")]  # fmt: skip
    again = crm.json("opportunity", "import", write(tmp_path, OPPS), "--on-duplicate", "skip")
    assert again[0]["note"] == "duplicate: OP000001 ERP 升级 (same customer and name)"
    history = crm.json("import", "history")
    assert [(b["record_type"], b["created"], b["skipped"]) for b in history] == [
        ("opportunities", 0, 1), ("opportunities", 1, 0)]  # fmt: skip
    crm.ok("import", "undo", str(history[1]["id"]))
    assert crm.json("opportunity", "list") == []


def test_a_dry_run_prints_what_would_be_done_and_writes_nothing(crm: Crm, tmp_path: Path) -> None:
    shop(crm)
    result = crm.ok("order", "import", write(tmp_path, ORDERS), "--dry-run", "-f", "json")
    assert "Dry run of 1 order: would be 1 created" in result.stderr
    assert crm.json("order", "list") == []
    assert crm.json("import", "history") == []


def test_rejects_map_encoding_and_unknown_columns(crm: Crm, tmp_path: Path) -> None:
    shop(crm)
    gbk = write(tmp_path, "客户名称,机会标题,预计金额,成功率,赢单时间\n杭州东山科技,MES,5,40,x\n"
                          "无此公司,MES,5,40,x\n", encoding="gbk")  # fmt: skip
    crm.fails(1, "import", "opportunities", gbk, "--encoding", "gbk")  # unknown columns
    rejects = tmp_path / "rejects.csv"
    crm.run("import", "opportunities", gbk, "--encoding", "gbk", "--map", "机会标题=name",
            "--ignore-unknown", "--rejects", str(rejects))  # fmt: skip
    text = rejects.read_text(encoding="utf-8-sig")
    assert "no customer '无此公司'" in text and text.startswith("row,")
    assert crm.json("opportunity", "list") == []
    ok = write(
        tmp_path, "客户名称,机会标题,预计金额,成功率\n杭州东山科技,MES,5,40\n", "ok.csv", "gbk"
    )
    rows = crm.json("import", "opportunities", ok, "--map", "机会标题=name")
    assert rows[0]["name"] == "MES"


def test_orders_from_a_named_sheet_and_receipts_from_standard_input(
    crm: Crm, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    shop(crm)
    book = Workbook()
    book.active.title = "说明"
    sheet = book.create_sheet("订单")
    for line in ORDERS.splitlines():
        sheet.append(line.split(","))
    book.save(tmp_path / "orders.xlsx")
    crm.json("import", "orders", str(tmp_path / "orders.xlsx"), "--sheet", "订单")
    order = crm.json("order", "show", "SO100")
    assert (order["status"], order["total"], len(order["lines"])) == ("approved", 2150.0, 2)
    receipts = "订单编号,收款日期,收款金额,付款方式\nSO100,2026-01-20,150.5,银行\n"
    result = crm.run("import", "receipts", "-", "-f", "json", stdin=receipts)
    assert result.exit_code == 0, result.stderr
    order = crm.json("order", "show", "SO100")
    assert (order["received"], order["balance"]) == (150.5, 1999.5)
    assert crm.json("customer", "show", "C000001")["total_received"] == 150.5
    crm.ok("import", "undo", str(crm.json("import", "history")[0]["id"]))
    assert crm.json("order", "show", "SO100")["received"] == 0
    crm.ok("db", "check")  # every total is the sum of the receipts left


def test_a_receipt_that_overpays_its_order_is_refused(crm: Crm, tmp_path: Path) -> None:
    shop(crm)
    crm.ok("import", "orders", write(tmp_path, ORDERS))
    path = write(tmp_path, "订单编号,收款日期,收款金额\nSO100,2026-01-20,2150.01\n", "r.csv")
    line = crm.fails(1, "import", "receipts", path)
    assert line == ("Error: nothing imported: row 2, column 收款金额: bad value '2150.01' "
                    "(amount 2150.01 is more than the 2150.00 owed on SO100)")  # fmt: skip
    assert crm.json("order", "show", "SO100")["received"] == 0


def test_an_order_for_an_unknown_customer_is_refused(crm: Crm, tmp_path: Path) -> None:
    shop(crm)
    path = write(tmp_path, "订单编号,客户名称,产品编号,数量\nSO1,无此公司,P1,1\n")
    line = crm.fails(1, "import", "orders", path)
    assert "no customer '无此公司'" in line
    assert crm.json("order", "list") == []


def test_an_existing_order_code_fails_with_exit_3(crm: Crm, tmp_path: Path) -> None:
    shop(crm)
    crm.ok("import", "orders", write(tmp_path, ORDERS))
    line = crm.fails(3, "import", "orders", write(tmp_path, ORDERS, "again.csv"))
    assert "possible duplicate of SO100 年框 (same code)" in line
    assert len(crm.json("order", "list")) == 1


def test_undo_after_a_receipt_on_an_imported_order_is_refused(crm: Crm, tmp_path: Path) -> None:
    shop(crm)
    crm.ok("import", "orders", write(tmp_path, ORDERS))
    crm.ok("pay", "SO100", "--amount", "100", "--date", "2026-01-20")
    line = crm.fails(3, "import", "undo", "1")
    assert line == "Error: cannot undo import 1: changed since: SO100 年框; nothing undone"
    assert crm.json("order", "show", "SO100")["received"] == 100


def test_a_sales_user_imports_for_their_own_customers_only(crm: Crm, tmp_path: Path) -> None:
    shop(crm)
    path = write(tmp_path, "客户名称,商机名称,预计金额,成功率\n宁波北仑贸易,ERP,5,40\n")
    line = crm.fails(1, "import", "opportunities", path, user="wang")
    assert "no customer '宁波北仑贸易'" in line
    rows = crm.json("import", "opportunities", write(tmp_path, OPPS, "own.csv"), user="wang")
    assert rows[0]["customer"] == "C000001"
