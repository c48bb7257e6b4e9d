"""Contacts through the import engine (issue 12, CON-1): a table or vCard, each row linked
to its customer by code or exact name, duplicates among that customer's contacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.customers import contacts as ct
from crm_cli.store.customers import customers as cs
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import query as q
from crm_cli.store.imports import undo
from crm_cli.store.imports.engine import Refused
from tests.conftest import Team
from tests.store.test_import_customers import DATA, NOW, counts, load, write


@pytest.fixture
def shop(team: Team) -> Team:
    cs.add_customer(team.admin, "杭州东山科技有限公司", {"phone": "0571-88776655",
                    "city": "杭州", "owner": "wang"}, now=NOW)  # fmt: skip
    cs.add_customer(team.admin, "宁波北仑贸易", {"owner": "chen"}, now=NOW)
    return team


def contacts(path: str, team: Team, **kw: object) -> list[tuple[str, str, str]]:
    _, rows = load(team.admin, path, record_type="contacts", **kw)  # type: ignore[arg-type]
    return [(r.action, r.name, r.customer or "") for r in rows]


def test_a_gbk_contact_file_after_its_customers(team: Team) -> None:
    load(team.admin, str(DATA / "customers_gbk.csv"))  # C000101 杭州东山科技有限公司 …
    assert contacts(str(DATA / "contacts_gbk.csv"), team) == [
        ("create", "李娜", "C000101"), ("create", "赵磊", "C000101"),
    ]  # fmt: skip
    assert ct.get_contact(team.admin, "李娜").title == "采购经理"


def test_rows_name_customers_by_code_id_or_exact_name(shop: Team, tmp_path: Path) -> None:
    path = write(tmp_path, "客户名称,姓名,手机,生日\n杭州东山科技有限公司,李娜,13900139000,1988-05-06\n"
                           "c000002,赵磊,,\n1,王伟,,\n")  # fmt: skip
    assert contacts(path, shop) == [("create", "李娜", "C000001"), ("create", "赵磊", "C000002"),
                                    ("create", "王伟", "C000001")]  # fmt: skip
    lina = ct.get_contact(shop.admin, "李娜")
    assert (lina.work_phone, lina.city, lina.mobile) == ("0571-88776655", "杭州", "139 0013 9000")
    row = cm.Contact.get(cm.Contact.name == "李娜")
    assert (row.owner_id, row.birthday_md) == (shop.wang.id, 506)
    assert [c.code for c in q.list_customers(shop.admin, q.CustomerFilter(search="李娜"))] == [
        "C000001"
    ]


def test_an_unknown_or_forbidden_customer_rejects_the_row(shop: Team, tmp_path: Path) -> None:
    cs.add_customer(shop.admin, "杭州东山科技有限公司", {"owner": "wang"}, allow_duplicate=True)
    before = counts()
    path = write(tmp_path, "customer,name\n无此公司,甲\n杭州东山科技有限公司,乙\n宁波北仑贸易,丙\n")
    with pytest.raises(Refused) as refused:
        load(shop.wang, path, record_type="contacts")
    reasons = [p.reason for p in refused.value.problems]
    assert reasons[0] == "no customer '无此公司'"
    assert reasons[1] == "several customers are called '杭州东山科技有限公司': C000001, C000003"
    assert reasons[2] == "no customer '宁波北仑贸易'"  # chen's: wang cannot see it
    assert counts() == before
    cs.edit_customer(shop.admin, "C000002", {"is_public": "yes"})  # zhao sees it now
    with pytest.raises(Refused, match="you may not add contacts to customer C000002"):
        load(shop.zhao, write(tmp_path, "customer,name\nC000002,丙\n"), record_type="contacts")


def test_duplicates_are_among_the_customers_own_contacts(shop: Team, tmp_path: Path) -> None:
    ct.add_contact(shop.admin, "C000001", "李娜", {"mobile": "13900139000"}, now=NOW)
    path = write(tmp_path, "customer,name,mobile\nC000001,李娜,\nC000002,李娜,\n"
                           "C000001,Lina Li,13900139000\nC000002,王伟,\nC000002,王伟,\n")  # fmt: skip
    with pytest.raises(Refused) as refused:
        load(shop.admin, path, record_type="contacts")
    assert [p.row for p in refused.value.problems] == [2, 4, 6]
    assert refused.value.exit_code == 3
    # The customer's switchboard, which contacts inherit, is no duplicate.
    assert (
        contacts(write(tmp_path, "customer,name,phone\nC000001,赵磊,0571-88776655\n"), shop)[0][0]
        == "create"
    )


def test_update_by_contact_code_and_undo_restores(shop: Team, tmp_path: Path) -> None:
    ct.add_contact(shop.admin, "C000001", "李娜", {"title": "采购"}, now=NOW)
    path = write(
        tmp_path,
        "customer,联系人编号,name,title,email\nC000001,CT000001,李娜,采购经理,ln@x.example\n",
    )
    summary, rows = load(shop.admin, path, record_type="contacts", policy="update")
    assert rows[0].action == "update" and summary.updated == 1
    assert ct.get_contact(shop.admin, "CT000001").title == "采购经理"
    undo.undo_batch(shop.admin, str(summary.batch))
    back = ct.get_contact(shop.admin, "CT000001")
    assert (back.title, back.email) == ("采购", "")


def test_a_vcard_file_with_many_cards(shop: Team, tmp_path: Path) -> None:
    text = (DATA / "contacts.vcf").read_text(encoding="utf-8").replace("C000101", "C000001")
    path = tmp_path / "phone.vcf"
    path.write_text(text, encoding="utf-8")
    assert contacts(str(path), shop) == [
        ("create", "张三", "C000001"),
        ("create", "Jane Doe", "C000001"),
    ]
    zhang = ct.get_contact(shop.admin, "张三")
    assert (zhang.department, zhang.title, zhang.mobile, zhang.home_phone, zhang.email) == (
        "销售部", "销售经理", "136 0013 6000", "0571-12345678", "zhangsan@dongshan.example")  # fmt: skip
    assert str(zhang.birthday) == "1980-01-02"
    jane = ct.get_contact(shop.admin, "Jane Doe")
    assert (jane.mobile, jane.notes) == ("135 0013 5000", "met at the fair")


def test_a_vcard_in_gbk_and_a_card_without_org(shop: Team, tmp_path: Path) -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王伟\r\nORG:宁波北仑贸易\r\nEND:VCARD\r\n"
    (tmp_path / "gbk.vcf").write_bytes(card.encode("gbk"))
    assert contacts(str(tmp_path / "gbk.vcf"), shop) == [("create", "王伟", "C000002")]
    (tmp_path / "no-org.vcf").write_text(card.replace("ORG:宁波北仑贸易\r\n", ""), encoding="utf-8")
    with pytest.raises(Refused, match="a contact belongs to a customer"):
        load(shop.admin, str(tmp_path / "no-org.vcf"), record_type="contacts")


def test_a_broken_vcard_is_refused_naming_its_line(shop: Team) -> None:
    with pytest.raises(InvalidInput, match=r"broken.vcf': not a valid vCard \(At line 5"):
        load(shop.admin, str(DATA / "broken.vcf"), record_type="contacts")
    with pytest.raises(InvalidInput, match="a vCard file holds contacts"):
        load(shop.admin, str(DATA / "contacts.vcf"))


def test_json_lines_of_contacts(shop: Team, tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text('{"customer": "C000001", "name": "李娜", "mobile": "13900139000"}\n\n'
                    '{"客户名称": "宁波北仑贸易", "姓名": "王伟", "生日": "1979-06-30"}\n', encoding="utf-8")  # fmt: skip
    assert contacts(str(path), shop) == [
        ("create", "李娜", "C000001"),
        ("create", "王伟", "C000002"),
    ]
    assert str(ct.get_contact(shop.admin, "王伟").birthday) == "1979-06-30"


def test_a_vcard_21_from_an_android_phone(shop: Team, tmp_path: Path) -> None:
    """Quoted-printable names with a soft line break, bare TEL types."""
    path = tmp_path / "android.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E5=9B=9B\r\n"
        b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E5=9B=\r\n=9B\r\nORG:C000002\r\n"
        b"TEL;CELL;VOICE:13511112222\r\nTEL;HOME:0574-22223333\r\nEND:VCARD\r\n"
    )
    assert contacts(str(path), shop) == [("create", "张四", "C000002")]
    zhang = ct.get_contact(shop.admin, "张四")
    assert (zhang.mobile, zhang.home_phone) == ("135 1111 2222", "0574-22223333")
