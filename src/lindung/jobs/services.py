"""Start and run background jobs.

A job kind is a function registered with `@job_handler("kind")` taking `(job, progress)` and
returning a JSON-safe result. `job_start` stores the job and runs it in a separate
`lindung run-job ID` process, so a page returns at once and polls the job's progress. Handlers
commit their work in batches; progress rows are written between batches.
"""

from __future__ import annotations

import subprocess
import sys
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lindung.audit.services import audit_record
from lindung.jobs.models import Job, JobStatus
from lindung.jobs.progress import Progress, ThrottledProgress

Handler = Callable[[Job, Progress], dict[str, Any]]
_HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        return fn

    return register


class JobProgress(ThrottledProgress):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job

    def write(self) -> None:
        Job.objects.filter(pk=self.job.pk).update(
            total=self.total, done=self.done, message=self.message[:300]
        )


def job_start(*, actor: Any, kind: str, params: dict[str, Any]) -> Job:
    """Queue a job and start a worker process for it (inline when LINDUNG_JOBS_INLINE is set)."""
    _load_handlers()
    if kind not in _HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    with transaction.atomic():
        job = Job.objects.create(kind=kind, params=params, created_by=actor if actor and actor.pk else None)
        audit_record(actor=actor, action="job.start", obj=job, after={"kind": kind, "params": params})
    if getattr(settings, "LINDUNG_JOBS_INLINE", False):
        job_run(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: _spawn(job.pk))
    return job


def _spawn(job_id: int) -> None:
    subprocess.Popen(
        [sys.executable, "-m", "lindung.cli", "run-job", str(job_id)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def job_run(job_id: int) -> Job:
    """Run a queued job to the end, recording its result or its error."""
    _load_handlers()
    job = Job.objects.get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return job
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    progress = JobProgress(job)
    try:
        result = _HANDLERS[job.kind](job, progress)
    except Exception as exc:  # the job row must say why it failed, whatever the cause
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            error=f"{exc}\n\n{traceback.format_exc()}"[:10000],
            message=str(exc)[:300],
        )
    else:
        progress.finish()
        Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE, finished_at=timezone.now(), result=result)
    job.refresh_from_db()
    return job


def _load_handlers() -> None:
    """Handlers live in each app's `jobs.py`; import them so they register."""
    from importlib import import_module

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("lindung."):
            try:
                import_module(f"{config.name}.jobs")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.jobs":
                    raise
