"""Dates and times typed in Chinese (issue 17, point 2), always from the as-of day: every
accepted form, and the ambiguous or impossible ones refused in one line."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_cli.store.core.dates import parse_date, parse_datetime
from crm_cli.store.core.errors import InvalidInput

TODAY = dt.date(2026, 12, 2)  # a Wednesday
NOW = dt.datetime(2026, 12, 2, 9, 15)


def day(month: int, date: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, date)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026/12/05", day(12, 5)),
        ("2026/1/5", day(1, 5)),
        ("2026.12.05", day(12, 5)),
        ("２０２６／１２／０５", day(12, 5)),
        ("2026年12月5日", day(12, 5)),
        ("2026年12月5号", day(12, 5)),
        ("2027年1月31日", day(1, 31, 2027)),
        ("２０２６年１２月５日", day(12, 5)),
        ("12月5日", day(12, 5)),
        ("3月1日", day(3, 1)),  # the as-of year, even when that day has passed
        ("今天", TODAY),
        ("明天", day(12, 3)),
        ("后天", day(12, 4)),
        ("大后天", day(12, 5)),
        ("昨天", day(12, 1)),
        ("前天", day(11, 30)),
        ("下周一", day(12, 7)),
        ("下周三", day(12, 9)),
        ("下周日", day(12, 13)),
        ("下周天", day(12, 13)),
        ("下星期五", day(12, 11)),
        ("下个星期二", day(12, 8)),
        ("下礼拜六", day(12, 12)),
        ("本周三", TODAY),
        ("这周三", TODAY),
        ("本周一", day(11, 30)),
        ("这周五", day(12, 4)),
        ("上周五", day(11, 27)),
        ("下下周二", day(12, 15)),
        ("下个月", day(1, 2, 2027)),
        ("下月", day(1, 2, 2027)),
        ("上个月", day(11, 2)),
        ("3天后", day(12, 5)),
        ("3日后", day(12, 5)),
        ("三天后", day(12, 5)),
        ("10天以后", day(12, 12)),
        ("十天后", day(12, 12)),
        ("二十一天后", day(12, 23)),
        ("2周后", day(12, 16)),
        ("两周后", day(12, 16)),
        ("2个星期后", day(12, 16)),
        ("1个月后", day(1, 2, 2027)),
        ("一个月之后", day(1, 2, 2027)),
        ("1年后", day(12, 2, 2027)),
        ("3天前", day(11, 29)),
        ("1周前", day(11, 25)),
        (" 明天 ", day(12, 3)),
    ],
)
def test_chinese_dates_count_from_the_as_of_day(text: str, expected: dt.date) -> None:
    assert parse_date(text, TODAY) == expected


def test_next_month_keeps_the_day_or_takes_the_months_last() -> None:
    assert parse_date("下个月", dt.date(2027, 1, 31)) == dt.date(2027, 2, 28)
    assert parse_date("下周一", dt.date(2026, 12, 7)) == dt.date(2026, 12, 14)  # a Monday
    assert parse_date("下周一", dt.date(2026, 12, 13)) == dt.date(2026, 12, 14)  # a Sunday


def test_the_english_forms_still_work() -> None:
    assert parse_date("+3d", TODAY) == day(12, 5)
    assert parse_date("-2w", TODAY) == day(11, 18)
    assert parse_date("tomorrow", TODAY) == day(12, 3)
    assert parse_date("2026-12-05", TODAY) == day(12, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("明天 14:30", dt.datetime(2026, 12, 3, 14, 30)),
        ("明天14:30", dt.datetime(2026, 12, 3, 14, 30)),
        ("明天 14：30", dt.datetime(2026, 12, 3, 14, 30)),
        ("明天下午2点", dt.datetime(2026, 12, 3, 14, 0)),
        ("明天下午2点半", dt.datetime(2026, 12, 3, 14, 30)),
        ("明天 上午9点15分", dt.datetime(2026, 12, 3, 9, 15)),
        ("下周一 上午10点", dt.datetime(2026, 12, 7, 10, 0)),
        ("2026/12/05 08:00", dt.datetime(2026, 12, 5, 8, 0)),
        ("2026年12月5日 15:00", dt.datetime(2026, 12, 5, 15, 0)),
        ("12月5日14点", dt.datetime(2026, 12, 5, 14, 0)),
        ("下午3点", dt.datetime(2026, 12, 2, 15, 0)),
        ("晚上8点", dt.datetime(2026, 12, 2, 20, 0)),
        ("中午12点", dt.datetime(2026, 12, 2, 12, 0)),
        ("中午1点", dt.datetime(2026, 12, 2, 13, 0)),
        ("下午14点", dt.datetime(2026, 12, 2, 14, 0)),
        ("16点", dt.datetime(2026, 12, 2, 16, 0)),
        ("明天", dt.datetime(2026, 12, 3, 0, 0)),
        ("3天后", dt.datetime(2026, 12, 5, 0, 0)),
        ("tomorrow 9:00", dt.datetime(2026, 12, 3, 9, 0)),
        ("2026-12-05T08:00", dt.datetime(2026, 12, 5, 8, 0)),
    ],
)
def test_chinese_times_of_day(text: str, expected: dt.datetime) -> None:
    assert parse_datetime(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("下周", "say which day of that week"),
        ("下下周", "say which day of that week"),
        ("这周", "say which day of that week"),
        ("上星期", "say which day of that week"),
        ("周三", "say which week"),
        ("星期五", "say which week"),
    ],
)
def test_an_ambiguous_chinese_date_is_refused_in_one_line(text: str, why: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, TODAY)
    message = str(caught.value)
    assert message.startswith(f"ambiguous date {text!r}: {why}")
    assert "\n" not in message


@pytest.mark.parametrize(
    "text",
    ["2026年2月30日", "13月1日", "2026年12月", "下周八", "3月后", "3天", "天后", "百天后",
     "2026/12-05", "明天见", "下下下周一", "两十天后"],
)  # fmt: skip
def test_impossible_or_unknown_chinese_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match=f"invalid date {text!r}: use YYYY-MM-DD"):
        parse_date(text, TODAY)


@pytest.mark.parametrize("text", ["明天25点", "明天8点61分", "明天下午", "明天 下午2", "后天 14"])
def test_impossible_chinese_times_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match=f"invalid date/time {text!r}"):
        parse_datetime(text, NOW)
