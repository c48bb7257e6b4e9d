"""Add or edit a customer: the name and the everyday fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from crm_cli.i18n import N_
from crm_cli.store.core.normalize import clean_name
from crm_cli.tui.dialogs.form import Field, FormDialog, Save

KEYS = ("phone", "email", "city", "address", "level", "source", "industry", "notes")


class CustomerForm(NamedTuple):
    name: str
    fields: dict[str, str]  # only what changed (edit) or what was given (add)


def _name(text: str) -> str:
    return clean_name(text)


class CustomerDialog(FormDialog[CustomerForm]):
    HEADING = N_("Customer")
    FIELDS = (
        Field("name", "Name", N_("公司名称 / company name"), required=True, check=_name),
        Field("phone", "Phone"),
        Field("email", "Email"),
        Field("city", "City"),
        Field("address", "Address"),
        Field("level", "Level", "A, B, C …"),
        Field("source", "Source"),
        Field("industry", "Industry"),
        Field("notes", "Notes"),
    )

    def __init__(
        self, values: Mapping[str, str] | None = None, *, title: str = "", save: Save | None = None
    ) -> None:
        heading = title or (N_("Edit customer") if values else N_("Add customer"))
        super().__init__(values, save=save, heading=heading)

    def result(self, values: Mapping[str, str]) -> CustomerForm:
        changed = {k: values[k] for k in KEYS if values[k] != self.initial.get(k, "")}
        return CustomerForm(values["name"], changed)
