"""Checking the rows of an opportunity file: its headers (English and Chinese), each cell
as `crm opportunity add` takes it, and the rules of the opportunity's status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import InvalidInput, Phrase
from crm_cli.store.imports import deal_rows
from crm_cli.store.imports.aliases import IGNORED
from crm_cli.store.imports.customer_rows import code, limited
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import opportunity_fields as of

Opp = sm.Opportunity
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("商机编号", "商机编码", "机会编号", "编号", "code", "opportunity code"),
    "customer": ("客户编号", "客户名称", "客户", "公司名称", "所属客户", "对应客户", "客户编码",
                 "customer", "customer code", "account"),
    "name": ("商机名称", "机会名称", "商机", "意向产品", "产品", "name", "opportunity",
                "opportunity name", "product"),
    "contact": ("联系人", "联系人姓名", "联系人编号", "contact"),
    "description": ("描述", "商机描述", "需求描述", "备注", "description", "notes"),
    "amount": ("预计金额", "商机金额", "预计销售金额", "预算金额", "金额", "amount",
               "expected amount"),
    "probability": ("成功率", "赢率", "赢单率", "可能性", "成交概率", "probability"),
    "stage": ("阶段", "销售阶段", "商机阶段", "stage", "sales stage"),
    "close_date": ("预计成交日期", "预计签单日期", "预计结束日期", "预计成交时间", "close date",
                   "expected close"),
    "status": ("状态", "商机状态", "status"),
    "closed_on": ("结束日期", "关闭日期", "实际成交日期", "closed on"),
    "reason": ("输单原因", "失败原因", "丢单原因", "lost reason", "reason"),
    # The owner follows the customer (as in `add`); the rest are what lists print.
    IGNORED: ("id", "customer_name", "owner", "负责人", "created_at", "updated_at"),
}  # fmt: skip
STATUS_WORDS = {"open": "open", "进行中": "open", "跟进中": "open", "开放": "open",
                "won": "won", "赢单": "won", "成交": "won", "已成交": "won",
                "lost": "lost", "输单": "lost", "丢单": "lost", "失败": "lost"}  # fmt: skip
FIELDS = ("name", "description", "amount", "probability", "stage", "close_date", "status",
          "closed_on", "reason", "contact")  # fmt: skip
# The row's fields as the model calls them (the name is the product of interest).
COLUMN = {"name": "product", "contact": "contact_id"}


def _status(text: str) -> str:
    word = STATUS_WORDS.get(text.strip().lower())
    if word is None:
        raise InvalidInput("unknown status; use open, won or lost (进行中, 赢单, 输单)")
    return word


def converters(today: dt.date) -> dict[str, deal_rows.Convert]:
    model = {f: Opp._meta.fields.get(COLUMN.get(f, f)) for f in ("code", "customer", *FIELDS)}
    special: dict[str, deal_rows.Convert] = {
        "code": code, "amount": of.parse_amount, "probability": str.strip,
        "close_date": lambda t: parse_date(t, today), "closed_on": lambda t: parse_date(t, today),
        "status": _status,
    }  # fmt: skip
    return {field: limited(field, special.get(field, str.strip),
                           getattr(model[field], "max_length", None))
            for field in ("code", "customer", *FIELDS)}  # fmt: skip


def check(values: dict[str, Any], today: dt.date, given: set[str]) -> None:
    """`add`'s rules for an open opportunity, `win`'s and `lose`'s for a closed one.

    ``values``: the opportunity as it will be; ``given``: the fields the row sets.

    Raises:
        deal_rows.Bad: the rule broken, with its column.
    """
    status = values.get("status") or "open"
    try:
        if "probability" in given:
            values["probability"] = of.parse_probability(values["probability"],
                                                         force=status != "open")  # fmt: skip
    except InvalidInput as exc:
        raise deal_rows.Bad("probability", exc) from None
    if status == "open":
        if "close_date" in given and values["close_date"] < today:
            why = Phrase("expected close date {day} is in the past", day=values["close_date"])
            raise deal_rows.Bad("close_date", why)
        if values.get("closed_on"):
            raise deal_rows.Bad("closed_on", Phrase("an open opportunity has no closed on"))
        if values.get("reason"):
            raise deal_rows.Bad("reason", Phrase("an open opportunity has no reason"))
        return
    try:
        values["closed_on"] = of.closing_day(values.get("closed_on"), today)
    except InvalidInput as exc:
        raise deal_rows.Bad("closed_on", exc) from None
    if status == "lost" and not values.get("reason"):
        raise deal_rows.Bad("status", Phrase("a lost opportunity needs its reason (输单原因)"))
    if status == "won" and values.get("reason"):
        raise deal_rows.Bad("reason", Phrase("a won opportunity has no lost reason"))
