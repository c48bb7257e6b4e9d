"""The writers of `crm export`: vCard 3.0 lines folded by octets without splitting a
character, reserved characters escaped, Chinese names split for N; and every format
written in bounded memory (ten times the records, about the same peak)."""

from __future__ import annotations

import datetime as dt
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest

from crm_cli.commands._export_formats import write_csv, write_jsonl
from crm_cli.commands._export_vcard import card, fold, split_name, write_vcards
from crm_cli.commands._export_xlsx import write_xlsx
from crm_cli.store.exports.columns import BOOL, CODE, DATE, MONEY, TEXT, Column


def test_vcard_lines_fold_at_75_octets_between_characters() -> None:
    line = "NOTE:" + "喜欢喝茶𠮷a" * 20
    folded = fold(line)
    parts = folded.removesuffix("\r\n").split("\r\n")
    assert len(parts) > 1 and all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line
    assert fold("FN:张伟") == "FN:张伟\r\n"


def test_a_card_escapes_what_vcard_reserves() -> None:
    row = {"code": "CT000001", "name": "欧阳娜娜", "customer_name": "A;B, C", "department": "",
           "notes": "一行\n二行", "customer": "C000001"}  # fmt: skip
    lines = card(row)
    assert "N:欧阳;娜娜;;;" in lines and "ORG:A\\;B\\, C" in lines and "NOTE:一行\\n二行" in lines


def test_names_split_family_first() -> None:
    assert split_name("张伟") == ("张", "伟")
    assert split_name("欧阳娜娜") == ("欧阳", "娜娜")
    assert split_name("Anna Li") == ("Li", "Anna")
    assert split_name("Madonna") == ("Madonna", "")


def _peak(write: Callable[..., int], rows: int, option: str) -> int:
    """The peak of Python memory while ``write`` writes ``rows`` generated customers."""
    columns = [c for c in customer_columns_offline() if c.field in ROW]

    def generated() -> Iterator[dict[str, Any]]:
        for number in range(rows):
            yield {**ROW, "code": f"C{number:06d}", "name": f"深圳第{number}号客户有限公司"}

    tracemalloc.start()
    try:
        with tempfile.TemporaryFile() as out:
            assert write(out, columns, generated(), option) == rows
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


ROW = {"phone": "0755-26770000", "registered": dt.date(2020, 3, 5), "is_public": True,
       "notes": "备注" * 20, "balance_owed": Decimal("1234.50"), "customer_name": "深圳华强",
       "department": ""}  # fmt: skip


def customer_columns_offline() -> list[Column]:
    names = {"code": CODE, "name": TEXT, "phone": CODE, "registered": DATE, "is_public": BOOL,
             "notes": TEXT, "balance_owed": MONEY}  # fmt: skip
    return [Column(name, name, name, kind) for name, kind in names.items()]


@pytest.mark.parametrize(
    ("write", "option", "rows"),
    [(write_csv, "gbk", 2_000), (write_jsonl, "", 2_000), (write_xlsx, "customer", 400),
     (write_vcards, "", 1_000)],
)  # fmt: skip
def test_writers_hold_one_record_at_a_time(
    write: Callable[..., int], option: str, rows: int
) -> None:
    """Ten times the records, about the same memory: nothing builds the whole list."""
    small, large = _peak(write, rows, option), _peak(write, rows * 10, option)
    assert large < small * 1.5 + 200_000, (small, large)
