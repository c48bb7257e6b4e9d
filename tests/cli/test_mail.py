"""`crm mail send | import` and `crm contact email` (SH-4) through the real CLI, against a
real SQLite file and an SMTP server double started by each test."""

from __future__ import annotations

import json
import mailbox
import socket
import sys
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.smtp_double import SmtpDouble

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

SECRET = {"CRM_SMTP_PASSWORD": "s3cret"}


@pytest.fixture
def shop(staff: Crm) -> Crm:
    """wang owns 中兴通讯 C000001 (张伟, 王芳); chen owns 格力电器 C000002 (李娜)."""
    staff.add("中兴通讯", user="wang")
    staff.add("格力电器", "--email", "info@gree.example", user="chen")
    staff.ok("contact", "add", "C000001", "张伟", "--email", "Zhang.Wei@zte.example", user="wang")
    staff.ok("contact", "add", "C000001", "王芳", "--email", "wf@zte.example", user="wang")
    staff.ok("contact", "add", "C000002", "李娜", "--email", "li.na@gree.example", user="chen")
    staff.ok("config", "set", "mail.from", "王销售 <wang@ours.example>")
    return staff


def configure(crm: Crm, port: int, *, login: bool = True) -> None:
    crm.ok("config", "set", "mail.smtp_host", "127.0.0.1")
    crm.ok("config", "set", "mail.smtp_port", str(port))
    if login:
        crm.ok("config", "set", "mail.smtp_user", "wang")


def records(crm: Crm, ref: str = "C000001") -> list[dict[str, Any]]:
    return crm.json("contact", "history", ref)  # type: ignore[no-any-return]


def template(tmp_path: Path, text: str) -> str:
    path = tmp_path / "template.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


QUOTE = "Subject: {customer.name} 报价单\n\n{contact.name} 您好：\n\n报价见附件。\n{user.display}\n"


def test_send_through_smtp_logs_a_record(shop: Crm, tmp_path: Path) -> None:
    with SmtpDouble(login=("wang", "s3cret")) as smtp:
        configure(shop, smtp.port)
        result = shop.ok(
            "mail", "send", "C000001", "--template", template(tmp_path, QUOTE), "-f", "json",
            user="wang", **SECRET,
        )  # fmt: skip
    [got] = smtp.received
    assert got.sender == "wang@ours.example" and got.recipients == ["Zhang.Wei@zte.example"]
    msg = got.message
    assert msg["Subject"] == "中兴通讯 报价单"
    assert str(msg["To"]) == "张伟 <Zhang.Wei@zte.example>"
    assert str(msg["From"]) == "王销售 <wang@ours.example>"
    assert msg["Message-ID"].endswith("@ours.example>") and msg["Date"]
    assert msg.get_content_charset() == "utf-8"
    assert msg.get_content() == "张伟 您好：\n\n报价见附件。\nwang\n"  # wang has no display name
    assert b"\xe6" not in got.data.split(b"\n\n")[0]  # headers travel encoded (RFC 2047)
    [row] = records(shop)
    assert (row["method"], row["summary"], row["contact_name"]) == (
        "email",
        "中兴通讯 报价单",
        "张伟",
    )
    assert row["place"] == "to Zhang.Wei@zte.example" and row["user"] == "wang"
    when = parsedate_to_datetime(msg["Date"]).astimezone().replace(tzinfo=None)
    assert row["started_at"] == when.isoformat()
    assert json.loads(result.stdout)["id"] == row["id"]
    assert "Sent to Zhang.Wei@zte.example" in result.stderr


def test_send_to_a_chosen_contact_or_address(shop: Crm) -> None:
    with SmtpDouble() as smtp:
        configure(shop, smtp.port, login=False)
        text = ("--subject", "回访 {contact.name}", "--body", "谢谢！")
        shop.ok("mail", "send", "C000001", "--to", "王芳", *text, user="wang")
        shop.ok("mail", "send", "CT000001", *text, user="wang")  # a contact's code
        shop.ok("mail", "send", "中兴通讯", "--to", "boss@zte.example", *text, user="wang")
    assert [r.recipients for r in smtp.received] == [
        ["wf@zte.example"],
        ["Zhang.Wei@zte.example"],
        ["boss@zte.example"],
    ]
    logged = {(r["contact_name"], r["summary"]) for r in records(shop)}
    assert logged == {("王芳", "回访 王芳"), ("张伟", "回访 张伟"), (None, "回访 中兴通讯")}


