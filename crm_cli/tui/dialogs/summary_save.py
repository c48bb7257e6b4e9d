"""Save the summary being built under a name (issue 15, point 3): the store saves it while
the dialog stays open, so a refusal (a name that exists, a preset's name) shows beside the
name with what was typed kept."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from crm_cli.i18n import N_
from crm_cli.tui.dialogs.form import Field, Save
from crm_cli.tui.dialogs.ticket_forms import StoreDialog


class SaveSummaryDialog(StoreDialog):
    FIELDS = (Field("name", "Report name", "orders-by-owner", required=True),)
    # A taken name ("named 'x' exists", "choose another name") shows beside the field; a
    # refusal of the summary itself (a filter gone bad since the preview) under the form.
    BLAME: ClassVar[Mapping[str, Sequence[str]]] = {"name": ("name",)}

    def __init__(self, save: Save) -> None:
        note = N_("Reports (key 8) lists it; its period is chosen each time it runs.")
        super().__init__(save, N_("Save this summary"), note=note)
