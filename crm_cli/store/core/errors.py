"""The one family of domain errors the store raises.

Each class maps to one exit code of CLI.md; the faces translate them, nothing else.

A message may be a template with named arguments, ``InvalidInput("unknown format
{name!r}", name=x)``: ``str(exc)`` is the English text (logs, tests, the TUI today), and a
face shows ``exc.template`` translated, filled with ``exc.params`` (issue 17). The store
never translates: it imports no catalog and knows no language. The classes take their own
arguments positionally, so that any name may be a template's (``candidates``, ``self``);
``N_`` marks a template for the catalog where no error class is called with a literal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class CrmError(Exception):
    """Base of every expected failure; ``exit_code`` is the CLI contract."""

    exit_code = 1

    def __init__(self, /, *args: Any, **params: Any) -> None:
        template = args[0] if args and isinstance(args[0], str) else ""
        if params:
            args = (template.format(**params), *args[1:])
        super().__init__(*args)
        self.template = template
        self.params = params


class Phrase(str):
    """A part of a message that is a template of its own (a hint, a word a message names):
    it reads as its English text, and a face translates ``template`` and fills it with
    ``params`` as it does an error's, e.g. ``hint=Phrase(" (did you mean {name}?)", name=x)``.
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Phrase:
        made = super().__new__(cls, template.format(**params) if params else template)
        made.template, made.params = template, params
        return made

    @classmethod
    def reading(cls, text: str, template: str, params: dict[str, Any]) -> Phrase:
        """``text`` in English, and ``template`` with ``params`` in a face: an error's short
        English form (``reading(short, exc.template, exc.params)``) translated in full."""
        made = super().__new__(cls, text)
        made.template, made.params = template, dict(params)
        return made

    @classmethod
    def joined(cls, separator: str, parts: Sequence[str]) -> Phrase:
        """``separator.join(parts)``, each part translated where it is a template of its own
        (a listing of duplicates, reasons one after another)."""
        names = [f"p{index}" for index in range(len(parts))]
        template = (
            separator.replace("{", "{{").replace("}", "}}").join("{" + name + "}" for name in names)
        )
        return cls.reading(separator.join(parts), template, dict(zip(names, parts, strict=True)))


class InvalidInput(CrmError):
    """Bad input or a business rule that refuses the request (exit 1)."""


class StoreUnavailable(CrmError):
    """The database cannot be opened or is from a newer version (exit 1)."""


class NotFound(CrmError):
    """No such record, or one the acting user may not see (exit 4)."""

    exit_code = 4


class Ambiguous(InvalidInput):
    """A reference that matches several records; lists the candidates."""

    def __init__(self, message: str, candidates: Sequence[str] = (), /, **params: Any) -> None:
        super().__init__(message, **params)
        self.candidates = list(candidates)


class Vetoed(InvalidInput):
    """A pre-hook (SPEC SH-2) refused the change: a business rule of the user's (exit 1)."""


class Conflict(CrmError):
    """A possible duplicate, a lock, a lost race (exit 3)."""

    exit_code = 3


class Duplicate(Conflict):
    """Possible duplicates of a new or renamed record; ``matches`` names them."""

    def __init__(self, message: str, matches: Sequence[Any] = (), /, **params: Any) -> None:
        super().__init__(message, **params)
        self.matches = list(matches)


def N_(template: str) -> str:
    """Marks a template for the catalog where no error class is called with it."""
    return template


SAVE_ANYWAY = "--allow-duplicate saves it anyway"


class Locked(Conflict):
    """The record is locked by audit or approval."""


class ClaimLost(Conflict):
    """Someone else claimed the record first."""


class LimitReached(Conflict):
    """A per-user limit would be exceeded."""


class PermissionDenied(CrmError):
    """The acting user may see the record but not do this to it (exit 5)."""

    exit_code = 5
