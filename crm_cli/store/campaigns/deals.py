"""An opportunity's campaign set as it is added or edited (`crm opportunity add|edit
--campaign`): the sales verb and the link in one transaction, so a refusal of either
writes nothing. The link itself, its rights and its log entry are `links`'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from crm_cli.store.campaigns.links import opportunity_row, set_campaign
from crm_cli.store.campaigns.lookup import find_row
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import writing
from crm_cli.store.core.records import User
from crm_cli.store.customers import access
from crm_cli.store.sales import models as sm
from crm_cli.store.sales import opportunities
from crm_cli.store.sales.opportunity_fields import Opportunity


@writing
def add_opportunity_in(
    actor: User, campaign: str, customer: str, *, now: dt.datetime | None = None, **values: Any
) -> Opportunity:
    """`opportunities.add_opportunity` (``values``: its keyword arguments), the new
    opportunity belonging to ``campaign``, which is found first.

    Raises:
        NotFound: no such campaign; and whatever ``add_opportunity`` raises.
    """
    now = now_or(now)
    target = find_row(campaign)
    added = opportunities.add_opportunity(actor, customer, now=now, **values)
    row, owner = opportunity_row(actor, added.code, now.date())
    set_campaign(actor, row, owner, "opportunity", target, now)
    return added


@writing
def edit_opportunity_in(
    actor: User,
    ref: str,
    changes: Mapping[str, Any],
    campaign: str,
    *,
    force: bool = False,
    now: dt.datetime | None = None,
) -> Opportunity:
    """`opportunities.edit_opportunity` of ``changes`` (may be none) and the opportunity's
    campaign set to ``campaign`` ('' takes it off any campaign)."""
    now = now_or(now)
    target = find_row(campaign) if campaign.strip() else None
    row, customer = opportunity_row(actor, ref, now.date())
    access.require_edit(actor, customer, now.date(), "change opportunities of")
    if changes:
        opportunities.edit_opportunity(actor, ref, changes, force=force, now=now)
        row = sm.Opportunity.get_by_id(row.id)
    set_campaign(actor, row, customer, "opportunity", target, now)
    return opportunities.get_opportunity(actor, ref, now=now)
