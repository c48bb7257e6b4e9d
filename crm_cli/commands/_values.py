"""How one value prints: money with exactly two decimals, exact quantities, dates, booleans,
and the JSON every command prints. Decimal never goes through float."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

from crm_cli.store.core.records import Exact

_CENTS = Decimal("0.01")


_MONEY_CONTEXT = Context(prec=60)


YES_NO = ("no", "yes")

# JSON text of a str as json.dumps(ensure_ascii=False) writes it, without its per-call set-up.
_string = json.encoder.encode_basestring

TRUE_FALSE = ("false", "true")


def dumps_json(value: Any, *, indent: int | None = 2, level: int = 0) -> str:
    """Encode ``value`` as JSON the way every command prints it.

    Decimal is money: a number with exactly two decimals, never routed through float. Dates
    are ``YYYY-MM-DD``, datetimes ISO 8601 to the second; text stays unescaped (中文).
    ``indent=None`` gives one compact line; ``level`` indents a member of an enclosing
    list or object that the caller writes itself (a streamed array).
    """
    return _encode(value, indent, level)


def money_text(value: Decimal) -> str:
    """Decimal money as exact text with two decimals (half up, no ``-0.00``)."""
    if not value.is_finite():
        raise ValueError(f"money must be a finite amount, got {value}")
    cents = value.quantize(_CENTS, rounding=ROUND_HALF_UP, context=_MONEY_CONTEXT)
    return format(abs(cents) if cents.is_zero() else cents, "f")


def _exact(value: Decimal) -> str:
    """A quantity or percentage as exact text: no exponent, no trailing zeros."""
    if not value.is_finite():
        raise ValueError(f"an exact number must be finite, got {value}")
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def text_of(value: Any, booleans: tuple[str, str]) -> str:
    """One value as text for the text formats; ``booleans`` spells False and True."""
    kind = type(value)
    if kind is str:  # most cells: skip the checks below (big listings print faster)
        return value
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return booleans[value]
    if isinstance(value, Exact):
        return _exact(value)
    if isinstance(value, Decimal):
        return money_text(value)
    if isinstance(value, dt.datetime | dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return text_of(value.value, booleans)
    if isinstance(value, Mapping):
        return dumps_json(value, indent=None)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(text_of(item, booleans) for item in _ordered(value))
    return str(value)


def _ordered(items: Any) -> list[Any]:
    """Items of a list as they are; of a set sorted, so output is stable between runs."""
    return sorted(items, key=str) if isinstance(items, set | frozenset) else list(items)


def _encode(value: Any, indent: int | None, level: int) -> str:
    """JSON text of ``value``; containers are laid out like ``json.dumps(indent=...)``."""
    kind = type(value)  # the common cells first: a million-row export encodes each one
    if kind is str:
        return _string(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, Exact):
        return _exact(value)
    if isinstance(value, Decimal):
        return money_text(value)
    if isinstance(value, dt.date | dt.time):
        return '"' + text_of(value, TRUE_FALSE) + '"'  # ISO text: nothing to escape
    if isinstance(value, Mapping):
        colon = ":" if indent is None else ": "
        inner = level + 1  # text and nulls, most of a record, without a call of _encode
        parts = [
            _key(k) + colon + (_string(v) if type(v) is str else _encode(v, indent, inner))
            for k, v in value.items()
        ]
        return _join(parts, "{}", indent, level)
    if isinstance(value, list | tuple | set | frozenset):
        parts = [_encode(item, indent, level + 1) for item in _ordered(value)]
        return _join(parts, "[]", indent, level)
    # float; anything else is a programming error (TypeError).
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


@functools.lru_cache(maxsize=4096)
def _key(key: Any) -> str:
    """An object key as JSON text; other keys become text, as ``json.dumps`` does."""
    text = key if isinstance(key, str) else text_of(key, TRUE_FALSE) or "null"
    return _string(text)


def _join(parts: list[str], brackets: str, indent: int | None, level: int) -> str:
    """Wrap encoded members in brackets, pretty when ``indent`` is set."""
    if not parts:
        return brackets
    if indent is None:
        return brackets[0] + ",".join(parts) + brackets[1]
    inner, outer = "\n" + " " * indent * (level + 1), "\n" + " " * indent * level
    return brackets[0] + inner + ("," + inner).join(parts) + outer + brackets[1]
