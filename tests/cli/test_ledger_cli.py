"""`crm receivable export --hledger|--beancount` through the real CLI: the ledger's balance
per customer equals what `crm receivable list` says is owed, read by the real hledger
where it is installed and always by the small parsers below; entries after --as-of,
undone imports and other people's customers stay out; bad input is one line and its exit
code."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.cli.test_order_cli import shop

if TYPE_CHECKING:
    from tests.cli.conftest import Crm

__all__ = ["shop"]  # the fixture, shared with the order tests

D = Decimal
WHEN = "2026-03-01"  # the day the book is written: every date below is before it
EARLY = "2026-02-10"  # before the receipt of 2026-02-20
GONE = 'Gone; "Old" | Ltd'  # a name with what a ledger's syntax must not see raw
OWED = {"C000001": D("1500.00"), "C000002": D("1000.00"), "C000003": D("3000.00")}


def _approve(crm: Crm, customer: str, line: str, signed: str, user: str) -> str:
    add = ("order", "add", customer, "--line", line, "--signed", signed, "--as-of", WHEN)
    code: str = crm.json(*add, user=user)["code"]
    crm.ok("order", "submit", code, user=user)
    crm.ok("order", "approve", code)
    return code


def _pay(crm: Crm, order: str, amount: str, date: str, *extra: str) -> None:
    crm.ok("pay", order, "--amount", amount, "--date", date, "--as-of", WHEN, *extra)


def _import_and_undo(crm: Crm, tmp_path: Path, kind: str, text: str) -> None:
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    crm.ok("import", kind, str(path))
    crm.ok("import", "undo", str(crm.json("import", "history")[0]["id"]))


@pytest.fixture
def book(shop: Crm, tmp_path: Path) -> Crm:
    """Acme (wang, C000001): a part-paid order, a settled one, an order and a receipt
    imported and undone; Other Co (chen, C000002): one open order; C000003 (wang): a
    part-paid order, then the customer put in the trash."""
    part = _approve(shop, "C000001", "PC:3", "2026-01-05", "wang")  # 3000.00
    _pay(shop, part, "1200", "2026-01-20")
    _pay(shop, part, "300", "2026-02-20", "--method", "现金")
    settled = _approve(shop, "C000001", "PEN:1", "2026-01-10", "wang")
    _pay(shop, settled, "0.10", "2026-01-10")
    _import_and_undo(shop, tmp_path, "orders", "订单编号,客户编号,签约日期,状态,产品编号,数量\n"
                     "SO100,C000001,2026-01-08,approved,PC,4\n")  # fmt: skip
    _import_and_undo(
        shop, tmp_path, "receipts", f"订单编号,收款日期,收款金额\n{part},2026-01-21,100\n"
    )
    _approve(shop, "C000002", "PC:1", "2026-01-15", "chen")
    shop.add(GONE, user="wang")
    gone = _approve(shop, "C000003", "ERP:1", "2026-01-25", "wang")  # 5000.00
    _pay(shop, gone, "2000", "2026-02-01")
    shop.ok("customer", "delete", "C000003", "--yes")
    return shop


def listed(crm: Crm, *extra: str, user: str = "admin") -> dict[str, Decimal]:
    """Per customer, the balances `crm receivable list -f json` prints, summed."""
    sums: dict[str, Decimal] = {}
    for row in crm.json("receivable", "list", *extra, user=user):
        sums[row["customer"]] = sums.get(row["customer"], D("0")) + D(str(row["balance"]))
    return sums


def export(crm: Crm, *args: str, user: str = "admin") -> str:
    result = crm.ok("receivable", "export", *args, user=user)
    assert result.stderr == ""
    return result.stdout


def receivable(sums: dict[str, Decimal], top: str) -> dict[str, Decimal]:
    """The customer accounts' non-zero balances, by customer code."""
    prefix = f"{top}:"
    return {a.removeprefix(prefix): v for a, v in sums.items() if a.startswith(prefix) and v}


