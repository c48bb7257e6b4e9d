"""Repeating events (issue 13, point 4): friendly options and RFC 5545 rules turned into
python-dateutil rules, refused when malformed or when they never match, and expanded for
a window only, in local time (DST included)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.schedule import recurrence
from crm_cli.store.schedule.recurrence import Repeat

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 12, 1, 9, 0)  # a Tuesday
TODAY = START.date()
HOUR = dt.timedelta(hours=1)


def starts(text: str, first: dt.date, last: dt.date, start: dt.datetime = START) -> list[str]:
    _, rule = recurrence.parse(text, start, SHANGHAI)
    begin = dt.datetime.combine(first, dt.time())
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    return [f"{s:%Y-%m-%d %H:%M}" for s in recurrence.between(rule, HOUR, begin, end)]


@pytest.mark.parametrize(
    ("spec", "rule"),
    [
        (Repeat("daily"), "FREQ=DAILY"),
        (Repeat("weekly", on="mo,WE"), "FREQ=WEEKLY;BYDAY=MO,WE"),
        (Repeat("weekly", on="mo", until="2027-01-01"), "FREQ=WEEKLY;BYDAY=MO;UNTIL=20270101T235959"),
        (Repeat("monthly", day=15), "FREQ=MONTHLY;BYMONTHDAY=15"),
        (Repeat("monthly", nth="2mo"), "FREQ=MONTHLY;BYDAY=2MO"),
        (Repeat("monthly", nth="-1fr", times=10), "FREQ=MONTHLY;BYDAY=-1FR;COUNT=10"),
        (Repeat("weekly", every=2), "FREQ=WEEKLY;INTERVAL=2"),
        (Repeat("FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270101"), "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270101"),
        (Repeat("none"), ""),
    ],
)  # fmt: skip
def test_friendly_options_build_the_rfc_5545_rule(spec: Repeat, rule: str) -> None:
    assert recurrence.build(spec, TODAY) == rule


def test_weekly_on_given_days_until_a_date_includes_the_last_day() -> None:
    text = recurrence.build(Repeat("weekly", on="mo,we", until="2026-12-09"), TODAY)
    assert starts(text, TODAY, dt.date(2026, 12, 31)) == [
        "2026-12-02 09:00", "2026-12-07 09:00", "2026-12-09 09:00",
    ]  # fmt: skip


def test_monthly_on_a_day_and_on_the_nth_weekday_and_a_count() -> None:
    year = (TODAY, dt.date(2027, 4, 30))
    assert starts("FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3", *year) == [
        "2026-12-15 09:00", "2027-01-15 09:00", "2027-02-15 09:00",
    ]  # fmt: skip
    assert starts("FREQ=MONTHLY;BYDAY=2MO", *year)[:3] == [
        "2026-12-14 09:00", "2027-01-11 09:00", "2027-02-08 09:00",
    ]  # fmt: skip
    _, rule = recurrence.parse("FREQ=MONTHLY;BYDAY=2MO;COUNT=3", START, SHANGHAI)
    assert recurrence.last(rule, "FREQ=MONTHLY;BYDAY=2MO;COUNT=3") == dt.datetime(2027, 2, 8, 9)
    _, endless = recurrence.parse("FREQ=DAILY", START, SHANGHAI)
    assert recurrence.last(endless, "FREQ=DAILY") is None


def test_only_the_asked_window_is_expanded_and_an_overlapping_one_counts() -> None:
    _, rule = recurrence.parse("FREQ=DAILY", START, SHANGHAI)
    window = (dt.datetime(2030, 1, 1, 9, 30), dt.datetime(2030, 1, 2, 9, 0))
    # The 09:00 of the 1st runs until 10:00: it overlaps; the 2nd starts at the window's end.
    assert recurrence.between(rule, HOUR, *window) == [dt.datetime(2030, 1, 1, 9)]
    assert recurrence.first(rule, START) == START


def test_the_first_occurrence_is_the_first_match_from_the_start() -> None:
    _, rule = recurrence.parse("FREQ=WEEKLY;BYDAY=FR", START, SHANGHAI)
    assert recurrence.first(rule, START) == dt.datetime(2026, 12, 4, 9)


def test_a_utc_until_is_read_in_the_local_zone() -> None:
    text, rule = recurrence.parse("FREQ=DAILY;UNTIL=20261203T010000Z", START, SHANGHAI)
    assert text == "FREQ=DAILY;UNTIL=20261203T090000"  # 01:00 UTC is 09:00 in Shanghai
    assert recurrence.last(rule, text) == dt.datetime(2026, 12, 3, 9)


def test_a_weekly_meeting_keeps_its_local_time_across_a_dst_change() -> None:
    york = ZoneInfo("America/New_York")
    start = dt.datetime(2027, 3, 1, 9, 0)
    _, rule = recurrence.parse("FREQ=WEEKLY;COUNT=3", start, york)
    found = list(rule)
    assert [s.hour for s in found] == [9, 9, 9]
    offsets = [s.replace(tzinfo=york).utcoffset() for s in found]
    assert offsets[0] != offsets[-1]  # 14 March 2027: clocks go forward


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("FREQ=WEEKLY;BYDAY=XX", "malformed repeat rule"),
        ("FREQ=HOURLY", "FREQ must be one of"),
        ("BYDAY=MO", "FREQ must be one of"),
        ("garbage", "no NAME=VALUE"),
        ("FREQ=DAILY;BYHOUR=9", "BYHOUR is not supported"),
        ("FREQ=DAILY;COUNT=x", "COUNT takes a whole number"),
        ("FREQ=DAILY;COUNT=2;UNTIL=20270101", "not both"),
        ("FREQ=DAILY;COUNT=5000", "at most 1000"),
        ("FREQ=DAILY;UNTIL=tomorrow", "UNTIL=TOMORROW is no date"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never matches"),
        ("FREQ=MONTHLY;BYMONTH=4,6;BYMONTHDAY=31", "never matches"),
        ("FREQ=WEEKLY;UNTIL=20200101", "never matches"),
    ],
)
def test_malformed_and_never_matching_rules_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        recurrence.parse(text, START, SHANGHAI)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (Repeat("fortnightly"), "invalid --repeat"),
        (Repeat("weekly", on="mo,xx"), "invalid --on"),
        (Repeat("monthly", nth="0mo"), "invalid --nth"),
        (Repeat("monthly", nth="2zz"), "invalid --nth"),
        (Repeat("FREQ=DAILY", times=3), "give --count in the rule itself"),
        (Repeat("weekly", until="someday"), "invalid date"),
    ],
)
def test_bad_friendly_options_are_refused(spec: Repeat, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        recurrence.build(spec, TODAY)
