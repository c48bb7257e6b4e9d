"""Contact records (ACT-1) and the customer's derived fields (ACT-2, CUS-3)."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_cli.store.activity import activities
from crm_cli.store.activity import models as am
from crm_cli.store.core import oplog, users
from crm_cli.store.core.errors import InvalidInput, Locked, NotFound, PermissionDenied
from crm_cli.store.customers import customers, delegations
from crm_cli.store.customers import lifecycle as customer_ops
from crm_cli.store.customers.contacts import add_contact
from tests.conftest import Team

NOW = dt.datetime(2026, 5, 4, 10, 0)


def at(day: int, hour: int = 9) -> str:
    return f"2026-05-{day:02d} {hour:02d}:00"


@pytest.fixture
def acme(team: Team) -> str:
    customers.add_customer(team.wang, "中兴通讯", now=NOW)
    add_contact(team.wang, "C000001", "张伟", now=NOW)
    return "C000001"


def derived(ref: str = "C000001") -> tuple[object, object, str]:
    row = customers.get_customer(users.resolve_actor("admin"), ref, now=NOW)
    return row.last_contact, row.next_contact, row.latest_progress


def log(team: Team, summary: str, when: str, **fields: str):
    return activities.log_contact(
        team.wang, "C000001", {"summary": summary, "started_at": when, **fields}, now=NOW
    )


def test_logging_sets_the_derived_fields(team: Team, acme: str) -> None:
    rec = activities.log_contact(
        team.wang, acme,
        {"summary": "报价已确认", "started_at": at(3), "ended_at": at(3, 11), "method": "Visit",
         "purpose": "quote", "cause": "价格", "place": "深圳", "project": "5G", "order_ref": "SO1",
         "next_date": "2026-05-10", "next_note": "送合同"},
        contact="张伟", now=NOW,
    )  # fmt: skip
    assert (rec.contact, rec.contact_name, rec.user) == ("CT000001", "张伟", "wang")
    assert (rec.method, rec.minutes, rec.next_status) == ("visit", 120, "remind")
    assert (rec.cause, rec.place, rec.project, rec.order_ref) == ("价格", "深圳", "5G", "SO1")
    assert derived() == (dt.date(2026, 5, 3), dt.date(2026, 5, 10), "报价已确认")
    entry = oplog.entries_for_customer(1)[0]
    assert (entry.entity, entry.action, entry.entity_id) == ("activity", "add", rec.id)


def test_an_older_record_does_not_overwrite_the_newest(team: Team, acme: str) -> None:
    log(team, "newest", at(3), next_date="2026-05-09")
    log(team, "older, back-dated", at(1), next_date="2026-05-05")
    assert derived() == (dt.date(2026, 5, 3), dt.date(2026, 5, 9), "newest")


def test_editing_and_deleting_the_newest_recompute(team: Team, acme: str) -> None:
    first = log(team, "first", at(1), next_date="2026-05-06")
    second = log(team, "second", at(2))
    assert derived() == (dt.date(2026, 5, 2), None, "second")  # the newest word counts
    activities.edit_activity(team.wang, str(second.id), {"next_date": "2026-05-08"}, now=NOW)
    assert derived() == (dt.date(2026, 5, 2), dt.date(2026, 5, 8), "second")
    activities.edit_activity(team.wang, str(second.id), {"next_status": "done"}, now=NOW)
    assert derived() == (dt.date(2026, 5, 2), None, "second")
    activities.delete_activity(team.wang, str(second.id), now=NOW)
    assert derived() == (dt.date(2026, 5, 1), dt.date(2026, 5, 6), "first")
    activities.delete_activity(team.wang, str(first.id), now=NOW)
    assert derived() == (None, None, "")
    actions = [e.action for e in oplog.entries_for_customer(1) if e.entity == "activity"]
    assert actions == ["delete", "delete", "edit", "edit", "add", "add"]
    with pytest.raises(NotFound):
        activities.get_activity(team.wang, str(first.id), now=NOW)


def test_set_status_changes_the_customer_and_logs_it(team: Team, acme: str) -> None:
    rec = activities.log_contact(
        team.wang, acme, {"summary": "签约", "result": "deal"}, set_status="formal", now=NOW
    )
    assert rec.new_status == "formal"
    assert customers.get_customer(team.wang, acme, now=NOW).status == "formal"
    edits = [e for e in oplog.entries_for_customer(1) if e.entity == "customer"]
    assert edits[0].changes == {"status": ["potential", "formal"]}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"summary": "x", "result": "failed"}, "failure reason"),
        ({"summary": "x", "failure_reason": "太贵"}, "only with --result failed"),
        ({"summary": "  "}, "summary"),
        ({"summary": "x", "method": "fax"}, "invalid method 'fax'"),
        ({"summary": "x", "result": "maybe"}, "invalid result"),
        ({"summary": "x", "minutes": "-5"}, "invalid minutes -5"),
        ({"summary": "x", "minutes": "lots"}, "invalid minutes"),
        ({"summary": "x", "started_at": at(3, 10), "ended_at": at(3, 9)}, "before the start"),
        ({"summary": "x", "started_at": at(3), "next_date": "2026-05-02"}, "before this contact"),
        ({"summary": "x", "next_status": "done"}, "needs a next contact date"),
        ({"summary": "x", "next_status": "later", "next_date": "+1d"}, "next step status"),
        ({"summary": "x", "started_at": "2026-02-30"}, "invalid date/time"),
        ({"summary": "x", "next_date": "someday"}, "invalid date"),
        ({"summary": "x", "purpose": "p" * 65}, "too long"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    team: Team, acme: str, fields: dict[str, str], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        activities.log_contact(team.wang, acme, fields, now=NOW)
    assert am.Activity.select().count() == 0
    assert derived() == (None, None, "")


def test_the_contact_must_belong_to_the_customer(team: Team, acme: str) -> None:
    customers.add_customer(team.wang, "华为技术", now=NOW)
    add_contact(team.wang, "C000002", "李娜", now=NOW)
    with pytest.raises(NotFound, match="no contact '李娜' at customer C000001"):
        activities.log_contact(team.wang, acme, {"summary": "x"}, contact="李娜", now=NOW)
    assert am.Activity.select().count() == 0


def test_audited_customer_refuses_a_status_change(team: Team, acme: str) -> None:
    customer_ops.audit_customers(team.li, [acme], now=NOW)
    with pytest.raises(Locked):
        activities.log_contact(team.wang, acme, {"summary": "x"}, set_status="formal", now=NOW)
    with pytest.raises(InvalidInput, match="unknown status"):
        activities.log_contact(team.wang, acme, {"summary": "x"}, set_status="nope", now=NOW)
    assert am.Activity.select().count() == 0
    assert customers.get_customer(team.wang, acme, now=NOW).status == "potential"
    # Logging without a status change is no edit of the customer: allowed while audited.
    activities.log_contact(team.wang, acme, {"summary": "x"}, now=NOW)


def test_who_may_log_and_change_records(team: Team, acme: str) -> None:
    with pytest.raises(NotFound):  # chen cannot see wang's customer
        activities.log_contact(team.chen, acme, {"summary": "x"}, now=NOW)
    customers.edit_customer(team.wang, acme, {"is_public": "yes"}, now=NOW)
    with pytest.raises(PermissionDenied):  # public: visible, not hers to work on
        activities.log_contact(team.chen, acme, {"summary": "x"}, now=NOW)
    mine = log(team, "wang's", at(1))
    by_li = activities.log_contact(team.li, acme, {"summary": "li's"}, now=NOW)
    assert by_li.user == "li"
    delegations.delegate_customers(team.wang, [acme], "chen", dt.date(2026, 6, 1), now=NOW)
    activities.log_contact(team.chen, acme, {"summary": "chen as delegate"}, now=NOW)
    with pytest.raises(PermissionDenied, match="someone else's"):
        activities.edit_activity(team.chen, str(mine.id), {"summary": "mine now"}, now=NOW)
    activities.edit_activity(team.li, str(mine.id), {"summary": "fixed by li"}, now=NOW)
    with pytest.raises(InvalidInput, match="nothing to change"):
        activities.edit_activity(team.wang, str(mine.id), {}, now=NOW)
    with pytest.raises(InvalidInput, match="give its number"):
        activities.get_activity(team.wang, "abc", now=NOW)


def test_history_is_newest_first_and_only_what_the_actor_sees(team: Team, acme: str) -> None:
    customers.add_customer(team.zhao, "华为技术", now=NOW)
    customers.add_customer(team.chen, "联想集团", now=NOW)
    log(team, "w1", at(1))
    log(team, "w3", at(3))
    activities.log_contact(team.zhao, "C000002", {"summary": "z2", "started_at": at(2)}, now=NOW)
    activities.log_contact(team.chen, "C000003", {"summary": "c4", "started_at": at(4)}, now=NOW)

    def summaries(actor, ref=None, **kw) -> list[str]:  # type: ignore[no-untyped-def]
        return [a.summary for a in activities.contact_history(actor, ref, now=NOW, **kw)]

    assert summaries(team.admin) == ["c4", "w3", "z2", "w1"]
    assert summaries(team.li) == ["w3", "z2", "w1"]
    assert summaries(team.wang) == ["w3", "w1"]
    assert summaries(team.chen) == ["c4"]
    assert summaries(team.li, acme) == ["w3", "w1"]
    assert summaries(team.admin, since=dt.date(2026, 5, 2)) == ["c4", "w3", "z2"]
    assert summaries(team.admin, user="zhao") == ["z2"]
    assert summaries(team.admin, limit=2) == ["c4", "w3"]
    with pytest.raises(NotFound):
        summaries(team.chen, acme)
    with pytest.raises(InvalidInput):
        summaries(team.admin, limit=0)


def test_logging_works_on_every_backend(any_team: Team) -> None:
    customers.add_customer(any_team.wang, "中兴通讯", now=NOW)
    activities.log_contact(any_team.wang, "C000001", {"summary": "a", "started_at": at(1)}, now=NOW)
    rec = activities.log_contact(
        any_team.wang, "C000001",
        {"summary": "b", "started_at": at(2), "next_date": "2026-05-07"},
        set_status="formal", now=NOW,
    )  # fmt: skip
    row = customers.get_customer(any_team.wang, "C000001", now=NOW)
    assert (row.last_contact, row.next_contact, row.latest_progress) == (
        dt.date(2026, 5, 2), dt.date(2026, 5, 7), "b",
    )  # fmt: skip
    assert row.status == "formal"
    activities.delete_activity(any_team.wang, str(rec.id), now=NOW)
    row = customers.get_customer(any_team.wang, "C000001", now=NOW)
    assert (row.last_contact, row.next_contact, row.latest_progress) == (
        dt.date(2026, 5, 1),
        None,
        "a",
    )
    assert [a.summary for a in activities.contact_history(any_team.li, now=NOW)] == ["a"]
