"""Ask for one short value: a saved search's name, a number of days."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from crm_cli.tui.dialogs.form import Field, FormDialog, Save


class NameDialog(FormDialog[str]):
    def __init__(
        self, heading: str, label: str, *, check: Callable[[str], Any] | None = None,
        save: Save | None = None,
    ) -> None:  # fmt: skip
        self.FIELDS = (Field("value", label, required=True, check=check),)
        super().__init__(heading=heading, save=save)

    def result(self, values: Mapping[str, str]) -> str:
        return values["value"]
