"""The import page: upload a file, follow the background job, read and download the report."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from lindung.jobs.services import job_start
from lindung.registry.imports.forms import ImportForm
from lindung.registry.imports.report import errors_csv
from lindung.registry.imports.selectors import JOB_KIND, import_job_for, importable_kinds
from lindung.registry.imports.service import KINDS
from lindung.registry.imports.template_files import FORMATS, template_bytes, template_name

ERRORS_PER_PAGE = 50
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    kinds = importable_kinds(request.user)  # type: ignore[arg-type]
    form = ImportForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = default_storage.save(f"imports/{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}", upload)
        job = job_start(
            actor=request.user,
            kind=JOB_KIND,
            params={
                "kind": form.cleaned_data["kind"],
                "path": stored,
                "file_name": Path(upload.name).name,
                "all_or_nothing": form.cleaned_data["all_or_nothing"],
                "language": translation.get_language(),
            },
        )
        return redirect("registry:import_job", job_id=job.pk)
    # Plain data: a template would call the classes.
    guide = [{"name": k, "label": KINDS[k].label, "columns": KINDS[k].columns} for k in kinds]
    return render(request, "registry/imports/start.html", {"form": form, "kinds": guide, "formats": FORMATS})


@login_required
@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = import_job_for(request.user, job_id)  # type: ignore[arg-type]
    result = job.result or {}
    page = Paginator(result.get("errors", []), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"job": job, "report": result, "page": page}
    template = "registry/imports/_job.html" if request.htmx else "registry/imports/job.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_GET
def import_report(request: HttpRequest, job_id: int, fmt: str) -> HttpResponse:
    job = import_job_for(request.user, job_id)  # type: ignore[arg-type]
    if not job.result or fmt not in ("json", "csv"):
        raise Http404("no report")
    if fmt == "json":
        body = json.dumps(job.result, ensure_ascii=False, indent=1)
    else:
        body = errors_csv(job.result.get("errors", []))
    return _download(body.encode("utf-8"), f"lindung-import-{job.pk}.{fmt}", fmt)


@login_required
@require_GET
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in importable_kinds(request.user) or fmt not in FORMATS:  # type: ignore[arg-type]
        raise Http404("no such template")
    return _download(template_bytes(KINDS[kind], fmt), template_name(KINDS[kind], fmt), fmt)


def _download(body: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
