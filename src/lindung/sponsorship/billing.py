"""The monthly bill to a sponsor: one invoice per programme per month, one line per programme
(JKK, JKM, JHT) per covered beneficiary, amounts from `lindung.rules` (the BPU package paid by a
sponsor), the facts and parameters frozen on each line.

`programme_month_lines` builds the lines (streamed; one rules call per distinct package, so a 100k
programme costs a handful). `programme_bill_issue` issues them through billing's set-based invoice
path — the same steps the monthly billing run takes for every payer (`invoice_sets`: invoices_ensure,
invoice_lines_add, invoices_refresh, credits_apply). When the billing run lands it bills memberships
with payer_kind "sponsor" to the programme's payer itself (through `membership_payer_id`, which this
app's lookup answers); it may call `programme_month_lines` for the lines or compute the same ones from
the membership rows, and `programme_bill_issue` then stays as the way to bill one programme alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from lindung.accounts import scope
from lindung.audit.services import audit_record
from lindung.billing.models import Invoice, Payer, PayerType
from lindung.billing.services.allocation import credits_apply, lock_payer
from lindung.billing.services.invoice_sets import (
    LineInput,
    invoice_lines_add,
    invoices_ensure,
    invoices_refresh,
)
from lindung.errors import NotFound, ValidationFailed
from lindung.registry.models import PROGRAMME_FIELDS, Membership, MembershipQuerySet, PayerKind
from lindung.sponsorship import access
from lindung.sponsorship.models import SponsoredProgramme
from lindung.sponsorship.package import month_start, next_month, package_result

CHUNK = 5000


def programme_payer(programme: SponsoredProgramme) -> Payer:
    payer = Payer.objects.filter(kind=PayerType.SPONSOR, sponsor_programme_id=programme.pk).first()
    if payer is None:
        raise NotFound(f"{programme} has no payer (sponsor_payer_ensure)", field="programme")
    return payer


def billed_memberships(programme: SponsoredProgramme, month: dt.date) -> MembershipQuerySet:
    """The programme's sponsored memberships covering any day of `month`."""
    month = month_start(month)
    return Membership.objects.filter(
        beneficiary__programme=programme, payer_kind=PayerKind.SPONSOR
    ).overlapping(month, next_month(month))


def programme_month_lines(programme: SponsoredProgramme, month: dt.date) -> Iterator[LineInput]:
    """The lines of `programme`'s bill for contribution `month`, membership by membership."""
    month = month_start(month)
    flags = list(PROGRAMME_FIELDS.values())
    rows = billed_memberships(programme, month).order_by("pk").values_list("pk", "person_id", "wage", *flags)
    for pk, person_id, wage, *chosen in rows.iterator(chunk_size=CHUNK):
        codes = [code for code, on in zip(PROGRAMME_FIELDS, chosen, strict=True) if on]
        result = package_result(codes, wage, month)
        facts = {"segment": "BPU", "programmes": codes, "wage": wage, "sponsored": True}
        for line in result.lines:
            yield LineInput(
                programme=line.programme,
                contribution_month=month,
                membership_id=pk,
                person_id=person_id,
                base=line.base,
                rate=line.rate,
                employer=line.employer,
                worker=line.worker,
                government=line.government,
                sponsor=line.sponsor,
                facts=facts,
                parameters=result.parameters,
            )


@transaction.atomic
def programme_bill_issue(*, actor: Any, programme: SponsoredProgramme, month: dt.date) -> Invoice:
    """Issue (or complete) the programme's invoice for `month`. Idempotent: lines already billed are
    skipped. Billing is the branch office's work: staff writers of the sponsor's region."""
    scope.require_staff_writer(actor)
    access.require_programme_writer(actor, programme)
    if isinstance(month, dt.datetime) or not isinstance(month, dt.date):
        raise ValidationFailed([("month", f"{month!r} is not a month")])
    month = month_start(month)
    if not billed_memberships(programme, month).exists():
        raise ValidationFailed([("month", f"nobody is covered by {programme} in {month:%Y-%m}")])
    payer = lock_payer(programme_payer(programme))
    payers = Payer.objects.filter(pk=payer.pk)
    invoices_ensure(payers=payers, month=month)
    added = invoice_lines_add(
        month=month, rows=((payer.pk, line) for line in programme_month_lines(programme, month))
    )
    invoices_refresh(month=month, invoices=Invoice.objects.filter(payer=payer, month=month))
    credits_apply(actor=actor, payers=payers, on=timezone.localdate())
    invoice = Invoice.objects.get(payer=payer, month=month)
    audit_record(
        actor=actor,
        action="invoice.issue",
        obj=invoice,
        after={
            "number": invoice.number,
            "programme": programme.pk,
            "total": invoice.total,
            "lines_written": added.written,
            "lines_deferred": added.deferred,
            "allocated": invoice.allocated,
        },
    )
    return invoice
