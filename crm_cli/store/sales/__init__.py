"""The sales flow: opportunities, products and price books, quotes (with import and print),
orders with approval, payment plans, payments, receivables and service-fee renewals.

Others may use: the aggregate modules (`opportunities`, `products`, `pricebooks`,
`quotes`, `quote_import`, `orders`, `order_flow`, `plans`, `payments`, `receivables`,
`renewals`), their records (`order_records`, `quote_records`), `lines` (pricing),
`settings` (codes, plan, letterhead), `events` (`deal_listeners`: what a deal sets off)
and `models` (store only). Depends on customers and core, never on the pool: the pool
listens to `events`. `wiring` adds the sales rules to the layers below.
"""
