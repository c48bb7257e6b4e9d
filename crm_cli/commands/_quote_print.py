"""The printed quote (`crm quote print`): bilingual labels, our company, the lines with their
VAT, and the totals excluding VAT, the VAT and including it (in figures and in Chinese
capitals, 大写), laid out by `_documents.render`; `_quote_xlsx` lays the same parts out as a
workbook, and `_quote_output` writes either."""

from __future__ import annotations

from typing import Any

from crm_cli.commands._documents import Document, amount_in_chinese
from crm_cli.store.sales import quote_records


def qty(value: Any) -> str:
    """2.000 → 2, 1.500 → 1.5: quantities and rates as a person writes them."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def price_label(lines: Any) -> str:
    """The unit price's header: 含税 when the prices include VAT, 不含税 when VAT was added
    to them. A line's amount tells which (it is its price's, or more); a line without VAT
    could be either, and lines written under both settings say neither."""
    from crm_cli.store.sales.lines import line_amount

    taxed = [x for x in lines if x.tax]
    included = {x.amount == line_amount(x.quantity, x.unit_price, x.discount) for x in taxed}
    if included == {True}:
        return "单价(含税) Price incl. VAT"
    if included == {False}:
        return "单价(不含税) Price excl. VAT"
    return "单价 Unit price"


def meta_of(data: quote_records.QuotePrint) -> list[tuple[str, str]]:
    """The quote's head: (label, value) lines, empty ones left out."""
    q = data.quote
    meta = [
        ("报价单号 Quote no.", q.code),
        ("日期 Date", q.created_at.date().isoformat()),
        ("客户 Customer", f"{q.customer_name} ({q.customer})"),
        ("地址 Address", data.customer_address),
        ("电话 Phone", data.customer_phone),
        ("联系人 Contact", " ".join(p for p in (q.contact or "", data.contact_phone) if p)),
        ("经办人 Handler", data.handler_name),
        ("主题 Subject", q.subject),
        ("有效期至 Valid until", q.valid_until.isoformat() if q.valid_until else ""),
        ("参考号 Reference", q.ref),
    ]
    return [(label, value) for label, value in meta if value]


def totals_of(q: quote_records.Quote) -> list[tuple[str, Any]]:
    """The totals: excluding VAT, the VAT, including it (what the customer pays)."""
    return [("不含税金额 Amount excl. VAT", q.amount_excl_tax), ("税额 VAT", q.tax),
            ("价税合计 Total incl. VAT", q.total)]  # fmt: skip


def notes_of(q: quote_records.Quote) -> list[str]:
    notes = ["金额单位：人民币元。Amounts in CNY."]
    if q.valid_until:
        notes.append(f"本报价有效期至 {q.valid_until}。This offer is valid until {q.valid_until}.")
    if q.notes:
        notes.append(f"备注 Notes: {q.notes}")
    return notes


def quote_document(data: quote_records.QuotePrint, sender: list[tuple[str, str]]) -> Any:
    """The printed quote: bilingual labels, lines with VAT, totals in figures and in 大写."""
    q = data.quote
    lines = q.lines or ()
    columns = ["序号 No.", "编码 Code", "产品 Product", "单位 Unit", "数量 Qty",
               price_label(lines), "折扣 Discount", "税率 VAT rate", "不含税金额 Excl. VAT",
               "税额 VAT", "金额 Amount"]  # fmt: skip
    rows = [
        [str(line.position), line.product, line.product_name, line.unit, qty(line.quantity),
         f"{line.unit_price:,.2f}", f"{qty(line.discount)}%" if line.discount else "",
         f"{qty(line.tax_rate)}%", f"{line.amount - line.tax:,.2f}", f"{line.tax:,.2f}",
         f"{line.amount:,.2f}"]
        for line in lines
    ]  # fmt: skip
    totals = [(label, f"{value:,.2f}") for label, value in totals_of(q)]
    totals.append(("大写 In words", amount_in_chinese(q.total)))
    return Document(
        title=f"报价单 Quotation {q.code}",
        meta=[*sender, *meta_of(data)],
        columns=columns,
        rows=rows,
        right=[True, False, False, False, True, True, True, True, True, True, True],
        totals=totals,
        notes=notes_of(q),
    )
