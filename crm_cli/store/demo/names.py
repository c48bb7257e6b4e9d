"""The word lists ``crm demo`` draws its sample companies and people from.

A data table: longer than the 300 lines a module of code may have, and meant to be.

Kept as compact text tables, parsed once when the demo runs: only ``crm_cli.store.demo``
imports this module, and only the demo imports that, so no other command pays for it.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Any, Generic, NamedTuple, TypeVar

from crm_cli.store.core.normalize import name_key

T = TypeVar("T")


class City(NamedTuple):
    name: str
    province: str
    area_code: str
    postcode: str
    weight: int
    districts: tuple[str, ...]


class Industry(NamedTuple):
    word: str  # as it appears in a company name
    label: str  # the industry field: one Chinese vocabulary for both languages
    tag: str  # for web domains


def _rows(table: str) -> list[list[str]]:
    return [line.split() for line in table.strip().splitlines()]


class Weighted(NamedTuple, Generic[T]):
    values: Sequence[T]
    cum: list[int]  # cumulative weights


def _weighted(pairs: list[tuple[T, int]]) -> Weighted[T]:
    return Weighted([v for v, _ in pairs], list(accumulate(w for _, w in pairs)))


def _words(text: str) -> list[str]:
    return text.split()


def _pairs(text: str) -> list[tuple[str, str]]:
    words = text.split()
    return list(zip(words[0::2], words[1::2], strict=True))


# city province area-code postcode weight districts…
CITIES = [
    City(r[0], r[1], r[2], r[3], int(r[4]), tuple(r[5:]))
    for r in _rows("""
北京 北京 010 100000 10 朝阳区 海淀区 东城区 丰台区
上海 上海 021 200000 10 浦东新区 徐汇区 闵行区 静安区
广州 广东 020 510000 7 天河区 越秀区 番禺区 白云区
深圳 广东 0755 518000 9 南山区 福田区 宝安区 龙岗区
东莞 广东 0769 523000 3 南城街道 长安镇 松山湖
佛山 广东 0757 528000 3 顺德区 南海区 禅城区
珠海 广东 0756 519000 2 香洲区 金湾区
杭州 浙江 0571 310000 6 西湖区 滨江区 余杭区 萧山区
宁波 浙江 0574 315000 3 鄞州区 北仑区 海曙区
温州 浙江 0577 325000 2 鹿城区 瓯海区
南京 江苏 025 210000 5 鼓楼区 玄武区 江宁区 建邺区
苏州 江苏 0512 215000 5 工业园区 姑苏区 吴中区 昆山市
无锡 江苏 0510 214000 3 滨湖区 新吴区 梁溪区
常州 江苏 0519 213000 2 武进区 新北区
成都 四川 028 610000 5 武侯区 锦江区 高新区 青羊区
重庆 重庆 023 400000 4 渝中区 江北区 南岸区 渝北区
武汉 湖北 027 430000 4 江汉区 武昌区 洪山区 东湖高新区
长沙 湖南 0731 410000 3 岳麓区 芙蓉区 天心区
西安 陕西 029 710000 3 雁塔区 碑林区 未央区
郑州 河南 0371 450000 3 金水区 二七区 郑东新区
济南 山东 0531 250000 2 历下区 槐荫区 高新区
青岛 山东 0532 266000 3 市南区 崂山区 黄岛区
烟台 山东 0535 264000 1 芝罘区 莱山区
天津 天津 022 300000 4 和平区 南开区 滨海新区
石家庄 河北 0311 050000 1 长安区 桥西区
太原 山西 0351 030000 1 小店区 迎泽区
沈阳 辽宁 024 110000 2 和平区 沈河区 浑南区
大连 辽宁 0411 116000 2 中山区 甘井子区 高新园区
长春 吉林 0431 130000 1 朝阳区 南关区
哈尔滨 黑龙江 0451 150000 1 南岗区 道里区
合肥 安徽 0551 230000 2 蜀山区 包河区 高新区
福州 福建 0591 350000 2 鼓楼区 台江区 仓山区
厦门 福建 0592 361000 3 思明区 湖里区 集美区
泉州 福建 0595 362000 2 丰泽区 晋江市
南昌 江西 0791 330000 1 东湖区 红谷滩区
昆明 云南 0871 650000 1 五华区 盘龙区
贵阳 贵州 0851 550000 1 云岩区 观山湖区
南宁 广西 0771 530000 1 青秀区 西乡塘区
兰州 甘肃 0931 730000 1 城关区 七里河区
海口 海南 0898 570000 1 龙华区 美兰区
""")
]
# 字号 (trade-name) characters with their pinyin, for names and web domains.
BRAND_CHARS = _pairs("""
华 hua 信 xin 恒 heng 达 da 鑫 xin 泰 tai 宏 hong 盛 sheng 瑞 rui 丰 feng 通 tong 源 yuan 金 jin
利 li 嘉 jia 德 de 安 an 永 yong 兴 xing 康 kang 富 fu 隆 long 昌 chang 远 yuan 腾 teng 飞 fei
宇 yu 航 hang 创 chuang 新 xin 中 zhong 天 tian 海 hai 博 bo 睿 rui 智 zhi 诚 cheng 明 ming
光 guang 辉 hui 凯 kai 益 yi 佳 jia 润 run 和 he 美 mei 联 lian 科 ke 晶 jing 锦 jin 顺 shun
祥 xiang 汇 hui 众 zhong 力 li 捷 jie 威 wei 迅 xun 万 wan 乾 qian 坤 kun 正 zheng 旭 xu 东 dong
方 fang 振 zhen 鼎 ding 峰 feng 扬 yang 启 qi 立 li 合 he
""")
# name word, industry (one Chinese vocabulary for both languages), domain tag
INDUSTRIES_CN = [
    Industry(*r)
    for r in _rows(
        """
