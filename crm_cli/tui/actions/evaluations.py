"""Customer evaluations from the customer center (issue 13, point 5): `E` evaluates the
highlighted customer (grade, scores, strategy, note) through the store's own call
(`evaluation.evaluations.evaluate_customer`); the Evaluations tab shows the result."""

from __future__ import annotations

from crm_cli.i18n import tr
from crm_cli.store.customers.records import Customer
from crm_cli.store.evaluation.evaluations import evaluate_customer
from crm_cli.store.evaluation.records import Evaluation
from crm_cli.tui.actions.flows import done, needs_customer
from crm_cli.tui.dialogs.evaluation_form import EvaluateDialog
from crm_cli.tui.dialogs.ticket_forms import list_hint
from crm_cli.tui.ports import Crm, CustomerPane


async def _choices(app: Crm) -> str:
    """The team's grades, score names and strategies (their settings), for the dialog."""
    from crm_cli.store.core.settings import get_setting
    from crm_cli.store.evaluation.settings import GRADES, SCORES, STRATEGIES

    lists = [await app.attempt(get_setting, app.user, key) for key in (GRADES, SCORES, STRATEGIES)]
    grades, scores, strategies = (str(v or "").split(",") for v in lists)
    # The defaults by their Chinese names in Chinese (信用, 重点发展), which the store takes.
    return tr("Grades: {grades}.  Scores (1-5): {scores}.  Strategies: {strategies}.",
              grades=", ".join(grades), scores=list_hint(scores, "score", ", "),
              strategies=list_hint(strategies, "strategy", ", "))  # fmt: skip


@needs_customer
async def evaluate(screen: CustomerPane, app: Crm, c: Customer) -> None:
    note = await _choices(app)

    def save(values: dict[str, str]) -> Evaluation:
        return evaluate_customer(
            app.user, c.code, grade=values["grade"], scores=values.get("scores") or (),
            strategy=values.get("strategy") or None, note=values.get("note") or "",
            now=app.now,
        )  # fmt: skip

    values = {"grade": c.grade or "", "strategy": c.strategy or ""}
    heading = tr("Evaluate {code} {name}", code=c.code, name=c.name)
    dialog = EvaluateDialog(save, heading, values, note=note)
    saved = await app.push_screen_wait(dialog)
    if saved is not None:
        said = tr("Evaluated {code}: grade {grade} ({evaluation})", code=c.code,
                  grade=saved.grade, evaluation=saved.code)  # fmt: skip
        done(screen, said, grid=True)
