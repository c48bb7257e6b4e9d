"""The base of the form dialogs: labelled inputs, errors next to each field, typed result.

A field's ``check`` is a store parser (dates, money, line specs); its CrmError message is
shown under the field and the dialog stays open. Escape cancels (the result is None).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Generic, NamedTuple, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from crm_cli.store.core.errors import CrmError

R = TypeVar("R")


class Field(NamedTuple):
    key: str
    label: str
    placeholder: str = ""
    required: bool = False
    check: Callable[[str], Any] | None = None


class FormDialog(ModalScreen[R | None], Generic[R]):
    """Subclasses set HEADING and FIELDS and turn the cleaned values into their result."""

    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    FormDialog > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    FormDialog .title { text-style: bold; padding: 0 0 1 0; }
    FormDialog .row { height: 1; }
    FormDialog .row Label { width: 22; }
    FormDialog .row Input {
        width: 1fr; height: 1; border: none; padding: 0 1; background: $boost;
    }
    FormDialog .row Input:focus { background: $accent 30%; }
    FormDialog .error { color: $error; height: auto; display: none; margin: 0 0 0 22; }
    FormDialog .buttons { height: auto; align: right middle; }
    FormDialog Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save"),
    ]
    AUTO_FOCUS = "Input"
    HEADING = ""
    FIELDS: Sequence[Field] = ()

    def __init__(self, values: Mapping[str, str] | None = None, *, note: str = "") -> None:
        super().__init__()
        self.initial = dict(values or {})
        self.note = note

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(self.HEADING, classes="title")
            if self.note:
                yield Static(self.note)
            for f in self.FIELDS:
                with Horizontal(classes="row"):
                    yield Label(f.label + (" *" if f.required else ""))
                    yield Input(
                        self.initial.get(f.key, ""), placeholder=f.placeholder, id=f"f-{f.key}"
                    )
                yield Static("", classes="error", id=f"e-{f.key}")
            yield Static("", classes="error", id="e-form")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def values(self) -> dict[str, str]:
        return {f.key: self.query_one(f"#f-{f.key}", Input).value.strip() for f in self.FIELDS}

    def errors(self, values: Mapping[str, str]) -> dict[str, str]:
        """Field key -> message; "form" for a message about the whole form."""
        found: dict[str, str] = {}
        for f in self.FIELDS:
            text = values[f.key]
            if f.required and not text:
                found[f.key] = f"{f.label} is required"
            elif text and f.check is not None:
                try:
                    f.check(text)
                except CrmError as exc:
                    found[f.key] = str(exc)
        return found

    def result(self, values: Mapping[str, str]) -> R:
        raise NotImplementedError

    def action_submit(self) -> None:
        values = self.values()
        if not self.show_errors(self.errors(values)):
            self.dismiss(self.result(values))

    def show_errors(self, problems: Mapping[str, str]) -> bool:
        """Show each message under its field (and clear the rest); False when none."""
        for key in [*(f.key for f in self.FIELDS), "form"]:
            shown = self.query_one(f"#e-{key}", Static)
            shown.update(problems.get(key, ""))
            shown.display = key in problems
        if problems:
            first = next(iter(problems))
            if first != "form":
                self.query_one(f"#f-{first}", Input).focus()
        return bool(problems)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _enter(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()


def filled(values: Mapping[str, str], keys: Sequence[str] | None = None) -> dict[str, str]:
    """The non-empty values (of ``keys``, if given)."""
    return {k: v for k, v in values.items() if v and (keys is None or k in keys)}
