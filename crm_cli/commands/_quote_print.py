"""The printed quote (`crm quote print`): bilingual labels, the lines, and the total in
figures and in Chinese capitals (大写), laid out by `_documents.render`."""

from __future__ import annotations

from typing import Any

from crm_cli.commands._documents import Document, amount_in_chinese
from crm_cli.store.sales import quote_records


def _qty(value: Any) -> str:
    """2.000 → 2, 1.500 → 1.5: quantities as a person writes them."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def quote_document(data: quote_records.QuotePrint, sender: list[tuple[str, str]]) -> Any:
    """The printed quote: bilingual labels, lines, total in figures and in 大写."""
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
    columns = ["序号 No.", "编码 Code", "产品 Product", "单位 Unit", "数量 Qty",
               "单价 Unit price", "折扣 Discount", "金额 Amount"]  # fmt: skip
    rows = [
        [
            str(line.position),
            line.product,
            line.product_name,
            line.unit,
            _qty(line.quantity),
            f"{line.unit_price:,.2f}",
            f"{_qty(line.discount)}%" if line.discount else "",
            f"{line.amount:,.2f}",
        ]
        for line in q.lines or ()
    ]
    totals = [("合计 Total", f"{q.total:,.2f}"), ("大写 In words", amount_in_chinese(q.total))]
    notes = ["金额单位：人民币元。Amounts in CNY."]
    if q.valid_until:
        notes.append(f"本报价有效期至 {q.valid_until}。This offer is valid until {q.valid_until}.")
    return Document(
        title=f"报价单 Quotation {q.code}",
        meta=[*sender, *((label, value) for label, value in meta if value)],
        columns=columns,
        rows=rows,
        right=[True, False, False, False, True, True, True, True],
        totals=totals,
        notes=notes,
    )
