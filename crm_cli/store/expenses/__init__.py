"""Expenses (EXP-1): date, category, exact amount, the customer, opportunity or campaign they
were spent on; submitted, approved by the owner's manager or an admin, then locked.

Depends on campaigns, customers, sales and core.
"""
