"""Many customers as one TSV table to edit (vidir-style), and each row's changes read back.

Unlike vidir, a deleted line deletes nothing: in a CRM a slip of `dd` must not send a
customer to the trash, so a missing row means "no change". Tabs, newlines and
backslashes inside a value are written as \\t, \\n and \\\\ so a row stays one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from crm_cli.commands._edit_toml import as_text
from crm_cli.store.core.errors import InvalidInput

# The columns worth changing across a list; owner is a transfer (its own rules), custom
# fields differ per customer and are edited one at a time.
COLUMNS = (
    "name", "status", "level", "type", "source", "industry", "phone", "email", "province",
    "city", "address", "notes",
)  # fmt: skip
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def escape(text: str) -> str:
    return "".join(_ESCAPES.get(char, char) for char in text)


def unescape(text: str) -> str:
    out: list[str] = []
    chars = iter(text)
    for char in chars:
        if char != "\\":
            out.append(char)
            continue
        following = next(chars, "")
        # An unknown escape (a Windows path's \d) stays as typed rather than failing.
        out.append(_UNESCAPES.get(following, "\\" + following))
    return "".join(out)


def render(records: Iterable[Mapping[str, Any]], statuses: Iterable[str], left_out: str) -> str:
    """The table: a comment header, the column names, one line per customer."""
    lines = [
        "# crm customer edit: change cells; lines starting with # are ignored.",
        "# A line you delete changes nothing (no customer is deleted here); a line you add",
        "# is refused. Columns are separated by tabs; write a tab as \\t, a newline as \\n.",
        "# Statuses: " + ", ".join(statuses),
    ]
    if left_out:
        lines.append(f"# {left_out}")
    lines.append("\t".join(("code", *COLUMNS)))
    for record in records:
        cells = [record["code"], *(as_text(record.get(c)) for c in COLUMNS)]
        lines.append("\t".join(escape(cell) for cell in cells))
    return "\n".join(lines) + "\n"


def _header(line: str) -> list[str]:
    names = [name.strip() for name in line.split("\t")]
    if not names or names[0] != "code":
        raise InvalidInput("the first line that is not a comment must be the header: code\t…")
    unknown = [n for n in names[1:] if n not in COLUMNS]
    if unknown:
        raise InvalidInput(
            "unknown column(s) {names}; columns: {names2}",
            names=", ".join(unknown),
            names2=", ".join(COLUMNS),
        )
    return names


def _rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    lines = [
        (number, line.rstrip("\r"))
        for number, line in enumerate(text.split("\n"), 1)
        if line.strip() and not line.startswith("#")
    ]
    if not lines:
        raise InvalidInput("no header line: the table is empty")
    header = _header(lines[0][1])
    return header, [(number, line.split("\t")) for number, line in lines[1:]]


def _padded(
    cells: list[str], header: list[str], originals: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """Trailing empty cells back, when an editor trimmed the tabs at the end of a line.

    Only when those cells were empty: otherwise a lost tab would shift values.
    """
    before = originals.get(cells[0].strip())
    missing = header[len(cells) :]
    if before is None or not missing or any(as_text(before.get(n)) for n in missing):
        return cells
    return cells + [""] * len(missing)


def changes(text: str, originals: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, str]]:
    """Code → the changed columns (as the store's input text), for rows that changed.

    A column removed from the header changes nothing in any row.
    """
    header, rows = _rows(text)
    result: dict[str, dict[str, str]] = {}
    seen: set[str] = set()
    for number, cells in rows:
        cells = _padded(cells, header, originals)
        if len(cells) != len(header):
            raise InvalidInput(
                "line {number}: {count} cells for {count2} columns (a tab inside a value "
                "is written \\t)",
                number=number,
                count=len(cells),
                count2=len(header),
            )
        code = cells[0].strip()
        if code not in originals:
            raise InvalidInput(
                "line {number}: {code!r} is not one of the customers listed",
                number=number,
                code=code,
            )
        if code in seen:
            raise InvalidInput("line {number}: {code} appears twice", number=number, code=code)
        seen.add(code)
        before = originals[code]
        changed = {
            name: unescape(cell)
            for name, cell in zip(header[1:], cells[1:], strict=True)
            if unescape(cell) != as_text(before.get(name))
        }
        if changed:
            result[code] = changed
    return result


def _short(text: str, width: int = 24) -> str:
    shown = escape(text) or '""'
    return shown if len(shown) <= width else shown[: width - 1] + "…"


def summary(
    edits: Mapping[str, Mapping[str, str]], originals: Mapping[str, Mapping[str, Any]]
) -> str:
    """``3 customers change:`` then one line per customer: field old → new, …"""
    lines = [f"{len(edits)} customer(s) change:"]
    for code, changed in edits.items():
        before = originals[code]
        parts = [
            f"{name} {_short(as_text(before.get(name)))} → {_short(value)}"
            for name, value in changed.items()
        ]
        lines.append(f"  {code} {before.get('name', '')}: " + ", ".join(parts))
    return "\n".join(lines)
