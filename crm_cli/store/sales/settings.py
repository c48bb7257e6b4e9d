"""The sales domain's team settings: code prefixes, the opportunity threshold, the default
payment plan, VAT (``tax.rate``, ``tax.prices_include``: read by ``tax``), and our
letterhead on printed quotes and dunning letters."""

from __future__ import annotations

import re
from decimal import Decimal

from crm_cli.store.core.db import reading
from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.records import User
from crm_cli.store.core.settings import code_prefix, int_between, register, value_of
from crm_cli.store.core.values import FALSE_WORDS, TRUE_WORDS
from crm_cli.store.sales.tax import PRICES_INCLUDE, TAX_RATE, parse_tax_rate

register("code.opportunity_prefix", "OP", "prefix of opportunity codes", code_prefix)
register("code.quote_prefix", "Q", "prefix of quote codes", code_prefix)
register("code.order_prefix", "SO", "prefix of sales order codes", code_prefix)
register("code.payment_prefix", "R", "prefix of receipt (payment) codes", code_prefix)
register(
    "opportunity.min_probability", "30",
    "opportunities below this probability (%) need --force", int_between(0, 100),
)  # fmt: skip


STAGES = "opportunity.stages"
# The demo's stages, each with its Chinese name as a synonym (初步接洽, 需求确认, 方案报价,
# 商务谈判): a stage is listed once, as "name|synonym|…", in pipeline order.
DEFAULT_STAGES = (
    "qualification|初步接洽,needs analysis|需求确认,proposal|方案报价,negotiation|商务谈判"
)


def _stages(value: str) -> str:
    """Stages in pipeline order, comma-separated; synonyms of a stage after ``|``."""
    stages = [[n.strip() for n in s.split("|") if n.strip()] for s in value.split(",")]
    stages = [names for names in stages if names]
    names = [n for names in stages for n in names]
    if not names:
        raise InvalidInput("list the stages in order, e.g. qualification,proposal,negotiation")
    if len(set(names)) < len(names) or any(len(n) > 64 for n in names):
        raise InvalidInput("each stage name once, at most 64 characters")
    return ",".join("|".join(s) for s in stages)


register(STAGES, DEFAULT_STAGES, "the opportunities' stages in pipeline order, comma-"
         "separated, each with its synonyms after | (the funnel report's order)",
         _stages)  # fmt: skip


def pipeline_stages() -> list[list[str]]:
    """Each stage's names in pipeline order (its name first, then its synonyms)."""
    return [s.split("|") for s in value_of(STAGES).split(",")]


def _ratios(value: str) -> str:
    """A default payment plan as percentages, e.g. "30,70"; empty for no plan."""
    value = value.replace(" ", "")
    if not value:
        return ""
    try:
        parts = [Decimal(p) for p in value.split(",")]
    except ArithmeticError:
        raise InvalidInput(
            "invalid plan {value!r}: use percentages like 30,70", value=value
        ) from None
    if any(p <= 0 for p in parts) or sum(parts) != 100:
        raise InvalidInput(
            "invalid plan {value!r}: positive percentages summing to 100", value=value
        )
    return ",".join(str(p) for p in parts)


register(
    "order.default_plan", "",
    "installment percentages new orders get, one month apart from the due date (e.g. 30,70)",
    _ratios,
)  # fmt: skip


def _true_false(value: str) -> str:
    word = value.strip().lower()
    if word not in TRUE_WORDS | FALSE_WORDS or not word:
        raise InvalidInput("expected true or false")
    return "true" if word in TRUE_WORDS else "false"


# 13 % is the general VAT rate on goods in China; a product's own rate comes first.
register(TAX_RATE, "13", "VAT rate (%) of products without their own (13, 9, 6, 0 …)",
         lambda text: str(parse_tax_rate(text)))  # fmt: skip
# Chinese quotes are usually 含税价: the price the customer pays, tax included.
register(
    PRICES_INCLUDE, "true",
    "true: prices on new lines include VAT (含税价); false: VAT is added to them",
    _true_false,
)  # fmt: skip


RECORDERS = "payment.recorders"
# Who may record receipts and re-plan an approved order, besides listed logins.
RECORDER_WORDS = ("owner", "manager", "admin")


def _recorders(value: str) -> str:
    words = [w.strip() for w in value.replace(" ", ",").split(",") if w.strip()]
    bad = [w for w in words if not re.fullmatch(r"[A-Za-z0-9_.@-]{1,64}", w)]
    if bad:
        raise InvalidInput(
            "invalid {bad}: list owner, manager, admin or logins", bad=", ".join(map(repr, bad))
        )
    return ",".join(dict.fromkeys(words))


register(
    RECORDERS, "manager,admin",
    "who records receipts and re-plans approved orders: owner (the order's), manager (the "
    "owner's managers), admin, or logins, comma-separated",
    _recorders,
)  # fmt: skip


def _line(value: str) -> str:
    value = " ".join(value.split())
    if len(value) > 200:
        raise InvalidInput("at most 200 characters")
    return value


register("company.name", "", "our company's name, printed on quotes and dunning letters", _line)
register("company.address", "", "our address, printed on quotes and dunning letters", _line)
register("company.phone", "", "our phone, printed on quotes and dunning letters", _line)
register("company.tax_number", "", "our taxpayer number (纳税人识别号) on printed documents", _line)
register("company.bank", "", "our bank (开户行), printed so customers know where to pay", _line)
register("company.account", "", "our bank account (银行账号), printed beside the bank", _line)

LETTERHEAD = (
    ("company.name", "发件方 From"), ("company.address", "地址 Address"),
    ("company.phone", "电话 Phone"), ("company.tax_number", "纳税人识别号 Tax ID"),
    ("company.bank", "开户行 Bank"), ("company.account", "账号 Account"),
)  # fmt: skip


@reading
def letterhead(actor: User) -> list[tuple[str, str]]:
    """Who sends our printed documents: (label, value) lines of the company settings."""
    return [(label, value) for key, label in LETTERHEAD if (value := value_of(key))]
