"""Contacts as vCard 3.0 (RFC 2426): one file of many cards, as iPhone, Google and khard
read them (shared/reference/import-formats.md §5).

Each card has a stable ``UID:urn:uuid:…`` made from the contact's code, N (family name
first for Chinese names) and FN, ORG (customer;department), TITLE, TEL by type, EMAIL,
BDAY, ADR (city and province), NOTE, and crm's own ``X-CRM-CODE`` and ``X-CRM-CUSTOMER``
(the contact's and the customer's codes), which `crm import contacts` reads back. Lines end
in CRLF and fold at 75 octets without splitting a character. Written by hand: vobject does
not fold long Chinese lines by octets and adds no UID.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import IO, Any

from crm_cli.commands._export_formats import Row
from crm_cli.store.exports.columns import Column

NAMESPACE = uuid.UUID("6f1a4c2e-8d4b-5e0a-9c3d-2b7e1f0a6c51")  # crm's contacts
FOLD = 75  # octets per line, CRLF not counted
# Two-character family names (复姓) that N must not split after the first character.
COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "长孙",
            "夏侯", "宇文", "公孙", "司徒", "端木", "独孤", "南宫", "西门", "轩辕")  # fmt: skip


def write_vcards(out: IO[bytes], columns: Sequence[Column], rows: Iterable[Row], _: str) -> int:
    count = 0
    for row in rows:
        out.write("".join(fold(line) for line in card(row)).encode("utf-8"))
        count += 1
    return count


def card(row: Row) -> list[str]:
    """The lines of one contact's card, unfolded."""
    name = str(row["name"])
    family, given = split_name(name)
    org = [escape(row["customer_name"])] + (
        [escape(row["department"])] if row.get("department") else []
    )
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"UID:urn:uuid:{uuid.uuid5(NAMESPACE, row['code'])}",
             f"N:{escape(family)};{escape(given)};;;", f"FN:{escape(name)}",
             "ORG:" + ";".join(org)]  # fmt: skip
    lines += _props(row, PHONES)
    if row.get("birthday"):
        lines.append(f"BDAY:{row['birthday'].isoformat()}")
    if row.get("city") or row.get("province"):
        parts = ("", "", "", row.get("city") or "", row.get("province") or "", "", "")
        lines.append("ADR;TYPE=WORK:" + ";".join(escape(str(p)) for p in parts))
    lines += _props(row, (("notes", "NOTE"), ("im", "X-IM"), ("code", "X-CRM-CODE"),
                          ("customer", "X-CRM-CUSTOMER")))  # fmt: skip
    return [*lines, "END:VCARD"]


PHONES = (("title", "TITLE"), ("mobile", "TEL;TYPE=CELL,VOICE"),
          ("work_phone", "TEL;TYPE=WORK,VOICE"), ("home_phone", "TEL;TYPE=HOME,VOICE"),
          ("email", "EMAIL;TYPE=INTERNET"))  # fmt: skip


def _props(row: Row, pairs: tuple[tuple[str, str], ...]) -> list[str]:
    return [f"{prop}:{escape(str(row[field]))}" for field, prop in pairs if row.get(field)]


def split_name(name: str) -> tuple[str, str]:
    """Family and given name: 张三 → 张, 三; 欧阳娜娜 → 欧阳, 娜娜; Anna Li → Li, Anna."""
    if any("\u3400" <= char <= "\u9fff" for char in name) and " " not in name:
        size = 2 if name[:2] in COMPOUND and len(name) > 2 else 1
        return name[:size], name[size:]
    words = name.split()
    return (words[-1], " ".join(words[:-1])) if len(words) > 1 else (name, "")


def escape(text: Any) -> str:
    """A text value as vCard 3.0 writes it: backslash, comma, semicolon, line breaks."""
    value = str(text).replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """``line`` with CRLF, folded every 75 octets (a continuation starts with a space)."""
    data = line.encode("utf-8")
    if len(data) <= FOLD:
        return line + "\r\n"
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, FOLD
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, FOLD - 1  # after the leading space
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"
