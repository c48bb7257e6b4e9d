"""`crm contact …`: the people at a customer."""

from typing import Annotated, Any

import typer

from crm_cli.commands import (
    _complete,
    _terms,
    contact_email,
    contact_records,
    export_cmd,
    import_cmd,
)
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
    session,
    show_record,
    stream_records,
    with_duplicate_prompt,
)
from crm_cli.i18n import N_
from crm_cli.store.core.listing import Page
from crm_cli.store.customers import contacts
from crm_cli.store.customers.records import Contact

app = typer.Typer(help="Contacts: the people at a customer.")
Text = Annotated[str | None, typer.Option()]
COLUMNS = ("code", "customer", "customer_name", "name", "title", "mobile", "email")


def _values(**values: Any) -> dict[str, Any]:
    return given(**values)


@app.command("add")
def add(
    ctx: typer.Context,
    customer: Annotated[
        str,
        typer.Argument(help="Customer code, id or exact name.", autocompletion=_complete.customers),
    ],
    name: Annotated[str, typer.Argument(help="The contact's name.")],
    title: Text = None,
    department: Text = None,
    role: Annotated[str | None, typer.Option("--role", help="Role in the deal.")] = None,
    mobile: Text = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Work phone.")] = None,
    home_phone: Text = None,
    email: Text = None,
    im: Annotated[str | None, typer.Option("--im", help="WeChat/QQ/IM handle.")] = None,
    birthday: Text = None,
    age_range: Text = None,
    gender: Text = None,
    spouse: Text = None,
    hobbies: Text = None,
    province: Text = None,
    city: Text = None,
    notes: Text = None,
    mnemonic: Text = None,
    allow_duplicate: Annotated[bool, typer.Option(help="Save even if it looks like one.")] = False,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Add a contact; work phone, province and city default from the customer.

    Example: crm contact add C000042 张伟 --title 采购经理 --mobile 13800138000
    """
    check_fields(fields, Contact._fields)
    s = session(ctx)
    actor = s.actor()
    values = _values(
        title=title, department=department, deal_role=role, mobile=mobile, work_phone=phone,
        home_phone=home_phone, email=email, im=im, birthday=birthday, age_range=age_range,
        gender=gender, spouse=spouse, hobbies=hobbies, province=province, city=city,
        notes=notes, mnemonic=mnemonic,
    )  # fmt: skip
    record = with_duplicate_prompt(
        lambda allow: contacts.add_contact(actor, customer, name, values, allow_duplicate=allow),
        allow_duplicate,
    )
    show_record(s, record.to_dict(), fmt, fields)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    customer: Annotated[
        str | None,
        typer.Argument(
            help="Only this customer's (a first argument that reads as a term is a term).",
            autocompletion=_complete.customers,
        ),
    ] = None,
    terms: _terms.TermsArg = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Contacts of one customer, or of every customer you may see.

    Terms: name, title, department, role, mobile, phone, email, im, province,
    city, notes, birthday, created, code; the customer's customer (code), level,
    owner (me), and any customer field as customer.FIELD; the customer's tags
    (+mine, +owed, +overdue, +uncontacted30 …).

    Example: crm contact list title.has:经理 customer.city:深圳 +owed
    """
    s = session(ctx)
    customer, terms = _terms.leading_term(customer, terms)
    found = contacts.iter_contacts(s.actor(), customer, page=Page(limit, offset),
                                   terms=_terms.checked(s, terms, "contact"))  # fmt: skip
    stream_records(s, (c.to_dict() for c in found), fmt, fields, COLUMNS, empty=N_("No contacts."))


@app.command("show")
def show(ctx: typer.Context, ref: str, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """One contact.

    Example: crm contact show CT000007
    """
    s = session(ctx)
    show_record(s, contacts.get_contact(s.actor(), ref).to_dict(), fmt, fields)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Contact code, id or exact name.")],
    name: Text = None,
    title: Text = None,
    department: Text = None,
    role: Annotated[str | None, typer.Option("--role")] = None,
    mobile: Text = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Work phone.")] = None,
    home_phone: Text = None,
    email: Text = None,
    im: Text = None,
    birthday: Text = None,
    age_range: Text = None,
    gender: Text = None,
    spouse: Text = None,
    hobbies: Text = None,
    province: Text = None,
    city: Text = None,
    notes: Text = None,
    mnemonic: Text = None,
    allow_duplicate: Annotated[bool, typer.Option()] = False,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Change a contact.

    Example: crm contact edit CT000007 --title 总经理
    """
    check_fields(fields, Contact._fields)
    s = session(ctx)
    actor = s.actor()
    values = _values(
        name=name, title=title, department=department, deal_role=role, mobile=mobile,
        work_phone=phone, home_phone=home_phone, email=email, im=im, birthday=birthday,
        age_range=age_range, gender=gender, spouse=spouse, hobbies=hobbies, province=province,
        city=city, notes=notes, mnemonic=mnemonic,
    )  # fmt: skip
    record = with_duplicate_prompt(
        lambda allow: contacts.edit_contact(actor, ref, values, allow_duplicate=allow),
        allow_duplicate,
    )
    show_record(s, record.to_dict(), fmt, fields)


@app.command("delete")
def delete(ctx: typer.Context, ref: str, yes: YesOpt = False) -> None:
    """Delete a contact (kept in the log).

    Example: crm contact delete CT000007 --yes
    """
    actor = session(ctx).actor()
    if not confirm(f"Delete contact {ref}?", yes=yes):
        raise typer.Exit(1)
    row = contacts.delete_contact(actor, ref)
    note("Deleted contact {code} {name}.", code=row.code, name=row.name)


# Contact records (联系记录): `log`, `history`, `record`, `record-edit`, `record-delete`,
# after the contact commands, as `crm contact --help` lists them.
app.registered_commands += contact_records.app.registered_commands
# `crm contact email QUERY [--parsable]`: addresses for mutt's query_command (SH-4).
app.registered_commands += contact_email.app.registered_commands

# `crm contact import FILE` is `crm import contacts FILE`: one command, two names.
app.command("import")(import_cmd.contacts)
# `crm contact export` is `crm export contacts`.
app.command("export", cls=_terms.TermsCommand)(export_cmd.contacts)