def test_password_from_a_command(shop: Crm) -> None:
    with SmtpDouble(login=("wang", "from-pass")) as smtp:
        configure(shop, smtp.port)
        command = f"{sys.executable} -c \"print('from-pass')\""
        shop.ok("config", "set", "mail.password_command", command)
        shop.ok("mail", "send", "C000001", "--subject", "hi", "--body", "x", user="wang")
    assert len(smtp.received) == 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_refused_connection_logs_nothing(shop: Crm) -> None:
    configure(shop, free_port(), login=False)
    line = shop.fails(1, "mail", "send", "C000001", "--subject", "hi", "--body", "x", user="wang")
    assert "mail not sent: cannot talk to 127.0.0.1" in line
    assert records(shop) == []


def test_wrong_password_logs_nothing(shop: Crm) -> None:
    with SmtpDouble(login=("wang", "right")) as smtp:
        configure(shop, smtp.port)
        line = shop.fails(
            1, "mail", "send", "C000001", "--subject", "hi", "--body", "x", user="wang", **SECRET
        )
    assert "535" in line and smtp.received == []
    assert records(shop) == []


def test_no_password_is_refused_before_sending(shop: Crm) -> None:
    with SmtpDouble(login=("wang", "s3cret")) as smtp:
        configure(shop, smtp.port)
        line = shop.fails(1, "mail", "send", "C000001", "--subject", "hi", "--body", "x")
    assert "no SMTP password" in line and smtp.received == []


def test_unknown_placeholder_sends_nothing(shop: Crm, tmp_path: Path) -> None:
    with SmtpDouble() as smtp:
        configure(shop, smtp.port, login=False)
        bad = template(tmp_path, "Subject: 你好 {customer.nmae}\n\nx\n")
        line = shop.fails(1, "mail", "send", "C000001", "--template", bad, user="wang")
        assert line == "Error: unknown placeholder {customer.nmae}: did you mean {customer.name}?"
        attack = ("--subject", "{customer.__class__}", "--body", "x")
        assert "unknown placeholder" in shop.fails(1, "mail", "send", "C000001", *attack)
    assert smtp.received == [] and records(shop) == []


def test_dry_run_prints_and_sends_nothing(shop: Crm, tmp_path: Path) -> None:
    with SmtpDouble() as smtp:
        configure(shop, smtp.port, login=False)
        out = shop.ok("mail", "send", "C000001", "-t", template(tmp_path, QUOTE), "--dry-run",
                      user="li").stdout  # fmt: skip
        data = shop.json("mail", "send", "C000001", "-t", template(tmp_path, QUOTE), "--dry-run")
    assert "Subject: 中兴通讯 报价单\n" in out and "张伟 您好：" in out and "李经理" in out
    assert data["to"] == "张伟 <Zhang.Wei@zte.example>" and data["body"].startswith("张伟 您好")
    assert smtp.received == [] and records(shop) == []


def test_only_who_may_log_may_send(shop: Crm) -> None:
    with SmtpDouble() as smtp:
        configure(shop, smtp.port, login=False)
        text = ("--subject", "hi", "--body", "x")
        shop.fails(4, "mail", "send", "C000001", *text, user="chen")  # not hers to see
        shop.ok("customer", "edit", "C000002", "--public", user="chen")
        shop.fails(5, "mail", "send", "C000002", *text, user="wang")  # seen, not his to log
    assert smtp.received == []


