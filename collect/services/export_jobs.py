"""Background exports on RQ (Redis), so that a large export never holds a web worker.

An analyst asks for an export; ``start_export`` queues it and answers at once with a job
id. A worker (``flask --app wsgi worker``) writes the file under ``EXPORT_DIR/jobs`` and
reports progress in the job's meta (responses done of total). The analyst polls the job
and downloads the file when it is finished; only the user who asked (or an admin) may.
Files and job records expire after ``EXPORT_JOB_TTL`` seconds.
"""
from __future__ import annotations

import time
from pathlib import Path

from flask import current_app
from redis import Redis
from rq import Queue, SimpleWorker, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job

from ..problems import Problem
from ..store import commit, release, rollback
from ..store.models import Role, User
from .exporting import ExportDescription, count_responses, write_export

#: How often, in responses, a running export writes its progress to Redis.
PROGRESS_EVERY = 2000


def redis_connection() -> Redis:
    return Redis.from_url(current_app.config["REDIS_URL"])


def export_queue() -> Queue:
    return Queue(current_app.config["EXPORT_QUEUE"], connection=redis_connection())


def jobs_dir() -> Path:
    path = Path(current_app.config["EXPORT_DIR"]) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def start_export(export: ExportDescription) -> Job:
    """Queue ``export`` (already described and checked) for the worker."""
    _remove_expired_files()
    ttl = current_app.config["EXPORT_JOB_TTL"]
    return export_queue().enqueue_call(
        run_export, kwargs={"export": export},
        timeout=current_app.config["EXPORT_JOB_TIMEOUT"], result_ttl=ttl, failure_ttl=ttl,
        meta={"user_id": export.requested_by, "done": 0, "total": None, "extension": export.extension},
    )


def run_export(export: ExportDescription) -> dict:
    """The job itself; runs in the worker, inside an application context."""
    job = get_current_job()
    try:
        job.meta["total"] = count_responses(export)
        job.save_meta()
        done = 0

        def progress(step: int) -> None:
            nonlocal done
            done += step
            if done % PROGRESS_EVERY == 0:
                job.meta["done"] = done
                job.save_meta()

        path = jobs_dir() / f"{job.id}.{export.extension}"
        write_export(export, path, progress=progress, job=job.id)
        job.meta["done"] = done
        job.save_meta()
        commit()
        return {"file": path.name, "responses": done}
    except BaseException:
        rollback()
        raise
    finally:
        release()


def _fetch(job_id: str, user: User) -> Job:
    try:
        job = Job.fetch(job_id, connection=redis_connection())
    except NoSuchJobError:
        raise Problem("export_not_found") from None
    if job.meta.get("user_id") != user.id and user.role != Role.ADMIN:
        raise Problem("export_not_found")
    return job


def job_status(job_id: str, user: User) -> dict:
    """How far the job is: id, status (queued, started, finished, failed), done, total."""
    job = _fetch(job_id, user)
    status = job.get_status().value
    body = {"id": job.id, "status": status, "done": job.meta.get("done", 0), "total": job.meta.get("total")}
    if status == "failed":
        body["error"] = "The export failed; ask again or tell the administrator."
    return body


def job_file(job_id: str, user: User) -> tuple[Path, str]:
    """The finished file of a job and its extension; ``export_not_ready`` before that."""
    job = _fetch(job_id, user)
    if job.get_status().value != "finished":
        raise Problem("export_not_ready")
    path = jobs_dir() / f"{job.id}.{job.meta['extension']}"
    if not path.exists():
        raise Problem("export_not_found")
    return path, job.meta["extension"]


def _remove_expired_files() -> None:
    cutoff = time.time() - current_app.config["EXPORT_JOB_TTL"]
    for path in jobs_dir().iterdir():
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def work(burst: bool = False) -> None:
    """Run a worker on the export queue in this process (no fork: the app context stays)."""
    SimpleWorker([export_queue()], connection=redis_connection()).work(burst=burst)
