"""The preset analyses about money owed, people's time, service and the pipeline (RPT-2):
receivables aging, the funnel, contact records, expenses, service feedback, success rates
and deal cycles. Importing the package registers each one (`analysis.presets.register`)."""
