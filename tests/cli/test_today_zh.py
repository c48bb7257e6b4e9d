"""`crm today` in Chinese (issue 17): the digest's headings, urgencies and item texts read
in Chinese in a Chinese run; JSON keeps the store's English texts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest

from crm_cli import i18n
from tests.cli.conftest import Crm

AS_OF = "2099-05-10"  # ahead of any real clock: a ticket's due time may not be past
# The English words of the item templates: none is left in a Chinese digest.
ENGLISH = re.compile(
    r"\b(installment|receivable|open|owed|contact again|turns|birthday|remind|invited|all day"
    r"|service|repair|urgent|assigned|next|overdue|today|days)\b"
)


@pytest.fixture(autouse=True)
def fresh_language() -> Iterator[None]:
    yield
    i18n.use(None)  # a later test chooses its language again


@pytest.fixture
def due(staff: Crm) -> Crm:
    """wang: a contact due again, a birthday, an overdue installment, a receivable, an event
    today, an all-day event he is invited to, a service ticket due and a next service."""
    staff.add("中兴通讯", user="wang")
    staff.add("华为技术", user="wang")
    staff.ok("contact", "add", "C000001", "张伟", "--birthday", "1986-05-12", "--title", "采购经理",
             user="wang")  # fmt: skip
    staff.ok("contact", "log", "C000002", "--summary", "s", "--at", "2026-05-01",
             "--next", "2099-05-09", user="wang")  # fmt: skip
    staff.ok("schedule", "add", "拜访", "--at", f"{AS_OF} 10:00", "--customer", "C000001",
             "--place", "杭州", user="wang")  # fmt: skip
    staff.ok("schedule", "add", "年会", "--at", AS_OF, "--all-day", "--invite", "wang",
             user="li")  # fmt: skip
    staff.ok("service", "add", "C000001", "--type", "repair", "--priority", "urgent",
             "--description", "打印机卡纸", "--due", f"{AS_OF} 09:00", "--assign", "wang",
             "--next-service", "2099-05-12", user="wang")  # fmt: skip
    _orders()
    return staff


def _orders() -> None:
    # An approved order with an installment plan, and one without: rows, as test_today_cli.
    from crm_cli.store.sales import models as sm

    now = dt.datetime(2026, 5, 1)
    planned = sm.SalesOrder.create(code="SO000001", customer=1, owner=3, status="approved",
                                   total=Decimal("0.30"), created_at=now, updated_at=now)  # fmt: skip
    sm.Installment.create(order=planned.id, owner_id=planned.owner_id, number=1,
                          due=dt.date(2099, 5, 9),
                          amount=Decimal("0.30"), received=Decimal("0.10"))  # fmt: skip
    sm.SalesOrder.create(code="SO000002", customer=2, owner=3, status="approved",
                         total=Decimal("5.00"), received=Decimal("1.00"), due=dt.date(2099, 5, 11),
                         created_at=now, updated_at=now)  # fmt: skip


def test_plain_digest_reads_in_chinese(due: Crm) -> None:
    due.ok("config", "set", "language", "zh")
    out = due.ok("today", "--as-of", AS_OF, "-f", "plain", user="wang").stdout
    lines = out.splitlines()
    assert lines[0] == "wang：2099-05-10（未来 7 天）"
    for heading in ("今日日程（2）", "到期的分期回款（1）", "到期应收款（1）", "联系人生日（1）"):
        assert any(line.startswith(heading) for line in lines), (heading, out)
    for text in (
        "SO000001 第 1 期回款：共 0.30，未收 0.20",
        "SO000002 应收款：共 5.00，尚欠 4.00",
        "再次联系",
        "张伟 (采购经理) 满 113 岁生日",
        "10:00–11:00 拜访 @ 杭州（09:30 提醒）",
        "全天 年会，li 邀请",
        "SV000001 维修（紧急，已分派）：打印机卡纸",
        "SV000001（维修）之后的下次服务",
        "逾期 1 天",
    ):
        assert text in out, (text, out)
    assert not ENGLISH.search(out), ENGLISH.findall(out)


def test_json_keeps_the_english_texts(due: Crm) -> None:
    due.ok("config", "set", "language", "zh")
    texts = {
        i["kind"]: i["text"] for i in due.json("today", "--as-of", AS_OF, user="wang")["items"]
    }
    assert texts["installment"] == "SO000001 installment 1: 0.20 of 0.30 open"
    assert texts["receivable"] == "SO000002 receivable: 4.00 of 5.00 owed"
    assert texts["next_contact"] == "contact again"
    assert texts["birthday"] == "张伟 (采购经理) turns 113"
    assert texts["next_service"].startswith("next service after ")


def test_english_plain_digest_is_as_it_was(due: Crm) -> None:
    due.ok("config", "set", "language", "en")
    out = due.ok("today", "--as-of", AS_OF, "-f", "plain", user="wang").stdout
    assert out.splitlines()[0] == "wang: 2099-05-10 (next 7 days)"
    assert "SO000001 installment 1: 0.20 of 0.30 open" in out and "overdue 1d" in out
    assert "all day 年会, invited by li" in out
