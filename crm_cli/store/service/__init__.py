"""After-sales service (SRV-1): service tickets (服务派遣, 服务记录, 投诉记录) from the request
to the customer's feedback, and the next service each one plans.

Others may use: `tickets` (add, edit, assign, start, resolve, close, reopen, feedback,
delete), `views` (`iter_tickets`, `get_ticket`, the rows the 360 view and the digest
read), `ticket_terms` (what query-language terms mean for tickets), `records` (`Ticket`),
`settings` (ticket types, code prefix), `models` (store only). Depends on sales
(products, order lines), customers and core.
"""
