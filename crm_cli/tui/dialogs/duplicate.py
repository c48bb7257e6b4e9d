"""The duplicate warning as a choice: the possible matches, then add anyway or go back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crm_cli.i18n import N_, phrase, tr
from crm_cli.tui.dialogs.confirm import ConfirmDialog


class DuplicateDialog(ConfirmDialog):
    """True: save anyway (``allow_duplicate``); False: go back and change it."""

    def __init__(self, what: str, matches: Sequence[Any]) -> None:
        shown = [f"  {m.code}  {phrase(m.name)}  ({phrase(m.reason)})" for m in matches[:8]]
        more = [tr("  … and {count} more", count=len(matches) - 8)] if len(matches) > 8 else []
        text = "\n".join([tr("{what} may be a duplicate of:", what=what), *shown, *more])
        super().__init__(text, yes=N_("Save anyway"), no=N_("Go back"))
