"""Workbooks and CSV from a form definition and a stream of responses.

Imports neither Flask nor the database: the web app, the command line, a background job or
a notebook feed it :class:`~exports.records.ResponseRecord` objects from any iterable.
"""
