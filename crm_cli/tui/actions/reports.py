"""The reports screen's flows: which reports there are (the presets and the saved
summaries the user may run), running one with the bar's period, comparison and as-of day,
and the records behind a row of its table.

A row opens records when one of its report's keys names them: ``customer`` (or
``customer_code``) holds a customer's code, ``user`` (``owner``, ``salesperson``) a
salesperson's login. Any other group (a month, a source, a stage) has none to open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple

from crm_cli.i18n import _, tr
from crm_cli.store.analysis import periods, presets, saved
from crm_cli.store.analysis.records import Report
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User

CUSTOMER_KEYS = ("customer", "customer_code")
OWNER_KEYS = ("user", "owner", "salesperson")
COMPARES = ("none", *periods.COMPARES)


class Entry(NamedTuple):
    """A report the list offers: a preset or a saved summary, with how it charts."""

    kind: str  # preset | saved
    name: str
    title: str
    title_zh: str
    chart: str = "bar"
    x: str = ""
    y: str = ""
    options: tuple[str, ...] = ()  # the preset's own (--by, --top …)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.name}"

    @property
    def short_zh(self) -> str:
        """The Chinese title's head, before its colon (成交客户来源分析), for a list."""
        return self.title_zh.split(":")[0].split(":")[0]


class Choice(NamedTuple):
    """The bar above the report, as typed."""

    period: str = ""
    compare: str = "none"
    as_of: str = ""
    options: str = ""  # the preset's own, as on the command line: --by quarter --top 10


def entries() -> list[Entry]:
    """Every preset, by name (the store thread imports them: it costs a moment once)."""
    return [
        Entry("preset", p.name, p.title, p.title_zh, p.chart, p.x, p.y, tuple(p.options))
        for p in presets.all_presets()
    ]


def saved_entries(actor: User) -> list[Entry]:
    """The saved summaries the actor may run: their own, then the team's."""
    return [
        Entry("saved", s.name, s.title, f"已保存的{'团队' if s.team else ''}汇总({s.owner})")
        for s in saved.list_summaries(actor)
    ]


def run(actor: User, entry: Entry, choice: Choice, today: dt.date) -> Report:
    """Run ``entry`` for the bar's choice (on the store thread).

    Raises:
        InvalidInput: a malformed period or as-of day, a comparison without a period.
        NotFound: the report is gone.
    """
    as_of = _as_of(choice.as_of, today)
    period = periods.parse_period(choice.period, as_of) if choice.period.strip() else None
    compare_with = periods.compared(period, None if choice.compare == "none" else choice.compare)
    options, terms = parse_options(choice.options)
    if entry.kind == "saved":
        if options:
            raise InvalidInput(
                "report {name} takes no option {option!r}", name=entry.name,
                option=next(iter(options)),
            )  # fmt: skip
        return saved.run_saved(
            actor, entry.name, period=period, compare_with=compare_with, today=as_of,
            terms=terms,
        )  # fmt: skip
    params = presets.Params(period=period, today=as_of, options=options)
    return presets.run_preset(actor, entry.name, params, compare_with, terms=terms)


def parse_options(text: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """``--key value`` (or ``--key=value``) pairs, a bare ``--flag`` being yes, and the
    query-language terms among them (SH-1: ``--top 5 city:深圳 +owed @hot``), named
    filters expanded. A word after ``--key`` is its value unless it reads as a term.

    Raises:
        BadTerm: a quote left open or an unknown ``@name``.
    """
    from crm_cli.store.core.terms import expand, parse_term, split

    found: dict[str, str] = {}
    terms: list[str] = []
    words = [word for word, _ in split(text)]
    while words:
        word = words.pop(0)
        if not word.startswith("--") or len(word) < 3:
            terms.append(word)
            continue
        key, sep, value = word[2:].partition("=")
        if not sep:
            takes = words and not words[0].startswith("-") and parse_term(words[0]).kind == "word"
            value = words.pop(0) if takes else "yes"
        found[key.strip().lower()] = value
    if not terms:
        return found, ()
    return found, tuple(t.text for t in expand(terms, _named()))


def _named() -> dict[str, str]:
    """The named filters of the personal config (none when it cannot be read)."""
    from crm_cli import config
    from crm_cli.store.core.terms import named_filters

    try:
        return named_filters(config.load())
    except ValueError:
        return {}


def _as_of(text: str, today: dt.date) -> dt.date:
    if not text.strip():
        return today
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            "invalid as-of day {text!r}: expected YYYY-MM-DD", text=text.strip()
        ) from None


class Target(NamedTuple):
    """Where a row leads: the customer center with ``where`` (empty: nowhere, ``why``)."""

    where: tuple[str, ...]
    text: str


def target(report: Report, row: Mapping[str, Any]) -> Target:
    """The records behind ``row``: a customer, or one salesperson's customers."""
    for key in report.keys:
        value = row.get(key)
        if value in (None, ""):
            continue
        if key in CUSTOMER_KEYS:
            return Target((f"code = {value}",), tr("Customer {code}", code=value))
        if key in OWNER_KEYS:
            return Target((f"owner = {value}",), tr("Customers of {user}", user=value))
    named = ", ".join(f"{k} {row.get(k)}" for k in report.keys) or _("this row")
    return Target(
        (), tr("Nothing to open for {row}: it is a total, not a customer or a user", row=named)
    )
