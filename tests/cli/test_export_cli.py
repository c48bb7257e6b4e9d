"""`crm export customers|contacts` (issue 12): the formats as Chinese Excel and address
books want them, the lists' filters and visibility, and bad input refused in one line
with nothing written. The round trip is in test_export_roundtrip_cli.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Crm

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shop(staff: Crm) -> Crm:
    """wang's two customers (one with a contact), chen's one, and an admin's one."""
    staff.add("深圳华强电子有限公司", "--owner", "wang", "--city", "深圳", "--phone",
              "0755-26770000", "--registered", "2020-03-05")  # fmt: skip
    staff.add("广州白云贸易", "--owner", "wang", "--city", "广州")
    staff.add("陈氏五金", "--owner", "chen", "--city", "深圳")
    staff.add("=cmd|' /C calc'!A0", "--phone", "+852 2345 6789")  # kept as typed: foreign
    staff.ok("contact", "add", "C000001", "欧阳娜娜", "--mobile", "13800138000")
    staff.ok("contact", "add", "C000003", "陈静", "--mobile", "13900139000")
    return staff


def lines(crm: Crm, *args: str, user: str = "admin") -> list[str]:
    return crm.ok("export", *args, user=user).stdout.splitlines()


def test_csv_goes_to_standard_output_with_the_importers_headers(shop: Crm) -> None:
    result = shop.ok("export", "customers")
    assert result.stdout.startswith("客户编号,客户名称,助记码,")
    rows = result.stdout_bytes.decode("utf-8").split("\r\n")  # CRLF, as Excel writes CSV
    assert [row.split(",")[0] for row in rows[1:-1]] == ["C000001", "C000002", "C000003",
                                                         "C000004"]  # fmt: skip
    # A formula is disarmed, and so is a phone Excel would read as one.
    assert ",'=cmd|' /C calc'!A0," in rows[4] and ",'+852 2345 6789," in rows[4]


def test_excel_csv_has_a_bom_and_gbk_csv_is_gbk(shop: Crm, tmp_path: Path) -> None:
    shop.ok("export", "customers", "--excel", "-o", str(tmp_path / "a.csv"))
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf\xe5\xae\xa2")
    shop.ok("export", "customers", "--encoding", "gbk", "-o", str(tmp_path / "b.csv"))
    text = (tmp_path / "b.csv").read_bytes().decode("gbk")
    assert text.startswith("客户编号") and "深圳华强电子有限公司" in text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "gb18030"])
def test_every_row_is_in_the_encoding_asked_for(shop: Crm, tmp_path: Path, encoding: str) -> None:
    """The whole file is one text in the encoding: a BOM once, before the header (the rows
    of a UTF-16 file were once written in UTF-8 after a UTF-16 header)."""
    plain = shop.ok("export", "customers").stdout_bytes.decode("utf-8")
    target = tmp_path / "c.csv"
    shop.ok("export", "customers", "--encoding", encoding, "-o", str(target))
    assert target.read_bytes().decode(encoding) == plain
    imported = shop.ok("import", "customers", str(target), "--dry-run", "--on-duplicate", "skip",
                       "-f", "json")  # fmt: skip
    assert len(json.loads(imported.stdout)) == 4  # and crm reads it back


def test_gbk_refuses_a_name_it_cannot_hold_and_leaves_no_file(shop: Crm, tmp_path: Path) -> None:
    shop.add("张䶮的𠮷野家")
    target = tmp_path / "out.csv"
    line = shop.fails(1, "export", "customers", "--encoding", "gbk", "-o", str(target))
    assert line == (
        "Error: cannot write gbk: C000005 张䶮的𠮷野家 has characters gbk cannot hold: "
        "'䶮' (U+4DAE), '𠮷' (U+20BB7); export with --excel (UTF-8) or as xlsx"
    )
    assert [name for name in os.listdir(tmp_path) if not name.startswith("crm.db")] == []
    shop.fails(1, "export", "customers", "--encoding", "gbk")  # nothing on stdout either


