"""What every `crm export …` command shares: its options, the format and encoding checked
before the database opens, the customer filter of the options, and the file written
(streamed, renamed into place when whole) with the line that says how many records went.
"""

from typing import Annotated, Any

import typer

from crm_cli.commands import _complete
from crm_cli.commands._common import note

Opt = typer.Option
FormatOpt = Annotated[
    str | None,
    Opt("--format", "-f", help="csv, xlsx, jsonl or vcf (contacts); default: from --output's "
        "suffix, else csv."),
]  # fmt: skip
OutputOpt = Annotated[
    str | None, Opt("--output", "-o", help="Write to this file (default: standard output).")
]
ExcelOpt = Annotated[bool, Opt("--excel", help="CSV in UTF-8 with a BOM, for Chinese Excel.")]
EncodingOpt = Annotated[
    str | None,
    Opt("--encoding", help="CSV in another encoding (gbk); refused if a value does not fit."),
]
FieldsOpt = Annotated[
    str | None,
    Opt("--fields", help="Columns to write, in order (also read-only ones like balance_owed)."),
]
SearchOpt = Annotated[str | None, Opt("--search", "-s", help="Text in name, phone, email …")]
WhereOpt = Annotated[list[str] | None, Opt("--where", "-w", help='"FIELD OP VALUE", as in list.')]
SavedOpt = Annotated[
    str | None,
    Opt(
        "--saved",
        help="Start from this saved customer search.",
        autocompletion=_complete.saved_searches,
    ),
]
Text = Annotated[str | None, Opt()]
CustomerOpt = Annotated[
    str | None,
    Opt("--customer", "-c", help="Only this customer's.", autocompletion=_complete.customers),
]


def plan(
    noun: str, requested: str | None, output: str | None, excel: bool, encoding: str | None
) -> tuple[str, str, str | None, str]:
    """(format, what the writer takes: the CSV's encoding or the noun, output, noun),
    checked before the database is opened."""
    from crm_cli.commands import _export_formats as ef
    from crm_cli.store.core.errors import InvalidInput

    fmt = ef.choose_format(requested, output)
    if fmt == "csv" and not excel and encoding is None:
        from crm_cli import config

        excel = config.excel_csv()  # the personal default: `crm config set csv.excel true`
    text = ef.choose_encoding(fmt, excel, encoding)
    if fmt == "vcf" and noun != "contact":
        raise InvalidInput("vCard holds people: export contacts as vcf, customers as csv, "
                           "xlsx or jsonl")  # fmt: skip
    ef.check_output(output, fmt)
    return fmt, text if fmt == "csv" else noun, output, noun


def customer_filter(
    actor: Any, search: Any, status: Any, owner: Any, where: Any, saved: Any, sort: Any
) -> Any:
    """The customer filter of the options, on top of a saved search; and the sort."""
    from crm_cli.store.customers import saved_searches
    from crm_cli.store.customers.query import CustomerFilter

    flt = CustomerFilter(search=search or "", status=status, owner=owner, where=tuple(where or ()))
    if saved:
        flt, sort = saved_searches.narrow(saved_searches.get_search(actor, saved), flt, sort)
    return flt, sort


def names(fields: str | None) -> list[str] | None:
    """``--fields`` as field names (``balance-owed`` is ``balance_owed``); None if not given."""
    if fields is None:
        return None
    names = [n.strip().replace("-", "_") for n in fields.split(",") if n.strip()]
    if not names:
        from crm_cli.store.core.errors import InvalidInput

        raise InvalidInput("no field names given in --fields")
    return names


def export(plan: tuple[str, str, str | None, str], chosen: Any, found: Any) -> None:
    from crm_cli.commands import _export_formats as ef

    fmt, option, output, noun = plan
    try:
        with ef.target(output) as out:
            count = writer(fmt)(out, chosen, found, option)
    finally:
        found.close()  # a refused export stops reading: end the query now, not at exit
    if output and output != "-":
        note(
            "Exported {count} {noun}{value} to {output}.",
            count=count,
            noun=noun,
            value="" if count == 1 else "s",
            output=output,
        )


def writer(fmt: str) -> Any:
    if fmt == "xlsx":
        from crm_cli.commands._export_xlsx import write_xlsx

        return write_xlsx
    if fmt == "vcf":
        from crm_cli.commands._export_vcard import write_vcards

        return write_vcards
    from crm_cli.commands import _export_formats as ef

    return ef.write_csv if fmt == "csv" else ef.write_jsonl
