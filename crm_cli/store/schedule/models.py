"""Peewee models of the calendar (issue 13, point 4). Private to the store.

Created by migration 0012 and kept in step with it. Every moment is a naive UTC datetime;
``tz`` names the zone an event's local times (and its rule) are read in.
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

from crm_cli.store.core.models import BaseModel, User
from crm_cli.store.customers.models import Contact, Customer
from crm_cli.store.sales.models import Opportunity

# The end of an open-ended series: a real date every backend stores, so that the window
# query is a plain range on an index and never an ``OR … IS NULL``.
FOREVER = dt.datetime(9999, 12, 31)


class ScheduleEvent(BaseModel):
    """An event or a repeating series: its first occurrence, rule and span."""

    id = pw.AutoField()
    owner_id: int
    customer_id: int | None
    contact_id: int | None
    opportunity_id: int | None
    code = pw.CharField(max_length=32, unique=True)
    # The iCalendar UID an event was imported with ('' for our own): importing a file twice
    # adds nothing twice. Looked up with the owner, through (owner_id, …).
    uid = pw.CharField(max_length=255, default="")
    owner = pw.ForeignKeyField(User, on_delete="CASCADE", backref="+", index=False)
    title = pw.CharField(max_length=200)
    place = pw.CharField(max_length=200, default="")
    note = pw.TextField(default="")
    start_at = pw.DateTimeField()  # the first occurrence
    end_at = pw.DateTimeField()
    all_day = pw.BooleanField(default=False)
    tz = pw.CharField(max_length=64)
    rrule = pw.TextField(default="")  # RRULE's value, e.g. FREQ=WEEKLY;BYDAY=MO; '' once
    remind_minutes = pw.IntegerField(default=30)
    # From the earliest start to the latest end of all occurrences (moved ones included):
    # what the agenda's window query reads through (owner, span_end, span_start).
    span_start = pw.DateTimeField()
    span_end = pw.DateTimeField()
    customer = pw.ForeignKeyField(Customer, null=True, on_delete="SET NULL", backref="+")
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="+")
    opportunity = pw.ForeignKeyField(Opportunity, null=True, on_delete="SET NULL", backref="+")
    cancelled_at = pw.DateTimeField(null=True)
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()

    class Meta:
        indexes = (
            (("owner", "span_end", "span_start"), False),
            (("owner", "start_at"), False),
        )


class ScheduleInvite(BaseModel):
    """An invitee of an event: pending, accepted or declined. Carries the event's span so
    that an invitee's agenda is one range read on (user, span_end, span_start) too."""

    id = pw.AutoField()
    event_id: int
    user_id: int
    event = pw.ForeignKeyField(ScheduleEvent, on_delete="CASCADE", backref="+", index=False)
    user = pw.ForeignKeyField(User, on_delete="CASCADE", backref="+", index=False)
    status = pw.CharField(max_length=16, default="pending")
    responded_at = pw.DateTimeField(null=True)
    start_at = pw.DateTimeField()
    span_start = pw.DateTimeField()
    span_end = pw.DateTimeField()

    class Meta:
        indexes = (
            (("event", "user"), True),
            (("user", "span_end", "span_start"), False),
            (("user", "start_at"), False),
        )


class ScheduleException(BaseModel):
    """One occurrence of a series changed or cancelled, keyed by its original local date,
    so that it survives edits of the series (a new time of day, a new title)."""

    id = pw.AutoField()
    event_id: int
    event = pw.ForeignKeyField(ScheduleEvent, on_delete="CASCADE", backref="+", index=False)
    occurrence = pw.DateField()
    cancelled = pw.BooleanField(default=False)
    start_at = pw.DateTimeField(null=True)  # moved: the new times
    end_at = pw.DateTimeField(null=True)
    title = pw.CharField(max_length=200, null=True)  # None: the series' value
    place = pw.CharField(max_length=200, null=True)
    note = pw.TextField(null=True)
    updated_at = pw.DateTimeField()

    class Meta:
        indexes = ((("event", "occurrence"), True),)


SCHEDULE_MODELS = (ScheduleEvent, ScheduleInvite, ScheduleException)
