"""Reading import files into columns: row numbers, short and blank rows, spaces, JSON Lines."""

from __future__ import annotations

from fractions import Fraction

import pytest

from crm_cli.store.core import readers
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.sales import lines

ALIASES = {"code": "code", "编码": "code", "name": "name", "名称": "name", "price": "price"}


def test_columns_keep_the_row_numbers_a_user_sees() -> None:
    data = "code,name,price\n A1 ,甲,1\n\nA2,乙\n,,\nA3,丙,3\n\n".encode()
    table = readers.whole("-", ALIASES, data=data)
    # Blank lines (in the middle and at the end) are skipped but still counted, as in Excel.
    assert table.numbers == [2, 4, 6]
    assert table.columns == {
        "code": ["A1", "A2", "A3"],  # cells are stripped
        "name": ["甲", "乙", "丙"],
        "price": ["1", "", "3"],  # a short row's missing cells are empty
    }
    assert list(table.records())[1] == (4, {"code": "A2", "name": "乙", "price": ""})


def test_a_column_the_file_lacks_reads_as_empty_cells() -> None:
    table = readers.whole("-", ALIASES, data="编码\nA1\nA2\n".encode())
    assert table.labels == {"code": "编码"}
    assert table.column("name") == ["", ""]


def test_json_lines_give_the_same_columns() -> None:
    data = '{"code": "A1", "price": 12.50}\n\n{"名称": "乙", "code": "A2"}\n{"code": ""}\n'
    table = readers.whole("x.jsonl", ALIASES, data=data.encode())
    assert table.numbers == [1, 3]
    assert table.columns == {"code": ["A1", "A2"], "price": ["12.50", ""], "name": ["", "乙"]}


def test_a_header_without_known_columns_has_no_rows() -> None:
    with pytest.raises(InvalidInput, match="unknown column"):
        readers.whole("-", ALIASES, data=b"colour\nred\n")
    assert readers.whole("-", ALIASES, data=b"code\n").numbers == []


@pytest.mark.parametrize(
    ("quantity", "price", "discount"),
    [
        (1000, 1, 0),  # one item at one cent
        (1500, 333, 3333),  # 1.5 at 3.33 less 33.33%: 3.3300165 → 3.33
        (1000, 5, 5000),  # half a cent rounds up: 0.025 → 0.03
        (999_999_999_999, 99_999_999_999_999, 1),  # the largest: no precision is lost
    ],
)
def test_line_amounts_are_exact_in_integers(quantity: int, price: int, discount: int) -> None:
    exact = Fraction(quantity, 1000) * price * Fraction(10_000 - discount, 10_000)
    half_up = int(exact + Fraction(1, 2))  # in cents, positive
    assert lines.amount_cents(quantity, price, discount) == half_up
