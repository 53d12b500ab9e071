"""Connection settings the two databases need to behave alike under concurrent requests.

SQLite serialises writers: with WAL, readers never wait for a writer, and a busy timeout
makes a writer wait its turn (up to ``SQLITE_BUSY_TIMEOUT_MS``) instead of failing with
"database is locked". PostgreSQL needs nothing here; a broken connection is found by the
statement that uses it (no ping per checkout), and the pool then replaces its connections.
"""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def tune_engine(engine: Engine) -> None:
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _sqlite_pragmas):
        event.listen(engine, "connect", _sqlite_pragmas)
