"""Background jobs of the registry: a bulk import started from the import page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import translation

from lindung.jobs.models import Job
from lindung.jobs.progress import Progress
from lindung.jobs.services import job_handler
from lindung.registry.imports.service import import_run


@job_handler("registry.import")
def import_file(job: Job, progress: Progress) -> dict[str, Any]:
    """Import the uploaded file in `params["path"]` (under the media folder) as the user who
    started the job; the result is the import report."""
    params = job.params
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        report = import_run(
            actor=job.created_by,
            kind=params["kind"],
            path=Path(default_storage.path(params["path"])),
            file_name=params.get("file_name"),
            all_or_nothing=bool(params.get("all_or_nothing")),
            progress=progress,
        )
    return report.as_json()
