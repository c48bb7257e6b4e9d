"""The sales flow: opportunities, products and price books, quotes (with print),
orders with approval, payment plans, payments, receivables and service-fee renewals.

Others may use: the aggregate modules (`opportunities`, `products`, `pricebooks`,
`quotes`, `orders`, `order_flow`, `plans`, `payments`, `receivables`,
`renewals`, `ledger`: the receivables as dated entries for `receivable export`,
`opportunity_terms`, `order_terms`, `quote_terms`, `receivable_terms`, `receipt_terms`,
`product_terms`: the query language's words for each list, `arrears`: what is owed and
overdue in SQL), their records (`order_records`, `quote_records`), `lines` (pricing),
`tax` (VAT on lines: rates, rounding, a document's totals), `settings` (codes, plan, VAT,
letterhead), the rules a quote file is checked and written by (`quote_checks`,
`quote_lookups`, `quote_writes`: the import engine's quote spec runs them;
`quote_imported` reads back what it made), `events` (`deal_listeners`: what a deal sets
off) and `models` (store only). Depends on customers and core, never on the pool: the pool
listens to `events`. `wiring` adds the sales rules to the layers below.
"""
