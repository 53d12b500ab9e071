"""gunicorn's settings for collect, used by the Procfile and by bench/load.py.

Threads, not processes, carry most of the concurrency: a request spends its time waiting
on the database or the network, and each worker process holds the app (about 80 MB).
``WEB_CONCURRENCY`` sets the worker processes, ``GUNICORN_THREADS`` the threads of each,
``PORT`` the port. ``timeout`` is how long a worker may stay silent before the master
replaces it; direct exports that could take that long are handed to the export worker.
``GIL_SWITCH_INTERVAL`` is how long a thread may hold the interpreter while another waits.
"""
import os
import sys

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", 2))
threads = int(os.environ.get("GUNICORN_THREADS", 8))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# A worker is replaced now and then, so that no slow leak grows without bound; rarely,
# since a new worker spends about a second of CPU loading the app (at full load, 20,000
# requests came every 25 s).
max_requests = 200_000
max_requests_jitter = 20_000
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"


def post_worker_init(worker):
    """A thread whose database answer has come asks for the interpreter, and the thread
    holding it lets go within 1 ms instead of Python's 5. A submission is short stretches
    of work between waits, so with 5 ms turns the threads of a worker queued behind each
    other: bench/load.py at 50 clients takes about a tenth more submissions/s with 1 ms,
    with a shorter p99."""
    sys.setswitchinterval(float(os.environ.get("GIL_SWITCH_INTERVAL", "0.001")))
