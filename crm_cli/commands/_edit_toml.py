"""One customer as a commented TOML file to edit (khard-style), and the changes read back.

Written by hand: the file is flat (built-in fields, then a ``[custom]`` table), so a
writer library would add a dependency for twenty lines. Values are compared as the
text the store takes, so a field the user did not touch is never sent.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from crm_cli.store.core.errors import InvalidInput

# The fields a user types in, in the order a card reads. Owner is left out: a change of
# owner is a transfer, with its own rules and command; derived fields are not editable.
FIELDS = (
    "name", "status", "type", "level", "source", "industry", "phone", "fax", "email",
    "website", "country", "province", "city", "address", "postcode", "credit_code",
    "keyword", "mnemonic", "registered", "is_public", "notes",
)  # fmt: skip
HINTS = {
    "type": "state, private, foreign, joint-venture, individual …",
    "registered": "YYYY-MM-DD",
    "is_public": "true: visible to everyone",
    "mnemonic": "pinyin initials; regenerated from a new name unless you change it too",
}


class Changes(NamedTuple):
    """What the user changed: built-in fields and custom fields, as text for the store."""

    fields: dict[str, str]
    custom: dict[str, str]

    def __bool__(self) -> bool:
        return bool(self.fields or self.custom)


def as_text(value: Any) -> str:
    """A value as the store's input text: what is compared, and what is sent."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


def _quote(text: str) -> str:
    # JSON's escapes are TOML's basic-string escapes; DEL is the one character TOML
    # refuses raw that JSON leaves alone. Chinese stays as typed (ensure_ascii=False).
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _line(key: str, value: Any, boolean: bool) -> str:
    if boolean:
        return f"{key} = {'true' if value else 'false'}"
    return f"{key} = {_quote(as_text(value))}"


def render(
    record: Mapping[str, Any], statuses: Sequence[str], custom_kinds: Mapping[str, str]
) -> str:
    """The file the editor opens on: a comment header, each field, then ``[custom]``."""
    lines = [
        f"# crm customer {record['code']} — lines starting with # are ignored; an empty",
        '# value ("") clears a field; a line you delete changes nothing.',
        f"# Owner: {record.get('owner') or '-'} (change it with `crm customer transfer`).",
        "# Save and quit to apply; quit without saving to change nothing; empty the file",
        "# to cancel.",
        "",
    ]
    hints = {**HINTS, "status": "one of: " + ", ".join(statuses)}
    for key in FIELDS:
        if key in hints:
            lines.append(f"# {hints[key]}")
        lines.append(_line(key, record.get(key), key == "is_public"))
    lines += ["", "[custom]", '# more: add a line KEY = "value" (a-z, 0-9, _)']
    values = record.get("custom") or {}
    for key in sorted(set(custom_kinds) | set(values)):
        kind = custom_kinds.get(key, "text")
        lines.append(f"# {kind}")
        lines.append(_line(key, values.get(key), kind == "bool"))
    return "\n".join(lines) + "\n"


def _value(key: str, value: Any) -> str:
    if isinstance(value, dict | list):
        raise InvalidInput("{key}: expected one value, not a table or a list", key=key)
    return as_text(value)


def changes(text: str, record: Mapping[str, Any]) -> Changes:
    """The fields whose text differs from ``record``; a missing key changes nothing."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput("not valid TOML: {exc}", exc=exc) from None
    custom = data.pop("custom", {})
    if not isinstance(custom, dict):
        raise InvalidInput('custom: expected a [custom] table of KEY = "value" lines')
    fields: dict[str, str] = {}
    for key, value in data.items():
        if key not in FIELDS:
            why = (
                "use `crm customer transfer`" if key == "owner" else "fields: " + ", ".join(FIELDS)
            )
            raise InvalidInput("{key!r} cannot be changed here; {why}", key=key, why=why)
        if _value(key, value) != as_text(record.get(key)):
            fields[key] = _value(key, value)
    before = record.get("custom") or {}
    extra = {
        key: _value(f"custom.{key}", value)
        for key, value in custom.items()
        if _value(f"custom.{key}", value) != as_text(before.get(key))
    }
    return Changes(fields, extra)
