"""The preset analyses about money owed, people's time, service and the pipeline (RPT-2):
receivables aging and per customer (`receivables`), the funnel, lost opportunities and the
deal cycle (`pipeline`), time spent, contacts per customer and contact success
(`contacts`), top customers with their contacts' hobbies and service feedback
(`customers`), expenses and their trend (`expenses`); `_common` holds what they share.
`analysis.presets.load` imports every module here, and each registers its presets
(`analysis.presets.register`)."""
