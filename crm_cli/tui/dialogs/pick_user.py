"""Ask for a user (transfer, assign) and, for a delegation, until when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from crm_cli.store.core.dates import parse_date
from crm_cli.tui.dialogs.form import Field, FormDialog, Save


class UserChoice(NamedTuple):
    user: str
    until: str | None


class UserDialog(FormDialog[UserChoice]):
    """``until=True`` also asks for an end date (delegation)."""

    def __init__(self, heading: str, *, until: bool = False, save: Save | None = None) -> None:
        fields = [Field("user", "User login", "wang", required=True)]
        if until:
            fields.append(
                Field("until", "Until", "+30d", required=True,
                      check=lambda t: parse_date(t, dt.date.today()))
            )  # fmt: skip
        self.FIELDS = tuple(fields)
        super().__init__(heading=heading, save=save)

    def result(self, values: Mapping[str, str]) -> UserChoice:
        return UserChoice(values["user"], values.get("until") or None)
