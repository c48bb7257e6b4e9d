"""`crm customer …`: add, find, show, edit and batch-edit customers."""

from typing import Annotated, Any

import typer

from crm_cli.commands import _complete, _edit_in_editor, _terms
from crm_cli.commands._common import (
    FieldsOpt,
    FormatOpt,
    LimitOpt,
    OffsetOpt,
    YesOpt,
    check_fields,
    confirm,
    given,
    note,
    pairs,
    session,
    show_record,
    show_records,
    stream_records,
    wanted_fields,
    with_duplicate_prompt,
)
from crm_cli.i18n import N_
from crm_cli.store.core.listing import Page
from crm_cli.store.customers import customers, saved_searches
from crm_cli.store.customers import query as customer_query
from crm_cli.store.customers.records import Customer

app = typer.Typer(help="Customers: add, find, show, edit, transfer, delegate, audit, delete.")

LIST_COLUMNS = ("code", "name", "status", "owner", "city", "phone", "last_contact", "balance_owed")
SORT_HELP = (
    "Field(s) to sort by, '-' for descending: "
    + ", ".join(customer_query.SORTS.names)
    + " (each has an index)."
)
Opt = typer.Option
Text = Annotated[str | None, Opt()]


def _fields(**values: Any) -> dict[str, Any]:
    data = given(**values)
    if data.pop("public", None) is not None:
        data["is_public"] = "yes" if values["public"] else "no"
    return data


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Company or person name.")],
    phone: Text = None,
    email: Text = None,
    status: Annotated[str | None, Opt(autocompletion=_complete.statuses)] = None,
    type: Annotated[str | None, Opt("--type", help="state, private, foreign, individual …")] = None,
    source: Text = None,
    industry: Text = None,
    level: Text = None,
    fax: Text = None,
    website: Text = None,
    country: Text = None,
    province: Text = None,
    city: Text = None,
    address: Text = None,
    postcode: Text = None,
    keyword: Annotated[
        str | None, Opt(help="Duplicate keyword: warn when a name contains it.")
    ] = None,
    mnemonic: Annotated[str | None, Opt(help="Override the generated pinyin initials.")] = None,
    notes: Text = None,
    public: Annotated[bool | None, Opt("--public/--private", help="Visible to everyone.")] = None,
    owner: Annotated[
        str | None, Opt(help="Owner login (default: you).", autocompletion=_complete.users)
    ] = None,
    registered: Annotated[str | None, Opt(help="Registration date (back-datable).")] = None,
    credit_code: Annotated[str | None, Opt(help="统一社会信用代码 (18 characters).")] = None,
    field: Annotated[list[str] | None, Opt("--field", help="Custom field KEY=VALUE.")] = None,
    allow_duplicate: Annotated[bool, Opt(help="Save even if it looks like a duplicate.")] = False,
    campaign: Annotated[
        str | None, Opt(help="The campaign it came from (code, id or name): its source.")
    ] = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Add a customer; warns about possible duplicates.

    Example: crm customer add 中兴通讯股份有限公司 --phone 0755-26770000 --city 深圳
    """
    check_fields(fields, Customer._fields)
    s = session(ctx)
    actor = s.actor()
    values = _fields(
        phone=phone, email=email, status=status, type=type, source=source, industry=industry,
        level=level, fax=fax, website=website, country=country, province=province, city=city,
        address=address, postcode=postcode, keyword=keyword, mnemonic=mnemonic, notes=notes,
        public=public, owner=owner, registered=registered, credit_code=credit_code,
    )  # fmt: skip
    custom = pairs(field or [], "--field")

    def add_one(allow: bool) -> Customer:
        if campaign is None:
            return customers.add_customer(actor, name, values, custom=custom, allow_duplicate=allow)
        # Imported only when asked for: `customer add` runs in shell loops.
        from crm_cli.store.campaigns.links import add_customer_from

        return add_customer_from(
            actor, campaign, name, values, custom=custom, allow_duplicate=allow
        )

    record = with_duplicate_prompt(add_one, allow_duplicate)
    show_record(s, record.to_dict(), fmt, fields)


def _filter(
    search: str | None,
    status: str | None,
    owner: str | None,
    where: list[str] | None,
    deleted: bool = False,
) -> customer_query.CustomerFilter:
    return customer_query.CustomerFilter(
        search=search or "", status=status, owner=owner, where=tuple(where or ()), deleted=deleted
    )


SearchOpt = Annotated[
    str | None, Opt("--search", "-s", help="Text in name, mnemonic, keyword, phone, email …")
]
WhereOpt = Annotated[
    list[str] | None,
    Opt("--where", "-w", help='"FIELD OP VALUE"; OP: = != < > <= >= contains starts-with in '
        "between empty not-empty."),
]  # fmt: skip


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    search: SearchOpt = None,
    status: Annotated[str | None, Opt(autocompletion=_complete.statuses)] = None,
    owner: Annotated[str | None, Opt(autocompletion=_complete.users)] = None,
    where: WhereOpt = None,
    sort: Annotated[str | None, Opt(help=SORT_HELP)] = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    deleted: Annotated[bool, Opt("--deleted", help="List the trash instead.")] = False,
    saved: _complete.SavedOpt = None,
    save: Annotated[str | None, Opt(help="Save these filters under a name.")] = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """List the customers you may see, newest first.

    Example: crm customer list -s 中兴 --where "city = 深圳" --sort name --save 深圳中兴
    """
    check_fields(fields, Customer._fields)
    s = session(ctx)
    flt = _terms.customers(s, _filter(search, status, owner, where, deleted), terms)
    if saved:
        flt, sort = saved_searches.narrow(saved_searches.get_search(s.actor(), saved), flt, sort)
    if save:
        saved_searches.save_search(s.actor(), save, flt, sort=sort)
        note("Saved search {save!r}.", save=save.strip())
    from crm_cli.store.customers.rows import customer_rows

    # Only the printed fields are read: json and jsonl print every one.
    every = s.format(fmt) in ("json", "jsonl")
    wanted = wanted_fields(fields) or (Customer._fields if every else LIST_COLUMNS)
    page = Page(limit, offset)
    rows = customer_rows(s.actor(), flt, fields=wanted, sort=sort, page=page)
    stream_records(s, rows, fmt, fields, LIST_COLUMNS, empty=N_("No customers."))


@app.command("show")
def show(
    ctx: typer.Context,
    ref: _complete.CustomerRef,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """The 360 view of a customer: fields, contacts, delegations, log.

    Example: crm customer show C000042 -f json
    """
    from crm_cli.store.overview.customer360 import customer_view

    s = session(ctx)
    view = customer_view(s.actor(), ref)
    chosen = s.format(fmt)
    if chosen in ("json", "jsonl") or fields:
        show_record(s, view.to_dict(), chosen, fields)
        return
    from crm_cli.commands._customer_view import print_view

    print_view(view, chosen)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: _edit_in_editor.RefArg = None,
    name: Text = None,
    phone: Text = None,
    email: Text = None,
    status: Annotated[str | None, Opt(autocompletion=_complete.statuses)] = None,
    type: Annotated[str | None, Opt("--type")] = None,
    source: Text = None,
    industry: Text = None,
    level: Text = None,
    fax: Text = None,
    website: Text = None,
    country: Text = None,
    province: Text = None,
    city: Text = None,
    address: Text = None,
    postcode: Text = None,
    keyword: Text = None,
    mnemonic: Text = None,
    notes: Text = None,
    public: Annotated[bool | None, Opt("--public/--private")] = None,
    registered: Text = None,
    credit_code: Annotated[str | None, Opt(help="统一社会信用代码 (18 characters).")] = None,
    field: Annotated[list[str] | None, Opt("--field", help="Custom field KEY=VALUE.")] = None,
    allow_duplicate: Annotated[bool, Opt(help="Save even if it looks like a duplicate.")] = False,
    where: WhereOpt = None,
    yes: YesOpt = False,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Change fields of one customer (not derived ones, not while audited).

    With no field option on a terminal, opens $VISUAL or $EDITOR on the customer as TOML;
    with --where, on every match as one TSV table (a deleted line changes nothing).

    Example: crm customer edit C000042 --status formal --field region=华南
    """
    check_fields(fields, Customer._fields)
    s = session(ctx)
    values = _fields(
        name=name, phone=phone, email=email, status=status, type=type, source=source,
        industry=industry, level=level, fax=fax, website=website, country=country,
        province=province, city=city, address=address, postcode=postcode, keyword=keyword,
        mnemonic=mnemonic, notes=notes, public=public, registered=registered,
        credit_code=credit_code,
    )  # fmt: skip
    custom = pairs(field or [], "--field")
    _edit_in_editor.edit(s, ref, values, custom, where=where, yes=yes,
                         allow_duplicate=allow_duplicate, fmt=fmt, fields=fields)  # fmt: skip


