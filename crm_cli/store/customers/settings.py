"""The customers domain's team settings: the prefixes of customer and contact codes."""

from __future__ import annotations

from crm_cli.store.core.settings import code_prefix, register

register("code.customer_prefix", "C", "prefix of customer codes", code_prefix)
register("code.contact_prefix", "CT", "prefix of contact codes", code_prefix)