电子科技 电子 dzkj|电子 电子 dz|光电科技 电子 gdkj|智能科技 电子 znkj|仪器仪表 电子 yqyb
软件 软件 rj|信息技术 软件 xxjs|网络科技 互联网 wlkj|通信设备 通信 txsb|机械 机械制造 jx
机械设备 机械制造 jxsb|精密机械 机械制造 jmjx|自动化设备 机械制造 zdh|贸易 贸易 my
进出口 贸易 jck|商贸 贸易 sm|物流 物流 wl|供应链管理 物流 gyl|医药 医药 yy|生物科技 医药 swkj
医疗器械 医疗器械 ylqx|食品 食品 sp|纺织 纺织服装 fz|服饰 纺织服装 fs|建材 建材 jc
建筑工程 建筑 jzgc|化工 化工 hg|新材料 化工 xcl|汽车零部件 汽车 qclbj|新能源 能源 xny
环保科技 环保 hbkj|教育科技 教育 jykj|文化传媒 传媒 whcm|广告 传媒 gg|餐饮管理 餐饮 cygl
实业 综合 sy|投资 金融 tz|企业管理咨询 咨询服务 zx|包装 包装印刷 bz|印刷 包装印刷 ys
家具 家居 jj|五金 五金 wj|农业科技 农业 nykj
""".replace("|", "\n")
    )
]
INDUSTRIES_EN = [
    Industry(word, label, word.lower())
    for word, label in _pairs("""
