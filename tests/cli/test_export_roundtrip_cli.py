"""The round trip of `crm export` (issue 12): customers and contacts exported from a
database of varied data, imported into an EMPTY database (a fresh SQLite file), exported
again, give the same file: byte for byte for CSV, JSON Lines and vCard, cell by cell (values
and number formats) for XLSX.

What the empty database needs first, as any import does: the same users (owners are
logins) and the same custom field definitions (an import refuses unknown columns). The
vCard round trip compares vCards: the fields a card does not carry (mnemonic, role, age
range, spouse, hobbies, gender) are not in either file; CSV, XLSX and JSON Lines carry them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import Crm

USERS = (("li", "manager", None), ("wang", "sales", "li"), ("chen", "sales", None))
FIELDS = (("biz_reg_no", "text", "营业执照注册号"), ("staff", "number", "员工数"),
          ("founded", "date", "成立日期"), ("listed", "bool", "上市"), ("region", "text", ""))  # fmt: skip


def prepare(crm: Crm) -> None:
    """What both databases have before any customer: users and custom fields."""
    for login, role, boss in USERS:
        crm.ok("user", "add", login, "--role", role, *(("--supervisor", boss) if boss else ()))
    for key, kind, label in FIELDS:
        crm.ok("customer", "field", "add", key, "--type", kind, "--label", label)


def fill(crm: Crm) -> None:
    """Customers and contacts with Chinese names, long digit strings, leading zeros and
    +86, dates, numbers, formulas, line breaks, empty values and custom fields."""
    crm.add("深圳华强电子有限公司", "--phone", "0755-26770000", "--province", "广东",
            "--city", "深圳", "--registered", "2020-03-05", "--owner", "wang", "--status",
            "formal", "--industry", "电子", "--postcode", "518000", "--keyword", "华强",
            "--field", "biz_reg_no=911100000000123456", "--field", "staff=120",
            "--field", "founded=2001-06-30", "--field", "listed=yes", "--field", "region=华南",
            "--notes", '重点客户, "年框"\n第二行')  # fmt: skip
    crm.add("=HYPERLINK(\"http://x\")", "--phone", "+86 10 8888 0000", "--fax",
            "010-12345678", "--postcode", "010020", "--notes", "-1+2", "--public",
            "--field", "staff=1.5", "--field", "listed=no")  # fmt: skip
    crm.add("𠮷野家餐饮管理(上海)有限公司", "--email", "info@yoshinoya.cn", "--website",
            "https://www.yoshinoya.cn", "--level", "A", "--type", "foreign", "--source",
            "展会", "--owner", "chen", "--registered", "2019-12-31")  # fmt: skip
    crm.add("个体户王五")  # nothing but a name
    crm.add("'=A1 引号开头", "--notes", "'+86 不是公式")  # a quote before a formula sign
    crm.ok("contact", "add", "C000001", "欧阳娜娜", "--title", "采购经理", "--mobile",
           "13800138000", "--birthday", "1990-03-15", "--email", "ouyang@huaqiang.cn",
           "--department", "采购部", "--role", "决策者", "--im", "wx_ouyang", "--gender", "女",
           "--notes", "喜欢喝茶; 周末不接电话, 请发邮件. " * 3)  # fmt: skip
    crm.ok("contact", "add", "C000002", "Anna Li", "--home-phone", "+86 21 5555 0101",
           "--spouse", "张三", "--hobbies", "登山", "--age-range", "30-40")  # fmt: skip
    crm.ok("contact", "add", "C000001", "张伟", "--mobile", "+8613900139000")
    crm.ok("contact", "add", "C000003", "李娜")


@pytest.fixture
def source(crm: Crm) -> Crm:
    prepare(crm)
    fill(crm)
    return crm


def fresh(tmp_path: Path, name: str) -> Crm:
    """An empty database of its own, with the same users and custom fields."""
    folder = tmp_path / name
    folder.mkdir()
    crm = Crm(folder)
    crm.ok("user", "list")
    prepare(crm)
    return crm


def export(crm: Crm, what: str, path: Path) -> Path:
    crm.ok("export", what, "--output", str(path))
    return path


def cells(path: Path) -> list[list[tuple[Any, str]]]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    return [[(c.value, c.number_format) for c in row] for row in sheet.iter_rows()]


def same(first: Path, second: Path) -> None:
    if first.suffix == ".xlsx":
        assert cells(first) == cells(second)
    else:
        assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_customers_and_contacts_come_back_unchanged(
    source: Crm, tmp_path: Path, suffix: str
) -> None:
    customers = export(source, "customers", tmp_path / f"customers{suffix}")
    contacts = export(source, "contacts", tmp_path / f"contacts{suffix}")
    target = fresh(tmp_path, "fresh")
    target.ok("import", "customers", str(customers))
    target.ok("import", "contacts", str(contacts))
    same(customers, export(target, "customers", tmp_path / f"again{suffix}"))
    same(contacts, export(target, "contacts", tmp_path / f"contacts-again{suffix}"))
    # Not two empty files: every customer and contact made the trip.
    assert [c["code"] for c in target.customers()] == ["C000005", "C000004", "C000003", "C000002",
                                                       "C000001"]  # fmt: skip
    assert len(target.json("contact", "list")) == 4


def test_contacts_come_back_from_vcard(source: Crm, tmp_path: Path) -> None:
    customers = export(source, "customers", tmp_path / "customers.csv")
    cards = export(source, "contacts", tmp_path / "contacts.vcf")
    target = fresh(tmp_path, "fresh")
    target.ok("import", "customers", str(customers))
    target.ok("import", "contacts", str(cards))
    same(cards, export(target, "contacts", tmp_path / "again.vcf"))
    names = {c["code"]: c["name"] for c in target.json("contact", "list")}
    assert names == {"CT000001": "欧阳娜娜", "CT000002": "Anna Li", "CT000003": "张伟",
                     "CT000004": "李娜"}  # fmt: skip


def test_the_difficult_values_survive_as_they_were(source: Crm, tmp_path: Path) -> None:
    """The round trip holds because the values are right, not because both sides agree on
    a wrong one: the fresh database has the original's values."""
    target = fresh(tmp_path, "fresh")
    target.ok("import", "customers", str(export(source, "customers", tmp_path / "c.xlsx")))
    keys = ("name", "phone", "fax", "postcode", "registered", "notes", "owner", "custom")
    before = {c["code"]: {k: c[k] for k in keys} for c in source.customers()}
    after = {c["code"]: {k: c[k] for k in keys} for c in target.customers()}
    assert after == before
    assert after["C000001"]["custom"]["biz_reg_no"] == "911100000000123456"
    assert after["C000002"]["postcode"] == "010020"
