"""Mainland telephone numbers in one format, however they were typed (+86, 0086 or 86 in
front, spaces, hyphens, brackets, full-width digits).

Mobiles (11 digits starting with 1) are written ``138 0013 8000``; landlines with their
area code ``010-12345678`` or ``0755-1234567`` (three digits for 010 and 02x, four for the
rest); 400 and 800 numbers ``400-810-8888``; an extension stays, after ``-`` or ``转``.
Anything else is kept as typed: a number with another country code, a local number
without its area code, a service number such as 95555. Guessing there would lose what
the user meant.

The written form is the stored one; "same phone" and searches compare
``normalize.phone_key`` (the digits), which does not depend on how a number was typed.
"""

from __future__ import annotations

import re
import unicodedata

_EXTENSION = re.compile(
    r"^(?P<main>.*?)\s*(?P<mark>转|分机|ext\.?|x|#)\s*(?P<ext>\d{1,6})$", re.IGNORECASE
)
_MAIN = re.compile(r"^[(\s]*\+?[\d\s\-().]+$")  # a number but its extension: "(+86) 138…"
_DIGITS = re.compile(r"\d+")
MAX_EXTENSION = 6


def format_phone(text: str) -> str:
    """``text`` in the one mainland format, or as typed when it is no mainland number
    this module can tell the parts of."""
    folded = unicodedata.normalize("NFKC", text).strip()
    main, mark, extension = folded, "", ""
    if found := _EXTENSION.match(folded):
        main, mark, extension = found["main"], found["mark"], found["ext"]
    plus = main.lstrip("( ").startswith("+")
    if not _MAIN.match(main) or (plus and not main.lstrip("( ").startswith("+86")):
        return text
    groups, international = _national_groups(plus, _DIGITS.findall(main))
    parsed = _number(groups, international)
    if parsed is None:
        return text
    number, rest = parsed
    if rest:  # digits typed apart after a whole number: its extension (010-12345678-123)
        if extension or len(rest) > 1 or len(rest[0]) > MAX_EXTENSION:
            return text
        mark, extension = "-", rest[0]
    if not extension:
        return number
    if " " in number:  # a mobile has no extension: keep what was typed
        return text
    return f"{number}{'转' if mark in ('转', '分机') else '-'}{extension}"


def _national_groups(plus: bool, groups: list[str]) -> tuple[list[str], bool]:
    """The digit groups without the country code 86 (after a + when ``plus``), and whether
    it was there."""
    if not groups:
        return groups, False
    first = groups[0]
    for prefix, given in (("86", plus), ("0086", True), ("86", True)):
        if not given or not first.startswith(prefix):
            continue
        if first == prefix:
            return groups[1:], True
        # 8613800138000 as one group, not 86xxxx… of another kind.
        if prefix == "0086" or (len(first) == 13 and first[2] == "1") or plus:
            return [first[len(prefix) :], *groups[1:]], True
    return groups, False


def _number(groups: list[str], international: bool) -> tuple[str, list[str]] | None:
    """The first whole number the groups spell, written out, and the groups after it."""
    if not groups:
        return None
    if international and not groups[0].startswith("0"):
        total = "".join(groups)
        if not (len(total) == 11 and total.startswith("1")):  # a landline: +86 10 …
            groups = ["0" + groups[0], *groups[1:]]
    digits = ""
    for at, group in enumerate(groups):
        digits += group
        if (written := _written(digits)) is not None:
            return written, groups[at + 1 :]
        if len(digits) > 12:
            return None
    return None


def _written(digits: str) -> str | None:
    """``digits`` written out when they are one whole mainland number."""
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if len(digits) == 10 and digits[:3] in ("400", "800"):
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if digits.startswith(("010", "02")):
        area = 3
    elif len(digits) > 1 and digits[0] == "0" and digits[1] in "3456789":
        area = 4
    else:  # no area code (01x other than 010 is none either)
        return None
    local = digits[area:]
    sizes = (8,) if area == 3 else (7, 8)
    if len(local) in sizes and not local.startswith("0"):
        return f"{digits[:area]}-{local}"
    return None