def test_xlsx_cells_are_typed(shop: Crm, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    shop.ok("customer", "field", "add", "biz_reg_no", "--label", "营业执照注册号")
    shop.ok("customer", "edit", "C000001", "--field", "biz_reg_no=911100000000123456")
    path = tmp_path / "c.xlsx"
    shop.ok("export", "customers", "-o", str(path), "--fields",
            "code,name,phone,registered,balance_owed,custom.biz_reg_no")  # fmt: skip
    sheet = load_workbook(path).worksheets[0]
    assert sheet.title == "客户" and sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header == [
        "客户编号",
        "客户名称",
        "电话",
        "登记日期",
        "balance_owed",
        "营业执照注册号",
    ]
    code, _, phone, day, owed, credit = sheet[2]
    assert code.value == "C000001"
    assert (phone.value, phone.data_type, phone.number_format) == ("0755-26770000", "s", "@")
    assert (credit.value, credit.data_type) == ("911100000000123456", "s")
    assert day.is_date and day.value.date().isoformat() == "2020-03-05"
    assert day.number_format == "yyyy-mm-dd"
    assert (owed.value, owed.data_type, owed.number_format) == (0, "n", "#,##0.00")
    formula = sheet[5][1]
    assert (formula.value, formula.data_type) == ("=cmd|' /C calc'!A0", "s")


def test_jsonl_has_english_keys_and_json_values(shop: Crm) -> None:
    first = json.loads(lines(shop, "customers", "-f", "jsonl")[0])
    assert first["code"] == "C000001" and first["registered"] == "2020-03-05"
    assert first["is_public"] is False and "balance_owed" not in first


def test_vcard_for_contacts_and_not_for_customers(shop: Crm) -> None:
    text = shop.ok("export", "contacts", "-f", "vcf").stdout_bytes.decode("utf-8")
    assert text.count("BEGIN:VCARD\r\n") == 2 and text.count("UID:urn:uuid:") == 2
    assert "N:欧阳;娜娜;;;\r\nFN:欧阳娜娜\r\nORG:深圳华强电子有限公司\r\n" in text
    assert "TEL;TYPE=CELL,VOICE:138 0013 8000\r\n" in text
    line = shop.fails(1, "export", "customers", "-f", "vcf")
    assert line.startswith("Error: vCard holds people")


def test_filters_are_the_lists_and_visibility_the_stores(shop: Crm) -> None:
    def codes(*args: str, user: str = "admin") -> list[str]:
        return [json.loads(x)["code"] for x in lines(shop, *args, "-f", "jsonl", user=user)]

    assert codes("customers", "--where", "city = 深圳") == ["C000001", "C000003"]
    assert codes("customers", "--search", "华强") == ["C000001"]
    assert codes("customers", "--owner", "wang", "--sort", "-name") == ["C000001", "C000002"]
    shop.ok("customer", "list", "--where", "city = 深圳", "--save", "sz")
    assert codes("customers", "--saved", "sz", "--owner", "chen") == ["C000003"]
    assert codes("customers", user="wang") == ["C000001", "C000002"]
    assert codes("contacts", user="wang") == ["CT000001"]
    assert codes("contacts", "--where", "city = 深圳") == ["CT000001", "CT000002"]
    assert codes("contacts", "C000003") == ["CT000002"]
    assert (
        shop.fails(4, "export", "contacts", "C000003", user="wang")
        == "Error: no customer 'C000003'"
    )


def test_the_commands_under_each_noun_are_the_same(shop: Crm) -> None:
    assert shop.ok("customer", "export").stdout == shop.ok("export", "customers").stdout
    assert shop.ok("contact", "export", "-f", "vcf").stdout == (
        shop.ok("export", "contacts", "-f", "vcf").stdout
    )


def test_an_existing_file_is_replaced_only_when_the_export_is_whole(
    shop: Crm, tmp_path: Path
) -> None:
    target = tmp_path / "c.csv"
    target.write_text("old", encoding="utf-8")
    shop.add("𠮷")
    shop.fails(1, "export", "customers", "--encoding", "gbk", "-o", str(target))
    assert target.read_text(encoding="utf-8") == "old"
    result = shop.ok("export", "customers", "-o", str(target))
    assert result.stderr == f"Exported 5 customers to {target}.\n"
    assert target.read_text(encoding="utf-8").count("\n") == 6


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("export", "widgets"), 2, None),
        (("export", "customers", "-o", "missing/dir/c.csv"), 1,
         "Error: cannot write 'missing/dir/c.csv': no directory 'missing/dir'"),
        (("export", "customers", "-f", "pdf"), 1,
         "Error: unknown export format 'pdf'; choose one of: csv, xlsx, jsonl, vcf"),
        (("export", "customers", "-f", "xlsx", "--encoding", "gbk"), 1,
         "Error: --excel and --encoding are for CSV; xlsx is always UTF-8"),
        (("export", "customers", "--encoding", "klingon"), 1,
         "Error: unknown encoding 'klingon'; try gbk, gb18030 or utf-8"),
        (("export", "customers", "--fields", "code,owed"), 1, None),
        (("export", "customers", "--where", "city"), 1, None),
        (("export", "customers", "--saved", "nope"), 4, "Error: no saved search 'nope'"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_writes_nothing(
    shop: Crm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
    code: int, message: str | None,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    if code == 2:  # a usage error: click's own message, exit 2
        result = shop.run(*args)
        assert result.exit_code == 2 and "No such command 'widgets'" in result.stderr
    else:
        line = shop.fails(code, *args)
        assert message is None or line == message, line
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_customer_add_does_not_load_the_export_code(tmp_path: Path) -> None:
    """`crm customer add` loads none of the import, export and evaluation commands of `crm
    customer` (``cli.MORE``); a verb of theirs in the same process loads them."""
    code = (
        "import json, sys\n"
        "from crm_cli.cli import main\n"
        "def run(*argv):\n"
        "    sys.argv = ['crm', *argv]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, exc.code\n"
        "run('customer', 'add', '测试公司')\n"
        "loaded = ['crm_cli.store.exports', 'crm_cli.commands._export_formats', 'openpyxl',\n"
        "          'vobject', 'crm_cli.commands.export_cmd', 'crm_cli.commands.import_cmd',\n"
        "          'crm_cli.commands.customer_evaluation', 'crm_cli.commands.customer_admin']\n"
        "print(json.dumps([name in sys.modules for name in loaded]))\n"
        "run('customer', 'status', 'list', '-f', 'json')\n"
        "print(json.dumps('crm_cli.commands.customer_admin' in sys.modules))\n"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CRM_")}
    environ.update(CRM_DATABASE_URL=f"sqlite:///{tmp_path / 'crm.db'}", CRM_USER="admin",
                   CRM_CONFIG_DIR=str(tmp_path / "cfg"), CRM_DATA_DIR=str(tmp_path / "data"))  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert json.loads(lines[-1]) is True
    assert '"name": "potential"' in done.stdout  # the statuses were listed
    after_add = next(
        line for line in lines if line.startswith("[false") or line.startswith("[true")
    )
    assert json.loads(after_add) == [False] * 8
