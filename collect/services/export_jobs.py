"""Background exports on RQ (Redis), so that a large export never holds a web worker.

An analyst asks for an export; ``start_export`` queues it and answers at once with a job
id. A worker (``flask --app wsgi worker``) writes the file under ``EXPORT_DIR/jobs`` and
reports progress in the job's meta (responses done of total). The analyst polls the job
and downloads the file when it is finished; only the user who asked (or an admin) may.
Files and job records expire after ``EXPORT_JOB_TTL`` seconds. Where Redis is, the queue's
name, the folder and the times come as one :class:`JobSettings`, made from the app's
configuration by the web layer or the CLI, and handed to the job itself.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Mapping

from redis import Redis
from rq import Queue, SimpleWorker, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job

from ..problems import Problem
from ..store import commit, exports, release, rollback
from ..store.models import ExportRecord, Form, Role, User, utcnow
from .exporting import ExportDescription, count_responses, write_export

#: How often, in responses, a running export writes its progress to Redis.
PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class JobSettings:
    """Where background exports run and how long they are kept."""

    redis_url: str
    queue: str
    #: Finished files go to ``<export_dir>/jobs``.
    export_dir: str
    #: Seconds a finished (or failed) job and its file are kept.
    ttl: int
    #: Seconds a job may run.
    timeout: int

    @classmethod
    def from_config(cls, config: Mapping) -> "JobSettings":
        return cls(config["REDIS_URL"], config["EXPORT_QUEUE"], str(config["EXPORT_DIR"]),
                   config["EXPORT_JOB_TTL"], config["EXPORT_JOB_TIMEOUT"])


def redis_connection(settings: JobSettings) -> Redis:
    return Redis.from_url(settings.redis_url)


def export_queue(settings: JobSettings) -> Queue:
    return Queue(settings.queue, connection=redis_connection(settings))


def jobs_dir(settings: JobSettings) -> Path:
    path = Path(settings.export_dir) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def start_export(settings: JobSettings, export: ExportDescription) -> Job:
    """Queue ``export`` (already described and checked) for the worker, and list it on the
    form's exports page."""
    _remove_expired_files(settings)
    job = export_queue(settings).enqueue_call(
        run_export, kwargs={"settings": settings, "export": export},
        timeout=settings.timeout, result_ttl=settings.ttl, failure_ttl=settings.ttl,
        meta={"user_id": export.requested_by, "done": 0, "total": None, "extension": export.extension},
    )
    exports.add_record(ExportRecord(job_id=job.id, form_id=export.form_pk, user_id=export.requested_by,
                                    kind=export.kind, language=export.language, options=export.summary()))
    return job


def recent_exports(settings: JobSettings, form: Form, reader: User) -> list[dict]:
    """The background exports of ``form`` that ``reader`` asked for (an admin: everyone's),
    newest first, with each job's state, while their files are kept."""
    since = utcnow() - timedelta(seconds=settings.ttl)
    found = []
    for row in exports.records_of(form.id, None if reader.is_admin else reader.id, since):
        try:
            status = job_status(settings, row.job_id, reader)
        except Problem:
            continue
        found.append({"record": row, **status})
    return found


def run_export(settings: JobSettings, export: ExportDescription) -> dict:
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

        path = jobs_dir(settings) / f"{job.id}.{export.extension}"
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


def _fetch(settings: JobSettings, job_id: str, user: User) -> Job:
    try:
        job = Job.fetch(job_id, connection=redis_connection(settings))
    except NoSuchJobError:
        raise Problem("export_not_found") from None
    if job.meta.get("user_id") != user.id and user.role != Role.ADMIN:
        raise Problem("export_not_found")
    return job


def job_status(settings: JobSettings, job_id: str, user: User) -> dict:
    """How far the job is: id, status (queued, started, finished, failed), done, total."""
    job = _fetch(settings, job_id, user)
    status = job.get_status().value
    body = {"id": job.id, "status": status, "done": job.meta.get("done", 0), "total": job.meta.get("total")}
    if status == "failed":
        body["error"] = "The export failed; ask again or tell the administrator."
    return body


def job_file(settings: JobSettings, job_id: str, user: User) -> tuple[Path, str]:
    """The finished file of a job and its extension; ``export_not_ready`` before that."""
    job = _fetch(settings, job_id, user)
    if job.get_status().value != "finished":
        raise Problem("export_not_ready")
    path = jobs_dir(settings) / f"{job.id}.{job.meta['extension']}"
    if not path.exists():
        raise Problem("export_not_found")
    return path, job.meta["extension"]


def _remove_expired_files(settings: JobSettings) -> None:
    cutoff = time.time() - settings.ttl
    for path in jobs_dir(settings).iterdir():
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def work(settings: JobSettings, burst: bool = False) -> None:
    """Run a worker on the export queue in this process (no fork: the app context stays)."""
    SimpleWorker([export_queue(settings)], connection=redis_connection(settings)).work(burst=burst)
