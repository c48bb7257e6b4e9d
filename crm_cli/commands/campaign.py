"""`crm campaign …`: marketing campaigns (CMP-1), the customers and opportunities linked to
them, and what they brought in."""

from typing import Annotated, Any

import typer

from crm_cli.commands import _terms
from crm_cli.commands._common import (
    AsOfOpt,
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
    show_records,
    stream_records,
    today_or,
)
from crm_cli.i18n import N_
from crm_cli.store.campaigns import campaigns, links, views
from crm_cli.store.campaigns.records import Campaign, Linked
from crm_cli.store.core.listing import Page

app = typer.Typer(
    help="Marketing campaigns: add, list, show (with cost, revenue, responses and ROI), edit, "
    "link, unlink, delete."
)
Opt = typer.Option
RefArg = Annotated[str, typer.Argument(help="Campaign code (CP000001), id or exact name.")]
COLUMNS = ("code", "name", "type", "stage", "starts_on", "ends_on", "budget",
           "expected_revenue", "responses", "owner")  # fmt: skip
# The figures `show` adds for managers, admins and the campaign's owner.
FIGURES = ("actual_cost", "actual_revenue", "cost_per_response", "roi", "customers",
           "opportunities", "orders")  # fmt: skip
LINK_COLUMNS = ("kind", "code", "name", "campaign", "changed")
TypeOpt = Annotated[
    str | None,
    Opt("--type", help="exhibition, seminar, online_ads … (crm config get campaign.types)."),
]
StageOpt = Annotated[
    str | None, Opt("--stage", help="planned, active, finished … (campaign.stages).")
]
StartOpt = Annotated[str | None, Opt("--start", help="First day (default today).")]
EndOpt = Annotated[str | None, Opt("--end", help="Last day; not before the start.")]
BudgetOpt = Annotated[str | None, Opt("--budget", help="Planned cost, exact money.")]
RevenueOpt = Annotated[str | None, Opt("--expected-revenue", help="Exact money.")]
ExpectedOpt = Annotated[str | None, Opt("--expected-responses", help="A whole number.")]
ResponsesOpt = Annotated[
    str | None, Opt("--responses", help="Responses so far (replies, visitors, leads).")
]
OwnerOpt = Annotated[str | None, Opt("--owner", help="Who runs it (login; default you).")]
NoteOpt = Annotated[str | None, Opt("--note")]
CustomersOpt = Annotated[list[str] | None, Opt("--customer", "-c", help="A customer (repeatable).")]
DealsOpt = Annotated[
    list[str] | None, Opt("--opportunity", "-o", help="An opportunity (repeatable).")
]


def _values(**options: Any) -> dict[str, Any]:
    return given(**options)


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The campaign's name.")],
    type_: TypeOpt = None,
    stage: StageOpt = None,
    start: StartOpt = None,
    end: EndOpt = None,
    budget: BudgetOpt = None,
    expected_revenue: RevenueOpt = None,
    expected_responses: ExpectedOpt = None,
    owner: OwnerOpt = None,
    note_: NoteOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Add a campaign (managers and admins).

    Example: crm campaign add "2026 秋季展会" --type exhibition --start 2026-11-01 --budget 50000
    """
    check_fields(fields, Campaign._fields)
    values = _values(
        type=type_, stage=stage, starts_on=start, ends_on=end, budget=budget,
        expected_revenue=expected_revenue, expected_responses=expected_responses, owner=owner,
        note=note_,
    )  # fmt: skip
    record = campaigns.add_campaign(session(ctx).actor(), name, values=values, now=today_or(as_of))
    show_record(session(ctx), record.to_dict(), fmt, fields)


@app.command("list", cls=_terms.TermsCommand)
def list_(
    ctx: typer.Context,
    terms: _terms.TermsArg = None,
    stage: StageOpt = None,
    type_: TypeOpt = None,
    owner: Annotated[str | None, Opt(help="Only this user's (login) or me.")] = None,
    active: Annotated[bool, Opt("--active", help="Only those running today (--as-of).")] = False,
    as_of: AsOfOpt = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Campaigns, latest start first.

    Terms: code, name, type (= channel), stage (= status), note, start, end, created,
    budget, revenue, responses, expected_responses, owner; tags +mine, +active.

    Example: crm campaign list --active --stage active
    """
    check_fields(fields, Campaign._fields)
    s = session(ctx)
    now = today_or(as_of)
    rows = views.iter_campaigns(
        s.actor(), stage=stage, type=type_, owner=owner, page=Page(limit, offset),
        active_on=now.date() if active else None, now=now,
        terms=_terms.checked(s, terms, "campaign"),
    )  # fmt: skip
    stream_records(s, (r.to_dict() for r in rows), fmt, fields, COLUMNS, empty=N_("No campaigns."))


