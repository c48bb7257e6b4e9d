"""A lived-in calendar for ``crm demo`` (issue 13, point 6; ACT-4). For each active demo
user, in the weeks around today: visits and calls with their customers (some about a
contact or an open opportunity), one of them today and one more this week; an all-day
absence. Salespeople write a weekly report; each manager holds a weekly team meeting (the
team invited: accepted, the last of two or more declined; this week's meeting moved to
Tuesday, next week's cancelled) and a monthly review; the first demo user (li) invites
everyone to a trade fair.

It grows with the team, not with the customers: a fixed number of events per user, the
visited customers picked among the first ones just added. Rows are what `events.add_event`
stores (UTC times planned in the team's zone, a rule's clean text and first match), written
in bulk by ``calendar_writer``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, NamedTuple

from crm_cli.store.core import models as m
from crm_cli.store.core.dates import now_or
from crm_cli.store.customers import models as cm
from crm_cli.store.demo.bulk import code_ranges
from crm_cli.store.demo.calendar_writer import Draft, write
from crm_cli.store.demo.team import TEAM
from crm_cli.store.sales import models as sm
from crm_cli.store.schedule import recurrence
from crm_cli.store.schedule.settings import default_lead, team_zone
from crm_cli.store.schedule.times import local_now, to_utc

SPAN = (-21, 28)  # days around today the single events fall in
VISITS = 10  # visits and calls per user
PICKED = 6  # customers per user they are with
SAMPLE = 2000  # the first customers added, among whom those are picked
HOUR = dt.timedelta(hours=1)
CJK = re.compile(r"[\u4e00-\u9fff]")
# Texts as (Chinese, English); a customer's event speaks its language, others the owner's.
VISIT, CALL = ("拜访{}", "Visit {}"), ("电话回访{}", "Call {}")
TALKS = ("商务洽谈：{}", "Negotiation with {}")
PROSPECT = ("陌生拜访：开发新客户", "Cold calls: new prospects")
MEETING, ROOM = ("销售部周例会", "Weekly sales meeting"), ("3楼会议室", "Meeting room 2")
MOVED = ("周一全员培训，例会改到周二下午", "Moved: all-hands training on Monday")
REVIEW = ("月度业绩复盘", "Monthly pipeline review")
REPORT = ("写周报", "Write the weekly report")
FAIR = ("行业展会", "Industry trade fair"), ("国际会展中心", "Convention centre")
AWAY = (("年假", "Annual leave"), ("出差", "Business trip"), ("产品培训", "Product training"))


class Visited(NamedTuple):
    """A customer a user has visits and calls with, and what an event may name of it."""

    id: int
    name: str
    city: str
    contacts: tuple[int, ...]
    opportunities: tuple[int, ...]  # open ones


def add_demo_calendar(codes: Sequence[str], *, seed: int | None, now: dt.datetime | None) -> int:
    """Plan and write the demo team's calendar around ``now`` (the team's local time, as
    the calendar reads it; None: the clock), visiting customers among ``codes``; returns
    the number of events. Its own random source: the records a seed draws stay the same."""
    planner = Planner(random.Random(None if seed is None else f"demo-calendar:{seed}"), now)
    return write(planner.plan(planner.visited(codes)))


class Planner:
    """Draws the demo users' events; every time local (naive) until ``_draft`` stores it."""

    def __init__(self, rng: random.Random, now: dt.datetime | None) -> None:
        self.tz = team_zone()
        # The clock as `crm today` reads it (naive, the machine's): the visit planned for
        # today is on the day the digest shows, wherever the machine is against the zone.
        here = local_now(now_or(now), self.tz)
        self.rng, self.today, self.stamp = rng, here.date(), to_utc(here, self.tz)
        self.monday = self.today - dt.timedelta(days=self.today.weekday())
        self.lead = default_lead()
        U = m.User
        active = U.login.in_([t[0] for t in TEAM]) & (U.active == True)  # noqa: E712
        self.people = list(U.select(U.id, U.login, U.role, U.display).where(active).order_by(U.id))
        self.ids = {u.login: u.id for u in self.people}

    def plan(self, visited: dict[int, list[Visited]]) -> list[Draft]:
        drafts = []
        for person in self.people:
            lang = 0 if CJK.search(person.display) else 1
            drafts += self._visits(person.id, visited.get(person.id, []), lang)
            drafts.append(self._away(person.id, lang))
            if person.role == "manager":
                drafts += self._team(person, lang)
            else:
                drafts.append(self._report(person.id, lang))
        if self.people:
            drafts.append(self._fair(self.people[0]))
        return drafts

    def visited(self, codes: Sequence[str]) -> dict[int, list[Visited]]:
        """A few of each user's customers among the first ``SAMPLE`` codes, by owner."""
        C, P, Opp = cm.Customer, cm.Contact, sm.Opportunity
        if not codes or not self.ids:
            return {}
        mine = code_ranges(C.code, list(codes[:SAMPLE])) & C.owner.in_(list(self.ids.values()))
        owned: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for row in _tuples(C.select(C.id, C.owner, C.name, C.city).where(mine).order_by(C.id)):
            owned[row[1]].append(row)
        picked = [
            r for rows in owned.values() for r in self.rng.sample(rows, min(PICKED, len(rows)))
        ]
        ids = [r[0] for r in picked]
        people: dict[int, list[int]] = defaultdict(list)
        for pid, cid in _tuples(P.select(P.id, P.customer).where(P.customer.in_(ids))):
            people[cid].append(pid)
        deals: dict[int, list[int]] = defaultdict(list)
        live = Opp.customer.in_(ids) & (Opp.status == "open") & Opp.deleted_at.is_null()
        for oid, cid in _tuples(Opp.select(Opp.id, Opp.customer).where(live).order_by(Opp.id)):
            deals[cid].append(oid)
        found: dict[int, list[Visited]] = defaultdict(list)
        for cid, owner, name, city in picked:
            found[owner].append(Visited(cid, name, city, tuple(people[cid]), tuple(deals[cid])))
        return found

    def _visits(self, owner: int, customers: list[Visited], lang: int) -> list[Draft]:
        """Today, another day this week, the rest spread over the weeks around (weekdays)."""
        days = [self.today, self._weekday(self.monday, 0, 4)]
        days += [self._weekday(self.today, *SPAN) for _ in range(VISITS - 2)]
        return [self._with(owner, day, self.rng.choice(customers) if customers else None, lang)
                for day in days]  # fmt: skip

    def _with(self, owner: int, day: dt.date, c: Visited | None, lang: int) -> Draft:
        rng = self.rng
        start = dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.choice((0, 30))))
        if c is None:  # nobody's customers yet: out finding some
            return self._draft(owner, PROSPECT[lang], start, 2 * HOUR)
        lang = 0 if CJK.search(c.name) else 1
        deal = rng.choice(c.opportunities) if c.opportunities and rng.random() < 0.4 else None
        links = {
            "customer": c.id,
            "contact": rng.choice(c.contacts) if c.contacts and rng.random() < 0.6 else None,
            "opportunity": deal,
        }
        if deal is not None or rng.random() < 0.5:
            title = (TALKS if deal is not None else VISIT)[lang].format(c.name)
            length = rng.choice((1, 1.5, 2)) * HOUR
            return self._draft(owner, title, start, length, place=c.city,
                               remind_minutes=rng.choice((30, 60)), **links)  # fmt: skip
        return self._draft(owner, CALL[lang].format(c.name), start, HOUR / 2,
                           remind_minutes=rng.choice((0, 10, 15)), **links)  # fmt: skip

    def _team(self, manager: Any, lang: int) -> list[Draft]:
        """The weekly team meeting and the monthly review, the manager's team invited."""
        team = [self.ids[t[0]] for t in TEAM if t[3] == manager.login and t[0] in self.ids]
        start = dt.datetime.combine(self.monday - dt.timedelta(weeks=10), dt.time(9, 30))
        meeting = self._draft(manager.id, MEETING[lang], start, HOUR, rrule="FREQ=WEEKLY;BYDAY=MO",
                              place=ROOM[lang], remind_minutes=15)  # fmt: skip
        answers = ["accepted"] * len(team)
        if len(team) > 1:  # someone always has a clash: the last of two or more declines
            answers[-1] = "declined"
        self._invite(meeting, team, answers)
        tuesday = dt.datetime.combine(self.monday + dt.timedelta(days=1), dt.time(14, 0))
        self._except(meeting, self.monday, tuesday, note=MOVED[lang])
        self._except(meeting, self.monday + dt.timedelta(weeks=1), None)
        first = (self.today - dt.timedelta(days=120)).replace(day=1)
        review = self._draft(manager.id, REVIEW[lang], dt.datetime.combine(first, dt.time(15)),
                             1.5 * HOUR, rrule="FREQ=MONTHLY;BYDAY=-1FR", place=ROOM[lang],
                             remind_minutes=60)  # fmt: skip
        self._invite(review, team, [self.rng.choice(("accepted", "accepted", "pending"))
                                    for _ in team])  # fmt: skip
        return [meeting, review]

    def _fair(self, host: Any) -> Draft:
        """Two days at a trade fair, everyone invited: most accept, some have not answered."""
        lang = 0 if CJK.search(host.display) else 1
        first = self._weekday(self.today, 9, 20)
        start = dt.datetime.combine(first, dt.time())
        fair = self._draft(host.id, FAIR[0][lang], start, dt.timedelta(days=2), all_day=True,
                           place=FAIR[1][lang], remind_minutes=24 * 60)  # fmt: skip
        guests = [u.id for u in self.people if u.id != host.id]
        self._invite(fair, guests, [self.rng.choice(("accepted", "accepted", "pending"))
                                    for _ in guests])  # fmt: skip
        return fair

    def _report(self, owner: int, lang: int) -> Draft:
        """A salesperson's half hour on Friday afternoons, for two months now."""
        start = dt.datetime.combine(self.monday - dt.timedelta(weeks=8), dt.time(16, 30))
        return self._draft(owner, REPORT[lang], start, HOUR / 2, rrule="FREQ=WEEKLY;BYDAY=FR",
                           remind_minutes=15)  # fmt: skip

    def _away(self, owner: int, lang: int) -> Draft:
        """A day or three of leave, a trip or a training, on a later day than today."""
        first = self._weekday(self.today, 2, SPAN[1])
        title = self.rng.choice(AWAY)[lang]
        days = dt.timedelta(days=self.rng.randint(1, 3))
        return self._draft(owner, title, dt.datetime.combine(first, dt.time()), days,
                           all_day=True, remind_minutes=self.rng.choice((0, 24 * 60)))  # fmt: skip

    def _weekday(self, base: dt.date, low: int, high: int) -> dt.date:
        """A working day from ``low`` to ``high`` days after ``base`` (a weekend's Monday)."""
        day = base + dt.timedelta(days=self.rng.randint(low, high))
        return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() > 4 else 0)

    def _draft(
        self, owner: int, title: str, start: dt.datetime, length: dt.timedelta, **extra: Any
    ) -> Draft:
        """An event as `add_event` stores it; ``extra``: more columns (``rrule``, ``place`` …)."""
        rule = extra.pop("rrule", "")
        if rule:  # RFC 5545: a series starts at its rule's first match
            rule, parsed = recurrence.parse(rule, start, self.tz)
            start = recurrence.first(parsed, start)
        row = {"owner": owner, "title": title, "start_at": to_utc(start, self.tz),
               "end_at": to_utc(start + length, self.tz), "tz": self.tz.key, "rrule": rule,
               "remind_minutes": self.lead, **extra}  # fmt: skip
        # Planned in working hours a day to a few weeks before its first start, never after now.
        day = start.date() - dt.timedelta(days=self.rng.randint(1, 20))
        planned = dt.datetime.combine(
            day, dt.time(self.rng.randint(9, 17), self.rng.randint(0, 59))
        )
        row["created_at"] = row["updated_at"] = min(to_utc(planned, self.tz), self.stamp)
        return Draft(row, [], [])

    def _invite(self, draft: Draft, users: list[int], answers: list[str]) -> None:
        for user, status in zip(users, answers, strict=True):
            later = draft.row["created_at"] + dt.timedelta(hours=self.rng.randint(1, 48))
            at = None if status == "pending" else min(later, self.stamp)
            draft.invites.append({"user": user, "status": status, "responded_at": at})

    def _except(
        self, draft: Draft, day: dt.date, moved: dt.datetime | None, note: str | None = None
    ) -> None:
        """The occurrence planned on ``day`` moved to ``moved`` (same length) or cancelled,
        decided a few days before it (not before the series, not after now)."""
        row = draft.row
        length = row["end_at"] - row["start_at"]
        decided = to_utc(dt.datetime.combine(day - dt.timedelta(days=3), dt.time(17)), self.tz)
        at = max(min(decided, self.stamp), row["created_at"])
        start = to_utc(moved, self.tz) if moved else None
        draft.exceptions.append({"occurrence": day, "cancelled": moved is None,
                                 "start_at": start, "end_at": start + length if start else None,
                                 "note": note, "updated_at": at})  # fmt: skip
        row["updated_at"] = max(row["updated_at"], at)


def _tuples(query: Any) -> list[tuple[Any, ...]]:
    return list(query.tuples())
