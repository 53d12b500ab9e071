"""Real database faults for tests, without stopping the machine's shared database server.

``TcpProxy`` stands between the app and PostgreSQL: ``cut()`` drops every open connection
and refuses new ones, exactly what the app sees when PostgreSQL stops or restarts;
``restore()`` lets connections through again on the same port. ``terminate_on_commit``
kills the app's own PostgreSQL backend at the moment it is about to COMMIT, so that the
COMMIT itself fails. ``sqlite_write_lock`` holds SQLite's write lock from another
connection, as a second process writing would.
"""
from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading

import psycopg
from sqlalchemy import event
from sqlalchemy.engine import make_url


class TcpProxy:
    """Forwards 127.0.0.1:<port> to ``target`` until cut."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._serve()

    def _serve(self) -> None:
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
            with self._lock:
                self._open.difference_update((source, sink))

    def cut(self) -> None:
        """The database is gone: open connections are reset, new ones refused."""
        with contextlib.suppress(OSError):  # wakes the thread blocked in accept()
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            ends, self._open = list(self._open), set()
        for end in ends:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def restore(self) -> None:
        """The database is back, on the same address."""
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._serve()

    def url(self, database_url: str) -> str:
        """``database_url`` rewritten to go through this proxy."""
        return make_url(database_url).set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)


def postgres_address(database_url: str) -> tuple[str, int]:
    url = make_url(database_url)
    return url.host or "127.0.0.1", url.port or 5432


def commits_as_it_runs(connection) -> bool:
    """Whether statements on ``connection`` (SQLAlchemy's) commit as they run: autocommit."""
    return connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"


@contextlib.contextmanager
def terminate_on_commit(engine, database_url: str, times: int = 1):
    """Make the next ``times`` commits on ``engine`` fail: the backend is terminated from
    another connection just before the COMMIT reaches it, or, for a write that commits as
    it runs (autocommit), just before the write does."""
    left = [times]
    url = make_url(database_url).set(drivername="postgresql")

    def kill(connection) -> None:
        if left[0] <= 0:
            return
        left[0] -= 1
        pid = connection.connection.dbapi_connection.info.backend_pid
        with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s, 10000)", (pid,))  # returns once it is gone

    def kill_alone(connection, cursor, statement, parameters, context, executemany) -> None:
        if commits_as_it_runs(connection) and statement.split()[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            kill(connection)

    event.listen(engine, "commit", kill)
    event.listen(engine, "before_cursor_execute", kill_alone)
    try:
        yield left
    finally:
        event.remove(engine, "commit", kill)
        event.remove(engine, "before_cursor_execute", kill_alone)


@contextlib.contextmanager
def sqlite_write_lock(database_url: str):
    """Hold SQLite's write lock (``BEGIN IMMEDIATE``) from another connection."""
    path = make_url(database_url).database
    holder = sqlite3.connect(path, isolation_level=None, timeout=5)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()
