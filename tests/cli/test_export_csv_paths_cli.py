"""`crm export customers -f csv` on SQLite takes a fast path (issue 12's benchmark): SQLite
renders each row as one text (``store.exports.joined``) and the writer quotes and guards
only the cells that need it. These tests export the same tricky database both ways, the
fast path and the Python one every other backend takes, and hold the bytes equal: quotes,
commas, line breaks, leading = + - @ and quotes, leading zeros, +86, Chinese, emoji and
𠮷, NULLs, the separator itself, custom fields of every type (and stored values only
Python can render: floats, lists, invalid JSON), money, several column sets, sorts,
filters, a sales user's view, UTF-8, --excel and GBK (its refusal naming the row)."""

from __future__ import annotations

import contextlib
import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Crm

from crm_cli.commands import _export_formats as ef
from crm_cli.store import domains
from crm_cli.store.core import db, users
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.customers.query import CustomerFilter
from crm_cli.store.exports import columns, rows
from crm_cli.store.exports.joined import Joined

FIELDS = (("biz_reg_no", "text", "营业执照注册号"), ("staff", "number", "员工数"),
          ("founded", "date", "成立日期"), ("listed", "bool", "上市"), ("region", "text", ""))  # fmt: skip
NAMES = [
    '引号"公司"', "逗号, 有限公司", "两行\n公司", "回车\r\n公司", "孤\r回车", "=SUM(A1)",
    "+86 公司", "-减号", "@提及", "'=引号公式", "''=两个引号", "'普通引号", "𠮷野家😀",
    "0012 前导零", "普通公司", "Acme, Inc.", '"', ",", "=", "分\x1f隔符",
]  # fmt: skip
# Stored values no command writes, set with SQL: each must come out as Python says.
ODD = [
    ("custom", '{"staff": 1.5, "biz_reg_no": -5, "listed": "否"}'),
    ("custom", '{"staff": 12, "founded": "2001-06-30", "listed": 0, "region": ",\\"x\\""}'),
    ("custom", '{"biz_reg_no": [1, 2], "listed": {"a": 1}}'),
    ("custom", '{"region": true, "staff": false, "listed": null, "founded": "=1"}'),
    ("custom", "not json"),
    ("custom", "[1, 2]"),
    ("custom", '{"biz_reg_no": 123456789012345678901234567890}'),
    ("custom", '{"listed": "", "region": "+86 13800138000", "staff": -3}'),
    ("notes", "零\x00字符"),
    ("latest_progress", "-1 进展, 下周"),
    ("keyword", "\x1f开头"),
    ("phone", "=1+1"),
]
MONEY = [-5, 0, 123456789, -100, 7, 99]
PHONES = ["+86 10 8888 0000", "010-12345678", "0755-26770000", ""]


@pytest.fixture
def tricky(staff: Crm) -> Crm:
    for key, kind, label in FIELDS:
        staff.ok("customer", "field", "add", key, "--type", kind, "--label", label)
    staff.ok("customer", "status", "add", "--", "-流失, 再联系")
    owners = ["wang", "chen", "admin", ""]
    for i, name in enumerate(NAMES):
        owner = owners[i % len(owners)]
        staff.ok("customer", "add", "--allow-duplicate", "--phone", PHONES[i % len(PHONES)],
                  "--postcode", "010020", "--notes", NAMES[-1 - i], "--city", "深圳",
                  *(["--owner", owner] if owner else []),
                  *(["--status", "-流失, 再联系"] if i % 3 == 0 else []),
                  *(["--registered", "2020-03-05", "--public"] if i % 2 else []),
                  "--field", f"biz_reg_no={'0' * (i % 3)}91110", "--field", f"staff={i * 7}",
                  "--field", "listed=yes" if i % 2 else "listed=no",
                  "--field", f"region={NAMES[(i + 3) % len(NAMES)]}", "--", name)  # fmt: skip
    with contextlib.closing(sqlite3.connect(staff.db_url.removeprefix("sqlite:///"))) as con:
        for i, (column, value) in enumerate(ODD, start=1):
            con.execute(f"UPDATE customer SET {column} = ? WHERE id = ?", (value, i))
        for i, cents in enumerate(MONEY, start=1):
            con.execute("UPDATE customer SET balance_owed = ?, total_ordered = ? WHERE id = ?",
                        (cents, -cents, i + 3))  # fmt: skip
        con.commit()
    return staff


