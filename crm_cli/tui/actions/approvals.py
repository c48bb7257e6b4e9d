"""Approve or reject an item of the approval inbox on the home (issue 14, points 5 and 6).

The same store calls as `crm approvals approve|reject`: each domain's own rule decides,
and a refusal (not waiting any more, not the user's to decide) becomes a notification.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crm_cli.tui.dialogs.confirm import ConfirmDialog
from crm_cli.tui.dialogs.name_form import NameDialog
from crm_cli.tui.ports import Crm

# What approving does to each kind, as the question and the message say it.
VERBS = {"order": "Approve", "quote": "Audit", "expense": "Approve"}


def _about(row: Mapping[str, Any]) -> str:
    whose = f" from {row['owner']}" if row.get("owner") else ""
    return f"{row['kind']} {row['code']}{whose} ({row['amount']:,.2f})"


async def approve(app: Crm, row: Mapping[str, Any]) -> bool:
    """Ask, then approve (audit a quote); True when it was done."""
    from crm_cli.store.overview import approvals

    verb = VERBS.get(str(row["kind"]), "Approve")
    if not await app.push_screen_wait(ConfirmDialog(f"{verb} {_about(row)}?", yes=verb)):
        return False
    done = await app.attempt(approvals.approve, app.user, [str(row["code"])], now=app.now)
    if done:
        app.report(f"{done[0].status.capitalize()}: {row['kind']} {row['code']}")
    return bool(done)


async def reject(app: Crm, row: Mapping[str, Any]) -> bool:
    """Ask for the reason, then send the item back; quotes cannot be rejected."""
    from crm_cli.store.overview import approvals

    if row["kind"] == "quote":
        app.report(f"Quote {row['code']} cannot be rejected: audit it or leave it", error=True)
        return False
    reason = await app.push_screen_wait(NameDialog(f"Reject {_about(row)}", "Reason"))
    if reason is None:
        return False
    done = await app.attempt(approvals.reject, app.user, str(row["code"]), reason, now=app.now)
    if done:
        app.report(f"Rejected: {row['kind']} {row['code']}")
    return done is not None
