"""The work-report domain's team settings (WRK-1): the code prefix, the grace after a
period's last day before a report counts late, and the kinds of report a team expects."""

from __future__ import annotations

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.settings import code_prefix, int_between, register, value_of

KINDS = ("day", "week", "month")
GRACE = "work_report.grace_days"
EXPECTED = "work_report.expected"


def _kinds(value: str) -> str:
    """Comma-separated kinds, or empty (nothing expected); ``none`` is empty too."""
    words = [w.strip().lower() for w in value.split(",") if w.strip()]
    if words == ["none"]:
        return ""
    bad = [w for w in words if w not in KINDS]
    if bad:
        raise InvalidInput("unknown report kind {bad!r}; use day, week, month or none", bad=bad[0])
    return ",".join(kind for kind in KINDS if kind in words)


register("code.work_report_prefix", "WR", "prefix of work report codes", code_prefix)
register(
    GRACE,
    "0",
    "days after a period's last day before its work report counts late",
    int_between(0, 31),
)
# Empty by default: a team that does not use work reports is not reminded of them every
# day; it turns them on with e.g. `crm config set work_report.expected day,week`.
register(
    EXPECTED,
    "",
    "kinds of work report everyone but admins is reminded to submit (day,week,month or none)",
    _kinds,
)


def grace_days() -> int:
    """Days of grace after a period's end (inside a service call)."""
    return int(value_of(GRACE))


def expected_kinds() -> list[str]:
    """The kinds of report the team expects, in the order day, week, month."""
    return [kind for kind in value_of(EXPECTED).split(",") if kind]
