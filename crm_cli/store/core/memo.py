"""What one write transaction has read and will not see change under it (the settings):
one dict per outermost ``db.writing`` call, so that a write asks a server each such
question once (each statement is a round trip a network away)."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

_memo: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "crm_memo", default=None
)


def current() -> dict[str, Any] | None:
    """The running write transaction's memo, None outside one."""
    return _memo.get()


@contextlib.contextmanager
def kept(nested: bool) -> Iterator[None]:
    """A fresh memo for an outermost write (each attempt reads afresh); a nested write
    shares its outer write's."""
    token = None if nested else _memo.set({})
    try:
        yield
    finally:
        if token is not None:
            _memo.reset(token)
