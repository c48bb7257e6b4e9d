"""`crm customer edit` (issue 18, point 3): by options, or in $VISUAL / $EDITOR.

``edit REF`` with no field option on a terminal opens the customer as a commented TOML
file (khard-style); ``edit --where EXPR`` opens every match as one TSV table
(vidir-style), shows a summary and asks before saving. A refusal reopens the editor
with the message at the top; nothing is saved until everything validates.

The editor opens only when stdin and stdout are terminals, so a script never hangs
waiting for one; ``CRM_FORCE_EDITOR=1`` opens it anyway (tests, or a terminal that
does not say it is one). Imports stay light: `crm customer add` loads this module.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from crm_cli.commands import _complete
from crm_cli.commands._common import (
    Session,
    confirm,
    fail,
    interactive,
    note,
    show_record,
    with_duplicate_prompt,
)
from crm_cli.commands._editor import edit_text
from crm_cli.store.core.errors import Duplicate, InvalidInput

if TYPE_CHECKING:
    from crm_cli.store.customers.records import Customer

T = TypeVar("T")
RefArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[REF]",
        help="Code, id or exact name (none with --where).",
        autocompletion=_complete.customers,
    ),
]
MAX_ROWS = 1000  # a table longer than this is no longer read by a person before saving
ERROR = "# ERROR: "


def edit(
    s: Session,
    ref: str | None,
    values: Mapping[str, Any],
    custom: Mapping[str, str],
    *,
    where: list[str] | None,
    yes: bool,
    allow_duplicate: bool,
    fmt: str | None,
    fields: str | None,
) -> None:
    """The body of `crm customer edit`: options, the TOML file or the TSV table."""
    if where:
        if ref is not None or values or custom:
            fail("give REF or --where, and no field options with --where (to set one "
                 "value on many customers, use `crm customer update --set`)", 2)  # fmt: skip
        if not editor_wanted():
            fail("--where opens $EDITOR, which needs a terminal; in a script use "
                 "`crm customer update --set FIELD=VALUE --where …`")  # fmt: skip
        _many(s, where, allow_duplicate, yes)
        return
    if ref is None:
        fail("missing argument REF (or --where to edit several customers)", 2)
        return
    if not values and not custom and editor_wanted():
        _one(s, ref, allow_duplicate, fmt, fields)
        return
    from crm_cli.store.customers import customers

    actor = s.actor()
    record = with_duplicate_prompt(
        lambda allow: customers.edit_customer(
            actor, ref, values, custom=custom, allow_duplicate=allow
        ),
        allow_duplicate,
    )
    show_record(s, record.to_dict(), fmt, fields)


def editor_wanted() -> bool:
    if os.environ.get("CRM_FORCE_EDITOR") == "1":
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def launch(text: str, suffix: str) -> str:
    """``text`` as edited in $VISUAL or $EDITOR (vi), as `crm work-report write` does."""
    return edit_text(text, f"customer{suffix}")


def _with_errors(text: str, messages: list[str]) -> str:
    return "".join(f"{ERROR}{line}\n" for line in messages) + text


def _without_errors(text: str) -> str:
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith(ERROR.rstrip()):
        lines.pop(0)
    return "".join(lines)


def _messages(exc: Exception) -> list[str]:
    problems = getattr(exc, "problems", None)  # RowsRefused: one line per customer
    if isinstance(problems, dict):
        return [f"{ref}: {why}" for ref, why in problems.items()]
    return str(exc).splitlines() or [type(exc).__name__]


def edit_until_valid(template: str, suffix: str, attempt: Callable[[str], T | None]) -> T | None:
    """Open the editor until ``attempt(text)`` accepts what the user wrote.

    None: the file came back unchanged (or changed nothing). A refusal reopens the
    editor on the user's own text with the message on top; unchanged after a refusal,
    or emptied, ends with exit 1 and nothing saved.
    """
    text, messages = template, list[str]()
    while True:
        written = _without_errors(launch(_with_errors(text, messages), suffix))
        if not any(line.strip() and not line.startswith("#") for line in written.splitlines()):
            fail("the file is empty; nothing saved")
        if written == text:
            if messages:
                fail("unchanged after an error ({value}); nothing saved", value=messages[0])
            return None
        try:
            return attempt(written)
        except (InvalidInput, Duplicate) as exc:
            # Access and audit refusals end the edit instead: editing again cannot help.
            text, messages = written, _messages(exc)


def _one(s: Session, ref: str, allow: bool, fmt: str | None, fields: str | None) -> None:
    from crm_cli.commands import _edit_toml
    from crm_cli.store.customers import customers, edits, statuses

    actor = s.actor()
    # Refused (deleted, audited, not yours) before the user types anything in vain.
    record = edits.customer_to_edit(actor, ref)
    names = [status.name for status in statuses.list_statuses(actor)]
    kinds = {f["key"]: f["type"] for f in statuses.list_fields(actor)}
    before = record._asdict()

    def save(found: _edit_toml.Changes, allowed: bool) -> Customer:
        return customers.edit_customer(
            actor, record.code, found.fields, custom=found.custom, allow_duplicate=allowed
        )

    def attempt(text: str) -> Customer | None:
        found = _edit_toml.changes(text, before)
        if not found:
            return None
        try:
            return save(found, allow)
        except Duplicate as exc:
            # On a terminal, as `customer add` (CUS-2): save anyway, or back to the editor.
            if not interactive() or not _save_anyway(exc):
                raise
            return save(found, True)

    saved = edit_until_valid(_edit_toml.render(before, names, kinds), ".toml", attempt)
    if saved is None:
        note("Nothing changed.")
        return
    note("Saved customer {code}.", code=saved.code)
    show_record(s, saved.to_dict(), fmt, fields)


def _save_anyway(exc: Duplicate) -> bool:
    note("Possible duplicates:")
    for match in exc.matches:
        note("  {code}  {name}  ({reason})", code=match.code, name=match.name, reason=match.reason)
    return typer.confirm("Save it anyway? (no: back to the editor)", default=False, err=True)


def _many(s: Session, where: list[str], allow: bool, yes: bool) -> None:
    from crm_cli.commands import _edit_tsv
    from crm_cli.store.customers import edits, query, statuses

    actor = s.actor()
    # Asking comes after the user's work in the editor: refuse now rather than lose it.
    if not yes and not interactive():
        raise InvalidInput("saving asks for confirmation: refusing without a terminal; pass --yes")
    found = edits.customers_to_edit(actor, query.CustomerFilter(where=tuple(where)), limit=MAX_ROWS)
    records = {c.code: c._asdict() for c in found.customers}
    left_out = ""
    if found.left_out:
        left_out = f"{found.left_out} match(es) you may not change (audited, not yours) left out."
    if not records:
        note(f"No customers you may change match. {left_out}".strip())
        return
    names = [status.name for status in statuses.list_statuses(actor)]

    def attempt(text: str) -> dict[str, dict[str, str]] | None:
        changed = _edit_tsv.changes(text, records)
        if changed:  # every row is checked, then rolled back, before the user is asked
            edits.edit_customers(actor, changed, allow_duplicate=allow, dry_run=True)
        return changed or None

    template = _edit_tsv.render(records.values(), names, left_out)
    changed = edit_until_valid(template, ".tsv", attempt)
    if changed is None:
        note("Nothing changed.")
        return
    note(_edit_tsv.summary(changed, records))
    if not confirm("Save changes to {count} customer(s)?", count=len(changed), yes=yes):
        note("Nothing changed.")
        raise typer.Exit(1)
    edits.edit_customers(actor, changed, allow_duplicate=allow)
    note("Changed {count} customer(s).", count=len(changed))
