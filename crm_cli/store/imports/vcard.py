"""Contacts from vCard files (2.1, 3.0, 4.0; one file may hold many cards), as the tables
every other file becomes, so the contacts spec checks them the same way.

Read with vobject (imported only here), card by card: memory holds a batch of cards.
The text is decoded first (``core.charsets``: vobject wants text, and exports from Chinese
phones are UTF-8 or GBK); quoted-printable lines of 2.1 are allowed. A card's ORG is its
customer (and ORG's second part the department), FN its name (else N, family name first
for Chinese), TEL by type: CELL the mobile, HOME the home phone, any other the work phone.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import IO, Any

from crm_cli.store.core.charsets import text_of
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.readers import BATCH
from crm_cli.store.core.tabular import Table

LABELS = {
    "customer": "ORG", "name": "FN", "department": "ORG", "title": "TITLE", "mobile": "TEL;CELL",
    "work_phone": "TEL", "home_phone": "TEL;HOME", "email": "EMAIL", "birthday": "BDAY",
    "gender": "GENDER", "im": "X-WECHAT", "province": "ADR", "city": "ADR", "notes": "NOTE",
    "code": "X-CRM-CODE",
}  # fmt: skip
IM = ("x-wechat", "x-qq", "impp", "x-im")


def tables(
    path: str, data: IO[bytes] | None, encoding: str | None, size: int | None = None
) -> Iterator[Table]:
    """The cards of ``path`` (``data``: standard input's bytes) as tables of contact fields,
    numbered by their place in the file (the first card is row 1)."""
    try:
        import vobject
    except ImportError:
        raise InvalidInput("reading vCard needs vobject (pip install vobject)") from None
    stream = data if data is not None else _open(path)
    stream.seek(0)
    text = text_of(stream, path, encoding)
    cards = enumerate(_cards(vobject, text, path), start=1)
    try:
        while batch := list(itertools.islice(cards, size or BATCH)):
            columns: dict[str, list[str]] = {field: [] for field in LABELS}
            for _, card in batch:
                for field in LABELS:
                    columns[field].append(card.get(field, ""))
            yield Table(dict(LABELS), [number for number, _ in batch], columns)
    finally:
        text.close()


def _open(path: str) -> IO[bytes]:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise InvalidInput(
            "cannot read {path!r}: {value}", path=path, value=exc.strerror or exc
        ) from None


def _cards(vobject: Any, text: IO[str], path: str) -> Iterator[dict[str, str]]:
    components = vobject.readComponents(text, allowQP=True)
    while True:
        try:
            component = next(components)
        except StopIteration:
            return
        except Exception as exc:  # vobject's ParseError, and worse on broken files
            raise InvalidInput(
                "cannot read {path!r}: not a valid vCard ({exc})", path=path, exc=_first(exc)
            ) from None
        if component.name.upper() != "VCARD":
            raise InvalidInput(
                "cannot read {path!r}: a {name} is not a vCard", path=path, name=component.name
            )
        yield _fields(component)


def _first(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _fields(card: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    contents = card.contents
    found["name"] = _name(card)
    org = _value(contents, "org")
    parts = org if isinstance(org, list) else [org] if org else []
    if parts:
        found["customer"] = str(parts[0]).strip()
    # crm's own cards (`crm export contacts -f vcf`) name the codes: kept, never ambiguous.
    for field, key in (("customer", "x-crm-customer"), ("code", "x-crm-code")):
        if (value := _value(contents, key)) is not None and str(value).strip():
            found[field] = str(value).strip()
    if len(parts) > 1:
        found["department"] = str(parts[1]).strip()
    for field, key in (("title", "title"), ("email", "email"), ("notes", "note"),
                       ("gender", "gender")):  # fmt: skip
        if (value := _value(contents, key)) is not None:
            found[field] = str(value).strip()
    if (day := _value(contents, "bday")) is not None:
        found["birthday"] = _day(str(day).strip())
    for line in contents.get("tel", []):
        field = _phone_field(line)
        found.setdefault(field, str(line.value).strip().removeprefix("tel:"))
    for key in IM:
        if (value := _value(contents, key)) is not None:
            found.setdefault("im", str(value).strip())
    adr = _value(contents, "adr")
    if adr is not None:
        found["province"] = str(getattr(adr, "region", "") or "").strip()
        found["city"] = str(getattr(adr, "city", "") or "").strip()
    return {k: v for k, v in found.items() if v}


def _value(contents: dict[str, list[Any]], key: str) -> Any:
    lines = contents.get(key)
    return lines[0].value if lines else None


def _name(card: Any) -> str:
    full = _value(card.contents, "fn")
    if full and str(full).strip():
        return str(full).strip()
    name = _value(card.contents, "n")
    if name is None:
        return ""
    family, given = str(name.family or "").strip(), str(name.given or "").strip()
    if any("\u3400" <= c <= "\u9fff" for c in family + given):
        return family + given
    return f"{given} {family}".strip()


def _phone_field(line: Any) -> str:
    kinds = {str(t).lower() for t in line.params.get("TYPE", [])}
    kinds |= {str(t).lower() for t in getattr(line, "singletonparams", [])}
    if kinds & {"cell", "mobile"}:
        return "mobile"
    return "home_phone" if "home" in kinds else "work_phone"


def _day(text: str) -> str:
    """19900315 (basic form) as 1990-03-15; anything else as written."""
    if len(text) == 8 and text.isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return text
