"""`crm import RECORD-TYPE FILE`: customers, contacts, products, quotes, opportunities,
orders and receipts from CSV, XLSX, JSON Lines (contacts also vCard), all or nothing, as
batches that `crm import undo` takes back; `crm import history`.

One command per record type, all with the same options (``_command``); the same commands
are `crm customer import`, `crm contact import`, `crm opportunity import` and
`crm order import` (`crm product import` and `crm quote import` print what they always did).
"""

from collections.abc import Callable
from typing import Annotated

import typer

from crm_cli.commands._common import (
    FieldsOpt,
    FormatOpt,
    LimitOpt,
    OffsetOpt,
    check_fields,
    note,
    session,
    show_record,
    stream_records,
)
from crm_cli.commands._import_run import (
    DryRunOpt,
    DuplicateOpt,
    EncodingOpt,
    FileArg,
    IgnoreOpt,
    MapOpt,
    RejectsOpt,
    SheetOpt,
    run,
)
from crm_cli.i18n import N_
from crm_cli.store.imports.records import Batch, ImportedRow

app = typer.Typer(
    help="Import customers, contacts and sales records (CSV, XLSX, JSON Lines, vCard); "
    "history and undo."
)
HISTORY = ("id", "at", "user", "record_type", "file", "created", "updated", "skipped", "undone_at")

# Each record type's help: its headers, its duplicates, an example.
HELP = {
    "customers": """Import customers, all or nothing; headers in English or Chinese.

    Headers: 客户名称/name, 客户编号/code, 电话/phone, 手机/mobile, 邮箱/email, 地址/address,
    省份/province, 城市/city, 所属行业/industry, 客户来源/source, 客户级别/level, 客户类型/type,
    状态/status, 负责人/owner (login or display name), 备注/notes, 联系人 (a first contact,
    with 手机 and 职务) … CSV in UTF-8, GBK or UTF-16 (detected, or --encoding). Duplicates
    (CUS-2, in the database and within the file) fail with exit 3 unless --on-duplicate
    says skip, update or create. Any bad row: nothing is imported (exit 1).

    Example: crm import customers 客户.xlsx --on-duplicate skip --map "联系QQ=notes"
    """,
    "contacts": """Import contacts, all or nothing, from a table or vCard (.vcf, many cards).

    Each row names its customer (客户名称/customer: code, id or exact name; a card's ORG):
    姓名/name, 职务/title, 部门/department, 手机/mobile, 电话/work_phone, 邮箱/email,
    生日/birthday, 性别/gender, QQ/微信/im, 备注/notes … Duplicates among the customer's
    contacts (same name, phone or e-mail) fail with exit 3 unless --on-duplicate says
    skip, update or create.

    Example: crm import contacts phone.vcf --on-duplicate skip
    """,
    "products": """Import products (admins and managers), all or nothing.

    Headers: 产品编码/code, 产品名称/name, 类别/category, 子类别/subcategory, 单位/unit,
    单价/price, 成本价/cost, 年服务费/annual_fee, 备注/notes. A code that exists (or twice in
    the file) is a duplicate (exit 3 unless --on-duplicate says skip or update).

    Example: crm import products 产品.xlsx --on-duplicate update
    """,
    "quotes": """Import quotes, all or nothing: one row per line, rows sharing a quote reference
    (报价单号, or 报价单编码) form one quote wherever they are in the file.

    Headers: 报价单号/ref, 客户编号/customer, 产品编码/product, 数量/quantity, 单价/price
    (empty: price book or list price), 折扣/discount (10%, 9折), 主题/subject, 有效期/valid_until,
    联系人/contact, 备注/notes. A reference (or code) that exists is a duplicate (exit 3
    unless --on-duplicate says skip or update: update replaces the quote's lines).

    Example: crm import quotes 报价.csv --dry-run
    """,
    "opportunities": """Import opportunities, all or nothing; each row names its customer.

    Headers: 客户编号/客户名称/customer, 商机名称/name, 预计金额/amount, 成功率/probability,
    阶段/stage, 预计成交日期/close_date, 状态/status (open, won, lost; 进行中, 赢单, 输单),
    结束日期/closed_on, 输单原因/reason, 联系人/contact, 商机编号/code, 描述 … The same customer
    with an opportunity of the same name (or the same code) is a duplicate (exit 3 unless
    --on-duplicate says skip, update or create).

    Example: crm import opportunities 商机.xlsx --on-duplicate skip
    """,
    "orders": """Import sales orders with their lines, all or nothing: one row per line, rows
    sharing an order code (订单编号) form one order.

    Headers: 订单编号/code, 客户编号/customer, 合同名称/subject, 签约日期/signed, 应收日期/due,
    状态/status, 产品编号/product, 数量/quantity, 单价/unit_price, 折扣/discount,
    收款计划/plan (DATE:AMOUNT,…), 订单金额/total (checked against the lines) … An approved
    order needs an approver (the owner's manager or an admin). An order code that exists
    is a duplicate (exit 3 unless --on-duplicate says skip, update or create).

    Example: crm import orders 订单.xlsx --dry-run
    """,
    "receipts": """Import receipts (收款单) of approved orders, all or nothing; never more
    than owed.

    Headers: 订单编号/order, 收款金额/amount, 收款日期/paid_on, 付款方式/method, 期数/installment,
    收款单号/code, 备注/note, 经手人/user … The same code, or the same order, date and amount,
    is a duplicate (exit 3 unless --on-duplicate says skip or create; receipts are never
    updated).

    Example: crm import receipts 收款.csv --encoding gbk
    """,
}


