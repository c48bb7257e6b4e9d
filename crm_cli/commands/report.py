"""`crm report …`: the preset analyses and the summary wizard (RPT-1..RPT-3).

Every report takes a period (``--period`` or ``--from``/``--to``), ``--as-of`` (the day
relative periods count from) and ``--compare previous|last-year`` (环比, 同比: the compared
figures, the change and the change in percent beside each row), and prints in every format
(`_report_out`); ``--chart`` draws below a table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from crm_cli import i18n
from crm_cli.commands import _terms, _words
from crm_cli.commands._common import AsOfOpt, FieldsOpt, Session, note, session, show_records
from crm_cli.commands._report_out import check_chart, check_format, check_shown, show_report
from crm_cli.i18n import N_
from crm_cli.store.core.errors import InvalidInput

if TYPE_CHECKING:
    from crm_cli.store.analysis.periods import Period

app = typer.Typer(help="Reports: preset analyses, summaries of any records, saved summaries.")
Opt = typer.Option
Many = list[str] | None
PeriodOpt = Annotated[
    str | None, Opt("--period", "-p", help="2026, 2026-Q3, 2026-11, 2026-W49, this-month …")
]
FromOpt = Annotated[str | None, Opt("--from", help="First day (YYYY-MM-DD).")]
ToOpt = Annotated[str | None, Opt("--to", help="Last day (YYYY-MM-DD).")]
CompareOpt = Annotated[
    str | None, Opt("--compare", help="previous (环比) or last-year (同比); needs a period.")
]
ChartOpt = Annotated[str | None, Opt("--chart", help="Draw bar, line, pie or funnel below.")]
FormatOpt = Annotated[
    str | None,
    Opt("--format", "-f", callback=check_format,
        help="table, plain, csv, tsv, json, jsonl, markdown or xlsx (with --output)."),
]  # fmt: skip
OutputOpt = Annotated[str | None, Opt("--output", "-o", help="Write to this file.")]
ByOpt = Annotated[Many, Opt("--by", help="Group by FIELD or DATE:day|week|month|quarter|year.")]
RatioOpt = Annotated[Many, Opt("--ratio", help="A/B of two measures: sum_received/sum_total.")]
RECORDS = (
    "customers, contacts, activities (contact records), opportunities, quotes, orders, "
    "order-lines, payments (receipts), installments, tickets, expenses or campaigns; "
    "`crm report fields RECORDS` lists their fields."
)
EXTRA = {"allow_extra_args": True, "ignore_unknown_options": True}


def _periods(
    period: str | None, start: str | None, end: str | None, compare: str | None, as_of: str | None
) -> tuple[Period | None, Period | None, Any]:
    from crm_cli.commands._common import today_or
    from crm_cli.store.analysis import periods

    today = today_or(as_of).date()
    span = periods.resolve(period, start, end, today)
    return span, periods.compared(span, compare), today


def _options(args: list[str]) -> tuple[dict[str, str], list[str]]:
    """A preset's own ``--key value`` options (``--key=value``; a bare ``--flag`` is yes)
    and the query-language terms among ``args`` (a word after ``--key`` is its value
    unless it reads as a field, tag or named filter)."""
    from crm_cli.store.core.terms import parse_term

    options: dict[str, str] = {}
    terms: list[str] = []
    rest = list(args)
    while rest:
        word = rest.pop(0)
        if not word.startswith("--") or len(word) < 3:
            terms.append(word)
            continue
        key, sep, value = word[2:].partition("=")
        if not sep:
            takes = rest and not rest[0].startswith("-") and parse_term(rest[0]).kind == "word"
            value = rest.pop(0) if takes else "yes"
        options[key.strip().lower()] = value
    return options, terms


def _expanded(s: Session, terms: list[str]) -> tuple[str, ...]:
    """The terms with named filters (@hot) expanded."""
    if not terms:
        return ()
    from crm_cli.store.core.terms import expand

    return tuple(t.text for t in expand(terms, _terms.named(s)))


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """The preset analyses and the saved summaries you may run, a line each.

    Example: crm report list
    """
    from crm_cli.store.analysis import presets, saved

    s = session(ctx)
    rows: list[dict[str, Any]] = [
        {"name": p.name, "kind": "preset", "title": p.title, "title_zh": p.title_zh}
        for p in presets.all_presets()
    ]
    for found in saved.list_summaries(s.actor()):
        kind = "team" if found.team else "saved"
        rows.append({"name": found.name, "kind": kind, "title": found.title,
                     "title_zh": found.title_zh, "owner": found.owner})  # fmt: skip
    columns: tuple[str, ...] = ("name", "kind", "title", "title_zh")
    titled = {"title": "subject"}  # 主题: "title" alone is a contact's 职务
    if i18n.chinese() and s.format(fmt) in ("table", "plain", "markdown"):
        columns, titled = ("name", "kind", "title_zh"), {"title_zh": "subject"}
    with _words.values_of("report_list"):
        show_records(s, rows, fmt, fields, columns, empty=N_("No reports."), titled=titled)


@app.command("run", cls=_terms.TermsCommand, context_settings=EXTRA)
def run(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A preset or a saved summary.")],
    period: PeriodOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    compare: CompareOpt = None,
    as_of: AsOfOpt = None,
    chart: ChartOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
) -> None:
    """Run a preset analysis or a saved summary; a preset's own options (--by month,
    --user wang, --top 20 …) follow. Terms narrow it: a preset counts only what belongs
    to the customers customer terms select (city:深圳 +owed @hot); a saved summary takes
    the terms of its record type, as `crm report summary` does.

    Example: crm report run sales-trend --period 2026-Q3 --compare last-year --by month
    """
    from crm_cli.store.analysis import presets, saved

    s = session(ctx)
    kind = check_chart(chart)
    span, against, today = _periods(period, start, end, compare, as_of)
    options, terms = _options(ctx.args)
    preset = presets.find(name)
    if preset is not None:
        params = presets.Params(span, today, options)
        found_terms = _expanded(s, terms)
        report = presets.run_preset(s.actor(), preset.name, params, against, terms=found_terms)
        draw = _chart(kind, report, preset.x, preset.y)
    else:
        found = saved.get_summary(s.actor(), name)
        if options:
            key = next(iter(options))
            raise InvalidInput(
                "report {name} takes no option {option!r}", name=found.name, option=key
            )
        report = saved.run_saved(s.actor(), found.name, period=span, compare_with=against,
                                 today=today, terms=_expanded(s, terms))  # fmt: skip
        draw = _chart(kind, report)
    show_report(s, report, fmt, fields, output=output, chart=draw)


def _chart(kind: str | None, report: Any, x: str = "", y: str = "") -> tuple[str, str, str] | None:
    """The chart to draw: a preset's columns, else the first measure against the first
    group."""
    if kind is None:
        return None
    if not (x or report.keys) or not (y or report.measures):
        raise InvalidInput("--chart needs a grouped report: give --by")
    return kind, x or report.keys[0], y or report.measures[0]


@app.command("summary", cls=_terms.TermsCommand)
def summary(
    ctx: typer.Context,
    records: Annotated[str, typer.Argument(help=RECORDS)],
    terms: _terms.TermsArg = None,
    by: ByOpt = None,
    count: Annotated[bool, Opt("--count", help="Count the records (the default).")] = False,
    sums: Annotated[Many, Opt("--sum", help="Sum of a numeric field.")] = None,
    avgs: Annotated[Many, Opt("--avg", help="Average of a numeric field.")] = None,
    mins: Annotated[Many, Opt("--min", help="Least value of a numeric field.")] = None,
    maxs: Annotated[Many, Opt("--max", help="Greatest value of a numeric field.")] = None,
    ratios: RatioOpt = None,
    where: Annotated[Many, Opt("--where", "-w", help='"FIELD OP VALUE" (as in list).')] = None,
    search: Annotated[str | None, Opt("--search", "-s", help="Customers: text search.")] = None,
    saved_search: Annotated[str | None, Opt("--saved", help="Customers: a saved search.")] = None,
    date: Annotated[str | None, Opt("--date", help="The date field the period applies to.")] = None,
    sort: Annotated[str | None, Opt("--sort", help="Sort by a column; -col: descending.")] = None,
    top: Annotated[int | None, Opt("--top", help="Only the first N rows.", min=0)] = None,
    save: Annotated[str | None, Opt("--save", help="Keep this summary under a name.")] = None,
    team: Annotated[bool, Opt("--team", help="With --save, by an admin: for everyone.")] = False,
    period: PeriodOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    compare: CompareOpt = None,
    as_of: AsOfOpt = None,
    chart: ChartOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
) -> None:  # fmt: skip
    """Summarise any records: grouped, counted, summed, averaged (RPT-1).

    Example: crm report summary orders --by owner --by signed:month --sum total --period 2026
    """
    from crm_cli.store.analysis import saved, summary

    s = session(ctx)
    kind = check_chart(chart)
    if team and not save:
        raise InvalidInput("--team goes with --save NAME")
    span, against, today = _periods(period, start, end, compare, as_of)
    measures = ["count"] if count else []
    for op, given in (
        ("sum", sums),
        ("avg", avgs),
        ("min", mins),
        ("max", maxs),
        ("ratio", ratios),
    ):
        measures += [f"{op}:{item}" for item in given or ()]
    definition = summary.Definition(
        records, tuple(by or ()), tuple(measures), tuple(where or ()), search or "",
        date or "", sort or "", top,
    )  # fmt: skip
    # field terms become --where clauses, tags the record type's (`summary.with_terms`)
    definition = summary.with_terms(definition, _expanded(s, list(terms or ())), s.actor())
    if saved_search:
        definition = saved.with_saved_search(s.actor(), definition, saved_search)
    report = summary.run_summary(
        s.actor(), definition, period=span, compare_with=against, today=today
    )
    draw = _chart(kind, report)
    check_shown(report, fmt, fields, output)
    if save:
        saved.save_summary(s.actor(), save, definition, team=team)
        if team:
            note("Saved report {name!r} for the team.", name=save.strip())
        else:
            note("Saved report {name!r}.", name=save.strip())
    show_report(s, report, fmt, fields, output=output, chart=draw)


@app.command("fields")
def fields_(
    ctx: typer.Context,
    records: Annotated[str, typer.Argument(help="A record type (see `crm report summary`).")],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """What a summary of RECORDS may group by, measure and date by (the period's date first).

    Example: crm report fields order-lines
    """
    from crm_cli.store.analysis.kinds import FieldInfo, describe

    rows = [info.to_dict() for info in describe(records)]
    show_records(session(ctx), rows, fmt, fields, FieldInfo._fields)


@app.command("delete")
def delete(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="A saved summary.")]
) -> None:
    """Delete a saved summary (yours; an admin: a team one too).

    Example: crm report delete 月度签约
    """
    from crm_cli.store.analysis import saved

    s: Session = session(ctx)
    gone = saved.delete_summary(s.actor(), name)
    note("Deleted report {name!r}.", name=gone.name)
