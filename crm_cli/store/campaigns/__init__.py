"""Marketing campaigns (CMP-1): type, stage, dates, budget, expected revenue and responses;
the customers (their source campaign) and opportunities linked to one.

Everyone sees every live campaign; managers and admins add and delete them, and they and a
campaign's owner change it; linking a record takes edit rights on its customer. What a
campaign brought in sums expenses and orders, so it lives above: `overview.campaign_results`.

Others may use: `campaigns` (add, edit, delete), `links` (link, unlink, `add_customer_from`
for `customer add --campaign`), `deals` (an opportunity added or edited with its campaign),
`views` (`iter_campaigns`, `get_campaign`), `campaign_terms` (what query-language
terms mean for campaigns), `lookup` (`find_row`, `Codes` for imports, who
may change one), `records` (`Campaign`, `Linked`), `settings` (types, stages, code prefix),
`models` (store only). Depends on customers, sales and core.
"""
