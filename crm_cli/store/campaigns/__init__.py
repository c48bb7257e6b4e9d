"""Marketing campaigns (CMP-1): type, stage, dates, budget, expected revenue and responses;
the customers (their source campaign) and opportunities linked to one.

Depends on customers, sales and core.
"""
