"""Background jobs of billing: the monthly billing run started from the runs page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lindung.billing.services.billing_run import billing_run
from lindung.jobs.models import Job
from lindung.jobs.progress import Progress
from lindung.jobs.services import job_handler

BILLING_RUN_JOB = "billing.run"


@job_handler(BILLING_RUN_JOB)
def run_month(job: Job, progress: Progress) -> dict[str, Any]:
    """Bill `params["month"]` (YYYY-MM-01) for `params["region"]` as the user who started it."""
    params = job.params
    result = billing_run(
        actor=job.created_by,
        month=dt.date.fromisoformat(params["month"]),
        region=params.get("region") or None,
        progress=progress,
        job_id=job.pk,
    )
    return {"run": result.run.pk, "summary": result.summary()}
