"""`crm import undo` and `crm import history` (issue 12): an import taken back whole, or
refused whole when any of its records changed since."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crm_cli.store.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from crm_cli.store.customers import contacts as ct
from crm_cli.store.customers import customers as cs
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import query as q
from crm_cli.store.imports import batches, undo
from tests.conftest import Team
from tests.store.test_import_customers import NOW, load, write

LATER = NOW + dt.timedelta(hours=1)


def test_undo_trashes_what_it_created_and_restores_what_it_updated(
    team: Team, tmp_path: Path
) -> None:
    cs.add_customer(team.admin, "东山科技", {"city": "杭州", "owner": "wang"}, now=NOW)
    path = write(tmp_path, "name,city,owner,联系人\n东山科技,宁波,zhao,王伟\n北仑贸易,宁波,,李娜\n")
    summary, _ = load(team.admin, path, policy="update")
    assert (summary.created, summary.updated) == (1, 1)
    done = undo.undo_batch(team.admin, str(summary.batch), now=LATER)
    assert (done.deleted, done.restored) == (3, 1)  # 北仑贸易, its contact and 王伟; 东山科技
    assert [c.name for c in q.list_customers(team.admin)] == ["东山科技"]
    assert [c.name for c in q.list_customers(team.admin, q.CustomerFilter(deleted=True))] == [
        "北仑贸易"
    ]
    back = cs.get_customer(team.admin, "东山科技")
    assert (back.city, back.owner) == ("杭州", "wang")
    assert ct.list_contacts(team.admin) == []
    assert cs.customer_log(team.admin, "东山科技")[0].action == "import-undo"
    assert cm.Contact.get(cm.Contact.name == "王伟").owner_id == team.wang.id  # the copy followed
    (listed,) = [b for b in batches.iter_batches(team.admin) if b.id == summary.batch]
    assert listed.undone_at == LATER and listed.undone_by == "admin"


def test_undo_twice_is_refused_in_one_line(team: Team, tmp_path: Path) -> None:
    summary, _ = load(team.admin, write(tmp_path, "name\n甲\n"))
    undo.undo_batch(team.admin, str(summary.batch), now=LATER)
    with pytest.raises(
        InvalidInput, match=rf"^import {summary.batch} was undone already \(.* by admin\)$"
    ):
        undo.undo_batch(team.admin, str(summary.batch), now=LATER)


def test_a_record_changed_since_blocks_the_whole_undo(team: Team, tmp_path: Path) -> None:
    summary, _ = load(team.admin, write(tmp_path, "name\n甲公司\n乙公司\n"))
    cs.edit_customer(team.admin, "甲公司", {"city": "杭州"}, now=LATER)
    with pytest.raises(Conflict, match="changed since: C000001 甲公司; nothing undone"):
        undo.undo_batch(team.admin, str(summary.batch), now=LATER)
    assert len(q.list_customers(team.admin)) == 2
    # A contact added to a created customer is a change of it too.
    summary, _ = load(team.admin, write(tmp_path, "name\n丙公司\n"))
    ct.add_contact(team.admin, "丙公司", "王伟", now=LATER)
    with pytest.raises(Conflict, match="丙公司"):
        undo.undo_batch(team.admin, str(summary.batch), now=LATER)


def test_only_the_importer_or_an_admin_may_undo(team: Team, tmp_path: Path) -> None:
    summary, _ = load(team.wang, write(tmp_path, "name\n甲\n"))
    with pytest.raises(NotFound):  # chen does not even see wang's imports
        undo.undo_batch(team.chen, str(summary.batch))
    with pytest.raises(PermissionDenied, match="only the user who ran import"):
        undo.undo_batch(team.li, str(summary.batch))  # wang's manager sees it, may not undo
    undo.undo_batch(team.wang, f"#{summary.batch}", now=LATER)
    with pytest.raises(NotFound, match="no import batch '99'"):
        undo.undo_batch(team.admin, "99")


def test_history_lists_each_users_own_batches_newest_first(team: Team, tmp_path: Path) -> None:
    path = write(tmp_path, "name\n甲\n")
    first, _ = load(team.wang, path)
    second, _ = load(team.chen, path, policy="create")
    third, _ = load(team.zhao, path, policy="skip")
    assert [b.id for b in batches.iter_batches(team.admin)] == [
        third.batch,
        second.batch,
        first.batch,
    ]
    assert [b.id for b in batches.iter_batches(team.chen)] == [second.batch]
    assert [b.id for b in batches.iter_batches(team.li)] == [third.batch, first.batch]
    (shown,) = batches.iter_batches(team.chen)
    assert (shown.user, shown.record_type, shown.created, shown.on_duplicate) == (
        "chen", "customers", 1, "create")  # fmt: skip
