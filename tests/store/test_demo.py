"""Sample data (`crm demo`): bulk-written rows must look exactly like one-by-one adds."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from crm_cli.store import domains
from crm_cli.store.core import db, settings, users
from crm_cli.store.core import models as m
from crm_cli.store.core.bulk import insert_rows
from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.core.normalize import fold, name_key, phone_key, split_cjk
from crm_cli.store.core.records import User
from crm_cli.store.customers import contacts, customers, search
from crm_cli.store.customers import models as cm
from crm_cli.store.customers import query as q
from crm_cli.store.customers.mnemonic import mnemonic
from crm_cli.store.demo import customers as demo_customers
from crm_cli.store.demo import generate as demo
from crm_cli.store.demo.names import CITIES

NOW = dt.datetime(2026, 11, 23, 9, 0)
CJK = re.compile(r"[\u4e00-\u9fff]")
PHONE = re.compile(r"^(0\d{2,3}-[2-8]\d{7}|1[3-9]\d{9})$")


@pytest.fixture
def filled(any_db: str) -> User:
    admin = users.resolve_actor("admin")
    summary = demo.add_demo_data(admin, 200, seed=1, now=NOW)
    assert summary.customers == 200 and summary.users == 6
    return admin


def rows() -> list[cm.Customer]:
    return list(cm.Customer.select().order_by(cm.Customer.id))


def contact_names(row: cm.Customer) -> list[str]:
    query = cm.Contact.select().where(cm.Contact.customer == row.id).order_by(cm.Contact.id)
    return [c.name for c in query]


def test_counts_codes_and_the_team(filled: User) -> None:
    all_rows = rows()
    assert [r.code for r in all_rows] == [f"C{n:06d}" for n in range(1, 201)]
    people = list(cm.Contact.select())
    assert 200 <= len(people) <= 600
    assert len({p.code for p in people}) == len(people)
    team = {u.login: u for u in users.list_users(filled)}
    assert (team["li"].role, team["smith"].role) == ("manager", "manager")
    assert {team[x].supervisor for x in ("wang", "zhao")} == {"li"}
    assert {team[x].supervisor for x in ("chen", "taylor")} == {"smith"}
    owners = {r.owner_id for r in all_rows}
    sales = {team[x].id for x in ("wang", "zhao", "chen", "taylor")}
    assert sales <= owners and filled.id not in owners


def test_derived_columns_match_the_one_by_one_path(filled: User) -> None:
    for row in rows():
        assert row.mnemonic == mnemonic(row.name)
        assert row.name_key == name_key(row.name)
        assert (row.phone_key, row.email_key) == (phone_key(row.phone), fold(row.email))
        assert row.search_text == search.search_text(row, contact_names(row))
        assert row.created_by_id == filled.id and row.deleted_at is None
    for person in cm.Contact.select():
        assert person.mnemonic == mnemonic(person.name)
        assert person.name_key == fold(person.name).strip()
        assert person.phone_key == phone_key(person.mobile)


def test_sqlite_index_holds_what_reindex_would_write(filled: User) -> None:
    if db.backend() != "sqlite":
        pytest.skip("the FTS tables exist on SQLite only")
    sql = cm.Customer._meta.database.execute_sql
    for row in rows()[:50]:
        fts = sql("SELECT body FROM customer_fts WHERE rowid = ?", (row.id,)).fetchall()
        words = sql("SELECT body FROM customer_words WHERE rowid = ?", (row.id,)).fetchall()
        assert fts == [(row.search_text,)] and words == [(split_cjk(row.search_text),)]


def test_every_customer_is_found_by_part_of_its_name(filled: User) -> None:
    for row in rows():
        part = row.name[2:6] if CJK.match(row.name) else row.name.split()[0][1:]
        found = q.list_customers(filled, q.CustomerFilter(search=part), now=NOW)
        assert row.code in {c.code for c in found}, part
        if CJK.match(row.name) and db.backend() != "mysql":
            short = q.list_customers(filled, q.CustomerFilter(search=row.name[3:5]), now=NOW)
            assert row.code in {c.code for c in short}, row.name[3:5]


def test_a_contact_name_finds_its_customer(filled: User) -> None:
    person = cm.Contact.select().order_by(cm.Contact.id.desc()).first()
    found = q.list_customers(filled, q.CustomerFilter(search=person.name), now=NOW)
    assert person.customer.code in {c.code for c in found}


def test_add_customer_and_add_contact_continue_after_the_block(filled: User) -> None:
    added = customers.add_customer(filled, "新来的测试客户", now=NOW)
    assert added.code == "C000201"
    last = cm.Contact.select().count()
    person = contacts.add_contact(filled, added.code, "赵六", now=NOW)
    assert person.code == f"CT{last + 1:06d}"


def test_codes_keep_counting_past_the_configured_width(db_url: str) -> None:
    admin = users.resolve_actor("admin")
    settings.set_setting(admin, "code.width", "3")
    summary = demo.add_demo_data(admin, 1200, seed=4, now=NOW)
    assert (summary.first_code, summary.last_code) == ("C001", "C1200")
    codes = [r.code for r in rows()]
    assert codes[998:1001] == ["C999", "C1000", "C1001"] and len(set(codes)) == 1200
    assert customers.add_customer(admin, "宽度之外有限公司", now=NOW).code == "C1201"


def test_one_log_entry_per_customer(filled: User) -> None:
    row = rows()[0]
    # The sales history (test_demo_sales.py) logs its records too, and the demo campaign its
    # customers' source (test_demo_campaigns.py); one entry is the customer's own.
    log = [e for e in customers.customer_log(filled, row.code, now=NOW)
           if e.entity == "customer" and e.action != "campaign"]  # fmt: skip
    assert [(e.action, e.entity, e.actor) for e in log] == [("add", "customer", "admin")]
    changes = log[0].changes
    assert (changes["code"], changes["name"], changes["owner"]) == (
        row.code, row.name, row.owner.login,
    )  # fmt: skip
    assert changes["status"] == row.status.name and changes["contacts"] == contact_names(row)
    own = (m.OpLog.entity == "customer") & (m.OpLog.action != "campaign")
    assert m.OpLog.select().where(own).count() == 200


def test_realistic_mix_of_values(filled: User) -> None:
    all_rows = rows()
    chinese = [r for r in all_rows if CJK.search(r.name)]
    assert 110 <= len(chinese) <= 170  # about 70/30
    provinces = {c.name: c.province for c in CITIES}
    area_codes = {c.name: c.area_code for c in CITIES}
    for row in all_rows:
        assert provinces[row.city] == row.province and row.country == "中国"
        assert PHONE.match(row.phone), row.phone
        assert row.phone.startswith(area_codes[row.city]) or row.phone.startswith("1")
        assert NOW.date() - dt.timedelta(days=3 * 366) <= row.registered <= NOW.date()
    english = [r for r in all_rows if not CJK.search(r.name)]
    assert all(r.email.endswith(r.website.removeprefix("www.")) for r in english)
    assert {r.status.name for r in all_rows} == {"potential", "intent", "formal", "lost"}
    assert {r.level for r in all_rows} == {"A", "B", "C"}
    assert len({r.source for r in all_rows}) >= 6 and any(r.is_public for r in all_rows)


def test_some_birthdays_fall_within_the_next_weeks(filled: User) -> None:
    soon = 0
    for person in cm.Contact.select():
        assert PHONE.match(person.mobile) and person.title and person.email
        upcoming = person.birthday.replace(year=NOW.year)
        soon += dt.timedelta(0) <= upcoming - NOW.date() <= dt.timedelta(days=30)
    assert soon >= 5


def test_the_same_seed_draws_the_same_data(tmp_path: Path) -> None:
    def draw(name: str) -> list[tuple[str, ...]]:
        domains.open_store(f"sqlite:///{tmp_path / name}")
        admin = users.resolve_actor("admin")
        demo.add_demo_data(admin, 60, seed=7, now=NOW)
        drawn = [(r.code, r.name, r.phone, *contact_names(r)) for r in rows()]
        db.close_store()
        return drawn

    assert draw("a.db") == draw("b.db")


def test_running_again_adds_more_with_fresh_codes_and_names(filled: User) -> None:
    again = demo.add_demo_data(filled, 200, seed=1, now=NOW)
    assert (again.users, again.first_code, again.last_code) == (0, "C000201", "C000400")
    keys = [r.name_key for r in rows()]
    assert len(keys) == 400 and len(set(keys)) == 400


def test_only_an_admin_may_add_demo_data(filled: User) -> None:
    wang = users.resolve_actor("wang")
    with pytest.raises(PermissionDenied):
        demo.add_demo_data(wang, 10, now=NOW)
    assert cm.Customer.select().count() == 200


def test_the_forked_drawer_writes_what_the_inline_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not demo_customers._can_fork():
        pytest.skip("no fork here (or other threads are running)")

    def run(name: str, parallel_from: int) -> list[tuple[str, ...]]:
        monkeypatch.setattr(demo_customers, "PARALLEL_MIN", parallel_from)
        domains.open_store(f"sqlite:///{tmp_path / name}")
        demo.add_demo_data(users.resolve_actor("admin"), 2500, seed=3, now=NOW)
        drawn = [(r.code, r.name, r.search_text) for r in rows()]
        db.close_store()
        return drawn

    assert run("forked.db", 1) == run("inline.db", 10**9)


def test_bulk_insert_keeps_awkward_text_intact(any_db: str) -> None:
    awkward = ["tab\there", "line\nbreak", "back\\slash", "\\N", "", "引号'\"", "\r"]
    insert_rows("setting", ["key", "value"], [(f"k{i}", v) for i, v in enumerate(awkward)])
    stored = {s.key: s.value for s in m.Setting.select()}
    assert [stored[f"k{i}"] for i in range(len(awkward))] == awkward


@pytest.mark.parametrize(
    ("text", "size"), [("small", 200), ("large", 100_000), ("1500", 1500), (" 20,000 ", 20_000)]
)
def test_sizes(text: str, size: int) -> None:
    assert demo.parse_size(text) == size


@pytest.mark.parametrize("text", ["", "0", "-5", "huge", "1.5", "99999999"])
def test_bad_sizes_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        demo.parse_size(text)
