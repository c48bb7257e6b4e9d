"""Expenses (EXP-1): date, category, exact amount, the customer, opportunity or campaign they
were spent on; submitted, approved by the owner's manager or an admin, then locked.

Others may use: `expenses` (add, edit, submit, approve, reject, delete, and
`may_approve_expense` for the approval inbox), `views` (`iter_expenses`, `get_expense`, the
rows the 360 view reads), `records` (`Expense`), `settings` (categories, code prefix),
`models` (store only). Depends on campaigns, customers, sales and core.
"""
