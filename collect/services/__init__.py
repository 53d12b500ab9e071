"""Use cases: what the application does, in plain values in and plain values out.

Services never see a request object, never build a URL and never send a file; they call
the store for data and ``forms/`` and ``exports/`` for form definitions and files, raise
:class:`collect.problems.Problem` when something cannot be done, and never commit (the
request boundary, a CLI command or a job does, once).
"""
