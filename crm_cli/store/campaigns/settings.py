"""The campaign domain's team settings: the types and stages of campaigns, the code prefix."""

from __future__ import annotations

import re
from collections.abc import Callable

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.settings import code_prefix, register, value_of

TYPES = "campaign.types"
STAGES = "campaign.stages"
# 展会, 研讨会, 网络推广, 邮件营销, 电话营销, 转介绍, 其他
DEFAULT_TYPES = "exhibition,seminar,online_ads,email,telemarketing,referral,other"
# 计划中, 进行中, 已结束, 已取消: the first is a new campaign's stage.
DEFAULT_STAGES = "planned,active,finished,cancelled"


def _words(what: str, example: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        """Comma-separated words, at least one, each at most 32 characters."""
        words = [w.strip().lower().replace(" ", "_") for w in value.split(",") if w.strip()]
        if not words:
            raise InvalidInput(
                "list at least one campaign {what}, e.g. {example}", what=what, example=example
            )
        bad = [w for w in words if len(w) > 32 or not re.fullmatch(r"[\w-]+", w)]
        if bad:
            raise InvalidInput(
                "invalid campaign {what} {bad!r}: one word of at most 32 characters",
                what=what,
                bad=bad[0],
            )
        return ",".join(dict.fromkeys(words))

    return check


register(TYPES, DEFAULT_TYPES, "the types of campaigns, comma-separated",
         _words("type", "exhibition,seminar"))  # fmt: skip
register(STAGES, DEFAULT_STAGES, "the stages of campaigns in order, comma-separated; the "
         "first is a new campaign's", _words("stage", "planned,active,finished"))  # fmt: skip
register("code.campaign_prefix", "CP", "prefix of campaign codes", code_prefix)


def campaign_types() -> list[str]:
    return value_of(TYPES).split(",")


def campaign_stages() -> list[str]:
    return value_of(STAGES).split(",")
