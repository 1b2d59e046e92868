"""The employer's monthly workers file, in the spirit of SIPP (the agency's employer portal): the
download lists the employer's active PU workers for a month with NIK, name, programmes and wage;
the same file sent back with changed wages and leavers becomes membership changes through the
registry's services (`membership_change`, `membership_end`), all or nothing, with a row-by-row
report (`services.sipp.sipp_upload`).

Columns (row 1 holds the names; the Indonesian names are the ones written):
    NIK | Nama | Program | Upah | Tanggal keluar | Alasan keluar
Upah is the monthly wage in whole rupiah (1250000, 1.250.000 or Rp 1.250.000). A leaver has a
Tanggal keluar — the first day no longer covered (the membership ends on it) — and an Alasan keluar
(one of `REASONS`: mengundurkan diri, PHK, kontrak berakhir, pensiun, meninggal, pindah, lainnya, or
the English codes). Nama and Program are for reading only; they are not changed by an upload. A
worker left out of the file is left as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import QuerySet

from lindung.billing import duedates
from lindung.registry.models import Employer, EndReason, Membership, Segment

HEADER = ["NIK", "Nama", "Program", "Upah", "Tanggal keluar", "Alasan keluar"]
COLUMNS = {  # name in row 1 (casefolded) → field
    "nik": "nik",
    "nama": "name",
    "name": "name",
    "program": "programmes",
    "programmes": "programmes",
    "upah": "wage",
    "wage": "wage",
    "tanggal keluar": "leave_date",
    "leave date": "leave_date",
    "alasan keluar": "reason",
    "reason": "reason",
}
REQUIRED = ("nik", "wage")

REASONS = {
    "mengundurkan diri": EndReason.RESIGNED,
    "resign": EndReason.RESIGNED,
    "phk": EndReason.DISMISSED,
    "kontrak berakhir": EndReason.CONTRACT_ENDED,
    "habis kontrak": EndReason.CONTRACT_ENDED,
    "pensiun": EndReason.RETIRED,
    "meninggal": EndReason.DIED,
    "meninggal dunia": EndReason.DIED,
    "pindah": EndReason.MOVED,
    "lainnya": EndReason.OTHER,
    **{code: EndReason(code) for code in EndReason.values if code != EndReason.SEGMENT_SWITCH},
}


def month_end(month: dt.date) -> dt.date:
    """The first day after contribution `month`."""
    return duedates.add_months(duedates.month_start(month), 1)


def sipp_workers(employer: Employer, month: dt.date) -> QuerySet[Membership]:
    """The employer's PU memberships covering at least one day of `month`, each in its latest
    version (the one an upload changes), by name."""
    start = duedates.month_start(month)
    return (
        Membership.objects.filter(employer=employer, segment=Segment.PU, next_version__isnull=True)
        .overlapping(start, month_end(start))
        .select_related("person")
        .order_by("person__name", "person__nik", "pk")
    )


def programme_text(m: Membership) -> str:
    return "+".join(m.programme_list)


def sipp_rows(employer: Employer, month: dt.date) -> Iterator[list[object]]:
    """The download's rows, after `HEADER`. The leave date is filled when the membership already
    ends (the employer sees it and may leave it)."""
    for m in sipp_workers(employer, month).iterator(chunk_size=2000):
        leaving = m.valid_to if m.end_reason else None
        yield [m.person.nik, m.person.name, programme_text(m), m.wage, leaving, m.end_reason or ""]
