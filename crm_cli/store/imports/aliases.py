"""A data table: the column headers of customer and contact files, in English and Chinese
(shared/reference/import-formats.md §1), and the rule that maps a header to a field.

A header is normalised first (``header_key``): NFKC (full-width brackets and letters to
ASCII), spaces, ideographic spaces, BOMs and line breaks removed, a leading ``*`` and a
trailing ``(*)``, ``(必填)``, ``(选填)`` or ``:`` dropped, Latin lower-cased without
``-`` and ``_``. It is then looked up exactly, else by the longest Chinese alias it
contains (``客户名称(全称)`` is the name). ``IGNORED`` marks the read-only columns crm's
own lists print (``id``, ``balance_owed`` …), so an export imports back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from crm_cli.store.core.errors import InvalidInput

IGNORED = "-"  # a column known and left out

CUSTOMER: dict[str, tuple[str, ...]] = {
    "code": ("客户编号", "客户编码", "客户代码", "客户代号", "编号", "code", "customer code"),
    "name": ("客户名称", "客户全称", "公司名称", "企业名称", "客户单位全称", "单位名称", "名称",
             "公司", "客户姓名", "客户", "name", "customer name", "customer", "company",
             "company name", "legal name"),
    "mnemonic": ("助记码", "拼音码", "mnemonic"),
    "keyword": ("关键字", "关键词", "查重关键字", "keyword"),
    "phone": ("电话", "联系电话", "座机", "座机电话", "固定电话", "办公电话", "注册电话",
              "公司电话", "phone", "telephone", "tel", "business phone"),
    "mobile": ("手机", "手机号", "手机号码", "移动电话", "联系人电话", "联系人手机", "mobile",
               "mobile phone", "cell"),
    "fax": ("传真", "联系传真", "fax", "business fax"),
    "email": ("邮箱", "电子邮箱", "电子邮件", "邮件", "联系人邮箱", "email", "e-mail",
              "e-mail address"),
    "website": ("网址", "客户网址", "网站", "公司网址", "website", "web page", "url"),
    "country": ("国家", "country"),
    "province": ("省", "省份", "注册地址(省)", "所在省份", "province", "state"),
    "city": ("市", "城市", "注册地址(市)", "所在城市", "city"),
    "address": ("详细地址", "地址", "公司地址", "客户地址", "联系地址", "注册地址", "address",
                "street", "business street"),
    "postcode": ("邮编", "邮政编码", "postcode", "postal code", "zip", "zip code"),
    "industry": ("客户行业", "所属行业", "行业", "行业划分", "国标行业", "industry", "sector"),
    "source": ("客户来源", "来源", "来源渠道", "线索来源", "source", "lead source"),
    "level": ("客户级别", "客户等级", "意向级别", "关系等级", "重要程度", "客户类别", "级别",
              "level", "rating", "tier"),
    "type": ("客户类型", "客户性质", "客户分类", "分类", "企业性质", "type", "category"),
    "status": ("状态", "客户状态", "成交状态", "跟进状态", "status", "stage"),
    "owner": ("负责人", "负责人名字", "业务负责人", "业务员", "销售员", "跟进人", "跟单员", "归属",
              "所属员工", "所属销售", "owner", "assigned to"),
    "registered": ("登记日期", "注册日期", "建档日期", "registered"),
    "is_public": ("公开", "是否公开", "public", "is_public"),
    "notes": ("备注", "备注信息", "描述", "客户简介", "notes", "note", "remarks", "description"),
    # The campaign the customer came from (CMP-1), by its code or name.
    "campaign_id": ("市场活动", "来源活动", "营销活动", "campaign", "source campaign"),
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "credit_code",
                    "credit code", "uscc"),
    # The customer's first contact, when a customer file names one.
    "contact": ("联系人", "联系人姓名", "客户联系人", "联系人名称", "contact", "contact name"),
    "title": ("职务", "职位", "title", "job title", "position"),
    # "grade" is crm's own: the newest evaluation's grade (set by `customer evaluate`), not
    # the level other CRMs may call a grade; like the strategy, an import leaves it out.
    IGNORED: ("id", "last_contact", "next_contact", "latest_progress", "last_order",
              "total_ordered", "total_received", "balance_owed", "audited", "created_at",
              "updated_at", "deleted", "delegated_to", "custom", "grade", "strategy"),
}  # fmt: skip

CONTACT: dict[str, tuple[str, ...]] = {
    "customer": ("客户名称", "客户", "公司", "公司名称", "企业名称", "所属客户", "客户全称",
                 "客户编号", "客户编码", "关联客户", "单位名称", "customer", "customer code",
                 "company", "account", "organization"),
    "code": ("联系人编号", "联系人编码", "编号", "code", "contact code"),
    "name": ("姓名", "联系人姓名", "联系人", "客户联系人", "联系人名称", "name", "contact",
             "contact name", "full name"),
    "mnemonic": ("助记码", "拼音码", "mnemonic"),
    "title": ("职务", "职位", "职业", "title", "job title", "position"),
    "department": ("部门", "所属部门", "department"),
    "deal_role": ("角色", "决策角色", "商务角色", "role", "deal role", "deal_role"),
    "birthday": ("生日", "出生日期", "birthday"),
    "age_range": ("年龄段", "age range"),
    "gender": ("性别", "gender", "sex"),
    "mobile": ("手机", "手机号", "手机号码", "移动电话", "联系人电话", "联系人手机", "mobile",
               "mobile phone", "cell"),
    "work_phone": ("电话", "办公电话", "工作电话", "座机", "固定电话", "联系电话", "phone",
                   "work phone", "business phone", "telephone", "tel"),
    "home_phone": ("家庭电话", "住宅电话", "home phone"),
    "email": ("邮箱", "电子邮箱", "电子邮件", "联系人邮箱", "email", "e-mail", "e-mail address"),
    "im": ("QQ", "微信", "微信号", "QQ/微信", "wechat", "wechat id", "im"),
    "spouse": ("配偶", "spouse"),
    "hobbies": ("爱好", "兴趣爱好", "hobbies"),
    "province": ("省", "省份", "province", "state"),
    "city": ("市", "城市", "city"),
    "notes": ("备注", "备注信息", "描述", "notes", "note", "remarks", "description"),
    IGNORED: ("id", "customer_name", "created_at", "updated_at"),
}  # fmt: skip

_TRAILING = re.compile(r"(\(\*\)|\(必填\)|\(选填\)|\(必选\)|:)+$")
_LATIN_DROPPED = str.maketrans("", "", "-_")


def header_key(text: str) -> str:
    """A header as looked up: "*客户名称（必填）" → "客户名称", "E-Mail" → "email"."""
    key = "".join(unicodedata.normalize("NFKC", text).replace("\ufeff", "").split())
    key = _TRAILING.sub("", key.lstrip("*"))
    return key.lower().translate(_LATIN_DROPPED)


def alias_table(table: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Normalised header → field, from a table of field → headers."""
    return {header_key(alias): field for field, aliases in table.items() for alias in aliases}


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in text)


