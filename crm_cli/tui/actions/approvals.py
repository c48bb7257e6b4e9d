"""Approve or reject an item of the approval inbox on the home (issue 14, points 5 and 6).

The same store calls as `crm approvals approve|reject`: each domain's own rule decides,
and a refusal (not waiting any more, not the user's to decide) becomes a notification.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crm_cli import i18n
from crm_cli.i18n import N_, _, tr
from crm_cli.tui.dialogs.confirm import ConfirmDialog
from crm_cli.tui.dialogs.name_form import NameDialog
from crm_cli.tui.ports import Crm

# What approving does to each kind, as the question and the message say it.
VERBS = {"order": N_("Approve"), "quote": N_("Audit"), "expense": N_("Approve")}
# The kinds of the inbox, as its messages name them.
KINDS = {"order": N_("order"), "quote": N_("quote"), "expense": N_("expense")}


def _kind(row: Mapping[str, Any]) -> str:
    kind = str(row["kind"])
    return _(KINDS[kind]) if kind in KINDS else kind


def _about(row: Mapping[str, Any]) -> str:
    whose = tr(" from {user}", user=row["owner"]) if row.get("owner") else ""
    return f"{_kind(row)} {row['code']}{whose} ({row['amount']:,.2f})"


async def approve(app: Crm, row: Mapping[str, Any]) -> bool:
    """Ask, then approve (audit a quote); True when it was done."""
    from crm_cli.store.overview import approvals

    verb = VERBS.get(str(row["kind"]), N_("Approve"))
    question = tr("{verb} {what}?", verb=_(verb), what=_about(row))
    if not await app.push_screen_wait(ConfirmDialog(question, yes=verb)):
        return False
    done = await app.attempt(approvals.approve, app.user, [str(row["code"])], now=app.now)
    if done:
        status = i18n.pgettext("value", done[0].status)
        status = status.capitalize() if status == done[0].status else status
        app.report(f"{status}: {_kind(row)} {row['code']}")
    return bool(done)


async def reject(app: Crm, row: Mapping[str, Any]) -> bool:
    """Ask for the reason, then send the item back; quotes cannot be rejected."""
    from crm_cli.store.overview import approvals

    if row["kind"] == "quote":
        app.report(tr("Quote {code} cannot be rejected: audit it or leave it", code=row["code"]),
                   error=True)  # fmt: skip
        return False
    heading = tr("Reject {what}", what=_about(row))

    def save(reason: str) -> Any:  # in the dialog: a refusal keeps it open, the reason kept
        return approvals.reject(app.user, str(row["code"]), reason, now=app.now)

    done = await app.push_screen_wait(NameDialog(heading, N_("Reason"), save=save))
    if done:
        app.report(tr("Rejected: {kind} {code}", kind=_kind(row), code=row["code"]))
    return done is not None
