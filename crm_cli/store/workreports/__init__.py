"""Work reports (WRK-1, 日报/周报/月报): a person's report for a day, week or month, its
reference figures (参考数据) collected from the data, submission on time or late by n days,
and the comments of the people above the writer.

Depends on the domains whose records the figures count (activity, customers, sales, service)
and core.
"""
