"""The word lists of the demo's sales flow: a product catalogue, price books and the
phrases of contact records, opportunities and receipts.

Compact text tables like ``names``; only the demo imports this module.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple


class DemoProduct(NamedTuple):
    code: str
    name: str
    category: str
    subcategory: str
    unit: str
    price: Decimal
    cost: Decimal
    annual_fee: Decimal | None


def _products(table: str) -> list[DemoProduct]:
    found = []
    for line in table.strip().splitlines():
        code, name, category, sub, unit, price, cost, fee = (p.strip() for p in line.split("|"))
        found.append(
            DemoProduct(
                code,
                name,
                category,
                sub,
                unit,
                Decimal(price),
                Decimal(cost),
                Decimal(fee) if fee else None,
            )
        )
    return found


# code | name | category | sub-category | unit | list price | cost | annual service fee
PRODUCTS = _products("""
ERP-STD | 企业资源计划系统 标准版 | 软件 | ERP | 套 | 68000.00 | 12000.00 | 9800.00
ERP-PRO | 企业资源计划系统 专业版 | 软件 | ERP | 套 | 128000.00 | 20000.00 | 18000.00
CRM-5 | 客户管理系统 5用户 | 软件 | CRM | 套 | 15800.00 | 2000.00 | 2400.00
CRM-20 | 客户管理系统 20用户 | 软件 | CRM | 套 | 49800.00 | 6000.00 | 7200.00
CRM-USER | CRM additional user licence | Software | CRM | user | 980.00 | 100.00 | 180.00
WMS-01 | 仓储管理系统 | 软件 | 供应链 | 套 | 56000.00 | 9000.00 | 8400.00
HR-PAY | 人事薪资系统 | 软件 | 人力资源 | 套 | 23800.00 | 3500.00 | 3600.00
OA-CLOUD | 协同办公云 (年) | 软件 | 云服务 | 年 | 12000.00 | 4000.00 |
BI-DASH | BI dashboards | Software | Analytics | set | 36000.00 | 5000.00 | 5400.00
MAIL-ENT | 企业邮箱 50户 | 软件 | 云服务 | 年 | 6800.00 | 1800.00 |
SRV-R740 | 机架式服务器 R740 | 硬件 | 服务器 | 台 | 42800.00 | 33500.00 |
SRV-T150 | 塔式服务器 T150 | 硬件 | 服务器 | 台 | 13900.00 | 10800.00 |
NAS-8 | 网络存储 8盘位 | 硬件 | 存储 | 台 | 21500.00 | 16200.00 |
SW-24G | 千兆交换机 24口 | 硬件 | 网络 | 台 | 2680.00 | 1850.00 |
SW-48P | PoE switch 48 ports | Hardware | Network | pcs | 7950.00 | 5600.00 |
FW-600 | 下一代防火墙 | 硬件 | 安全 | 台 | 18600.00 | 12100.00 | 3200.00
AP-WIFI6 | 无线接入点 WiFi6 | 硬件 | 网络 | 个 | 1280.00 | 820.00 |
UPS-3K | 不间断电源 3kVA | 硬件 | 电源 | 台 | 4980.00 | 3600.00 |
PC-I5 | 商用台式机 i5 | 硬件 | 终端 | 台 | 4599.00 | 3800.00 |
NB-14 | Business laptop 14" | Hardware | Endpoints | pcs | 6899.00 | 5700.00 |
MON-27 | 27英寸显示器 | 硬件 | 终端 | 台 | 1499.00 | 1100.00 |
PRN-A3 | A3 彩色激光打印机 | 硬件 | 办公设备 | 台 | 8800.00 | 6500.00 | 1200.00
SCAN-POS | 条码扫描枪 | 硬件 | 终端 | 把 | 680.00 | 420.00 |
LBL-ROLL | 热敏标签纸 100×50 | 耗材 | 标签 | 卷 | 28.50 | 14.00 |
TNR-BK | 黑色硒鼓 | 耗材 | 打印 | 个 | 420.00 | 260.00 |
CBL-C6 | Cat6 network cable 305m | Consumables | Cabling | box | 560.00 | 380.00 |
PPR-A4 | A4 复印纸 70g | 耗材 | 办公 | 箱 | 135.00 | 98.00 |
IMPL-DAY | 实施服务 | 服务 | 实施 | 人天 | 1800.00 | 900.00 |
TRAIN-DAY | On-site training | Services | Training | day | 2400.00 | 1000.00 |
DEV-DAY | 二次开发 | 服务 | 开发 | 人天 | 2200.00 | 1100.00 |
MIG-DATA | 数据迁移服务 | 服务 | 实施 | 项 | 9800.00 | 4000.00 |
MAINT-GOLD | 金牌运维服务 | 服务 | 运维 | 年 | 36000.00 | 18000.00 | 36000.00
MAINT-STD | Standard support plan | Services | Support | year | 12000.00 | 5000.00 | 12000.00
SEC-AUDIT | 等保安全评估 | 服务 | 安全 | 次 | 28000.00 | 12000.00 |
CONS-DAY | 管理咨询 | 服务 | 咨询 | 人天 | 3500.00 | 1500.00 |
CAM-4K | 4K 网络摄像机 | 硬件 | 安防 | 台 | 899.00 | 560.00 |
NVR-16 | 16路硬盘录像机 | 硬件 | 安防 | 台 | 2380.00 | 1700.00 | 300.00
ATT-FACE | Face-recognition time clock | Hardware | Security | pcs | 1580.00 | 980.00 | 200.00
CLOUD-VM | 云主机 4核8G (年) | 服务 | 云服务 | 年 | 5400.00 | 2600.00 | 5400.00
SSL-OV | SSL 证书 OV | 服务 | 安全 | 年 | 2800.00 | 900.00 | 2800.00
""")
# name, customer group (the customer's level), percent of list price, products (codes)
PRICE_BOOKS = (
    ("A级客户价", "A", 90, ("ERP-STD", "ERP-PRO", "CRM-20", "WMS-01", "SRV-R740", "NAS-8",
                           "MAINT-GOLD", "IMPL-DAY", "BI-DASH", "FW-600")),
    ("渠道合作价", "B", 95, ("CRM-5", "CRM-20", "CRM-USER", "PC-I5", "NB-14", "MON-27", "SW-24G",
                           "AP-WIFI6", "PPR-A4", "TNR-BK")),
)  # fmt: skip

METHODS = ("phone", "phone", "phone", "visit", "visit", "email", "im", "meeting")
PURPOSES_CN = (
    "产品推广",
    "需求调研",
    "报价",
    "方案演示",
    "商务谈判",
    "客户关怀",
    "催款",
    "售后回访",
)
PURPOSES_EN = ("promotion", "discovery", "quote", "demo", "negotiation", "care", "collection",
               "follow-up")  # fmt: skip
SUMMARIES_CN = (
    "电话沟通了{p}需求，客户对价格比较关心", "上门拜访，演示了{p}，对方反馈积极",
    "发送了{p}的报价单，等待采购部回复", "客户在比较几家供应商的{p}方案", "约好下周再演示{p}",
    "客户领导对{p}的实施周期有疑问", "回访{p}使用情况，提出两个改进建议", "提醒客户安排本期付款",
    "微信沟通合同条款，法务在审核", "客户确认预算已批，准备签约",
)  # fmt: skip
SUMMARIES_EN = (
    "Call about {p}; they care most about price", "Visited and demoed {p}; positive feedback",
    "Sent a quote for {p}; waiting for purchasing", "They are comparing {p} with two vendors",
    "Agreed to a second demo of {p} next week", "Their manager asked about the {p} rollout",
    "Follow-up on {p} usage; two suggestions", "Reminded them of the installment due",
    "Contract terms under legal review", "Budget approved; ready to sign",
)  # fmt: skip
NEXT_CN = ("电话跟进报价", "安排技术交流", "发送合同草稿", "确认付款进度", "再次拜访决策人")
NEXT_EN = ("Call about the quote", "Set up a technical session", "Send the draft contract",
           "Check on the payment", "Visit the decision maker")  # fmt: skip
FAILED_CN = ("预算取消", "选择了竞争对手", "项目暂停")
FAILED_EN = ("Budget cancelled", "Chose a competitor", "Project on hold")
STAGES_CN = ("初步接洽", "需求确认", "方案报价", "商务谈判")
STAGES_EN = ("qualification", "needs analysis", "proposal", "negotiation")
LOST_CN = ("价格高于竞品", "客户预算不足", "交付周期太长", "关系不到位")
LOST_EN = ("Competitor was cheaper", "No budget", "Delivery too slow", "Lost the champion")
PAY_METHODS_CN = ("银行转账", "银行转账", "银行承兑汇票", "支票", "现金")
PAY_METHODS_EN = ("bank transfer", "bank transfer", "cheque", "card")
REMINDERS = ("准备周报", "整理本月回款计划", "Update the sales forecast", "续签服务合同跟进",
             "Prepare the quarterly review")  # fmt: skip
