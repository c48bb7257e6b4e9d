"""People (USR-1, USR-2) and team settings."""

from __future__ import annotations

import pytest

from crm_cli.store.core import settings, users
from crm_cli.store.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.conftest import Team


def test_first_acting_user_becomes_admin(db_url: str) -> None:
    first = users.resolve_actor("boss")
    assert first.role == "admin"
    with pytest.raises(PermissionDenied, match="unknown user"):
        users.resolve_actor("stranger")


def test_hierarchy_roles_and_deactivation(team: Team) -> None:
    assert users.get_user(team.admin, "zhao").supervisor == "wang"
    with pytest.raises(PermissionDenied):
        users.add_user(team.wang, "new")
    with pytest.raises(Conflict):
        users.add_user(team.admin, "wang")
    with pytest.raises(InvalidInput, match="unknown role"):
        users.add_user(team.admin, "x", role="boss")
    with pytest.raises(NotFound):
        users.add_user(team.admin, "x", supervisor="ghost")
    with pytest.raises(InvalidInput, match="above"):
        users.edit_user(team.admin, "li", supervisor="zhao")
    users.deactivate_user(team.admin, "chen")
    with pytest.raises(PermissionDenied, match="deactivated"):
        users.resolve_actor("chen")
    with pytest.raises(InvalidInput, match="last active admin"):
        users.deactivate_user(team.admin, "admin")


def test_team_settings_are_validated_and_admin_only(any_team: Team) -> None:
    team = any_team
    from crm_cli.store.customers import customers

    assert settings.set_setting(team.admin, "code.customer_prefix", "kh") == "KH"
    assert customers.add_customer(team.admin, "前缀公司").code == "KH000001"
    with pytest.raises(PermissionDenied):
        settings.set_setting(team.wang, "code.width", "8")
    with pytest.raises(InvalidInput):
        settings.set_setting(team.admin, "code.width", "99")
    with pytest.raises(InvalidInput, match="unknown setting"):
        settings.get_setting(team.admin, "no.such")
