"""Importing a beneficiary list: the upload (a background job with its progress) and the row-by-row
result."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.errors import DomainError
from lindung.jobs.models import Job
from lindung.jobs.services import job_start
from lindung.registry.forms import attach_errors
from lindung.sponsorship import access, exports, selectors
from lindung.sponsorship.forms import ImportForm, ImportRowFilterForm
from lindung.sponsorship.jobs import IMPORT_JOB
from lindung.sponsorship.services.imports import import_start
from lindung.sponsorship.views import page_of, query_without_page, who

SUFFIXES = (".csv", ".xlsx", ".txt")


@login_required
def import_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = who(request)
    programme = selectors.programme_for_user(user, pk)
    access.require_programme_writer(user, programme)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        try:
            if suffix not in SUFFIXES:
                raise DomainError(_("Upload a CSV or XLSX file."), field="file")
            start = import_start(programme, form.cleaned_data["start"])
        except DomainError as error:
            attach_errors(form, error)
        else:
            stored = default_storage.save(f"sponsorship/{uuid.uuid4().hex}{suffix}", upload)
            params = {
                "programme": programme.pk,
                "stored": stored,
                "file_name": upload.name,
                "start": start.isoformat(),
            }
            job = job_start(actor=user, kind=IMPORT_JOB, params=params)
            return redirect("sponsorship:import_job", pk=job.pk)
    return render(request, "sponsorship/import_new.html", {"form": form, "programme": programme})


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's progress; polled by htmx until the job ends, then on to the result."""
    user = who(request)
    job = Job.objects.filter(pk=pk, kind=IMPORT_JOB).first()
    if job is None or not (job.created_by_id == user.pk or user.is_superuser):
        raise Http404(f"no import job {pk} of yours")
    htmx = request.headers.get("HX-Request") == "true"
    record = (job.result or {}).get("import") if job.finished else None
    if record:
        target = reverse("sponsorship:import_detail", args=[record])
        if htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
    template = "sponsorship/_job.html" if htmx else "sponsorship/import_job.html"
    return render(request, template, {"job": job})


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    record = selectors.import_for_user(who(request), pk)
    form = ImportRowFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.import_rows(record, outcome=filters.get("outcome", ""), reason=filters.get("reason", ""))
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(
            f"hasil-impor-{record.pk}.xlsx",
            "Hasil impor",
            ["Baris", "NIK", "Nama", "Hasil", "Alasan", "Kolom", "Keterangan"],
            (
                [
                    r.row_number,
                    r.nik,
                    r.name,
                    r.get_outcome_display(),
                    r.get_reason_display(),
                    r.field,
                    r.message,
                ]
                for r in rows.iterator(chunk_size=exports.CHUNK)
            ),
        )
    return render(
        request,
        "sponsorship/import_detail.html",
        {
            "record": record,
            "form": form,
            "counts": selectors.reason_counts(record),
            "page": page_of(request, rows, 100),
            "query": query_without_page(request),
        },
    )
