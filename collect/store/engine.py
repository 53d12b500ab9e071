"""Connection settings the two databases need to behave alike under concurrent requests.

SQLite serialises writers: with WAL, readers never wait for a writer, and a busy timeout
makes a writer wait its turn (``SQLITE_BUSY_TIMEOUT_MS``) instead of failing at once with
"database is locked". PostgreSQL needs nothing here: a broken connection is found by the
statement that uses it (no ping per checkout), and the pool then replaces its connections.
"""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine


def tune_engine(engine: Engine, sqlite_busy_timeout_ms: int) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(sqlite_busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
