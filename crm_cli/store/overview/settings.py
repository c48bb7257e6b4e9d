"""What the TUI home shows each role (team settings ``home.admin|manager|sales``).

A salesperson's home is their own work; a manager's and an admin's starts from the team:
what waits for their approval, the team's pipeline and its target attainment.
"""

from __future__ import annotations

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.settings import register

# The last three are charts of preset analyses (sales-trend, funnel, attainment).
HOME_PARTS = ("digest", "pipeline", "owed", "pool", "approvals", "team", "attainment", "trend",
              "funnel", "attainment_chart")  # fmt: skip
DEFAULT_PARTS = {
    "admin": ("approvals", "digest", "team", "attainment"),
    "manager": ("approvals", "digest", "team", "attainment"),
    "sales": ("digest", "pipeline", "owed", "pool"),
}


def _home_parts(value: str) -> str:
    parts = [p.strip() for p in value.split(",") if p.strip()]
    unknown = [p for p in parts if p not in HOME_PARTS]
    if unknown:
        raise InvalidInput(
            "unknown home part {unknown}; choose from {home_parts}",
            unknown=", ".join(unknown),
            home_parts=", ".join(HOME_PARTS),
        )
    return ",".join(dict.fromkeys(parts))


for _role, _parts in DEFAULT_PARTS.items():
    register(
        f"home.{_role}", ",".join(_parts),
        f"what the TUI home shows a{'n' if _role == 'admin' else ''} {_role}: "
        + ", ".join(HOME_PARTS), _home_parts,
    )  # fmt: skip
