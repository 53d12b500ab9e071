"""A statement compiled once per database dialect and run as its SQL text.

``connection.execute(statement)`` finds the statement's compiled form in SQLAlchemy's
cache (which first computes the statement's cache key) and sets up each parameter on
every run; for the one INSERT every submission makes, that was about a twentieth of the
submission's CPU. A :class:`Rendered` statement does that once, and runs with
``exec_driver_sql``, which still fires the engine's events and turns driver errors into
SQLAlchemy's (a lost connection is recognised, the pool replaced). Each value is still
converted as its column type converts it (JSON, times on SQLite), by the type's own bind
processor.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy.engine import Connection, CursorResult, Dialect
from sqlalchemy.sql import ClauseElement


@dataclass(frozen=True)
class Rendered:
    """A statement's SQL for one dialect, and how to turn values into its parameters."""

    sql: str
    #: The parameters' names in the order of their placeholders, for a positional paramstyle (SQLite's).
    order: tuple[str, ...] | None
    #: name -> the bind processor of the parameter's type, for those types that have one.
    processors: tuple[tuple[str, Callable], ...]

    @classmethod
    def of(cls, statement: ClauseElement, dialect: Dialect) -> "Rendered":
        """``statement``, whose every parameter is a named ``bindparam`` without a value."""
        compiled = statement.compile(dialect=dialect)
        processors = {}
        for bind in compiled.binds.values():
            if bind.value is not None or not bind.required:
                raise ValueError(f"{bind.key}: a rendered statement takes every value as a parameter")
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                processors[bind.key] = process
        order = tuple(compiled.positiontup) if compiled.positional else None
        return cls(compiled.string, order, tuple(processors.items()))

    def run(self, connection: Connection, values: dict) -> CursorResult:
        values = dict(values)
        for name, process in self.processors:
            values[name] = process(values[name])
        parameters = tuple(values[name] for name in self.order) if self.order is not None else values
        return connection.exec_driver_sql(self.sql, parameters)
