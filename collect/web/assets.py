"""Static files a phone downloads once: fingerprinted addresses, long caching, gzip.

Every ``url_for('static', ...)`` gets ``?v=<content hash>``, so a changed file gets a new
address and an unchanged one can be cached for a year (``immutable``: not even a
revalidation on reload — what matters on 3G). Scripts and stylesheets are served without
their comments and indentation (rJSmin and rCSSmin, made to minify at run time), so the
sources stay readable and a phone downloads about a quarter less. Text responses are
gzipped when the client accepts it (participant pages and static files only); a static
file is minified and compressed once and kept in memory.
"""
from __future__ import annotations

import gzip
import hashlib
import os
from functools import lru_cache

import rcssmin
import rjsmin
from flask import Response, current_app, request
from werkzeug.security import safe_join

ONE_YEAR = 31_536_000
#: Bodies smaller than this gain nothing from gzip.
MIN_COMPRESS_BYTES = 512
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
MINIFIERS = {"text/javascript": rjsmin.jsmin, "application/javascript": rjsmin.jsmin, "text/css": rcssmin.cssmin}


@lru_cache(maxsize=128)
def _hash(path: str, _mtime_ns: int) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:12]


def fingerprint(filename: str) -> str | None:
    """The content hash of a file in the static folder, or None if there is no such file."""
    path = safe_join(current_app.static_folder, filename)
    if path is None or not os.path.isfile(path):
        return None
    return _hash(path, os.stat(path).st_mtime_ns)


def add_fingerprint(endpoint: str, values: dict) -> None:
    """``url_defaults`` hook: put the content hash into every static address."""
    if endpoint == "static" and "v" not in values and "filename" in values:
        version = fingerprint(values["filename"])
        if version:
            values["v"] = version


@lru_cache(maxsize=64)
def _minified(data: bytes, mimetype: str) -> bytes:
    return MINIFIERS[mimetype](data)


@lru_cache(maxsize=64)
def _gzipped_static(data: bytes) -> bytes:
    return gzip.compress(data, 6)


def _minify(response: Response) -> None:
    if request.endpoint != "static" or response.status_code != 200 or response.mimetype not in MINIFIERS:
        return
    response.direct_passthrough = False
    response.set_data(_minified(response.get_data(), response.mimetype))


def _compress(response: Response) -> None:
    # Only the small pages phones fetch: participant pages and static files. Downloads
    # (exports) are streamed or large, and reading them whole into memory would hurt.
    endpoint = request.endpoint or ""
    if (not (endpoint == "static" or endpoint.startswith("participant."))
            or response.status_code != 200 or "Content-Encoding" in response.headers
            or not (response.mimetype or "").startswith(COMPRESSIBLE)
            or (response.is_streamed and not response.direct_passthrough)):
        return
    response.vary.add("Accept-Encoding")
    if "gzip" not in request.headers.get("Accept-Encoding", ""):
        return
    response.direct_passthrough = False
    data = response.get_data()
    if len(data) < MIN_COMPRESS_BYTES:
        return
    body = _gzipped_static(data) if endpoint == "static" else gzip.compress(data, 6)
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(etag + "-gz", weak)


def cache_and_compress(response: Response) -> Response:
    """``after_request`` hook: cache fingerprinted static files for a year, minify scripts and
    stylesheets, gzip text."""
    if request.endpoint == "static" and response.status_code in (200, 304):
        filename = (request.view_args or {}).get("filename", "")
        if request.args.get("v") and request.args.get("v") == fingerprint(filename):
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
    _minify(response)
    _compress(response)
    return response
