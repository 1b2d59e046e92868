"""Background job: a beneficiary list read into a programme (a 100k list takes minutes)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage

from lindung.jobs.models import Job
from lindung.jobs.progress import Progress
from lindung.jobs.services import job_handler
from lindung.sponsorship.models import SponsoredProgramme
from lindung.sponsorship.services.imports import beneficiary_list_import

IMPORT_JOB = "sponsorship.beneficiary_import"


@job_handler(IMPORT_JOB)
def beneficiary_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    """params: programme (id), stored (the uploaded file's storage name), file_name, start (ISO
    date or null). The uploaded file is deleted afterwards: the list holds personal data."""
    params = job.params
    try:
        record = beneficiary_list_import(
            actor=job.created_by,
            programme=SponsoredProgramme.objects.select_related("sponsor").get(pk=params["programme"]),
            path=Path(default_storage.path(params["stored"])),
            file_name=params["file_name"],
            start=dt.date.fromisoformat(params["start"]) if params.get("start") else None,
            progress=progress,
        )
    finally:
        default_storage.delete(params["stored"])
    return {
        "import": record.pk,
        "enrolled": record.enrolled,
        "waiting": record.waiting,
        "rejected": record.rejected,
    }
