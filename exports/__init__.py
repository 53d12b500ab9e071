"""Workbooks and CSV from a form definition and a stream of responses.

Imports neither Flask nor the database: the web app, the command line, a background job or
a notebook feed it :class:`~exports.records.ResponseRecord` objects from any iterable.
"""
from .atomic import write_atomically
from .raw import write_csv, write_xlsx
from .records import EventInfo, ResponseRecord
from .workbook import ExportOptions, export_workbook, write_workbook

__all__ = ["EventInfo", "ExportOptions", "ResponseRecord", "export_workbook", "write_atomically",
           "write_csv", "write_workbook", "write_xlsx"]
