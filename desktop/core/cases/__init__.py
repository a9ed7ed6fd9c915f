"""Victim reception cases: the workflow rules, the services the UI calls, the case list."""
