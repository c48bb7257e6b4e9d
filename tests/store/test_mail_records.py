"""E-mail as contact records (SH-4): recipients, linking imported mail, duplicates, and
the address book, in the store."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_cli.store.activity import activities, mail
from crm_cli.store.core.errors import InvalidInput, NotFound, PermissionDenied
from crm_cli.store.customers import customers
from crm_cli.store.customers.addresses import find_addresses
from crm_cli.store.customers.contacts import add_contact
from tests.conftest import Team

NOW = dt.datetime(2026, 5, 4, 10, 0)


@pytest.fixture
def zte(team: Team) -> Team:
    customers.add_customer(team.wang, "中兴通讯", {"email": "Info@ZTE.example"}, now=NOW)
    add_contact(team.wang, "C000001", "张伟", {"email": "zw@zte.example"}, now=NOW)
    customers.add_customer(team.chen, "格力电器", now=NOW)
    add_contact(team.chen, "C000002", "李娜", {"email": "ln@gree.example"}, now=NOW)
    return team


def msg(subject: str, *addresses: str, hour: int = 9, outgoing: bool = False) -> mail.MailMessage:
    at = dt.datetime(2026, 5, 3, hour)
    return mail.MailMessage(f"<{subject}>", at, subject, f"{subject}\n\nbody", addresses, outgoing)


def test_recipient_defaults_and_refusals(zte: Team) -> None:
    to = mail.recipient(zte.wang, "C000001", now=NOW)
    assert (to.address, to.contact and to.contact.name) == ("zw@zte.example", "张伟")
    by_address = mail.recipient(zte.wang, "中兴通讯", "ZW@zte.example", now=NOW)
    assert by_address.contact is not None and by_address.contact.code == "CT000001"
    with pytest.raises(NotFound):
        mail.recipient(zte.wang, "C000002", now=NOW)  # chen's: not even seen
    with pytest.raises(NotFound, match="no customer or contact"):
        mail.recipient(zte.wang, "nobody", now=NOW)
    customers.add_customer(zte.wang, "无邮箱", now=NOW)
    with pytest.raises(InvalidInput, match="no e-mail address"):
        mail.recipient(zte.wang, "C000003", now=NOW)
    customers.edit_customer(zte.chen, "C000002", {"is_public": "true"}, now=NOW)
    with pytest.raises(PermissionDenied):
        mail.recipient(zte.wang, "C000002", now=NOW)


def test_import_links_contacts_and_customers_once(zte: Team) -> None:
    batch = [
        msg("询价", "zw@zte.example", "other@x.example"),
        msg("公司邮箱", "info@zte.example", hour=10),
        msg("陌生人", "who@x.example"),
        msg("两家", "zw@zte.example", "ln@gree.example", hour=11, outgoing=True),
    ]
    done = mail.import_mail(zte.admin, batch, now=NOW)
    assert done.unknown == 1
    assert [(link.customer, link.contact, link.direction, link.status) for link in done.links] == [
        ("C000001", "CT000001", "in", "logged"),
        ("C000001", None, "in", "logged"),
        ("C000001", "CT000001", "out", "logged"),
        ("C000002", "CT000002", "out", "logged"),
    ]
    again = mail.import_mail(zte.admin, batch, now=NOW)
    assert {link.status for link in again.links} == {"duplicate"}
    rows = activities.contact_history(zte.admin, "C000001", now=NOW)
    assert sorted(r.place for r in rows) == [
        "from Info@ZTE.example", "from zw@zte.example", "to zw@zte.example"
    ]  # fmt: skip


def test_dry_run_writes_nothing(zte: Team) -> None:
    done = mail.import_mail(zte.wang, [msg("询价", "zw@zte.example")], dry_run=True, now=NOW)
    assert [link.status for link in done.links] == ["would-log"]
    assert activities.contact_history(zte.wang, "C000001", now=NOW) == []


def test_a_future_date_is_refused_alone(zte: Team) -> None:
    late = mail.MailMessage(
        "<x>", NOW + dt.timedelta(days=1), "明天", "明天", ("zw@zte.example",), False
    )
    done = mail.import_mail(zte.wang, [late, msg("今天", "zw@zte.example")], now=NOW)
    assert [link.status for link in done.links] == ["refused", "logged"]
    assert "in the future" in done.links[0].reason


def test_addresses_of_leaves_ours_out() -> None:
    found = mail.addresses_of(
        ["Me@Ours.example", "A@x.example", "a@x.example", "bad"], ["me@ours.example"]
    )
    assert found == ("a@x.example",)


def test_address_book_sees_what_the_actor_sees(zte: Team) -> None:
    assert [a.address for a in find_addresses(zte.wang, "张")] == ["zw@zte.example"]
    assert sorted(a.name for a in find_addresses(zte.admin, "example")) == sorted(["李娜", "张伟"])
    assert find_addresses(zte.wang, "gree") == []
    assert [a.name for a in find_addresses(zte.chen, "格力")] == ["李娜"]
    with pytest.raises(InvalidInput):
        find_addresses(zte.wang, "  ")
