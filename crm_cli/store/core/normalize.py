"""Cleaning and comparison keys for names, phones and e-mail addresses."""

from __future__ import annotations

import re
import unicodedata

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.phones import format_phone

# Longest first, so "股份有限公司" is stripped before "有限公司".
_SUFFIXES = sorted(
    [
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "集团公司",
        "分公司",
        "总公司",
        "公司",
        "集团",
        "有限",
        "股份",
        "厂",
        "co., ltd.",
        "co.,ltd.",
        "co. ltd.",
        "co ltd",
        "company",
        "limited",
        "ltd.",
        "ltd",
        "inc.",
        "inc",
        "incorporated",
        "corporation",
        "corp.",
        "corp",
        "llc",
        "l.l.c.",
        "gmbh",
        "ag",
        "s.a.",
        "sa",
        "plc",
        "pte",
        "pty",
        "group",
        "holdings",
        "co.",
        "co",
    ],
    key=len,
    reverse=True,
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_CHARS = re.compile(r"^[0-9+\-() .#/xX*转分机ext]+$")
_MOBILE = re.compile(r"^1\d\d \d{4} \d{4}$")


def clean_name(name: str | None, what: str = "name") -> str:
    """Trimmed, internal whitespace collapsed; empty names are refused."""
    text = " ".join((name or "").split())
    if not text:
        raise InvalidInput("{what} must not be empty", what=what)
    return text


def fold(text: str) -> str:
    """NFKC (full-width to ASCII) and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def name_key(name: str) -> str:
    """The comparison key of a company name: suffixes, case and punctuation ignored."""
    text = fold(name).strip()
    text = re.sub(r"\s*[(（][^)）]*[)）]$", "", text) or text  # "(深圳)" style branch notes
    stripped = True
    while stripped:
        stripped = False
        for suffix in _SUFFIXES:
            if not text.endswith(suffix):
                continue
            base = text[: -len(suffix)]
            # A Latin suffix must be a word of its own: "Maag" is not "Ma AG".
            if suffix.isascii() and base and base[-1].isalnum():
                continue
            base = base.rstrip(" ,.")
            if base:
                text, stripped = base, True
                break
    return _NON_WORD.sub("", text)


def phone_key(phone: str) -> str:
    """Digits only, a leading country code 86 dropped: the key for "same phone"."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", phone))
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def check_phone(phone: str | None, what: str = "phone") -> str:
    text = " ".join((phone or "").split())
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text)
    if not _PHONE_CHARS.match(folded) or len(phone_key(folded)) < 5:
        raise InvalidInput(
            "invalid {what} {text!r}: expected a telephone number", what=what, text=text
        )
    return format_phone(text)


def check_mobile(phone: str | None, what: str = "mobile") -> str:
    """A mobile number: mainland ones written ``138 0013 8000`` (``+86``, spaces and dashes
    as typed do not matter); a number with another country code as given."""
    text = check_phone(phone, what)
    compact = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", text))
    if not text or (compact.startswith("+") and not compact.startswith("+86")):
        return text
    if _MOBILE.match(text):  # check_phone wrote a mainland mobile so
        return text
    raise InvalidInput(
        "invalid {what} {text!r}: a mainland mobile has 11 digits starting with 1 "
        "(+86 optional); give another country's number with its + code",
        what=what,
        text=text,
    )


def check_email(email: str | None, what: str = "email") -> str:
    text = (email or "").strip()
    if not text:
        return ""
    if not _EMAIL.match(text) or ".." in text:
        raise InvalidInput(
            "invalid {what} {text!r}: expected an address like name@example.com",
            what=what,
            text=text,
        )
    return text


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3400 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
        or 0x3040 <= code <= 0x30FF  # kana
        or 0xAC00 <= code <= 0xD7AF  # hangul
    )


class _CjkSpaced(dict[int, str]):
    """A ``str.translate`` table that spaces out CJK characters, each character judged the
    first time it is met: the loop over the text runs in C (imports and copies split
    every customer's search text)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = f" {char} " if is_cjk(char) else char
        return self[code]


_CJK_SPACED = _CjkSpaced()


def split_cjk(text: str) -> str:
    """Each CJK character becomes its own word, for the short-query word index."""
    return text.translate(_CJK_SPACED)
