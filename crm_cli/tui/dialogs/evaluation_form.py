"""The customer evaluation dialog (EVL-1): grade, scores, strategy and a note, saved by the
store from the dialog, so a refusal (an unknown grade, a score of 6) shows beside its field
with what was typed kept."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from crm_cli.i18n import N_
from crm_cli.tui.dialogs.form import Field
from crm_cli.tui.dialogs.ticket_forms import StoreDialog


class EvaluateDialog(StoreDialog):
    FIELDS = (
        Field("grade", "Grade", "A", required=True),
        Field("scores", "Scores", N_("credit=4, potential=5")),
        Field("strategy", "Strategy", N_("develop; empty: keep the current one")),
        Field("note", "Note"),
    )
    # The store names the value it refuses: "unknown grade …", "score credit …".
    BLAME: ClassVar[Mapping[str, Sequence[str]]] = {
        "grade": ("grade",),
        "scores": ("score",),
        "strategy": ("strategy",),
        "note": ("note",),
    }