# -- a small hledger reader: transactions, their postings, each balancing to zero ---------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_POSTING = re.compile(r"^ +(?P<account>\S(?:\S| (?! ))*) {2,}(?P<amount>-?\d+\.\d{2}) CNY$")


def _transactions(text: str) -> Iterator[tuple[str, str, list[tuple[str, Decimal]]]]:
    """(date, header, postings) of each transaction; directives and comments skipped."""
    current: tuple[str, str, list[tuple[str, Decimal]]] | None = None
    for line in text.splitlines():
        if line.startswith(" ") and current is not None:
            found = _POSTING.match(line)
            if found:  # metadata lines (beancount) are not postings
                current[2].append((found["account"], D(found["amount"])))
            continue
        if current is not None:
            yield current
            current = None
        if _DATE.match(line) and " open " not in line:
            current = (line[:10], line[11:], [])
    if current is not None:
        yield current


def hledger_sums(text: str) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    for _, header, postings in _transactions(text):
        assert header.startswith("* ") and header.count(";") == 1, header
        assert len(postings) == 2 and sum(amount for _, amount in postings) == 0, postings
        for account, amount in postings:
            assert "  " not in account and ";" not in account, account
            sums[account] = sums.get(account, D("0")) + amount
    return sums


def test_the_ledger_sums_to_what_receivable_list_owes(book: Crm) -> None:
    text = export(book, "--hledger")
    assert listed(book) == OWED
    assert receivable(hledger_sums(text), "assets:receivable") == OWED
    assert "SO100" not in text and "R000004" not in text  # imported, then undone
    dates = [date for date, _, _ in _transactions(text)]
    assert dates == sorted(dates) and dates[0] == "2026-01-05"
    assert text.count("customer:C000003") == 2 and "(customer in the trash)" in text
    assert 'Gone, "Old" / Ltd | receipt R000005 for order SO' in text
    assert "assets:cash " in text  # the receipt paid in 现金


def test_an_earlier_as_of_leaves_out_later_entries(book: Crm) -> None:
    text = export(book, "--hledger", "--as-of", EARLY)
    assert all(date <= EARLY for date, _, _ in _transactions(text))
    assert receivable(hledger_sums(text), "assets:receivable") == {
        **OWED, "C000001": D("1800.00"),  # the 300.00 of 2026-02-20 not yet received
    }  # fmt: skip
    assert list(_transactions(export(book, "--hledger", "--as-of", "2025-12-31"))) == []


def test_each_user_exports_the_customers_they_see(book: Crm) -> None:
    for user in ("wang", "chen", "li"):
        sums = receivable(hledger_sums(export(book, "--hledger", user=user)), "assets:receivable")
        assert sums == listed(book, user=user)
    assert set(receivable(hledger_sums(export(book, "--hledger", user="chen")),
                          "assets:receivable")) == {"C000002"}  # fmt: skip


def _hledger_bal(tool: str, path: Path) -> dict[str, Decimal]:
    command = [tool, "-f", str(path), "bal", "assets:receivable", "--flat", "-N", "-O", "csv"]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0] == ["account", "balance"], rows
    found = {}
    for account, balance in rows[1:]:
        number, commodity = balance.split()
        assert commodity == "CNY"
        found[account.removeprefix("assets:receivable:")] = D(number)
    return found


@pytest.mark.parametrize("as_of", [None, EARLY])
def test_the_real_hledger_agrees(book: Crm, tmp_path: Path, as_of: str | None) -> None:
    tool = shutil.which("hledger")
    if tool is None:
        pytest.skip("hledger is not installed; test_the_ledger_sums_… checks the same sums")
    path = tmp_path / "receivables.journal"
    result = book.ok("receivable", "export", "--hledger", "-o", str(path),
                     *(("--as-of", as_of) if as_of else ()))  # fmt: skip
    assert result.stdout == "" and result.stderr.startswith("Wrote ")
    assert result.stderr.endswith(f" transactions to {path}.\n")
    expected = receivable(hledger_sums(path.read_text(encoding="utf-8")), "assets:receivable")
    assert _hledger_bal(tool, path) == expected
    if as_of is None:
        assert expected == listed(book) == OWED


