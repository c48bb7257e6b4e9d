"""Fixed values shown to people in Chinese (issue 17): the enumerations the code defines.

Only table, plain and markdown cells of these columns change, and only in a Chinese run;
JSON, CSV and TSV keep the values scripts read. Names people configure (customer statuses,
opportunity stages, a team's own categories) are data and stay as typed; the defaults of
a team's lists (expense categories, ticket and campaign types, evaluation strategies, the
four customer statuses a database starts with: ``i18n.customer_status``) are translated.
``tests/cli/test_i18n_words.py`` keeps these lists equal to the store's constants they
mirror (the store is not imported here: printing a list should not load the sales or
service modules).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from crm_cli import i18n

ENUMS: dict[str, tuple[str, ...]] = {
    # activity.fields
    "method": ("phone", "visit", "email", "im", "meeting", "other"),
    "result": ("continue", "deal", "failed"),
    "next_status": ("remind", "done", "cancelled"),
    # sales.order_base, service.records, expenses.records, workreports.views. Not the
    # opportunities' open/won/lost: a customer status may be called "lost" (流失).
    "status": (
        "draft", "submitted", "approved", "rejected", "cancelled",
        "unprocessed", "assigned", "in_progress", "resolved", "closed",
    ),
    "kind": ("sale", "service_fee"),
    "priority": ("low", "normal", "high", "urgent"),
    "role": ("admin", "manager", "sales"),
    # sales.order_base.installment_status: a payment plan's rows
    "plan": ("paid", "overdue", "partial", "unpaid"),
    # workreports.periods: a work report's kind; the approval inbox's kinds
    "report_kind": ("day", "week", "month"),
    "approval_kind": ("order", "quote", "expense"),
    # targets.records; attainment's scope (a person or a department)
    "metric": ("orders", "receipts", "new_customers", "contacts"),
    "scope": ("user", "department"),
    # the team's lists as they come (a team's own values stay as typed): expense categories,
    # ticket types, campaign types and stages (expenses/service/campaigns settings)
    "category": (
        "travel", "entertainment", "gifts", "marketing", "transport", "communication",
        "office", "other",
    ),
    "type": (
        "repair", "consultation", "complaint", "care_visit", "installation",
        "exhibition", "seminar", "online_ads", "email", "telemarketing", "referral", "other",
        "phone", "visit", "im", "meeting",
    ),
    "stage": ("planned", "active", "finished", "cancelled"),
    # evaluation.settings: what a customer evaluation says to do with the customer
    "strategy": ("develop", "maintain", "watch", "abandon"),
    # the receivables-aging report's first bucket; `crm config list`'s scopes
    "age": ("not due",),
    "config_scope": ("personal", "team"),
    "opportunity_status": ("open", "won", "lost"),
    # schedule.records: who an occurrence is for, and an invitation's answer
    "event_role": ("owner", "invited"),
    "response": ("pending", "accepted", "declined"),
    # pool.views: a claim's goal (achieved, still open); pool.settings: what ends protection
    "goal": ("achieved", "open", "order", "receipt", "either"),
    # `crm report list`: a preset, or a summary saved for the team or for oneself
    "report_list_kind": ("preset", "team", "saved"),
    # the operation log's and the pool log's records and actions (written by each domain)
    "entity": (
        "customer", "contact", "activity", "opportunity", "quote", "order", "payment",
        "receipt", "product", "pricebook", "reminder", "event", "ticket", "evaluation",
        "expense", "campaign", "target", "user", "work_report",
    ),
    "action": (
        "add", "edit", "update", "delete", "restore", "purge", "transfer", "import", "set",
        "unset", "evaluate", "delegate", "undelegate", "accept", "decline", "approve",
        "reject", "submit", "cancel", "renew", "claim", "assign", "release", "reclaim",
        "extend", "remove", "achieved", "served", "done", "campaign", "cancel occurrence",
        "edit occurrence", "grant_login", "act_as",
        # pool.entry, pool.moves, pool.reclaim: a customer's moves in and out of the pool
        "pool add", "pool remove", "pool disabled", "pool claim", "pool assign", "pool release",
        "pool reclaim",
    ),
    # database.checks.CHECKS: what `crm db check` checked
    "check": (
        "integrity", "references", "customer_totals", "order_received", "order_settled",
        "installment_received", "installments_sum", "order_lines", "quote_lines",
        "pool_holders", "owner_copies", "unique_keys", "search_index", "admins_group", "team_keys",
    ),
}  # fmt: skip
# Columns whose values are one of the lists above under another name; ``values_of``
# names the record being printed where a column's values are its own ("lost" is an
# opportunity's 输单 but may be a customer status).
ALIASES = {"plan_status": "plan"}
RECORDS: dict[str, dict[str, str]] = {
    "opportunity": {"status": "opportunity_status"},
    "installment": {"status": "plan"},
    "work_report": {"kind": "report_kind"},
    # an expense's subject is its category (an order's or a quote's is typed text)
    "approval": {"kind": "approval_kind", "subject": "category"},
    "config": {"scope": "config_scope"},
    "customer_status": {"name": "customer_status"},
    "occurrence": {"role": "event_role"},
    "report_list": {"kind": "report_list_kind"},
}
YES_NO = ("no", "yes")
_printing: dict[str, str] = {}


@contextlib.contextmanager
def values_of(record: str) -> Iterator[None]:
    """While printing ``record``s, read its columns' values from its own lists."""
    global _printing
    before, _printing = _printing, RECORDS.get(record, {})
    try:
        yield
    finally:
        _printing = before


def _known(name: str) -> tuple[str, ...]:
    return ENUMS.get(_printing.get(name) or ALIASES.get(name) or name, ())


def words() -> set[str]:
    """Every value translated here, for the catalog (context ``value``)."""
    return {word for values in ENUMS.values() for word in values} | set(YES_NO)


def yes_no() -> tuple[str, str]:
    return (i18n.pgettext("value", "no"), i18n.pgettext("value", "yes"))


def _customers(name: str) -> bool:
    """Whether a ``name`` column holds customer statuses: a plain ``status`` column (an
    opportunity's or an installment's reads its own list instead), or one mapped to them."""
    mapped = _printing.get(name)
    return mapped == "customer_status" if mapped else name == "status"


def translate_columns(names: Sequence[str], columns: list[list[str]]) -> None:
    """Replace, in place, the enumerated values of ``columns`` (one list per name)."""
    for name, column in zip(names, columns, strict=True):
        table = {word: i18n.pgettext("value", word) for word in _known(name)}
        if _customers(name):
            column[:] = [i18n.customer_status(table.get(cell, cell)) for cell in column]
        elif table:
            column[:] = [table.get(cell, cell) for cell in column]


def translate_value(name: str, text: Any) -> Any:
    if isinstance(text, str) and text in _known(name):
        return i18n.pgettext("value", text)
    return i18n.customer_status(text) if _customers(name) else text
