"""The team's calendar (issue 13, point 4): events, their invitees, and the occurrences of
a series that were moved or cancelled.

A frozen copy of the models as they were at this migration. The agenda finds a user's
events by a range on (owner_id, span_end, span_start) and (user_id, span_end, span_start)
of the invitations; foreign keys that lead a composite index get no index of their own
(MariaDB needs one such index, and it is there).
"""

from typing import Any

import peewee as pw


def up(migrator: Any, db: pw.Database) -> None:
    class BaseModel(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    # The existing tables, as far as the new foreign keys need them.
    class User(BaseModel):
        pass

    class Customer(BaseModel):
        pass

    class Contact(BaseModel):
        pass

    class Opportunity(BaseModel):
        pass

    class ScheduleEvent(BaseModel):
        code = pw.CharField(max_length=32, unique=True)
        uid = pw.CharField(max_length=255, default="")
        owner = pw.ForeignKeyField(User, on_delete="CASCADE", backref="+", index=False)
        title = pw.CharField(max_length=200)
        place = pw.CharField(max_length=200, default="")
        note = pw.TextField(default="")
        start_at = pw.DateTimeField()
        end_at = pw.DateTimeField()
        all_day = pw.BooleanField(default=False)
        tz = pw.CharField(max_length=64)
        rrule = pw.TextField(default="")
        remind_minutes = pw.IntegerField(default=30)
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
        event = pw.ForeignKeyField(ScheduleEvent, on_delete="CASCADE", backref="+", index=False)
        occurrence = pw.DateField()
        cancelled = pw.BooleanField(default=False)
        start_at = pw.DateTimeField(null=True)
        end_at = pw.DateTimeField(null=True)
        title = pw.CharField(max_length=200, null=True)
        place = pw.CharField(max_length=200, null=True)
        note = pw.TextField(null=True)
        updated_at = pw.DateTimeField()

        class Meta:
            indexes = ((("event", "occurrence"), True),)

    db.create_tables([ScheduleEvent, ScheduleInvite, ScheduleException])