@app.command("update")
def update(
    ctx: typer.Context,
    set_: Annotated[list[str], Opt("--set", help="FIELD=VALUE to set on every match.")],
    search: SearchOpt = None,
    status: Annotated[str | None, Opt(autocompletion=_complete.statuses)] = None,
    owner: Annotated[str | None, Opt(autocompletion=_complete.users)] = None,
    where: WhereOpt = None,
    yes: YesOpt = False,
) -> None:
    """Set fields on every customer matching the filters, after confirming the count.

    Example: crm customer update --set level=A --where "city = 上海" --yes
    """
    s = session(ctx)
    actor = s.actor()
    changes = pairs(set_, "--set")
    flt = _filter(search, status, owner, where)
    count = customer_query.count_customers(actor, flt)
    if count == 0:
        note("No customers match; nothing changed.")
        return
    if not confirm("Change {count} customer(s)?", count=count, yes=yes):
        note("Nothing changed.")
        raise typer.Exit(1)
    done = customer_query.update_customers(actor, flt, changes, expected=count)
    note("Changed {done} customer(s).", done=done)


@app.command("log")
def log(
    ctx: typer.Context,
    ref: _complete.CustomerRef,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """The operation log of a customer and its contacts: who changed what, when.

    Example: crm customer log C000042 -n 20
    """
    s = session(ctx)
    entries = customers.customer_log(s.actor(), ref, page=Page(limit, offset))
    rows = [e.to_dict() for e in entries]
    show_records(s, rows, fmt, fields, ("at", "actor", "entity", "action", "changes"))
