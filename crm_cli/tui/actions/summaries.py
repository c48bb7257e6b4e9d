"""The summary builder's flows (issue 15, point 3): the record types, and for one of them
the groups (a date in each time bucket) and measures it offers; the builder's choices as a
`Draft`, run as a preview and saved under a name through the store's summary engine
(`store.analysis.summary`, `saved`), which checks every choice itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from crm_cli.i18n import N_, _, tr
from crm_cli.store.analysis import kinds, periods, saved, summary
from crm_cli.store.analysis.records import Report
from crm_cli.store.analysis.sqlbits import BUCKETS
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User

OPS = ("sum", "avg", "min", "max")  # of a numeric field, as --sum/--avg/--min/--max
RESERVED = N_(" (managers)")  # marks a field reserved to managers and admins
# How the lists name a time bucket and a measure (the values stay the CLI's words).
BY = {"day": N_("{field} by day"), "week": N_("{field} by week"),
      "month": N_("{field} by month"), "quarter": N_("{field} by quarter"),
      "year": N_("{field} by year")}  # fmt: skip
OF = {"sum": N_("sum of {field}"), "avg": N_("avg of {field}"), "min": N_("min of {field}"),
      "max": N_("max of {field}")}  # fmt: skip


class Choice(NamedTuple):
    """One item of a list: ``value`` as `crm report summary` spells it, and its label."""

    value: str  # orders, signed:month, sum:total
    label: str


def record_types() -> list[Choice]:
    """Every record type a summary groups, with its Chinese name."""
    return [Choice(name, f"{name}  {kinds.find_kind(name).title_zh}") for name in kinds.NAMES]


def groups(records: str) -> list[Choice]:
    """What ``records`` group by: each groupable field, a date once per time bucket.

    Raises:
        InvalidInput: no such record type.
    """
    found = []
    for f in kinds.describe(records):
        mark = _(RESERVED) if f.reserved else ""
        if f.date:
            found += [
                Choice(f"{f.name}:{unit}", tr(BY.get(unit, "{field} by " + unit), field=f.name)
                       + mark)
                for unit in BUCKETS
            ]  # fmt: skip
        elif f.group:
            found.append(Choice(f.name, f.name + mark))
    return found


def measures(records: str) -> list[Choice]:
    """The count, then the sum, average, least and greatest of each numeric field.

    Raises:
        InvalidInput: no such record type.
    """
    found = [Choice("count", _("count"))]
    for f in kinds.describe(records):
        if f.measure:
            mark = _(RESERVED) if f.reserved else ""
            found += [Choice(f"{op}:{f.name}", tr(OF[op], field=f.name) + mark) for op in OPS]
    return found


class Draft(NamedTuple):
    """The builder's choices, as chosen and typed."""

    records: str
    by: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    where: str = ""  # ``FIELD OP VALUE`` filters (as --where takes them), ";" between
    period: str = ""  # as --period takes it; blank: all time
    sort: str = ""  # a column, ``-column`` descending
    top: str = ""  # the first N rows; blank: all

    def definition(self) -> summary.Definition:
        """The summary to run and save (the period is chosen each time it runs).

        Raises:
            InvalidInput: a top that is not a whole number.
        """
        where = tuple(text.strip() for text in self.where.split(";") if text.strip())
        return summary.Definition(
            self.records, self.by, self.measures, where, sort=self.sort.strip(),
            limit=_top(self.top),
        )  # fmt: skip


def _top(text: str) -> int | None:
    if not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInput(
            "invalid top {text!r}: expected a whole number", text=text.strip()
        ) from None


def preview(actor: User, draft: Draft, today: dt.date) -> Report:
    """The summary ``draft`` for its period (on the store thread).

    Raises:
        InvalidInput, PermissionDenied: a bad period, filter, sort or field (`summary.plan`).
    """
    period = periods.parse_period(draft.period, today) if draft.period.strip() else None
    return summary.run_summary(
        actor, draft.definition(), period=period, today=today, name="preview"
    )


def save(actor: User, draft: Draft, values: Mapping[str, str]) -> saved.SavedSummary:
    """Keep ``draft`` under the name typed (on the store thread).

    Raises:
        Conflict: a preset, or a report of the actor's or the team's, has that name.
        InvalidInput: a bad name or definition.
    """
    return saved.save_summary(actor, values["name"], draft.definition())