# -- a small beancount reader: accounts opened before use, transactions balanced ----------

_BEAN_ACCOUNT = re.compile(r"(Assets|Liabilities|Equity|Income|Expenses)(:[A-Z0-9][A-Za-z0-9-]*)+")
_QUOTED = r'"(?:[^"\\]|\\.)*"'


def beancount_sums(text: str) -> dict[str, Decimal]:
    opened: dict[str, str] = {}
    for line in text.splitlines():
        if " open " in line:
            date, _, account, commodity = line.split()
            assert _BEAN_ACCOUNT.fullmatch(account) and commodity == "CNY", line
            opened.setdefault(account, date)
    sums: dict[str, Decimal] = {}
    for date, header, postings in _transactions(text):
        assert re.fullmatch(rf"\* {_QUOTED} {_QUOTED}", header), header
        assert len(postings) == 2 and sum(amount for _, amount in postings) == 0, postings
        for account, amount in postings:
            assert opened.get(account, "9999") <= date, f"{account} used before it is opened"
            sums[account] = sums.get(account, D("0")) + amount
    return sums


def test_beancount_opens_every_account_and_balances(book: Crm) -> None:
    text = export(book, "--beancount")
    lines = text.splitlines()
    # Each account opened once, and before the first line that uses it.
    opens = [line.split()[2] for line in lines if " open " in line]
    assert len(opens) == len(set(opens))
    for account in opens:
        first_use = next(i for i, x in enumerate(lines) if x.startswith(f"  {account} "))
        assert lines.index(next(x for x in lines if x.endswith(f"open {account} CNY"))) < first_use
    assert receivable(beancount_sums(text), "Assets:Receivable") == listed(book) == OWED
    assert '"Gone, \\"Old\\" / Ltd"' in text and 'order: "SO000001"' in text
    early = export(book, "--beancount", "--as-of", EARLY)
    assert receivable(beancount_sums(early), "Assets:Receivable")["C000001"] == D("1800.00")


def test_bad_input_is_one_line_and_its_exit_code(book: Crm, tmp_path: Path) -> None:
    assert "--hledger" in book.fails(2, "receivable", "export")
    assert "--beancount" in book.fails(2, "receivable", "export", "--hledger", "--beancount")
    assert "invalid date 'soon'" in book.fails(
        1, "receivable", "export", "--hledger", "--as-of", "soon"
    )
    missing = tmp_path / "no" / "such" / "dir" / "r.journal"
    assert "cannot write" in book.fails(
        1, "receivable", "export", "--beancount", "-o", str(missing)
    )
    assert not missing.parent.exists()
    assert "Is a directory" in book.fails(
        1, "receivable", "export", "--hledger", "-o", str(tmp_path)
    )
    assert list(tmp_path.glob(".*partial")) == []


def test_dash_writes_to_standard_output(book: Crm) -> None:
    assert export(book, "--beancount", "-o", "-") == export(book, "--beancount")


def test_an_empty_book_is_a_valid_empty_ledger(shop: Crm) -> None:
    today = dt.date.today().isoformat()
    text = export(shop, "--hledger")
    assert f"as of {today}" in text and hledger_sums(text) == {}


def test_a_code_no_account_may_hold_is_spelled_out() -> None:
    from crm_cli.commands._ledger import code_part

    assert code_part("C000042") == "C000042"
    # An imported code with a space, ";" or a lower-case start: hex, unique, both tools read it.
    for code in ("c 42", "A;B", "客户1", "C  1"):
        part = code_part(code)
        assert re.fullmatch(r"X[0-9A-F]+", part) and bytes.fromhex(part[1:]).decode() == code
