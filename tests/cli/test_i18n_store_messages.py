"""The store's refusals in the user's language (issue 17): one line, the same exit code."""

from __future__ import annotations

from tests.cli.conftest import Crm

# (exit code, arguments, acting user, the English line, the Chinese line)
REFUSALS = [
    (4, ("customer", "show", "C000009"), "admin",
     "Error: no customer 'C000009'", "错误：找不到客户 'C000009'"),
    (1, ("expense", "add", "--amount", "0", "--category", "travel"), "admin",
     "Error: invalid expense amount 0: it must be more than 0", "错误：费用金额无效：0，必须大于 0"),
    (5, ("demo", "--size", "5"), "wang",
     "Error: only an admin may add demo data", "错误：只有管理员可以添加演示数据"),
    # a hint and an action inside a message are translated with it
    (1, ("campaign", "list", "+activ"), "admin",
     "Error: unknown tag '+activ' (did you mean +active?); campaign tags: +mine, +active",
     "错误：未知标签 '+activ'（是不是指 +active？）；营销活动标签：+mine, +active"),
    (1, ("customer", "list", "ownr:me"), "admin",
     "Error: unknown field 'ownr' in 'ownr:me' (did you mean owner?)",
     "错误：'ownr:me' 中有未知字段 'ownr'（是不是指 owner？）"),
    (5, ("contact", "add", "C000001", "张三"), "wang",
     "Error: you may not add contacts to customer C000001",
     "错误：你无权对客户 C000001 执行此操作（添加联系人）"),
]  # fmt: skip


def test_store_refusals_follow_the_language(crm: Crm) -> None:
    crm.ok("user", "add", "wang", "--role", "sales")
    crm.ok("customer", "add", "公开公司", "--public")  # wang sees it, may not change it
    for code, args, user, english, _chinese in REFUSALS:
        assert crm.fails(code, *args, user=user) == english
    crm.ok("config", "set", "language", "zh")
    for code, args, user, _english, chinese in REFUSALS:
        result = crm.run(*args, user=user)
        assert (result.exit_code, result.stdout, result.stderr) == (code, "", chinese + "\n")


def test_pool_outcomes_follow_the_language_and_json_stays_english(crm: Crm) -> None:
    crm.ok("pool", "settings", "--enable")
    crm.ok("customer", "add", "池客户")
    crm.ok("pool", "add", "C000001")
    crm.ok("config", "set", "language", "zh")
    shown = crm.ok("pool", "claim", "C000001", "-f", "plain").stdout
    assert "已领取，保护至" in shown and "claimed" not in shown
    released = crm.json("pool", "release", "C000001")
    assert released[0]["message"] == "back in the pool"  # machines read English
    again = crm.run("pool", "release", "C000001", "-f", "plain")
    assert again.stderr == "错误：1 个中有 1 个被拒：C000001 没有被任何人领取\n"
    assert "C000001 没有被任何人领取" in again.stdout  # the refusal's own row too
