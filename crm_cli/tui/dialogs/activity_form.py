"""Log a contact record (联系记录): what happened, the next contact date, a status change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import NamedTuple

from crm_cli.store.activity.fields import METHODS, RESULTS
from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import InvalidInput
from crm_cli.tui.dialogs.form import Field, FormDialog, filled


class ActivityForm(NamedTuple):
    fields: dict[str, str]  # the input keys of `activities.log_contact`
    contact: str | None
    set_status: str | None


def _one_of(choices: tuple[str, ...], what: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        if text.lower() not in choices:
            raise InvalidInput(f"unknown {what} {text!r}; use one of: {', '.join(choices)}")
        return text

    return check


def _date(text: str) -> dt.date:
    return parse_date(text, dt.date.today())


class ActivityDialog(FormDialog[ActivityForm]):
    HEADING = "Log contact"
    FIELDS = (
        Field("summary", "What happened", required=True),
        Field("method", "Method", " | ".join(METHODS), check=_one_of(METHODS, "method")),
        Field("contact", "Contact person", "code or name"),
        Field("result", "Result", " | ".join(RESULTS), check=_one_of(RESULTS, "result")),
        Field("failure_reason", "Why it failed", "when the result is failed"),
        Field("next_date", "Next contact", "2026-12-01, +3d, tomorrow", check=_date),
        Field("next_note", "Next step"),
        Field("set_status", "New customer status", "leave empty to keep it"),
    )

    def result(self, values: Mapping[str, str]) -> ActivityForm:
        keys = ("summary", "method", "result", "failure_reason", "next_date", "next_note")
        fields = filled(values, keys)
        if "method" in fields:
            fields["method"] = fields["method"].lower()
        return ActivityForm(fields, values["contact"] or None, values["set_status"] or None)
