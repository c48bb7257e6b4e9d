"""The app's screens, one per file: home (工作台), the customer center, the public pool,
the calendar.

A screen reaches the app as `self.app` typed `ports.Crm`, never by importing `app.py`.
"""
