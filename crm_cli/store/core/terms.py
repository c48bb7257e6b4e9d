"""The query language of lists, exports, reports and the TUI search bar (SH-1), its grammar
only: what each record type's words mean is its own vocabulary (``customers.query_terms``).

Taskwarrior-style terms, ANDed together::

    owner:me city:深圳 next.before:today +owed -won amount.over:5万 @hot 中兴

- ``field:value`` and ``field.modifier:value`` (modifiers in ``MODIFIERS``: before, after,
  over, under, is, not, has …); ``field:`` with nothing after the colon means "empty";
- ``+tag`` and ``-tag``, a virtual tag and its negation; a tag may end in a number
  (``+uncontacted30``);
- ``@name``, a named filter (``crm config set filter.hot "level:A +uncontacted30"``), which
  ``expand`` replaces by its terms;
- anything else is a word of the free-text search.

On the command line the shell has already split the terms (``city:"New York"`` arrives as
one argument); a line of text (the TUI, a named filter) is split by ``split``, where
``"…"`` keeps spaces in a value. Nothing here reads the database.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from crm_cli.store.core.errors import InvalidInput, Phrase

# modifier → the ``--where`` operator it stands for, so a term compiles to what the
# equivalent ``--where`` compiles to (same SQL, same indices).
MODIFIERS = {
    "is": "=", "eq": "=", "not": "!=", "isnt": "!=",
    "before": "<", "after": ">", "under": "<", "below": "<", "over": ">", "above": ">",
    "by": "<=", "until": "<=", "since": ">=",
    "has": "contains", "contains": "contains", "starts": "starts-with",
    "in": "in", "between": "between",
}  # fmt: skip
# The ones messages list (the rest are synonyms).
MAIN_MODIFIERS = ("is", "not", "before", "after", "over", "under", "has", "starts", "in",
                  "between", "by", "since")  # fmt: skip
# A field name starts with an ASCII letter, so "10:30" stays a word, and may carry dots
# (custom.region); the colon may be typed full width, as a Chinese keyboard gives it.
_FIELD = re.compile(r"([A-Za-z_][\w.]*)[:：](.*)", re.DOTALL | re.ASCII)
_TAG = re.compile(r"([+\-＋－])([A-Za-z_]+?)(\d*)", re.ASCII)
_NAMED = re.compile(r"@([\w.\-]+)")
_TOKEN = re.compile(r'(?:"[^"]*"|[^\s"])+')


class Term(NamedTuple):
    """One parsed term. ``position``: where it starts in the text it came from."""

    kind: str  # "field", "tag", "named" or "word"
    text: str
    name: str = ""  # the field, tag or filter name
    modifier: str = ""  # the field's modifier ("" for none)
    value: str = ""  # the field's value, or the word
    negated: bool = False  # -tag
    number: int | None = None  # +uncontacted30 → 30
    position: int = 0


class BadTerm(InvalidInput):
    """A term that cannot be read; the message names it, ``term``/``position`` locate it."""

    def __init__(self, message: str, term: str = "", position: int = 0, /, **params: Any) -> None:
        super().__init__(message, **params)
        self.term = term
        self.position = position


def suggest(word: str, known: Iterable[str], sign: str = "") -> str:
    """`` (did you mean X?)`` when one known name is close to ``word`` (written after
    ``sign``, e.g. ``+``); else nothing."""
    close = difflib.get_close_matches(word.lower(), list(known), n=1, cutoff=0.6)
    return Phrase(" (did you mean {name}?)", name=sign + close[0]) if close else ""


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value.replace('"', "")


def parse_term(text: str, position: int = 0) -> Term:
    """One term, as the shell handed it over (a value may contain spaces)."""
    raw = text.strip()
    if raw.startswith("@"):
        named = _NAMED.fullmatch(raw)
        if not named:
            raise BadTerm("bad named filter {raw!r}: expected @NAME", raw, position, raw=raw)
        return Term("named", raw, named.group(1), position=position)
    tag = _TAG.fullmatch(raw)
    if tag:
        sign, name, digits = tag.groups()
        number = int(digits) if digits else None
        return Term("tag", raw, name.lower(), negated=sign in "-－", number=number,
                    position=position)  # fmt: skip
    found = _FIELD.fullmatch(raw)
    if not found:
        return Term("word", raw, value=_unquote(raw), position=position)
    name, value = found.group(1).lower(), _unquote(found.group(2))
    field, _, modifier = name.rpartition(".")
    if not field or modifier not in MODIFIERS:
        field, modifier = name, ""  # custom.region, or a modifier the vocabulary names
    return Term("field", raw, field, modifier, value, position=position)


def split(text: str) -> list[tuple[str, int]]:
    """A line of terms as (term, position); ``"…"`` keeps spaces in a value."""
    if text.count('"') % 2:
        at = text.rindex('"')
        raise BadTerm(
            "unclosed quote at column {column} in {text!r}",
            text,
            at,
            column=at + 1,
            text=text.strip(),
        )
    return [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]


def parse_line(text: str) -> list[Term]:
    """Every term of a line of text (the TUI's search bar, a named filter)."""
    return [parse_term(token, at) for token, at in split(text)]


def looks_like_terms(text: str) -> bool:
    """Whether a search box's text uses the language (a field, tag or named filter) rather
    than being plain search words: "中兴 深圳" stays a search, "city:深圳 中兴" does not."""
    try:
        return any(t.kind != "word" for t in parse_line(text))
    except BadTerm:
        return True  # an unclosed quote: let the parser say so


def expand(
    args: Sequence[str | Term], named: Mapping[str, str], *, line: bool = False
) -> list[Term]:
    """The terms of ``args`` with every ``@name`` replaced by the terms it stands for.

    Args:
        args: Terms as the shell split them (or already parsed).
        named: Named filters: name → a line of terms (from the personal config).
        line: ``args`` are lines of text to split (the TUI's search bar) rather than terms.

    Raises:
        BadTerm: an unknown name, a name that uses itself, or a term that cannot be read.
    """
    found: list[Term] = []
    for i, arg in enumerate(args):
        if isinstance(arg, Term):
            parsed = [arg]
        else:
            parsed = parse_line(arg) if line else [parse_term(arg, i)]
        for term in parsed:
            found.extend(_expand_one(term, named, ()))
    return found


def _expand_one(term: Term, named: Mapping[str, str], seen: tuple[str, ...]) -> list[Term]:
    if term.kind != "named":
        return [term]
    if term.name in seen:
        chain = " → ".join(f"@{n}" for n in (*seen, term.name))
        raise BadTerm(
            "named filter @{seen} uses itself ({chain})",
            term.text,
            term.position,
            seen=seen[0],
            chain=chain,
        )
    if term.name not in named:
        known = ", ".join(f"@{n}" for n in sorted(named)) or "none yet"
        hint = suggest(term.name, named)
        raise BadTerm(
            "unknown named filter {text!r}{hint}; named filters: {known} "
            '(add one with: crm config set filter.NAME "TERMS")',
            term.text,
            term.position,
            text=term.text,
            hint=hint,
            known=known,
        )
    try:
        inner = parse_line(named[term.name])
    except BadTerm as exc:
        raise BadTerm(
            "in @{name}: {exc}", term.text, term.position, name=term.name, exc=exc
        ) from None
    return [t for sub in inner for t in _expand_one(sub, named, (*seen, term.name))]


def where_of(term: Term, field: str, value: str | None = None) -> str:
    """The ``--where`` clause ("FIELD OP VALUE") a field term stands for.

    An empty value means "empty" (``city:``) or with ``.not`` "not empty" (``city.not:``).
    """
    value = term.value if value is None else value
    op = MODIFIERS[term.modifier or "is"]
    if not value.strip():
        if op in ("=", "!="):
            return f"{field} {'empty' if op == '=' else 'not-empty'}"
        raise BadTerm(
            "{text!r} needs a value after the colon", term.text, term.position, text=term.text
        )
    return f"{field} {op} {value}"


def named_filters(config: Mapping[str, str]) -> dict[str, str]:
    """The named filters among personal settings: ``filter.hot`` → ``hot``."""
    return {k.removeprefix("filter."): v for k, v in config.items() if k.startswith("filter.")}


def check_named(name: str, value: str) -> None:
    """Refuse a named filter that cannot be read, before it is saved."""
    if not _NAMED.fullmatch(f"@{name}"):
        raise InvalidInput(
            "bad filter name {name!r}: use letters, digits, '.', '-' and '_'", name=name
        )
    parse_line(value)


def as_where(
    args: Sequence[str], named: Mapping[str, str], *, me: str = ""
) -> tuple[str, tuple[str, ...]]:
    """(search words, ``--where`` clauses) of terms, for a filter that is ``--where`` clauses
    over a record type's fields (reports): field terms and words only, ``owner:me`` is ``me``.

    Raises:
        BadTerm: a tag (it means something per list, not per report field), or a term that
            cannot be read.
    """
    words: list[str] = []
    clauses: list[str] = []
    for term in expand(args, named):
        if term.kind == "tag":
            raise BadTerm(
                "{text!r}: tags filter lists and exports; a report takes FIELD:VALUE "
                "terms and words",
                term.text,
                term.position,
                text=term.text,
            )
        if term.kind == "word":
            words.append(term.value)
            continue
        is_me = me and term.name == "owner" and term.value.strip().lower() == "me"
        clauses.append(where_of(term, term.name, me if is_me else None))
    return " ".join(words), tuple(clauses)
