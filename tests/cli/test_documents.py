"""The printable-document renderer shared by quote print and dunning letters."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm_cli.commands._documents import Document, amount_in_chinese, render


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
        ("12.30", "壹拾贰元叁角整"),
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("0.50", "伍角整"),
        ("100.05", "壹佰元零伍分"),
        ("1005", "壹仟零伍元整"),
        ("10010", "壹万零壹拾元整"),
        ("100000", "壹拾万元整"),
        ("20000", "贰万元整"),
        ("100000000", "壹亿元整"),
        ("1002003004", "壹拾亿零贰佰万叁仟零肆元整"),
        ("101010101.10", "壹亿零壹佰零壹万零壹佰零壹元壹角整"),
        ("1000000.01", "壹佰万元零壹分"),
        ("0.005", "壹分"),  # half up to the fen
        ("-3.20", "负叁元贰角整"),
    ],
)
def test_amount_in_chinese_capitals(amount: str, words: str) -> None:
    assert amount_in_chinese(Decimal(amount)) == words


DOC = Document(
    title="报价单 Quotation Q000012",
    meta=[("客户 Customer", "杭州 <科技> & Co"), ("日期 Date", "2026-11-25")],
    columns=["编码", "名称", "数量", "金额"],
    rows=[["P1", "电脑|主机", "2", "12,345.67"], ["P2", "Mouse", "10", "5.00"]],
    right=[False, False, True, True],
    totals=[("合计 Total", "12,350.67")],
    notes=["谢谢惠顾 *thanks*"],
)


def test_text_aligns_cjk_by_display_width() -> None:
    text = render(DOC, "text")
    lines = text.splitlines()
    assert lines[:2] == ["报价单 Quotation Q000012", "=" * 24]
    assert "客户 Customer  杭州 <科技> & Co" in lines
    table = [line for line in lines if line.startswith(("编码", "P1", "P2"))]
    assert table == [
        "编码  名称       数量       金额",
        "P1    电脑|主机     2  12,345.67",
        "P2    Mouse        10       5.00",
    ]
    assert text.endswith("谢谢惠顾 *thanks*\n")


def test_markdown_escapes_and_pipes() -> None:
    md = render(DOC, "markdown")
    assert md.startswith("# 报价单 Quotation Q000012\n")
    assert "**客户 Customer**: 杭州 \\<科技\\> & Co  " in md
    assert "| P1   | 电脑\\|主机 |    2 | 12,345.67 |" in md
    assert "| ---- | ---------- | ---: | --------: |" in md
    assert "谢谢惠顾 \\*thanks\\*" in md


def test_html_is_a_standalone_escaped_page() -> None:
    page = render(DOC, "html")
    assert page.startswith("<!DOCTYPE html>\n<html") and page.endswith("</html>\n")
    assert '<meta charset="utf-8">' in page and "@media print" in page
    assert "<dd>杭州 &lt;科技&gt; &amp; Co</dd>" in page
    assert '<td class="num">12,345.67</td>' in page and "<td>电脑|主机</td>" in page
    assert "<科技>" not in page


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="pdf"):
        render(DOC, "pdf")
