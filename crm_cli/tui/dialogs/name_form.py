"""Ask for one short value: a saved search's name, a number of days."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from crm_cli.tui.dialogs.form import Field, FormDialog


class NameDialog(FormDialog[str]):
    def __init__(
        self, heading: str, label: str, *, check: Callable[[str], Any] | None = None
    ) -> None:
        self.HEADING = heading
        self.FIELDS = (Field("value", label, required=True, check=check),)
        super().__init__()

    def result(self, values: Mapping[str, str]) -> str:
        return values["value"]