def message(
    subject: str, sender: str, to: str, date: str, body: str = "正文第一行\n"
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Date"] = sender, to, subject, date
    msg["Message-ID"] = f"<{abs(hash((subject, date)))}@test>"
    msg.set_content(f"{body}\n> quoted earlier mail\n-- \nsignature\n")
    return msg


MESSAGES = [
    message(
        "询价",
        "张伟 <ZHANG.WEI@zte.example>",
        "wang@ours.example",
        "Fri, 20 Nov 2026 09:30:00 +0800",
    ),
    message("回复：询价", "wang@ours.example", "wf@zte.example", "Fri, 20 Nov 2026 11:00:00 +0800"),
    message(
        "广告", "spam@elsewhere.example", "wang@ours.example", "Sat, 21 Nov 2026 08:00:00 +0000"
    ),
    message("格力", "li.na@gree.example", "wang@ours.example", "Sat, 21 Nov 2026 09:00:00 +0000"),
]


def local(date: str) -> str:
    return parsedate_to_datetime(date).astimezone().replace(tzinfo=None).isoformat()


def test_import_maildir_links_and_skips_duplicates(shop: Crm, tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    for msg in MESSAGES:
        box.add(msg)
    path = str(tmp_path / "Maildir")
    first = shop.run("mail", "import", path, user="wang")  # 格力 is chen's: unknown to wang
    assert first.exit_code == 0, first.stderr
    assert first.stderr == "2 linked, 0 skipped as duplicates, 2 unknown senders.\n"
    inbound, outbound = sorted(records(shop), key=lambda r: r["started_at"])
    assert inbound["started_at"] == local(MESSAGES[0]["Date"])
    assert inbound["summary"] == "询价\n\n正文第一行"  # no quote, no signature
    assert (inbound["contact_name"], inbound["place"]) == ("张伟", "from Zhang.Wei@zte.example")
    assert (outbound["contact_name"], outbound["place"]) == ("王芳", "to wf@zte.example")
    again = shop.run("mail", "import", path, user="wang")
    assert again.stderr == "0 linked, 2 skipped as duplicates, 2 unknown senders.\n"
    assert len(records(shop)) == 2


def test_import_mbox_json_and_dry_run(shop: Crm, tmp_path: Path) -> None:
    box = mailbox.mbox(tmp_path / "sent.mbox", create=True)
    for msg in [*MESSAGES, MESSAGES[0]]:  # the same message twice in one mailbox
        box.add(msg)
    box.close()
    path = str(tmp_path / "sent.mbox")
    rehearsal = shop.json("mail", "import", path, "--dry-run")  # admin sees 格力 too
    assert (rehearsal["linked"], rehearsal["duplicates"], rehearsal["unknown"]) == (3, 1, 1)
    assert records(shop) == [] and records(shop, "C000002") == []
    assert {r["status"] for r in rehearsal["records"]} == {"would-log", "duplicate"}
    done = shop.json("mail", "import", path)
    assert (done["linked"], done["duplicates"], done["dry_run"]) == (3, 1, False)
    [gree] = records(shop, "C000002")
    assert gree["contact_name"] == "李娜" and gree["summary"].startswith("格力\n")


def test_import_refuses_customers_one_may_only_see(shop: Crm, tmp_path: Path) -> None:
    shop.ok("customer", "edit", "C000002", "--public", user="chen")
    box = mailbox.mbox(tmp_path / "in.mbox", create=True)
    box.add(MESSAGES[3])
    box.close()
    result = shop.run("mail", "import", str(tmp_path / "in.mbox"), user="wang")
    assert result.exit_code == 0
    assert "0 linked, 0 skipped as duplicates, 0 unknown senders, 1 refused." in result.stderr
    assert records(shop, "C000002") == []


def test_a_sent_mail_imported_later_is_a_duplicate(shop: Crm, tmp_path: Path) -> None:
    with SmtpDouble() as smtp:
        configure(shop, smtp.port, login=False)
        shop.ok("mail", "send", "C000001", "--subject", "合同", "--body", "请查收", user="wang")
    box = mailbox.mbox(tmp_path / "Sent", create=True)
    box.add(smtp.received[0].data)
    box.close()
    result = shop.run("mail", "import", str(tmp_path / "Sent"), user="wang")
    assert result.stderr == "0 linked, 1 skipped as duplicates, 0 unknown senders.\n"


def test_import_of_nothing_there(shop: Crm, tmp_path: Path) -> None:
    assert "no such Maildir or mbox" in shop.fails(1, "mail", "import", str(tmp_path / "none"))
    assert "not a Maildir" in shop.fails(1, "mail", "import", str(tmp_path))


def test_mutt_query(shop: Crm) -> None:
    found = shop.run("contact", "email", "zte", "--parsable", user="wang")
    assert found.exit_code == 0
    status, *lines = found.stdout.splitlines()
    assert status == "crm: 2 matches"
    assert sorted(lines) == [
        "Zhang.Wei@zte.example\t张伟\t中兴通讯",
        "wf@zte.example\t王芳\t中兴通讯",
    ]
    by_customer = shop.run("contact", "email", "中兴", "--parsable", user="wang")
    assert len(by_customer.stdout.splitlines()) == 3
    hidden = shop.run("contact", "email", "li.na", "--parsable", user="wang")  # chen's
    assert (hidden.exit_code, hidden.stdout) == (1, "crm: no matches for 'li.na'\n")
    rows = shop.json("contact", "email", "zhang", user="wang")
    assert rows == [{"address": "Zhang.Wei@zte.example", "name": "张伟", "customer_name": "中兴通讯",
                     "contact": "CT000001", "customer": "C000001"}]  # fmt: skip
