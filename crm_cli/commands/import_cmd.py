"""`crm import …`: customers and contacts from CSV, XLSX, JSON Lines or vCard, all or
nothing, as batches that `crm import undo` takes back; `crm import history`.

The same commands are `crm customer import` and `crm contact import`.
"""

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
from crm_cli.store.imports.records import Batch, ImportedRow

app = typer.Typer(
    help="Import customers and contacts (CSV, XLSX, JSON Lines, vCard); history and undo."
)
HISTORY = ("id", "at", "user", "record_type", "file", "created", "updated", "skipped", "undone_at")


@app.command("customers")
def customers(
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
    """Import customers, all or nothing; headers in English or Chinese.

    Headers: 客户名称/name, 客户编号/code, 电话/phone, 手机/mobile, 邮箱/email, 地址/address,
    省份/province, 城市/city, 所属行业/industry, 客户来源/source, 客户级别/level, 客户类型/type,
    状态/status, 负责人/owner (login or display name), 备注/notes, 联系人 (a first contact,
    with 手机 and 职务) … CSV in UTF-8, GBK or UTF-16 (detected, or --encoding). Duplicates
    (CUS-2, in the database and within the file) fail with exit 3 unless --on-duplicate
    says skip, update or create. Any bad row: nothing is imported (exit 1).

    Example: crm import customers 客户.xlsx --on-duplicate skip --map "联系QQ=notes"
    """
    _import(ctx, "customers", file, locals(), fmt, fields)


@app.command("contacts")
def contacts(
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
    """Import contacts, all or nothing, from a table or vCard (.vcf, many cards).

    Each row names its customer (客户名称/customer: code, id or exact name; a card's ORG):
    姓名/name, 职务/title, 部门/department, 手机/mobile, 电话/work_phone, 邮箱/email,
    生日/birthday, 性别/gender, QQ/微信/im, 备注/notes … Duplicates among the customer's
    contacts (same name, phone or e-mail) fail with exit 3 unless --on-duplicate says
    skip, update or create.

    Example: crm import contacts phone.vcf --on-duplicate skip
    """
    _import(ctx, "contacts", file, locals(), fmt, fields)


def _import(
    ctx: typer.Context,
    record_type: str,
    file: str,
    options: dict[str, object],
    fmt: str | None,
    fields: str | None,
) -> None:
    check_fields(fields, ImportedRow._fields)
    run(session(ctx), record_type, file, options, fmt, fields)


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
    stream_records(s, (b.to_dict() for b in found), fmt, fields, HISTORY, empty="No imports.")


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
    note(f"Undid import {done.batch}: {done.deleted} deleted, {done.restored} restored.")
    show_record(s, done.to_dict(), fmt, fields)
