"""Sales orders as a record type of the import engine (`crm import orders FILE`).

One row per order line; rows sharing an order code (订单编号) form one order, also across
the engine's batches (a later batch's rows of an order this import wrote are more of its
lines: the order is re-totalled and re-planned). Every order obeys `crm order add`: its
customer one the actor may change (the owner is the customer's), lines priced as `--line`
prices them, a signing date not in the future and a due date not before it, the plan
(收款计划, ``DATE:AMOUNT,…``) summing to the total or else the team's default plan. A
status other than draft needs what the workflow needs: an approved or rejected order an
approver (the owner's manager, or an admin), a rejected or cancelled one its reason. An
imported order is history: it does not set off the pool's goal or the formal status.

Duplicates: the same order code, and only that (two orders of one customer on one day
are common and both real). An update changes only the subject, dates and notes of a draft
or rejected order whose lines come to the same total; an order's lines change with
`crm order edit`, its status through the workflow.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crm_cli.store.core.errors import Phrase
from crm_cli.store.core.tabular import Table
from crm_cli.store.imports import contact_rows, deal_rows, order_groups, order_writes
from crm_cli.store.imports.aliases import IGNORED, alias_table
from crm_cli.store.imports.bulk import select_in
from crm_cli.store.imports.people import People
from crm_cli.store.imports.specs import SAME, Draft, Entity, Found, Problems, Run
from crm_cli.store.sales import models as sm

Ord = sm.SalesOrder
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("订单编号", "订单号", "合同编号", "合同号", "单号", "code", "order", "order code"),
    "customer": ("客户编号", "客户名称", "客户", "公司名称", "签约客户", "客户编码", "customer",
                 "customer code", "account"),
    "subject": ("合同名称", "订单主题", "订单名称", "主题", "标题", "subject", "title"),
    "signed": ("签约日期", "签订日期", "下单日期", "订单日期", "signed", "sign date"),
    "due": ("应收日期", "应收款日期", "到期日期", "到期日", "due", "due date"),
    "status": ("状态", "订单状态", "审批状态", "status"),
    "reason": ("原因", "驳回原因", "取消原因", "reason"),
    "kind": ("订单类型", "类型", "kind"),
    "quote": ("报价单号", "报价单编号", "报价单", "quote"),
    "notes": ("备注", "说明", "notes", "note"),
    "plan": ("收款计划", "付款计划", "分期计划", "plan"),
    "total": ("订单金额", "合同金额", "订单总额", "总金额", "total", "order total"),
    "product": ("产品编号", "产品编码", "产品代码", "商品编号", "产品", "product", "product code"),
    "quantity": ("数量", "quantity", "qty"),
    "unit_price": ("单价", "销售单价", "成交价", "unit price", "unit_price", "price"),
    "discount": ("折扣", "折扣率", "discount"),
    # What order lists and shows print, derived from the rest: known, left out.
    IGNORED: ("id", "customer_name", "owner", "负责人", "received", "已收金额", "balance",
              "未收金额", "settled", "next_due", "product_name", "产品名称", "金额", "小计",
              "amount", "annual_fee", "service_end", "created_at", "updated_at",
              "submitted_at", "decided_by", "decided_at", "position", "行号"),
}  # fmt: skip


class State:
    def __init__(self, run: Run) -> None:
        self.run = run
        self.people = People(run.actor, run.today)
        self.customers = contact_rows.Customers(self.people, Phrase("orders for"))
        self.convert = order_groups.converters(run.today)
        self.full = False  # another batch of the file follows this one
        self.last_row = 0
        self.open: tuple[str, int, str, str] | None = None  # unmet total or plan: may go on
        self.carry: tuple[str, dict[str, Any]] | None = None  # the order that may go on


class OrdersSpec:
    name = "orders"
    noun = "order"
    required = ("customer", "product")
    tables = ("sales_order", "order_line", "installment")

    def aliases(self) -> Mapping[str, str]:
        return alias_table(HEADERS)

    def start(self, run: Run) -> State:
        return State(run)

    def parse(self, table: Table, state: State, problems: Problems) -> list[Draft]:
        state.full = state.run.more
        state.last_row = table.numbers[-1] if table.numbers else 0
        drafts = order_groups.group(table, state.convert, problems, state.carry)
        drafts = order_groups.price(state.customers.resolve(drafts, problems), problems)
        for draft in drafts:
            draft.extra["name"] = draft.values.get("subject", "")
            if "quote" in draft.values:
                _quote(draft, problems)
        return drafts

    def match(self, drafts: list[Draft], state: State, problems: Problems) -> None:
        codes = {d.code for d in drafts if d.code}
        columns = (Ord.id, Ord.code, Ord.subject, Ord.customer, Ord.status, Ord.deleted_at,
                   Ord.total)  # fmt: skip
        by_code = {r[1]: r for r in select_in(Ord.select(*columns).tuples(), Ord.code, codes)}
        ours = state.run.lines_of("order", {r[0] for r in by_code.values()})
        _unfinished(state, codes, problems)
        state.carry = None
        for draft in drafts:
            row = by_code.get(draft.code) if draft.code else None
            if row is not None and row[0] in ours:
                _continues(draft, row, ours[row[0]], problems)
            elif row is not None:
                draft.matches = [Found(row[0], row[1], row[2], SAME["code"], None, True,
                                       _blocked(draft, row))]  # fmt: skip
            if draft.line not in problems.lines:
                _settle(draft, state, problems)

    def write(self, drafts: list[Draft], state: State) -> None:
        order_writes.write(drafts, state.run, state.customers.by_id)

    def entity(self, name: str) -> Entity:
        return order_writes.ENTITY


def _quote(draft: Draft, problems: Problems) -> None:
    Q = sm.Quote
    quote = Q.get_or_none((Q.code == draft.values["quote"]) & Q.deleted_at.is_null())
    if quote is None:
        why = Phrase("no quote {code!r}", code=draft.values["quote"])
        deal_rows.problem(problems, draft, "quote", why)
    elif quote.customer_id != draft.extra["customer_id"]:
        why = Phrase("quote {code} is not a quote of customer {customer}",
                     code=quote.code, customer=draft.extra["customer"])  # fmt: skip
        deal_rows.problem(problems, draft, "quote", why)
    else:
        draft.extra["quote_id"] = quote.id


def _continues(draft: Draft, row: tuple[Any, ...], first: int, problems: Problems) -> None:
    """More lines of an order an earlier batch of this file wrote (row ``first``)."""
    if row[3] != draft.extra["customer_id"]:
        why = Phrase("order {code} is for another customer (row {line})", code=row[1], line=first)
        deal_rows.problem(problems, draft, "customer", why)
        return
    draft.extra["continues"] = row[0]
    draft.extra["before"] = row[6]
    draft.note = f"more lines of the order on row {first}"


def _blocked(draft: Draft, row: tuple[Any, ...]) -> str:
    """Why the row may not update the order it names ("" when it may)."""
    code, status = row[1], row[4]
    if row[5] is not None:
        return Phrase("order {code} is deleted", code=code)
    if row[3] != draft.extra["customer_id"]:
        return Phrase("order {code} belongs to another customer", code=code)
    if status not in ("draft", "rejected"):
        return Phrase("order {code} is {status}; only draft or rejected orders change",
                      code=code, status=status)  # fmt: skip
    if draft.values.get("status", status) != status:
        return Phrase("order {code} is {status}: crm order submit, approve … move it on",
                      code=code, status=status)  # fmt: skip
    if draft.extra["sum"] != row[6]:
        return Phrase("the lines of order {code} come to {stored:.2f}, the file's to "
                      "{given:.2f}; crm order edit --line changes lines",
                      code=code, stored=row[6], given=draft.extra["sum"])  # fmt: skip
    return ""


def _settle(draft: Draft, state: State, problems: Problems) -> None:
    """The order's total, plan and status checked (``extra["parts"]``): for the last
    order of a batch that another follows, a total or plan that is not met yet may be met
    by the lines the next batch holds; the next batch's ``_unfinished`` reports it
    otherwise. The last batch of the file settles every order it holds."""
    total = draft.extra["sum"] + draft.extra.get("before", 0)
    owner = state.customers.by_id[draft.extra["customer_id"]].owner or state.run.actor.id
    draft.extra["owner"] = owner
    may_go_on = state.full and bool(draft.code) and draft.extra["lines"][-1][0] == state.last_row
    if may_go_on:
        state.carry = (draft.code, dict(draft.values))
    try:
        order_groups.check(draft, owner, state.run.today, state.run.actor)
        given = draft.values.get("total")
        if given is not None and given != total:
            why = Phrase("the order comes to {given:.2f} but its lines to {total:.2f}",
                         given=given, total=total)  # fmt: skip
            raise deal_rows.Bad("total", why)
        draft.extra["parts"] = order_groups.plan_parts(draft, total, state.run.today)
    except deal_rows.Bad as exc:
        if may_go_on and exc.field in ("total", "plan"):
            state.open = (draft.code, draft.line, exc.field, exc.why)
            draft.extra["parts"] = []
            return
        deal_rows.problem(problems, draft, exc.field, exc.why)


def _unfinished(state: State, codes: set[str], problems: Problems) -> None:
    """The last order of the batch before, if its total or plan was not met and this
    batch has no more of its lines."""
    if state.open is not None and state.open[0] not in codes:
        _, line, field, why = state.open
        problems.add(line, field, "", why)
    state.open = None


SPEC = OrdersSpec()
