"""Saved summaries (RPT-1, "保存配置"): a summary definition kept by name and run again
with a new period, comparison or as-of day.

A saved summary is personal (only its owner sees and runs it) or, saved by an admin with
``team``, everyone's. A name is one report: saving over a preset's name, over one of one's
own or over a team report is a Conflict; one's own shadows a team report of the same name
saved later by an admin. Someone else's personal report is not found.

Running a team report checks the runner's rights, not the saver's: a report that names a
field reserved to managers and admins (an order line's ``cost`` or ``profit``) is refused
to a salesperson (PermissionDenied), and its figures always cover the runner's own scope.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from crm_cli.store.analysis import models as am
from crm_cli.store.analysis import presets
from crm_cli.store.analysis.periods import Period
from crm_cli.store.analysis.records import Report
from crm_cli.store.analysis.summary import Definition, plan, run_summary, with_terms
from crm_cli.store.core import models as cm
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import reading, writing
from crm_cli.store.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from crm_cli.store.core.normalize import clean_name
from crm_cli.store.core.records import User
from crm_cli.store.customers import saved_searches


class SavedSummary(NamedTuple):
    name: str
    team: bool
    owner: str  # the login of who saved it
    definition: Definition

    @property
    def title(self) -> str:
        d = self.definition
        by = f" by {', '.join(d.by)}" if d.by else ""
        return f"{d.records}{by}: {', '.join(d.measures or ('count',))}"

    @property
    def title_zh(self) -> str:
        from crm_cli.store.analysis.kinds import find_kind

        d = self.definition
        by = f"按{'、'.join(d.by)}" if d.by else ""
        return f"{find_kind(d.records).title_zh}{by}汇总:{'、'.join(d.measures or ('count',))}"

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "team": self.team, "owner": self.owner,
                "definition": self.definition._asdict()}  # fmt: skip


def with_saved_search(actor: User, definition: Definition, name: str) -> Definition:
    """``definition`` narrowed by the actor's saved customer search ``name`` (its text, and
    its status, owner and conditions as ``--where`` terms), so that a saved summary stands
    on its own.

    Raises:
        InvalidInput: a record type other than customers, or a search of the trash.
        NotFound: no such saved search.
    """
    from crm_cli.store.analysis.kinds import canonical

    if canonical(definition.records) != "customers":
        raise InvalidInput("--saved (a saved customer search) applies to customers only")
    found = saved_searches.get_search(actor, name).filter
    if found.deleted:
        raise InvalidInput(
            "saved search {name!r} lists the trash: not summarised", name=name.strip()
        )
    where = [*found.where]
    where += [f"status = {found.status}"] if found.status else []
    where += [f"owner = {found.owner}"] if found.owner else []
    return definition._replace(
        search=definition.search or found.search, where=(*where, *definition.where),
        terms=(*found.terms, *definition.terms),
    )  # fmt: skip


def _select() -> Any:
    """Saved reports with their owner's row (for the login), in one query."""
    return am.SavedReport.select(am.SavedReport, cm.User).join(cm.User)


def _row(actor: User, name: str) -> am.SavedReport | None:
    """The actor's own report ``name``, else the team's; None when neither."""
    R = am.SavedReport
    mine = _select().where((R.owner == actor.id) & (R.name == name)).first()
    return mine or _select().where(R.team & (R.name == name)).order_by(R.id).first()


def _record(row: am.SavedReport) -> SavedSummary:
    return SavedSummary(
        row.name, bool(row.team), row.owner.login, Definition.from_json(row.definition)
    )


@writing
def save_summary(
    actor: User, name: str, definition: Definition, *, team: bool = False,
    now: dt.datetime | None = None,
) -> SavedSummary:  # fmt: skip
    """Keep ``definition`` as ``name`` (checked first, as the actor may run it).

    Raises:
        InvalidInput: a bad name or definition. PermissionDenied: ``team`` by a non-admin.
        Conflict: a preset, one of the actor's own or a team report has that name.
    """
    name = clean_name(name, "report name")
    if team and not actor.is_admin:
        raise PermissionDenied("only an admin saves a report for the team")
    plan(actor, definition)
    if presets.find(name) is not None:
        raise Conflict("{name!r} is a preset report; choose another name", name=name)
    if _row(actor, name) is not None:
        raise Conflict(
            "a saved report named {name!r} exists; delete it first or choose another", name=name
        )
    am.SavedReport.create(
        owner=actor.id, name=name, team=team, definition=definition.to_json(),
        created_at=now_or(now),
    )  # fmt: skip
    return SavedSummary(name, team, actor.login, definition)


@reading
def get_summary(actor: User, name: str) -> SavedSummary:
    """The actor's saved report ``name``, or the team's.

    Raises:
        NotFound: neither (someone else's personal report included).
    """
    row = _row(actor, name.strip())
    if row is None:
        raise NotFound("unknown report {name!r}: `crm report list` shows them", name=name.strip())
    return _record(row)


@reading
def list_summaries(actor: User) -> list[SavedSummary]:
    """The saved reports the actor may run: their own, then the team's, by name."""
    R = am.SavedReport
    rows = _select().where((R.owner == actor.id) | R.team).order_by(R.team, R.name, R.id)
    return [_record(row) for row in rows]


@writing
def delete_summary(actor: User, name: str) -> SavedSummary:
    """Delete the actor's saved report ``name`` (an admin: or a team report).

    Raises:
        NotFound: no such report of theirs or the team's.
        PermissionDenied: a team report, for a non-admin.
    """
    row = _row(actor, name.strip())
    if row is None:
        raise NotFound("no saved report {name!r}", name=name.strip())
    if row.owner_id != actor.id and not actor.is_admin:
        raise PermissionDenied("{name!r} is a team report: only an admin deletes it", name=row.name)
    row.delete_instance()
    return _record(row)


def run_saved(
    actor: User,
    name: str,
    *,
    period: Period | None = None,
    compare_with: Period | None = None,
    today: dt.date | None = None,
    terms: Sequence[str] = (),
) -> Report:
    """Run saved report ``name`` with a new period, comparison or as-of day, narrowed by
    query-language ``terms`` (see `summary.with_terms`).

    Raises:
        NotFound: no such report the actor may run.
        PermissionDenied: it names what the actor may not read (see the module's doc).
        BadTerm: a term that cannot be read, with the term in the message.
    """
    saved = get_summary(actor, name)
    d = with_terms(saved.definition, terms, actor)
    try:
        return run_summary(
            actor, d, period=period, compare_with=compare_with, today=today, name=saved.name,
        )  # fmt: skip
    except PermissionDenied as exc:
        raise PermissionDenied("report {name!r}: {exc}", name=saved.name, exc=exc) from None
