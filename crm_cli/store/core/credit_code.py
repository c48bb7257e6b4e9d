"""The unified social credit code (统一社会信用代码, GB 32100-2015): checking what a user
typed and keeping one spelling of it.

A code has 18 characters from 0-9 and A-Z without I, O, Z, S, V (31 in all, so no
letter is mistaken for a digit); the 18th is a check character computed from the other
17. The same code names the same legal entity, so the duplicate check compares them.
"""

from __future__ import annotations

import re
import unicodedata

from crm_cli.store.core.errors import InvalidInput, Phrase

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
_VALUES = {char: value for value, char in enumerate(ALPHABET)}
# What people type between groups of a code they copy from a licence or an invoice.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.·]+")


def check_character(first17: str) -> str:
    """The check character of the 17 characters before it (already valid ones)."""
    total = sum(_VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]  # 31 - 0 would be 31: it is written 0


def normalize_credit_code(text: str | None) -> str:
    """``text`` as the upper-case 18-character code; "" for empty input.

    Lower case, full-width characters and spaces or hyphens typed inside are accepted.

    Raises:
        InvalidInput: wrong length, a character a code never has, or a wrong check character.
    """
    folded = unicodedata.normalize("NFKC", text or "")
    code = _SEPARATORS.sub("", folded).upper()
    if not code:
        return ""
    shown = Phrase("credit code {code}", code=code)
    if len(code) != LENGTH:
        raise InvalidInput(
            "{shown}: a credit code has {length} characters, not {count}",
            shown=shown,
            length=LENGTH,
            count=len(code),
        )
    bad = [char for char in code if char not in _VALUES]
    if bad:
        raise InvalidInput(
            "{shown}: {bad!r} is not allowed (a credit code uses 0-9 and A-Z "
            "without I, O, Z, S, V)",
            shown=shown,
            bad=bad[0],
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise InvalidInput(
            "{shown}: the check character should be {expected}", shown=shown, expected=expected
        )
    return code
