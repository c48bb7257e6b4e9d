"""Data table: the Chinese names and common synonyms of each closed list users type into.

Keyed by list, then by the stored (English) value; ``core.choices`` reads it. A name maps
to one value of its list only (``tests/store/test_chinese_choices.py`` checks it). Lists
that are team settings (ticket types, expense categories, campaign types and stages,
strategies, score names, customer statuses) name the defaults: a value a team removed is
not offered, and a team's own value (``维修``) is typed as it is.
"""

from __future__ import annotations

CANCELLED = ("cancelled", "canceled", "取消", "已取消")

NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    # The four statuses a database starts with (migration 0001), while a team keeps them;
    # a renamed status is typed by its new name.
    "customer status": {
        "potential": ("潜在客户", "潜在"),
        "intent": ("意向客户", "意向"),
        "formal": ("正式客户", "正式", "成交客户"),
        "lost": ("流失客户", "流失"),
    },
    "contact method": {
        "phone": ("电话", "打电话", "致电", "来电", "电话沟通", "call", "telephone"),
        "visit": ("拜访", "上门", "面谈", "走访", "上门拜访", "见面", "面访"),
        "email": ("邮件", "电邮", "电子邮件", "e-mail", "mail"),
        "im": ("微信", "qq", "钉钉", "企业微信", "企微", "即时通讯", "wechat", "dingtalk"),
        "meeting": ("会议", "开会", "视频会议", "线上会议"),
        "other": ("其他", "其它"),
    },
    "contact result": {
        "continue": ("继续", "继续跟进", "跟进", "跟进中"),
        "deal": ("成交", "签约", "成单"),
        "failed": ("失败", "未成交", "丢单", "fail"),
    },
    "next step status": {
        "remind": ("提醒", "待办", "待联系"),
        "done": ("完成", "已完成", "已联系"),
        "cancelled": CANCELLED,
    },
    "opportunity status": {
        "open": ("进行中", "跟进中", "未关闭"),
        "won": ("赢单", "赢", "已成交", "成交"),
        "lost": ("输单", "输", "丢单", "失败"),
    },
    "order status": {
        "draft": ("草稿",),
        "submitted": ("已提交", "提交", "待审批", "审批中"),
        "approved": ("已审批", "审批通过", "已批准", "通过"),
        "rejected": ("已驳回", "驳回", "已拒绝", "拒绝"),
        "cancelled": (*CANCELLED, "作废", "已作废"),
    },
    "order kind": {
        "sale": ("销售", "销售订单", "sales"),
        "service_fee": ("服务费", "年费", "续费"),
    },
    "approval kind": {"order": ("订单",), "quote": ("报价", "报价单"), "expense": ("费用", "报销")},
    "target period": {"month": ("月", "月度"), "quarter": ("季度", "季"), "year": ("年", "年度")},
    "report kind": {"day": ("日报", "日"), "week": ("周报", "周"), "month": ("月报", "月")},
    "report status": {"draft": ("草稿",), "submitted": ("已提交", "提交")},
    "expense status": {
        "draft": ("草稿",),
        "submitted": ("已提交", "提交", "待审批", "审批中"),
        "approved": ("已审批", "审批通过", "已批准", "通过"),
        "rejected": ("已驳回", "驳回", "已拒绝", "拒绝"),
    },
    "priority": {
        "low": ("低",),
        "normal": ("普通", "一般", "中"),
        "high": ("高",),
        "urgent": ("紧急", "加急", "特急"),
    },
    "ticket status": {
        "unprocessed": ("未处理", "待处理"),
        "assigned": ("已分派", "已派单", "已分配", "已派工"),
        "in_progress": ("处理中", "进行中"),
        "resolved": ("已解决", "解决"),
        "closed": ("已关闭", "关闭"),
        "open": ("未关闭", "未完成"),
    },
    "ticket type": {
        "repair": ("维修", "报修"),
        "consultation": ("咨询",),
        "complaint": ("投诉",),
        "care_visit": ("关怀", "回访", "关怀回访"),
        "installation": ("安装",),
    },
    "expense category": {
        "travel": ("差旅", "出差"),
        "entertainment": ("招待", "业务招待", "请客"),
        "gifts": ("礼品", "gift"),
        "marketing": ("市场推广", "市场", "推广"),
        "transport": ("交通", "打车"),
        "communication": ("通讯", "话费"),
        "office": ("办公", "办公用品"),
        "other": ("其他", "其它"),
    },
    "campaign type": {
        "exhibition": ("展会", "展览"),
        "seminar": ("研讨会", "讲座"),
        "online_ads": ("网络推广", "网络广告", "线上广告"),
        "email": ("邮件营销", "邮件"),
        "telemarketing": ("电话营销", "电销"),
        "referral": ("转介绍", "推荐"),
        "other": ("其他", "其它"),
    },
    "campaign stage": {
        "planned": ("计划中", "计划", "筹备中"),
        "active": ("进行中",),
        "finished": ("已结束", "结束", "已完成"),
        "cancelled": CANCELLED,
    },
    "strategy": {
        "develop": ("重点发展", "发展", "开发"),
        "maintain": ("维护", "维持", "保持"),
        "watch": ("观察", "关注"),
        "abandon": ("放弃",),
    },
    "score": {
        "credit": ("信用",),
        "potential": ("潜力",),
        "loyalty": ("忠诚", "忠诚度"),
        "cooperation": ("合作", "配合", "合作度"),
    },
    "metric": {
        "orders": ("订单", "订单额", "签单"),
        "receipts": ("回款", "收款"),
        "new_customers": ("新客户", "新增客户"),
        "contacts": ("联系", "联系次数"),
    },
    "repeat": {
        "daily": ("每天", "每日"),
        "weekly": ("每周", "每星期", "每礼拜"),
        "monthly": ("每月", "每个月"),
        "yearly": ("每年",),
    },
    "weekday": {
        "mo": ("周一", "星期一", "礼拜一", "一"),
        "tu": ("周二", "星期二", "礼拜二", "二"),
        "we": ("周三", "星期三", "礼拜三", "三"),
        "th": ("周四", "星期四", "礼拜四", "四"),
        "fr": ("周五", "星期五", "礼拜五", "五"),
        "sa": ("周六", "星期六", "礼拜六", "六"),
        "su": ("周日", "星期日", "礼拜日", "周天", "星期天", "礼拜天", "日", "天"),
    },
    "role": {
        "admin": ("管理员",),
        "manager": ("经理", "主管"),
        "sales": ("销售", "业务员"),
    },
}
