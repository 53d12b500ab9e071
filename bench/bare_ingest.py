"""The baseline of bench/load.py: the least a server can do to take a submission.

A bare WSGI app, run by gunicorn with the project's own settings, that reads the body,
takes its ``uuid`` and stores the body with one ``INSERT … ON CONFLICT DO NOTHING`` on a
psycopg connection of its thread, committed before it answers. collect's ingestion is
measured against it: everything collect does beyond this (checking the link, validating
the answers, the request boundary) is what the ratio prices.
"""
from __future__ import annotations

import json
import os
import threading

import psycopg

TABLE = "bench_bare_submission"
_local = threading.local()


def _connection() -> psycopg.Connection:
    if getattr(_local, "connection", None) is None or _local.connection.closed:
        _local.connection = psycopg.connect(os.environ["BARE_DATABASE_URL"])
    return _local.connection


def create_table(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP TABLE IF EXISTS {TABLE}")
        connection.execute(f"CREATE TABLE {TABLE} (uuid varchar(36) PRIMARY KEY, body jsonb NOT NULL)")


def app(environ, start_response):
    size = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(size)
    submission_uuid = json.loads(body)["uuid"]
    connection = _connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} (uuid, body) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                           (submission_uuid, body.decode("utf-8")))
            created = cursor.rowcount == 1
        connection.commit()
    except psycopg.Error:
        connection.close()
        start_response("503 Service Unavailable", [("Content-Type", "application/json"), ("Retry-After", "5")])
        return [b'{"error": {"code": "database_unavailable"}}']
    answer = json.dumps({"uuid": submission_uuid, "status": "received" if created else "already_received"})
    start_response("201 Created" if created else "200 OK", [("Content-Type", "application/json")])
    return [answer.encode()]