@app.command("show")
def show(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = None, fields: FieldsOpt = None) -> None:
    """One campaign, with what it brought in.

    For managers, admins and its owner also its actual cost (approved expenses), actual
    revenue (approved orders of its customers and opportunities), cost per response and
    ROI ((revenue - cost) / cost).

    Example: crm campaign show CP000001 -f json
    """
    from crm_cli.store.overview.campaign_results import campaign_with_results

    check_fields(fields, (*Campaign._fields, *FIGURES))
    record, figures = campaign_with_results(session(ctx).actor(), ref)
    data = record.to_dict()
    if figures is not None:
        data.update((key, getattr(figures, key)) for key in FIGURES)
    show_record(session(ctx), data, fmt, fields)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: RefArg,
    name: Annotated[str | None, Opt("--name")] = None,
    type_: TypeOpt = None,
    stage: StageOpt = None,
    start: StartOpt = None,
    end: EndOpt = None,
    budget: BudgetOpt = None,
    expected_revenue: RevenueOpt = None,
    expected_responses: ExpectedOpt = None,
    responses: ResponsesOpt = None,
    owner: OwnerOpt = None,
    note_: NoteOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Change a campaign (managers, admins and its owner); '' clears the end or the note.

    Example: crm campaign edit CP000001 --stage finished --responses 186
    """
    check_fields(fields, Campaign._fields)
    changes = _values(
        name=name, type=type_, stage=stage, starts_on=start, ends_on=end, budget=budget,
        expected_revenue=expected_revenue, expected_responses=expected_responses,
        responses=responses, owner=owner, note=note_,
    )  # fmt: skip
    record = campaigns.edit_campaign(session(ctx).actor(), ref, changes, now=today_or(as_of))
    show_record(session(ctx), record.to_dict(), fmt, fields)


def _linked(ctx: typer.Context, done: list[Linked], fmt: str | None, fields: str | None) -> None:
    changed = sum(1 for x in done if x.changed)
    note("{changed} of {count} changed.", changed=changed, count=len(done))
    show_records(session(ctx), [x.to_dict() for x in done], fmt, fields, LINK_COLUMNS)


@app.command("link")
def link(
    ctx: typer.Context,
    ref: RefArg,
    customer: CustomersOpt = None,
    opportunity: DealsOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Link customers (their source) and opportunities to the campaign.

    Each must be one you may change: all of them are linked or, on the first refusal, none.

    Example: crm campaign link CP000001 -c C000042 -c C000043 -o OP000007
    """
    check_fields(fields, Linked._fields)
    done = links.link(session(ctx).actor(), ref, customers=customer or [],
                      opportunities=opportunity or [])  # fmt: skip
    _linked(ctx, done, fmt, fields)


@app.command("unlink")
def unlink(
    ctx: typer.Context,
    ref: RefArg,
    customer: CustomersOpt = None,
    opportunity: DealsOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Take customers and opportunities off the campaign (each must be linked to it).

    Example: crm campaign unlink CP000001 -c C000042
    """
    check_fields(fields, Linked._fields)
    done = links.unlink(session(ctx).actor(), ref, customers=customer or [],
                        opportunities=opportunity or [])  # fmt: skip
    _linked(ctx, done, fmt, fields)


@app.command("delete")
def delete(ctx: typer.Context, ref: RefArg, yes: YesOpt = False) -> None:
    """Delete a campaign (managers and admins); its links stay in the records' history.

    Example: crm campaign delete CP000001 --yes
    """
    actor = session(ctx).actor()
    if not confirm("Delete campaign {ref}?", ref=ref, yes=yes):
        raise typer.Exit(1)
    record = campaigns.delete_campaign(actor, ref)
    note("Deleted campaign {code}.", code=record.code)
