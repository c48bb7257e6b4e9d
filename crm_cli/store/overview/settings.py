"""What the TUI home shows each role (team settings ``home.admin|manager|sales``)."""

from __future__ import annotations

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.settings import register

HOME_PARTS = ("digest", "pipeline", "owed", "pool")


def _home_parts(value: str) -> str:
    parts = [p.strip() for p in value.split(",") if p.strip()]
    unknown = [p for p in parts if p not in HOME_PARTS]
    if unknown:
        raise InvalidInput(
            f"unknown home part {', '.join(unknown)}; choose from {', '.join(HOME_PARTS)}"
        )
    return ",".join(dict.fromkeys(parts))


for _role in ("admin", "manager", "sales"):
    register(
        f"home.{_role}", ",".join(HOME_PARTS),
        f"what the TUI home shows a{'n' if _role == 'admin' else ''} {_role}: "
        + ", ".join(HOME_PARTS), _home_parts,
    )  # fmt: skip
