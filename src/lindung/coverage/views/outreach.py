"""The outreach list page (paginated) and its CSV/XLSX export for outreach teams."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook

from lindung.audit.services import audit_record
from lindung.coverage.exports import csv_response, neutralise
from lindung.coverage.outreach import listings_of, uncovered_people
from lindung.registry.models import Region

PAGE_SIZE = 50
EXPORT_BATCH = 2000


def _params(request: HttpRequest) -> tuple[str, dt.date]:
    code = (request.GET.get("region") or "").strip().replace(".", "")
    if not Region.objects.filter(code=code).exists():
        raise Http404(f"no region {code!r}")
    text = request.GET.get("as_of") or ""
    try:
        day = dt.date.fromisoformat(text) if text else dt.date.today()
    except ValueError:
        raise Http404(f"{text!r} is not a date (YYYY-MM-DD)") from None
    return code, day


@login_required
def outreach_list(request: HttpRequest) -> HttpResponse:
    code, day = _params(request)
    people = uncovered_people(request.user, code, day)  # type: ignore[arg-type]
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "code": code,
        "region": Region.objects.get(code=code),
        "day": day,
        "page": page,
        "listings": listings_of(page.object_list),
    }
    return render(request, "coverage/outreach.html", context)


HEADER = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_desa", "desa", "telepon", "daftar_program"]


def _rows(code: str, day: dt.date, request: HttpRequest):
    people = uncovered_people(request.user, code, day)  # type: ignore[arg-type]
    last = 0
    while True:  # batches by primary key: bounded memory on a large district
        batch = list(people.filter(pk__gt=last).order_by("pk")[:EXPORT_BATCH])
        if not batch:
            return
        listings = listings_of(batch)
        for p in batch:
            lists = "; ".join(f"{x.programme}: {x.category} ({x.status})" for x in listings.get(p.pk, []))
            yield [
                p.nik,
                p.name,
                p.birth_date.isoformat(),
                p.sex,
                p.village_id or "",
                p.village.name if p.village else "",
                p.phone,
                lists,
            ]
        last = batch[-1].pk


@login_required
def outreach_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404(f"no export format {fmt}")
    code, day = _params(request)
    name = f"outreach-{code}-{day:%Y-%m-%d}.{fmt}"
    rows = list(_rows(code, day, request))
    with transaction.atomic():  # who took a list of names, and when
        audit_record(
            actor=request.user,
            action="coverage.outreach_export",
            object_type="registry.region",
            object_id=code,
            after={"as_of": day.isoformat(), "format": fmt, "people": len(rows)},
        )
    if fmt == "csv":
        return csv_response(name, HEADER, rows)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Outreach"))
    ws.append(HEADER)
    for row in rows:
        ws.append([neutralise(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
