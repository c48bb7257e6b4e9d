"""Add a contact person to the highlighted customer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from crm_cli.i18n import N_
from crm_cli.store.core.normalize import clean_name
from crm_cli.tui.dialogs.form import Field, FormDialog, filled


class ContactForm(NamedTuple):
    name: str
    fields: dict[str, str]


class ContactDialog(FormDialog[ContactForm]):
    HEADING = N_("Add contact")
    FIELDS = (
        Field("name", "Name", "联系人姓名", required=True, check=clean_name),
        Field("title", "Job title", N_("总经理, buyer …")),
        Field("mobile", "Mobile"),
        Field("work_phone", "Work phone"),
        Field("email", "Email"),
        Field("notes", "Notes"),
    )

    def result(self, values: Mapping[str, str]) -> ContactForm:
        return ContactForm(values["name"], filled(values, [f.key for f in self.FIELDS[1:]]))