@pytest.fixture
def store(tricky: Crm) -> Iterator[Crm]:
    db.close_store()
    domains.open_store(tricky.db_url)
    yield tricky
    db.close_store()


def written(found: Any, chosen: list[columns.Column], encoding: str) -> bytes | str:
    """The CSV ``write_csv`` makes of ``found``, or the refusal it raises."""
    out = io.BytesIO()
    try:
        ef.write_csv(out, chosen, found, encoding)
    except InvalidInput as exc:
        return str(exc)
    finally:
        found.close()
    return out.getvalue()


def both(
    login: str, fields: list[str] | None, flt: CustomerFilter, sort: str | None, encoding: str
) -> tuple[bytes | str, bytes | str]:
    """The file (or refusal) of the Python path, and of the fast one."""
    actor = users.resolve_actor(login)
    chosen = columns.customer_columns(fields)
    python = written(rows.customer_rows(actor, chosen, flt, sort=sort), chosen, encoding)
    joined = rows.customer_csv_rows(actor, chosen, flt, sort=sort)
    assert isinstance(joined, Joined)  # the fast path, on SQLite
    return python, written(joined, chosen, encoding)


ALL = ["code", "name", "status", "owner", "balance_owed", "total_ordered", "total_received",
       "last_contact", "registered", "is_public", "latest_progress", "notes", "address",
       "custom.staff", "custom.listed", "custom.founded", "custom.region", "custom.biz_reg_no"]  # fmt: skip


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
@pytest.mark.parametrize("fields", [None, ALL, ["notes"], ["balance_owed"], ["code", "name"]])
def test_both_paths_write_the_same_bytes(
    store: Crm, fields: list[str] | None, encoding: str
) -> None:
    python, fast = both("admin", fields, CustomerFilter(), None, encoding)
    assert isinstance(python, bytes) and python.count(b"\r\n") > len(NAMES)
    assert fast.splitlines() == python.splitlines()  # type: ignore[union-attr]  # a diff
    assert fast == python


@pytest.mark.parametrize("sort", ["name", "-balance_owed", "-code"])
@pytest.mark.parametrize("login", ["admin", "wang", "chen"])
def test_sorts_filters_and_visibility_agree(store: Crm, login: str, sort: str) -> None:
    for flt in (CustomerFilter(), CustomerFilter(search="公司"), CustomerFilter(owner="chen")):
        python, fast = both(login, None, flt, sort, "utf-8")
        assert fast == python


def test_gbk_writes_or_refuses_alike(store: Crm) -> None:
    python, fast = both("admin", None, CustomerFilter(), None, "gbk")
    assert isinstance(python, str) and python.startswith("cannot write gbk: C0000")
    assert fast == python
    fits = CustomerFilter(where=("name = 普通公司",))
    python, fast = both("admin", None, fits, None, "gbk")
    assert isinstance(python, bytes) and "普通公司" in python.decode("gbk")
    assert fast == python


def test_odd_rows_are_rendered_by_python(store: Crm) -> None:
    """The texts SQLite could not make are None, and only those (the rest is fast)."""
    joined = rows.customer_csv_rows(users.resolve_actor("admin"), columns.customer_columns())
    assert isinstance(joined, Joined)
    texts = [text for chunk in joined.chunks for text, _ in chunk]
    joined.close()
    assert len(texts) == len(NAMES)
    # The custom values SQL leaves to Python: a float, a list, invalid JSON, a huge number.
    assert 4 <= sum(text is None for text in texts) <= len(ODD)


def test_the_command_writes_what_python_would(tricky: Crm, tmp_path: Path) -> None:
    for extra in ([], ["--excel"], ["--fields", ",".join(ALL)]):
        target = tmp_path / "out.csv"
        tricky.ok("export", "customers", "-o", str(target), *extra)
        db.close_store()
        domains.open_store(tricky.db_url)
        chosen = columns.customer_columns(ALL if extra[:1] == ["--fields"] else None)
        encoding = "utf-8-sig" if extra == ["--excel"] else "utf-8"
        admin = users.resolve_actor("admin")
        assert target.read_bytes() == written(rows.customer_rows(admin, chosen), chosen, encoding)
        db.close_store()
