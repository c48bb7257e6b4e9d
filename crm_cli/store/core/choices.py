"""One value of a closed list from what a user typed (I18N-2): the stored English word or a
Chinese name or synonym of it (``choice_names``: ``电话`` is ``phone``, ``微信`` is ``im``),
in any case and width (``ＱＱ`` is ``qq``).

Nothing is guessed: a text that names two values at once (``电话email``, ``phone/微信``)
is refused with both listed, and a text that names none lists what may be typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from crm_cli.store.core.choice_names import NAMES
from crm_cli.store.core.errors import Ambiguous, InvalidInput, Phrase

# Runs of Latin letters and digits, and runs of anything else but separators, so that a
# mixed text such as "电话email" or "微信 / phone" falls into the names it is made of.
_PARTS = re.compile(r"[a-z0-9_]+|[^a-z0-9_/,;|+&、]+")


def fold(text: str) -> str:
    """The form names are compared in: half width (NFKC), lower case, and spaces or hyphens
    as one underscore (``in progress`` is ``in_progress``)."""
    word = unicodedata.normalize("NFKC", text).strip().lower()
    return re.sub(r"[\s\-]+", "_", word)


def names_of(values: Sequence[str], kind: str) -> dict[str, str]:
    """Every name of ``values`` (folded) and the value it names, the values themselves too."""
    table = NAMES.get(kind, {})
    found = {fold(name): value for value in values for name in table.get(value, ())}
    found.update({fold(value): value for value in values})
    return found


def chinese_name(value: str, kind: str) -> str | None:
    """The first Chinese name of ``value`` in the ``kind`` list, if it has one."""
    return next((n for n in NAMES.get(kind, {}).get(value, ()) if not n.isascii()), None)


def choose(
    text: str, values: Sequence[str], what: str, *, kind: str | None = None,
    verb: str = "unknown",
) -> str:  # fmt: skip
    """The value of ``values`` that ``text`` names.

    Args:
        text: What the user typed.
        values: The list's stored values (for team settings, the team's).
        what: The list's name in messages (``priority``).
        kind: Its key in ``choice_names.NAMES`` when that is not ``what``.
        verb: The message's first word (``unknown priority 'asap'``).

    Raises:
        Ambiguous: the text names several values at once; they are listed.
        InvalidInput: it names none; the message lists the values.
    """
    names = names_of(values, kind or what)
    word = fold(text)
    if word in names:
        return names[word]
    parts = [part.strip("_") for part in _PARTS.findall(word)]
    found = [names.get(part) for part in parts if part]
    meant = list(dict.fromkeys(found))
    if meant and None not in meant:
        if len(meant) == 1:
            return str(meant[0])
        shown = [_shown(str(value), kind or what) for value in meant]
        raise Ambiguous(
            "{text!r} names {count} values of {what}: {shown}; give one of them",
            shown,
            text=text.strip(),
            count=len(meant),
            what=what,
            shown=", ".join(shown),
        )
    raise InvalidInput(
        "{verb} {what} {text!r}; use one of: {values}",
        verb=verb,
        what=what,
        text=text.strip(),
        # English as stored; in a face, each with its Chinese name: phone (电话), visit (拜访)
        values=Phrase.reading(
            ", ".join(values),
            "{shown}",
            {"shown": ", ".join(_shown(v, kind or what) for v in values)},
        ),
    )


def _shown(value: str, kind: str) -> str:
    chinese = chinese_name(value, kind)
    return f"{value} ({chinese})" if chinese else value
