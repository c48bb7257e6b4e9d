"""`crm customer evaluate|evaluations`: customer evaluations (EVL-1, 客户评价), registered on
the `crm customer` app by customer_admin.py."""

from typing import Annotated

import typer

from crm_cli.commands import _complete
from crm_cli.commands._common import (
    FieldsOpt,
    FormatOpt,
    LimitOpt,
    OffsetOpt,
    check_fields,
    session,
    show_record,
    stream_records,
)
from crm_cli.i18n import N_
from crm_cli.store.evaluation.records import Evaluation

app = typer.Typer()
Opt = typer.Option
CustomerArg = Annotated[
    str, typer.Argument(help="Customer code, id or exact name.", autocompletion=_complete.customers)
]
COLUMNS = ("code", "date", "evaluator", "grade", "strategy", "scores", "note")


@app.command("evaluate")
def evaluate(
    ctx: typer.Context,
    customer: CustomerArg,
    grade: Annotated[str, Opt("--grade", help="A value grade: A, B, C, D … (a setting).")],
    score: Annotated[
        list[str] | None,
        Opt("--score", help="NAME=N, N from 1 to 5; names: credit, potential … (a setting)."),
    ] = None,
    strategy: Annotated[
        str | None, Opt(help="develop, maintain, watch, abandon … (a setting).")
    ] = None,
    note: Annotated[str, Opt(help="Why: what the evaluation rests on.")] = "",
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Evaluate a customer: its value grade, scores, strategy; the customer shows the latest.

    Example: crm customer evaluate C000042 --grade A --score credit=4 --score potential=5
    --strategy develop --note "按时付款，扩产中"
    """
    from crm_cli.store.evaluation import evaluations

    check_fields(fields, Evaluation._fields)
    s = session(ctx)
    record = evaluations.evaluate_customer(
        s.actor(), customer, grade=grade, scores=score or [], strategy=strategy, note=note
    )
    show_record(s, record.to_dict(), fmt, fields)


@app.command("evaluations")
def evaluations_(
    ctx: typer.Context,
    customer: CustomerArg,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """A customer's evaluations, newest first.

    Example: crm customer evaluations C000042 -n 5 -f json
    """
    from crm_cli.store.core.listing import Page
    from crm_cli.store.evaluation import evaluations

    check_fields(fields, Evaluation._fields)
    s = session(ctx)
    rows = evaluations.iter_evaluations(s.actor(), customer, page=Page(limit, offset))
    stream_records(
        s, (r.to_dict() for r in rows), fmt, fields, COLUMNS, empty=N_("No evaluations.")
    )
