"""Configuration from the environment.

``DATABASE_URL`` chooses the database (an SQLite file under ``instance/`` when unset);
``SECRET_KEY`` signs sessions (when unset, a random key is made once and kept in
``instance/secret_key`` so that sign-ins survive a restart of ``make run``);
``TIME_ZONE`` is the clock of the times in exports (an IANA name, checked at start-up).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo

from exports.values import DEFAULT_TIME_ZONE

INSTANCE_DIR = Path(os.environ.get("COLLECT_INSTANCE_DIR", Path(__file__).resolve().parent.parent / "instance"))


#: The languages of every page and message: Lao first.
LANGUAGES = ("lo", "en")


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres://"):  # the scheme some hosts still hand out
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url or f"sqlite:///{INSTANCE_DIR / 'collect.sqlite3'}"


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _time_zone() -> str:
    """The export time zone; an unknown name stops the start (ZoneInfoNotFoundError)."""
    name = os.environ.get("TIME_ZONE") or DEFAULT_TIME_ZONE
    ZoneInfo(name)
    return name


def _engine_options(url: str) -> dict:
    """Pool settings: a connection per gunicorn thread stays open between requests (a pool
    smaller than the threads would open and close connections all the time), and each
    thread keeps one more for statements that stand alone (``collect/store``)."""
    if url.startswith("sqlite"):
        return {}
    threads = int(os.environ.get("GUNICORN_THREADS", 8))
    size = int(os.environ.get("DATABASE_POOL_SIZE", 2 * threads + 2))
    return {"pool_size": size, "max_overflow": threads, "pool_timeout": 10}


class Config:
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = _engine_options(SQLALCHEMY_DATABASE_URI)
    #: How long an SQLite writer waits for another one before "database is locked".
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", 30_000))
    SECRET_KEY = _secret_key()
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    #: Set (1) when the service is only reached over HTTPS: cookies then never travel in clear.
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "") == "1"
    #: How many reverse proxies stand before the app (their X-Forwarded-* headers are trusted).
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", 0))
    #: The largest request body accepted (uploads included), in bytes.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 10 * 1024 * 1024))
    BABEL_DEFAULT_LOCALE = "lo"
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).parent / "web" / "translations")
    LANGUAGES = LANGUAGES
    API_TITLE = "collect"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    #: Where export files are written before they are served.
    EXPORT_DIR = os.environ.get("EXPORT_DIR", str(INSTANCE_DIR / "exports"))
    #: Above this many responses a direct export download is handed to the background worker.
    DIRECT_EXPORT_MAX_RESPONSES = int(os.environ.get("DIRECT_EXPORT_MAX_RESPONSES", 20_000))
    #: The clock of the times in exports (submission times, answers with an offset).
    TIME_ZONE = _time_zone()
    #: Redis for background exports (RQ), the queue's name, and how long jobs may run and are kept.
    REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    EXPORT_QUEUE = os.environ.get("EXPORT_QUEUE", "collect-exports")
    #: Where sign-in attempts are counted: Redis when REDIS_URL is set in the environment
    #: (every worker then shares the count), else each process's memory.
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    #: Sign-in attempts allowed per account and per address.
    SIGN_IN_LIMIT = os.environ.get("SIGN_IN_LIMIT", "10 per 15 minutes")
    EXPORT_JOB_TIMEOUT = int(os.environ.get("EXPORT_JOB_TIMEOUT", 3 * 3600))
    EXPORT_JOB_TTL = int(os.environ.get("EXPORT_JOB_TTL", 24 * 3600))
