"""Sales targets (TGT-1): per user or department, per month, quarter or year, for approved
order amount, receipts, new customers and contact records; attainment as of a date.

Depends on the domains whose records attainment counts (activity, customers, sales) and core.
"""
