"""The filter builder (CUS-6): field, operator and value, as `customer list --where`."""

from __future__ import annotations

from collections.abc import Mapping

from crm_cli.i18n import N_, _
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.customers.query import OPERATORS, UNARY
from crm_cli.tui.dialogs.form import Field, FormDialog


def _operator(text: str) -> str:
    if text.lower() not in (*OPERATORS, *UNARY):
        raise InvalidInput(
            "unknown operator {text!r}; use one of: {choices}", text=text,
            choices=", ".join(OPERATORS + UNARY),
        )  # fmt: skip
    return text


class FilterDialog(FormDialog[str]):
    """The result is one `--where` clause, e.g. ``city = 上海``."""

    HEADING = N_("Add a filter")
    FIELDS = (
        Field("field", "Field", "city, level, balance_owed, next_contact …", required=True),
        Field("operator", "Operator", " ".join((*OPERATORS, *UNARY)), required=True,
              check=_operator),
        Field("value", "Value", "上海 · 1000 · 2026-01-01,2026-06-30"),
    )  # fmt: skip

    def errors(self, values: Mapping[str, str]) -> dict[str, str]:
        found = super().errors(values)
        if not values["value"] and values["operator"].lower() not in UNARY and not found:
            found["value"] = _("Value is required for this operator")
        return found

    def result(self, values: Mapping[str, str]) -> str:
        return " ".join(v for v in (values["field"], values["operator"], values["value"]) if v)