class Headers:
    """How one import maps its file's headers: the record type's aliases, the user's
    ``--map`` (header → field, or ``-`` to leave a column out), and ``--ignore-unknown``."""

    def __init__(
        self,
        aliases: Mapping[str, str],
        mapped: Mapping[str, str] | None = None,
        *,
        ignore_unknown: bool = False,
    ) -> None:
        self.aliases = dict(aliases)
        self.mapped = {header_key(k): v for k, v in (mapped or {}).items()}
        self.ignore_unknown = ignore_unknown
        # Longest first: "客户名称" before "名称" when both are in a header.
        self._contained = sorted(
            (k for k in self.aliases if _has_cjk(k) and len(k) >= 2), key=len, reverse=True
        )

    def field(self, header: str) -> str | None:
        """The field of ``header``; ``IGNORED`` to leave it out; None when unknown."""
        key = header_key(header)
        if key in self.mapped:
            return self.mapped[key] or IGNORED
        if key in self.aliases:
            return self.aliases[key]
        if _has_cjk(key):
            for alias in self._contained:
                if alias in key:
                    return self.aliases[alias]
        return None

    def hits(self, cells: list[str]) -> int:
        """How many of ``cells`` are known headers: the header row has the most."""
        return sum(1 for cell in cells if cell.strip() and self.field(cell) is not None)

    def columns(self, cells: list[str], name: str) -> tuple[dict[int, str], dict[str, str]]:
        """Column positions → fields, and fields → headers as written.

        Raises:
            InvalidInput: an unknown header (unless ignored), two headers for one field, or
                a ``--map`` header the file does not have.
        """
        positions: dict[int, str] = {}
        labels: dict[str, str] = {}
        unknown: list[str] = []
        seen: set[str] = set()
        for index, cell in enumerate(cells):
            if not header_key(cell):
                continue
            seen.add(header_key(cell))
            field = self.field(cell)
            if field is None:
                unknown.append(cell.strip())
            elif field == IGNORED:
                continue
            elif field in labels:
                raise InvalidInput(
                    "cannot import {name!r}: columns {labels!r} and {cell!r} "
                    'are both {field!r}; leave one out with --map "{cell}=-"',
                    name=name,
                    labels=labels[field],
                    cell=cell.strip(),
                    field=field,
                )
            else:
                positions[index] = field
                labels[field] = cell.strip()
        missing = [header for header in self.mapped if header not in seen]
        if missing:
            raise InvalidInput(
                "cannot import {name!r}: --map names column {missing!r}, "
                "which the file does not have", name=name, missing=missing[0],
            )  # fmt: skip
        if unknown and not self.ignore_unknown:
            raise InvalidInput(
                "cannot import {name!r}: unknown column {columns}; "
                'name its field with --map "COLUMN=FIELD" or pass --ignore-unknown',
                name=name,
                columns=", ".join(map(repr, unknown)),
            )
        return positions, labels
