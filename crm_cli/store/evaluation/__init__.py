"""Customer evaluations (EVL-1, 客户评价): a value grade, scores by name, a strategy and a
note, each evaluation dated and signed by its evaluator; the customer keeps its latest
grade and strategy (``customer.grade``, ``customer.strategy``) so lists filter on them in SQL.

Others may use: `evaluations` (`evaluate_customer`, `iter_evaluations`, `customer_evaluations`
for the 360 view), `records` (`Evaluation`), `settings` (grades, score names, strategies,
code prefix), `models` (store only). Depends on customers and core.
"""
