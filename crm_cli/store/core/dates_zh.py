"""Dates and times in Chinese as users type them (CLI.md "Dates on input", I18N-2), read by
``core.dates`` after its own forms; the text comes in folded (NFKC, lower case).

Dates: ``2026年12月5日`` (or ``号``), ``12月5日`` (in the reference day's year), ``今天``,
``明天``, ``后天``, ``大后天``, ``昨天``, ``前天``, a weekday of this, the next or the last week
(``下周一``, ``本周三`` or ``这周三``, ``上周五``, ``下下周二``; weeks start on Monday and
``周日``, ``星期天`` and ``礼拜天`` end them), ``下个月`` and ``上个月`` (the same day, or the
month's last), and counts such as ``3天后``, ``两周后``, ``1个月后``, ``1年后``, ``3天前``.
Times after a date, or alone for today: ``14:30``, ``14点``, ``下午2点``, ``下午2点半``,
``晚上8点15分``.

``下周`` without a day, or a weekday without its week (``周三``: this one or the next?), is
refused by name rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta

from crm_cli.store.core.errors import InvalidInput

_DAYS = {
    "今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3,
    "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3,
}  # fmt: skip
_WEEKS = {"上上": -2, "上": -1, "本": 0, "这": 0, "今": 0, "下": 1, "下下": 2}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
_MONTHS = {"下个月": 1, "下月": 1, "上个月": -1, "上月": -1}
_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}  # fmt: skip
_UNITS = {"天": "days", "日": "days", "周": "weeks", "星期": "weeks", "礼拜": "weeks",
          "月": "months", "年": "years"}  # fmt: skip

_FULL = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_WEEKDAY = re.compile(r"(上上|下下|上|本|这|今|下)?\s*个?\s*(?:周|星期|礼拜)([一二三四五六日天七])")
_WEEK_ONLY = re.compile(r"(上上|下下|上|本|这|下)\s*个?\s*(?:周|星期|礼拜)")
# "个" is needed before 月 (3个月后): "3月后" reads as "after March" too.
_COUNT = re.compile(
    r"(\d{1,9}|[一二两三四五六七八九十]{1,3})\s*(天|日|个\s*星期|个\s*礼拜|周|星期|礼拜|"
    r"个\s*月|年)\s*(?:以|之)?([后前])"
)
_PERIODS = ("凌晨", "早上", "早晨", "上午", "中午", "下午", "傍晚", "晚上")
_CLOCK = re.compile(
    r"(?P<date>.*?)\s*(?P<period>" + "|".join(_PERIODS) + r")?\s*(?P<hour>\d{1,2})"
    r"(?:(?P<unit>[点时])(?:(?P<minute>\d{1,2})\s*分?|(?P<half>半))?"
    r"|:(?P<colon>\d{2})(?::(?P<second>\d{2}))?)"
)


def match_date(text: str, today: dt.date) -> dt.date | None:
    """The date a Chinese form names, or None when ``text`` is none.

    Raises:
        InvalidInput: a week or weekday that could be two days (``下周``, ``周三``).
    """
    if text in _DAYS:
        return today + dt.timedelta(days=_DAYS[text])
    if text in _MONTHS:
        return today + relativedelta(months=_MONTHS[text])
    if match := _FULL.fullmatch(text):
        return _day(int(match[1]), int(match[2]), int(match[3]))
    if match := _MONTH_DAY.fullmatch(text):
        return _day(today.year, int(match[1]), int(match[2]))
    if match := _WEEKDAY.fullmatch(text):
        return _weekday(text, match[1], _WEEKDAYS[match[2]], today)
    if _WEEK_ONLY.fullmatch(text):
        raise InvalidInput(
            "ambiguous date {text!r}: say which day of that week, e.g. {text}一 (Monday)", text=text
        )
    if match := _COUNT.fullmatch(text):
        return _counted(match, today)
    return None


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 2月30日
        return None


def _weekday(text: str, week: str | None, weekday: int, today: dt.date) -> dt.date:
    if week is None:
        raise InvalidInput(
            "ambiguous date {text!r}: say which week, e.g. 本{text} (this week) or "
            "下{text} (next week)",
            text=text,
        )
    monday = today - dt.timedelta(days=today.weekday())
    return monday + dt.timedelta(weeks=_WEEKS[week], days=weekday)


def _counted(match: re.Match[str], today: dt.date) -> dt.date | None:
    amount = _number(match[1])
    if amount is None:
        return None
    unit = _UNITS[re.sub(r"\s+", "", match[2]).removeprefix("个")]
    step: dict[str, int] = {unit: amount if match[3] == "后" else -amount}
    try:
        return today + relativedelta(**step)  # type: ignore[arg-type]
    except (OverflowError, ValueError):  # beyond year 1..9999
        return None


def _number(text: str) -> int | None:
    """Digits, or a Chinese numeral from 一 to 九十九 (两 is 2)."""
    if text.isdecimal():
        return int(text)
    tens, sep, ones = text.partition("十")
    if not sep:
        return _NUMERALS.get(text)
    high = _NUMERALS.get(tens, 0 if not tens else -1)
    low = _NUMERALS.get(ones, 0 if not ones else -1)
    if high < 0 or low < 0 or (high == 2 and tens == "两"):
        return None
    return (high or 1) * 10 + low


def split_clock(text: str) -> tuple[str, dt.time] | None:
    """``text`` as (the date part, the time of day) when it ends in a Chinese time
    (``下午2点``, ``14点30分``) or in ``HH:MM`` right after a Chinese date (``明天14:30``)."""
    match = _CLOCK.fullmatch(text)
    if match is None:
        return None
    date = match["date"].strip()
    if not (match["period"] or match["unit"] or (date and not date[-1].isascii())):
        return None  # ASCII forms ("2026-05-01 09:30") are core.dates' own
    hour = int(match["hour"])
    minute = 30 if match["half"] else int(match["minute"] or match["colon"] or 0)
    # 下午2点 is 14:00, 中午1点 13:00; 下午14点 says it twice.
    afternoon = match["period"] in ("下午", "傍晚", "晚上") or (
        match["period"] == "中午" and hour < 3
    )
    if afternoon and hour < 12:
        hour += 12
    try:
        return date, dt.time(hour, minute, int(match["second"] or 0))
    except ValueError:  # 25点, 8点61分
        return None
