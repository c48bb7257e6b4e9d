"""The base of the form dialogs: labelled inputs, errors next to each field, typed result.

A field's ``check`` is a store parser (dates, money, line specs); its CrmError message is
shown under the field and the dialog stays open. Given a ``save``, Save runs that store call
while the dialog stays open: a refusal shows beside the field it is about (``blame``), with
what was typed kept, and the dialog returns what ``save`` returned. An error goes away as
soon as its field is fixed. Escape cancels (the result is None).

A field's label and placeholder and the heading are English msgids (the class-level ones
are read at import): they are translated as the dialog is composed, and the messages shown
are the store's, translated (`i18n.message_of`); which field a message blames is read from
its English text, against the English labels.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Generic, NamedTuple, TypeVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from crm_cli.i18n import _, message_of, tr
from crm_cli.store.core.errors import CrmError, Duplicate
from crm_cli.tui.dialogs.duplicate import DuplicateDialog
from crm_cli.tui.ports import Crm

R = TypeVar("R")
# save(result) runs on the store thread and returns what the dialog returns. A save that may
# warn of a duplicate takes a second argument, allow_duplicate: True once the user, shown
# the matches, chose to save anyway.
Save = Callable[..., Any]


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
    # Field key -> words of the store's messages about that field (the field's label,
    # lower-cased, when not listed); a message naming no field shows under the form.
    BLAME: ClassVar[Mapping[str, Sequence[str]]] = {}

    def __init__(
        self, values: Mapping[str, str] | None = None, *, note: str = "", save: Save | None = None,
        heading: str = "",
    ) -> None:  # fmt: skip
        super().__init__()
        self.HEADING = heading or self.HEADING
        self.initial = dict(values or {})
        self.note = note
        self.save = save
        self.saving = False

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(_(self.HEADING), classes="title")
            if self.note:
                yield Static(_(self.note))
            for f in self.FIELDS:
                with Horizontal(classes="row"):
                    yield Label(_(f.label) + (" *" if f.required else ""))
                    yield Input(
                        self.initial.get(f.key, ""), placeholder=_(f.placeholder),
                        id=f"f-{f.key}",
                    )  # fmt: skip
                yield Static("", classes="error", id=f"e-{f.key}")
            yield Static("", classes="error", id="e-form")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")

    def values(self) -> dict[str, str]:
        return {f.key: self.query_one(f"#f-{f.key}", Input).value.strip() for f in self.FIELDS}

    def errors(self, values: Mapping[str, str]) -> dict[str, str]:
        """Field key -> message; "form" for a message about the whole form."""
        found = {f.key: _problem(f, values[f.key]) for f in self.FIELDS}
        return {key: text for key, text in found.items() if text}

    def result(self, values: Mapping[str, str]) -> R:
        raise NotImplementedError

    def action_submit(self) -> None:
        # One save at a time: a second Enter while the first is in the store must not add
        # a second record (cancelling the first worker would not stop its store call).
        if self.saving:
            return
        values = self.values()
        if self.show_errors(self.errors(values)):
            return
        if self.save is None:
            self.dismiss(self.result(values))
        else:
            self.saving = True
            self._send(self.save, self.result(values))

    @work(group="dialog-save")
    async def _send(self, save: Save, result: R) -> None:
        app = cast(Crm, self.app)
        try:
            saved = await app.store(save, result)
        except Duplicate as exc:
            # Asking is a flow waiting on a dialog ("action"), not a save in progress.
            asking = self._duplicate(app, functools.partial(save, result), exc)
            self.run_worker(asking, group="action")
            return
        except CrmError as exc:
            self.show_errors({self.blame(str(exc)): message_of(exc)})
            return
        finally:
            self.saving = False
        self.dismiss(saved)

    async def _duplicate(self, app: Crm, save: Callable[[bool], Any], exc: Duplicate) -> None:
        """Show the matches; save anyway, or go back to the form as it was typed."""
        what = self.values().get("name") or _(self.HEADING)
        if not await app.push_screen_wait(DuplicateDialog(what, exc.matches)):
            codes = ", ".join(m.code for m in exc.matches[:3])
            where = "name" if any(f.key == "name" for f in self.FIELDS) else "form"
            self.show_errors(
                {where: tr("Not saved: it may be a duplicate of {codes}", codes=codes)}
            )
            return
        self.saving = True
        try:
            saved = await app.store(save, True)
        except CrmError as again:
            self.show_errors({self.blame(str(again)): message_of(again)})
            return
        finally:
            self.saving = False
        self.dismiss(saved)

    def blame(self, message: str) -> str:
        """The key of the field a store message is about, else "form"."""
        # The store quotes what it could not read ("unknown status 'bogus'"): the field
        # holding that text is the one it is about.
        typed = self.values()
        for f in self.FIELDS:
            if typed[f.key] and repr(typed[f.key]) in message:
                return f.key
        text = message.lower()
        for f in self.FIELDS:
            words = self.BLAME.get(f.key, (f.label.lower(),))
            if any(word in text for word in words):
                return f.key
        return "form"

    @on(Input.Changed)
    def _recheck(self, event: Input.Changed) -> None:
        """A field being fixed loses its error: its own checks run again as it is typed
        (what only the store knows, it checks again on Save)."""
        key = (event.input.id or "").removeprefix("f-")
        field = next((f for f in self.FIELDS if f.key == key), None)
        if field is None:
            return
        shown = self.query_one(f"#e-{key}", Static)
        if shown.display:
            problem = _problem(field, event.value.strip())
            shown.update(problem)
            shown.display = bool(problem)

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


def _problem(f: Field, text: str) -> str:
    """What is wrong with ``text`` in field ``f`` as the form alone can tell; "" if nothing."""
    if f.required and not text:
        return tr("{field} is required", field=_(f.label))
    if text and f.check is not None:
        try:
            f.check(text)
        except CrmError as exc:
            return message_of(exc)
    return ""


def filled(values: Mapping[str, str], keys: Sequence[str] | None = None) -> dict[str, str]:
    """The non-empty values (of ``keys``, if given)."""
    return {k: v for k, v in values.items() if v and (keys is None or k in keys)}