def _command(record_type: str) -> Callable[..., None]:
    """`crm import RECORD_TYPE FILE`: every record type takes the same options."""

    def command(
        ctx: typer.Context,
        file: FileArg,
        dry_run: DryRunOpt = False,
        on_duplicate: DuplicateOpt = "fail",
        rejects: RejectsOpt = None,
        mapping: MapOpt = None,
        encoding: EncodingOpt = None,
        sheet: SheetOpt = None,
        ignore_unknown: IgnoreOpt = False,
        fmt: FormatOpt = None,
        fields: FieldsOpt = None,
    ) -> None:
        check_fields(fields, ImportedRow._fields)
        run(session(ctx), record_type, file, locals(), fmt, fields)

    command.__name__ = record_type
    command.__doc__ = HELP[record_type]
    return command


# Module attributes too: `crm customer import` and the like are these same commands.
customers = app.command("customers")(_command("customers"))
contacts = app.command("contacts")(_command("contacts"))
products = app.command("products")(_command("products"))
quotes = app.command("quotes")(_command("quotes"))
opportunities = app.command("opportunities")(_command("opportunities"))
orders = app.command("orders")(_command("orders"))
receipts = app.command("receipts")(_command("receipts"))


@app.command("history")
def history(
    ctx: typer.Context,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Imports, newest first: yours (a manager's team's; an admin sees all).

    Example: crm import history -n 5
    """
    from crm_cli.store.core.listing import Page
    from crm_cli.store.imports.batches import iter_batches

    check_fields(fields, Batch._fields)
    s = session(ctx)
    found = iter_batches(s.actor(), page=Page(limit, offset))
    stream_records(s, (b.to_dict() for b in found), fmt, fields, HISTORY, empty=N_("No imports."))


@app.command("undo")
def undo(
    ctx: typer.Context,
    batch: Annotated[str, typer.Argument(help="The batch number (crm import history).")],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Take an import back: what it created goes to the trash, what it updated gets its
    values back. Refused (exit 3) when any of its records changed since, naming them;
    refused (exit 1) when the batch was undone already.

    Example: crm import undo 7
    """
    from crm_cli.store.imports.undo import undo_batch

    s = session(ctx)
    done = undo_batch(s.actor(), batch)
    note(
        "Undid import {batch}: {deleted} deleted, {restored} restored.",
        batch=done.batch,
        deleted=done.deleted,
        restored=done.restored,
    )
    show_record(s, done.to_dict(), fmt, fields)
