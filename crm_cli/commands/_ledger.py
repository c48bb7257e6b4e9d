"""Receivables as plain-text accounting (`crm receivable export`): hledger journal or
beancount syntax, written as the store reads the entries.

Accounts, in hledger's spelling (beancount's is capitalised, with Income for revenue,
since beancount allows only Assets, Liabilities, Equity, Income and Expenses at the top):

- ``assets:receivable:C000042``: what customer C000042 owes; the customer's name is the
  transaction's payee, so account names stay valid whatever the name holds;
- ``revenue:sales``: the other side of an approved order;
- ``assets:cash`` for a receipt paid in cash (its method says cash or 现金), else
  ``assets:bank``.

Amounts are written as ``1234.50 CNY``, which hledger and beancount both read, with both
postings explicit so every transaction visibly balances. Every transaction carries the
codes (``order:SO000003``, ``receipt:R000007``, ``customer:C000042``) as hledger tags or
beancount metadata, so a line can be traced back with `crm order show`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TextIO

from crm_cli.store.sales.ledger import ORDER, LedgerEntry

COMMODITY = "CNY"
FORMATS = ("hledger", "beancount")
_PLAIN_CODE = re.compile(r"[A-Z0-9][A-Za-z0-9-]*")
_CASH_WORDS = ("cash", "现金")


def code_part(code: str) -> str:
    """An account component both tools accept for a customer code.

    Codes the store draws (C000042) pass unchanged; an imported code could hold spaces,
    ``;`` or lower-case first letters, which would end or break an account name, so it
    is spelled out in hex: still unique, still the same customer every export.
    """
    if _PLAIN_CODE.fullmatch(code):
        return code
    return "X" + code.encode("utf-8").hex().upper()


def _money(amount: Decimal) -> str:
    return f"{amount:.2f} {COMMODITY}"


def _one_line(text: str) -> str:
    """Free text for a header line: ``;`` would start a comment there, ``|`` split
    hledger's payee from its note, and a line break end the transaction."""
    text = text.replace(";", ",").replace("|", "/")
    return " ".join("".join(" " if ch < " " or ch == "\x7f" else ch for ch in text).split())


def _cash(method: str) -> bool:
    low = method.lower()
    return any(word in low for word in _CASH_WORDS)


def _legs(e: LedgerEntry) -> tuple[list[str], list[str]]:
    """The debited and credited accounts, as lists of components in hledger's spelling."""
    receivable = ["assets", "receivable", code_part(e.customer)]
    if e.kind == ORDER:
        return receivable, ["revenue", "sales"]
    return ["assets", "cash" if _cash(e.method) else "bank"], receivable


def _narration(e: LedgerEntry) -> str:
    text = f"order {e.code}" if e.kind == ORDER else f"receipt {e.code} for order {e.order}"
    if e.subject.strip():
        text += f": {e.subject}"
    return _one_line(text + (" (customer in the trash)" if e.customer_trashed else ""))


def _tags(e: LedgerEntry) -> list[tuple[str, str]]:
    first = [(ORDER, e.code)] if e.kind == ORDER else [("receipt", e.code), (ORDER, e.order)]
    return [*first, ("customer", e.customer)]


def _hledger_entry(e: LedgerEntry) -> str:
    debit, credit = (":".join(legs) for legs in _legs(e))
    tags = ", ".join(f"{key}:{value}" for key, value in _tags(e))
    return (
        f"{e.day.isoformat()} * {_one_line(e.customer_name)} | {_narration(e)}  ; {tags}\n"
        f"    {debit:<40}  {_money(e.amount):>20}\n"
        f"    {credit:<40}  {_money(-e.amount):>20}\n\n"
    )


def _quoted(text: str) -> str:
    return '"' + _one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bean_account(legs: list[str]) -> str:
    top = {"revenue": "Income"}.get(legs[0], legs[0].capitalize())
    return ":".join([top, *(part[:1].upper() + part[1:] for part in legs[1:])])


class _Beancount:
    """Beancount wants every account opened, on or before its first use: each is opened
    the day it first appears, just before that transaction, so the file streams."""

    def __init__(self) -> None:
        self.opened: set[str] = set()

    def entry(self, e: LedgerEntry) -> str:
        debit, credit = (_bean_account(legs) for legs in _legs(e))
        opens = ""
        for account in (debit, credit):
            if account not in self.opened:
                self.opened.add(account)
                opens += f"{e.day.isoformat()} open {account} {COMMODITY}\n"
        meta = "".join(f"  {key}: {_quoted(value)}\n" for key, value in _tags(e))
        return (
            f"{opens}{e.day.isoformat()} * {_quoted(e.customer_name)} {_quoted(_narration(e))}\n"
            f"{meta}"
            f"  {debit:<40}  {_money(e.amount):>20}\n"
            f"  {credit:<40}  {_money(-e.amount):>20}\n\n"
        )


def _header(kind: str, as_of: dt.date) -> str:
    lines = [
        f"; crm receivables as of {as_of.isoformat()}: approved orders and their receipts,",
        f"; per customer account (crm receivable export --{kind} --as-of {as_of.isoformat()})",
    ]
    if kind == "hledger":
        # Two decimals in every report, whatever the first amount looks like.
        lines.append(f"commodity 1000.00 {COMMODITY}")
    else:
        lines.append(f'option "operating_currency" "{COMMODITY}"')
    return "\n".join(lines) + "\n\n"


def write_ledger(kind: str, entries: Iterable[LedgerEntry], as_of: dt.date, out: TextIO) -> int:
    """Write ``entries`` to ``out`` in ``kind`` (hledger or beancount); returns how many."""
    render: Callable[[LedgerEntry], str] = (
        _hledger_entry if kind == "hledger" else _Beancount().entry
    )
    out.write(_header(kind, as_of))
    count = 0
    for entry in entries:
        out.write(render(entry))
        count += 1
    return count
