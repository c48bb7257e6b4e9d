"""Log a contact record (联系记录): what happened, the next contact date, a status change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import NamedTuple

from textual.widgets import Input

from crm_cli import i18n
from crm_cli.i18n import N_
from crm_cli.store.activity.fields import METHODS, RESULTS
from crm_cli.store.core.choices import chinese_name, choose
from crm_cli.store.core.dates import parse_date
from crm_cli.tui.dialogs.form import Field, FormDialog, filled

# The lists typed into, with the key of their Chinese names (`core.choice_names`).
LISTS = {"method": (METHODS, "contact method"), "result": (RESULTS, "contact result")}


class ActivityForm(NamedTuple):
    fields: dict[str, str]  # the input keys of `activities.log_contact`
    contact: str | None
    set_status: str | None


def _one_of(key: str) -> Callable[[str], str]:
    """A check that ``text`` names one value of the ``key`` list, in English or Chinese (电话,
    微信): the value it names, as the store reads it."""
    values, kind = LISTS[key]
    return lambda text: choose(text, values, key, kind=kind, verb="invalid")


def _hint(key: str) -> str:
    """The list's values as a field's hint, in the interface language."""
    values, kind = LISTS[key]
    if not i18n.chinese():
        return " | ".join(values)
    return " | ".join(chinese_name(value, kind) or value for value in values)


def _date(text: str) -> dt.date:
    return parse_date(text, dt.date.today())


class ActivityDialog(FormDialog[ActivityForm]):
    HEADING = N_("Log contact")
    FIELDS = (
        Field("summary", "What happened", required=True),
        Field("method", "Method", " | ".join(METHODS), check=_one_of("method")),
        Field("contact", "Contact person", N_("code or name")),
        Field("result", "Result", " | ".join(RESULTS), check=_one_of("result")),
        Field("failure_reason", "Why it failed", N_("when the result is failed")),
        Field("next_date", "Next contact", N_("2026-12-01, +3d, tomorrow"), check=_date),
        Field("next_note", "Next step"),
        Field("set_status", "New customer status", N_("leave empty to keep it")),
    )

    def on_mount(self) -> None:
        for key in LISTS:  # the names a person may type here, in their language
            self.query_one(f"#f-{key}", Input).placeholder = _hint(key)

    def result(self, values: Mapping[str, str]) -> ActivityForm:
        keys = ("summary", "method", "result", "failure_reason", "next_date", "next_note")
        fields = filled(values, keys)
        for key in LISTS:  # what the check read it as: 电话 is phone
            if key in fields:
                fields[key] = _one_of(key)(fields[key])
        return ActivityForm(fields, values["contact"] or None, values["set_status"] or None)
