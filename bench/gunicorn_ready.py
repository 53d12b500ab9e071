"""gunicorn.conf.py, unchanged, and in its worker hook a mark that tells bench/load.py when a worker serves.

gunicorn binds the port before it forks its workers, and a worker accepts connections
only once it has loaded the app (collect takes about a second). Clients that connect in
between wait in the listen backlog, and the first worker to be ready accepts them all:
with keep-alive connections the other workers then serve nothing for the whole run, and
the bench would measure one worker against the baseline's two. Each worker marks itself
ready here, and bench/load.py drives no load before every worker has.
"""
import contextlib
import os
from pathlib import Path

exec(compile((Path(__file__).resolve().parents[1] / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"))
_project_post_worker_init = post_worker_init  # noqa: F821 (defined by gunicorn.conf.py)


def post_worker_init(worker):
    _project_post_worker_init(worker)
    with contextlib.suppress(OSError):  # a worker replaced after the bench stopped waiting
        (Path(os.environ["BENCH_READY_DIR"]) / str(worker.pid)).touch()
