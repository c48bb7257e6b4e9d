"""Campaigns (CMP-1): add, change and delete one, each one transaction that writes the
operation log. Who may do what: see `lookup`; linking records: see `links`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from crm_cli.store.campaigns import fields
from crm_cli.store.campaigns import models as km
from crm_cli.store.campaigns.lookup import may_manage, writable
from crm_cli.store.campaigns.records import Campaign, record, snapshot
from crm_cli.store.campaigns.settings import campaign_stages
from crm_cli.store.core import oplog
from crm_cli.store.core.codes import next_code
from crm_cli.store.core.dates import now_or
from crm_cli.store.core.db import writing
from crm_cli.store.core.errors import InvalidInput, PermissionDenied
from crm_cli.store.core.records import User

ENTITY = "campaign"


@writing
def add_campaign(
    actor: User,
    name: str,
    *,
    values: Mapping[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Campaign:
    """Add a campaign (managers and admins), owned by the actor unless ``values['owner']``
    says otherwise, starting today and in the first stage of ``campaign.stages`` unless
    ``values`` say otherwise.

    Raises:
        PermissionDenied: a sales user. InvalidInput: a bad value, a negative budget or
            expected revenue, an end before the start. NotFound: no such owner.
    """
    now = now_or(now)
    if not may_manage(actor):
        raise PermissionDenied("only managers and admins may add campaigns")
    row = km.Campaign(owner=actor.id, stage=campaign_stages()[0], created_at=now, updated_at=now)
    given = {"name": name, "starts_on": now.date(), **(values or {})}
    fields.apply(row, given, now.date())
    row.code = next_code("campaign", "code.campaign_prefix")
    row.save(force_insert=True)
    changes = {"code": row.code, **snapshot(row)}
    oplog.write(actor, ENTITY, row.id, None, "add", oplog.nonempty(changes), now)
    return record(row)


@writing
def edit_campaign(
    actor: User, ref: str, changes: Mapping[str, Any], *, now: dt.datetime | None = None
) -> Campaign:
    """Change a campaign's fields (``fields.EDITABLE``): managers, admins and its owner."""
    now = now_or(now)
    if not changes:
        raise InvalidInput(
            "nothing to change: give at least one of {editable}",
            editable=", ".join(fields.EDITABLE),
        )
    row = writable(actor, ref, "change")
    before = snapshot(row)
    fields.apply(row, changes, now.date())
    changed = oplog.diff(before, snapshot(row))
    if not changed:
        raise InvalidInput("nothing to change on campaign {code}", code=row.code)
    row.updated_at = now
    row.save()
    oplog.write(actor, ENTITY, row.id, None, "edit", changed, now)
    return record(row)


@writing
def delete_campaign(actor: User, ref: str, *, now: dt.datetime | None = None) -> Campaign:
    """Soft-delete a campaign (managers and admins). Its customers, opportunities and
    expenses keep naming it, as history; it no longer counts in lists or links."""
    now = now_or(now)
    row = writable(actor, ref, "delete")
    if not may_manage(actor):
        raise PermissionDenied(
            "you may not delete campaign {code}: managers and admins may", code=row.code
        )
    row.deleted_at = row.updated_at = now
    row.save()
    oplog.write(actor, ENTITY, row.id, None, "delete", {"code": row.code}, now)
    return record(row)