Logistics 物流 Robotics 机械制造 Software 软件 Systems 软件 Analytics 软件 Foods 食品
Textiles 纺织服装 Apparel 纺织服装 Instruments 电子 Electronics 电子 Trading 贸易 Imports 贸易
Pharma 医药 Biotech 医药 Medical 医疗器械 Energy 能源 Solar 能源 Materials 化工 Chemicals 化工
Marine 物流 Packaging 包装印刷 Motors 汽车 Automotive 汽车 Consulting 咨询服务 Media 传媒
Networks 通信 Telecom 通信 Furniture 家居 Tools 五金 Engineering 建筑 Construction 建筑
Capital 金融 Learning 教育 Agritech 农业 Optics 电子 Devices 电子 Semiconductor 电子
Hospitality 餐饮
""")
]
SUFFIXES_CN = _weighted(
    [("有限公司", 60), ("股份有限公司", 15), ("有限责任公司", 10), ("集团有限公司", 5)]
)
SUFFIXES_EN = _weighted([
    ("Ltd.", 30), ("Inc.", 20), ("Co., Ltd.", 20), ("LLC", 8), ("GmbH", 6), ("Corp.", 8),
    ("Pte. Ltd.", 5), ("PLC", 3),
])  # fmt: skip
# One vocabulary of sources, so reports group the same source together.
SOURCES = _weighted([
    ("展会", 18), ("网络推广", 20), ("老客户介绍", 18), ("电话营销", 10), ("官网咨询", 10),
    ("合作伙伴", 8), ("招投标", 6), ("广告", 4), ("cold call", 4), ("LinkedIn", 2),
])  # fmt: skip
# A Chinese company's type as its people write it (民营, 国有 …); the English ones in English.
TYPES_CN = _weighted([("民营企业", 60), ("国有企业", 15), ("合资企业", 10), ("个体工商户", 5)])
TYPES_EN = _weighted([("foreign", 80), ("joint-venture", 20)])
LEVELS = _weighted([("A", 20), ("B", 50), ("C", 30)])
HEADCOUNT = _weighted([(1, 35), (2, 40), (3, 25)])  # contacts per customer

EN_BRANDS = _words("""
Acme Northwind Contoso Fabrikam Globex Initech Wingtip Tailspin Litware Proseware Vandelay Hooli
Cyberdyne Tyrell Aperture Soylent Wonka Oceanic Gringotts Sterling Pinnacle Meridian
""")
EN_HEADS = _words("""
North South East West Blue Red Green Silver Gold Iron Stone Bright Clear Swift True High Star
Sun Moon Sky Ocean River Lake Pine Oak Maple Cedar Summit Peak Crystal Rapid Prime Grand Polar
Nova Terra Aero Cyber Harbor Falcon
""")
EN_TAILS = _words("""
wind field stone line wood bridge gate point wave light works ridge brook haven port view crest
forge path spring tech core way mark star dale land bay side shore
""")
EN_QUALIFIERS = _words("""
Global Pacific Asia International China Advanced Precision United Smart Digital Applied Dynamic
Integrated Premier Allied Modern
""")
SURNAMES = _pairs("""
王 wang 李 li 张 zhang 刘 liu 陈 chen 杨 yang 黄 huang 赵 zhao 吴 wu 周 zhou 徐 xu 孙 sun 马 ma
朱 zhu 胡 hu 郭 guo 何 he 林 lin 罗 luo 高 gao 郑 zheng 梁 liang 谢 xie 宋 song 唐 tang 许 xu
韩 han 冯 feng 邓 deng 曹 cao 彭 peng 曾 zeng 肖 xiao 田 tian 董 dong 潘 pan 袁 yuan 蔡 cai
蒋 jiang 余 yu 于 yu 杜 du 叶 ye 程 cheng 魏 wei 苏 su 吕 lv 丁 ding 任 ren 沈 shen
""")
GIVEN_MALE = _pairs("""
伟 wei 强 qiang 磊 lei 军 jun 勇 yong 杰 jie 涛 tao 明 ming 超 chao 刚 gang 平 ping 辉 hui
鹏 peng 华 hua 飞 fei 鑫 xin 波 bo 斌 bin 宇 yu 浩 hao 凯 kai 健 jian 俊 jun 帆 fan 建 jian
国 guo 志 zhi 文 wen 峰 feng 海 hai
""")
GIVEN_FEMALE = _pairs("""
芳 fang 娜 na 敏 min 静 jing 丽 li 艳 yan 娟 juan 霞 xia 秀 xiu 玲 ling 婷 ting 雪 xue 慧 hui
琳 lin 颖 ying 倩 qian 洁 jie 佳 jia 欣 xin 悦 yue 晶 jing 红 hong 梅 mei 兰 lan
""")
FIRST_MALE = _words("""
James John Robert Michael David William Richard Thomas Daniel Paul Mark Kevin Brian George
Edward Peter Andrew Steven Oliver Henry Lucas Ethan
""")
FIRST_FEMALE = _words("""
Mary Emma Olivia Sophia Emily Sarah Laura Anna Grace Chloe Hannah Lucy Rachel Julia Claire Helen
Alice Megan Karen Nancy
""")
LAST_NAMES = _words("""
Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas Moore Martin
Jackson White Harris Clark Lewis Walker Young King Wright Scott Green Baker Adams Nelson Hill
Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris
Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox
""")
# (title, department)
TITLES_CN = _pairs("""
总经理 总经办 副总经理 总经办 董事长 总经办 采购经理 采购部 采购专员 采购部 销售总监 销售部
技术总监 技术部 财务经理 财务部 行政主管 行政部 项目经理 项目部 工程师 技术部 市场部经理 市场部
运营总监 运营部
""")
TITLES_EN = [
    ("CEO", "Management"), ("CTO", "Engineering"), ("CFO", "Finance"),
    ("Purchasing Manager", "Purchasing"), ("Sales Director", "Sales"),
    ("Operations Manager", "Operations"), ("Project Manager", "Projects"),
    ("Engineer", "Engineering"), ("Office Manager", "Administration"),
    ("Marketing Director", "Marketing"), ("General Manager", "Management"),
]  # fmt: skip
DEAL_ROLES_CN = _words("决策人 影响者 使用者 采购执行 技术把关")
DEAL_ROLES_EN = ["decision maker", "influencer", "user", "buyer", "gatekeeper"]
HOBBIES_CN = _words(
    "高尔夫 钓鱼 登山 羽毛球 乒乓球 茶道 书法 摄影 旅游 阅读 跑步 游泳 篮球 足球 红酒 围棋"
)
HOBBIES_EN = _words(
    "golf tennis hiking sailing photography running jazz wine chess cycling cooking"
)
ROADS = _words("""
人民路 建设路 中山路 解放路 解放大道 科技路 高新大道 滨江路 长江路 黄河路 和平路 文化路 新华路
创业路 工业大道 学院路 环城路 世纪大道 金融街 南京路 深南大道 科技园路
""")
EMAIL_LOCALS = _words("info sales service contact office hr")
MOBILE_PREFIXES = _words("""
130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 176 177 178 180 181
182 183 185 186 187 188 189 198 199
""")
NOTES_CN = _words(
    "年度框架协议客户 价格敏感，注意报价策略 每季度回访一次 有意向扩大采购规模 对交期要求高"
)
NOTES_EN = ["Prefers email contact", "Annual framework agreement", "Price sensitive",
            "Expanding into South China", "Requires English-language quotes"]  # fmt: skip


class Drawn(NamedTuple):
    name: str
    key: str  # normalize.name_key(name)
    industry: str
    domain: str
    keyword: str


class Faker:
    """Draws sample companies and their people; the same seed draws the same ones.

    ``taken`` holds the name keys already in use: a name whose key is taken is drawn
    again, so the demo never adds what the duplicate check would call the same name.
    Every draw goes through ``random.random``: ``choice`` and ``randint`` cost several
    times more, and the demo draws some fifty values per customer.
    """

    def __init__(self, rng: random.Random, today: dt.date, taken: set[str]) -> None:
        self.r = rng.random
        self.today = today
        self.taken = taken
        self.serial = 0
        self._cities = Weighted(CITIES, list(accumulate(c.weight for c in CITIES)))

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.r() * len(seq))]

    def number(self, low: int, high: int) -> int:
        return low + int(self.r() * (high - low + 1))

    def weighted(self, table: Weighted[T]) -> T:
        return table.values[bisect(table.cum, self.r() * table.cum[-1])]

    def two(self, seq: Sequence[T]) -> tuple[T, T]:
        """Two different items."""
        i, j = int(self.r() * len(seq)), int(self.r() * (len(seq) - 1))
        return seq[i], seq[j + (j >= i)]

    def company(self) -> dict[str, Any]:
        """One customer's fields, without those the store assigns (code, status, owner)."""
        r = self.r
        city = self.weighted(self._cities)
        english = r() < 0.3
        drawn = self._unique(self._en_name if english else lambda n: self._cn_name(city, n))
        kind = self.weighted(TYPES_EN if english else TYPES_CN)
        email = f"{self.pick(EMAIL_LOCALS)}@{drawn.domain}"
        notes = self.pick(NOTES_EN if english else NOTES_CN) if r() < 0.1 else ""
        return {
            "name": drawn.name, "name_key": drawn.key,
            "keyword": drawn.keyword if r() < 0.02 else "",
            "type": kind, "source": self.weighted(SOURCES), "industry": drawn.industry,
            "level": self.weighted(LEVELS),
            "phone": self.mobile() if kind == "individual" else self.landline(city),
            "fax": self.landline(city) if r() < 0.3 else "",
            "email": email if english or r() < 0.4 else "",
            "website": f"www.{drawn.domain}" if english or r() < 0.6 else "",
            "country": "中国", "province": city.province, "city": city.name,
            "address": self._address(city), "postcode": city.postcode,
            "registered": self.today - dt.timedelta(days=int(r() * 3 * 365)),
            "notes": notes, "is_public": r() < 0.03,
            "_english": english, "_domain": drawn.domain,
        }  # fmt: skip

    def _unique(self, draw: Callable[[int], Drawn]) -> Drawn:
        for _ in range(50):
            drawn = draw(0)
            if drawn.key not in self.taken:
                break
        else:
            self.serial += 1  # the word lists ran dry: number the trade name instead
            drawn = draw(self.serial)
        self.taken.add(drawn.key)
        return drawn

    def _cn_name(self, city: City, serial: int) -> Drawn:
        (c1, p1), (c2, p2) = self.two(BRAND_CHARS)
        brand = f"{c1}{c2}{serial or ''}"
        ind = self.pick(INDUSTRIES_CN)
        prefix = self.pick((f"{city.name}市", f"{city.name}市", city.name, ""))
        name = f"{prefix}{brand}{ind.word}{self.weighted(SUFFIXES_CN)}"
        domain = f"{p1}{p2}{serial or ''}{ind.tag}{self.pick(('.com', '.com.cn', '.cn'))}"
        return Drawn(name, name_key(name), ind.label, domain, brand + ind.word)

    def _en_name(self, serial: int) -> Drawn:
        if self.r() < 0.15:
            brand = self.pick(EN_BRANDS)
        else:
            brand = self.pick(EN_HEADS) + self.pick(EN_TAILS)
        brand += f" {serial}" if serial else ""
        qualifier = self.pick(EN_QUALIFIERS) if self.r() < 0.4 else ""
        ind = self.pick(INDUSTRIES_EN)
        core = " ".join(w for w in (brand, qualifier, ind.word) if w)
        name = f"{core} {self.weighted(SUFFIXES_EN)}"
        domain = core.lower().replace(" ", "-") + ".com"
        return Drawn(name, name_key(name), ind.label, domain, brand)

    def landline(self, city: City) -> str:
        return f"{city.area_code}-{self.number(2, 8)}{int(self.r() * 10**7):07d}"

    def mobile(self) -> str:
        return f"{self.pick(MOBILE_PREFIXES)}{int(self.r() * 10**8):08d}"

    def _address(self, city: City) -> str:
        street = f"{self.pick(city.districts)}{self.pick(ROADS)}{self.number(1, 999)}号"
        if self.r() < 0.5:
            tower = self.pick(BRAND_CHARS)[0] + self.pick("华泰通达")
            return f"{street}{tower}大厦{self.number(2, 32)}楼"
        room = f"{self.number(1, 28)}{self.number(1, 20):02d}"
        return f"{street}{self.pick('ABCD')}座{room}室"

    def contacts(self, company: dict[str, Any]) -> list[dict[str, Any]]:
        """One to three people at ``company``, no two with the same name."""
        people: list[dict[str, Any]] = []
        for _ in range(self.weighted(HEADCOUNT)):
            person = self._person(company, company["_english"] and self.r() < 0.7)
            if all(p["name"] != person["name"] for p in people):
                people.append(person)
        return people

    def _person(self, company: dict[str, Any], english: bool) -> dict[str, Any]:
        female = self.r() < 0.4
        if english:
            first, last = self.pick(FIRST_FEMALE if female else FIRST_MALE), self.pick(LAST_NAMES)
            name, handle = f"{first} {last}", f"{first}.{last}".lower()
            title, department = self.pick(TITLES_EN)
            hobbies = ", ".join(self.two(HOBBIES_EN)[: self.number(0, 2)])
        else:
            surname, sur_py = self.pick(SURNAMES)
            pool = GIVEN_FEMALE if female else GIVEN_MALE
            given = self.two(pool) if self.r() < 0.6 else (self.pick(pool),)
            name = surname + "".join(c for c, _ in given)
            handle = sur_py + "".join(p for _, p in given)
            title, department = self.pick(TITLES_CN)
            hobbies = "、".join(self.two(HOBBIES_CN)[: self.number(0, 2)])
        if english or self.r() < 0.6:  # Chinese staff often give a QQ or 163 address
            email = f"{handle}@{company['_domain']}"
        else:
            email = f"{self.number(10**7, 10**10)}@{self.pick(('qq.com', '163.com'))}"
        birthday = self._birthday()
        decade = (self.today.year - birthday.year) // 10 * 10
        return {
            "name": name, "title": title, "department": department,
            "deal_role": self.pick(DEAL_ROLES_EN if english else DEAL_ROLES_CN),
            "birthday": birthday, "age_range": f"{decade}-{decade + 9}",
            "gender": "female" if female else "male", "mobile": self.mobile(),
            "work_phone": company["phone"], "email": email,
            "im": f"wx_{handle}{self.number(1, 99)}" if not english and self.r() < 0.3 else "",
            "hobbies": hobbies, "province": company["province"], "city": company["city"],
        }  # fmt: skip

    def _birthday(self) -> dt.date:
        # Some fall within the next month, so birthday reminders have something to show.
        ahead = int(self.r() * (30 if self.r() < 0.08 else 365))
        day = self.today + dt.timedelta(days=ahead)
        if (day.month, day.day) == (2, 29):
            day -= dt.timedelta(days=1)
        return day.replace(year=day.year - self.number(25, 60))
