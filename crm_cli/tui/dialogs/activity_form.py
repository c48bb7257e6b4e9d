"""Log a contact record (联系记录): what happened, the next contact date, a status change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import NamedTuple

from crm_cli.i18n import N_
from crm_cli.store.activity.fields import METHODS, RESULTS
from crm_cli.store.core.dates import parse_date
from crm_cli.store.core.errors import InvalidInput
from crm_cli.tui.dialogs.form import Field, FormDialog, filled

UNKNOWN_METHOD = N_("unknown method {text!r}; use one of: {choices}")
UNKNOWN_RESULT = N_("unknown result {text!r}; use one of: {choices}")


class ActivityForm(NamedTuple):
    fields: dict[str, str]  # the input keys of `activities.log_contact`
    contact: str | None
    set_status: str | None


def _one_of(choices: tuple[str, ...], template: str) -> Callable[[str], str]:
    """A check that ``text`` is one of ``choices``; ``template`` says it is not."""

    def check(text: str) -> str:
        if text.lower() not in choices:
            raise InvalidInput(template, text=text, choices=", ".join(choices))
        return text

    return check


def _date(text: str) -> dt.date:
    return parse_date(text, dt.date.today())


class ActivityDialog(FormDialog[ActivityForm]):
    HEADING = N_("Log contact")
    FIELDS = (
        Field("summary", "What happened", required=True),
        Field("method", "Method", " | ".join(METHODS), check=_one_of(METHODS, UNKNOWN_METHOD)),
        Field("contact", "Contact person", N_("code or name")),
        Field("result", "Result", " | ".join(RESULTS), check=_one_of(RESULTS, UNKNOWN_RESULT)),
        Field("failure_reason", "Why it failed", N_("when the result is failed")),
        Field("next_date", "Next contact", N_("2026-12-01, +3d, tomorrow"), check=_date),
        Field("next_note", "Next step"),
        Field("set_status", "New customer status", N_("leave empty to keep it")),
    )

    def result(self, values: Mapping[str, str]) -> ActivityForm:
        keys = ("summary", "method", "result", "failure_reason", "next_date", "next_note")
        fields = filled(values, keys)
        if "method" in fields:
            fields["method"] = fields["method"].lower()
        return ActivityForm(fields, values["contact"] or None, values["set_status"] or None)
