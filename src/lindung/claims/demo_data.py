"""Demo claims for `make run`: a claims queue in Tanjung Jabung Timur with a claim in every state
(submitted, verified, approved, paid, rejected), one held for an employer in arrears, a bank payment
file, and the demo worker's own claim. Contribution histories are billed and paid through the
billing services (with amounts from the rules) for the people claiming, unless their employer
already has the December 2025 invoice that carries them (an earlier demo run).

Idempotent: nothing is done when the demo claims exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count

from lindung.accounts.models import Role, User
from lindung.billing.models import Invoice
from lindung.billing.services.invoice_sets import LineInput
from lindung.billing.services.invoices import invoice_issue
from lindung.billing.services.payers import payer_for_membership
from lindung.billing.services.payments import payment_post
from lindung.claims.models import Claim
from lindung.claims.services import intake, payments, workflow
from lindung.jobs.progress import Progress
from lindung.registry.models import Employer, Membership
from lindung.rules import ContributionFacts, contribution
from lindung.rules.months import add_months
from lindung.web.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoLogin, demo_step

CHECKER = "petugas2"
HOME = "1507"
FIRST, LAST = dt.date(2024, 1, 1), dt.date(2025, 12, 1)
PAID_ON = dt.date(2026, 1, 12)

DEMO_LOGINS.append(
    DemoLogin(CHECKER, Role.BRANCH_OFFICER, "second officer of 1507 (approves claims: maker-checker)")
)


def _lines(m: Membership, first: dt.date = FIRST, last: dt.date = LAST) -> list[LineInput]:
    """The membership's contribution lines for the months from `first` to `last` it was valid in."""
    rows = []
    month = max(first, m.valid_from.replace(day=1))
    last = min(last, m.last_day.replace(day=1)) if m.last_day else last
    employer = m.employer
    assert employer is not None  # demo claimants are PU members
    facts = ContributionFacts.of(
        "PU", m.programmes, wage=m.wage, risk_class=employer.risk_class, size_class=employer.size_class
    )
    while month <= last:
        result = contribution(facts, month)
        for ln in result.lines:
            rows.append(
                LineInput(
                    programme=ln.programme,
                    contribution_month=month,
                    membership_id=m.pk,
                    person_id=m.person_id,
                    base=ln.base,
                    rate=ln.rate,
                    employer=ln.employer,
                    worker=ln.worker,
                    government=ln.government,
                    sponsor=ln.sponsor,
                    facts={"segment": "PU", "wage": m.wage},
                    parameters=result.parameters,
                )
            )
        month = add_months(month, 1)
    return rows


def _history(actor: User, members: list[Membership], *, pay: bool = True) -> None:
    """Bill (and pay) 2024-2025 for `members` on their employers' December 2025 invoices."""
    by_employer: dict[int, list[Membership]] = {}
    for m in members:
        by_employer.setdefault(m.employer_id or 0, []).append(m)
    for group in by_employer.values():
        payer = payer_for_membership(actor=actor, membership=group[0])
        if Invoice.objects.filter(payer=payer, month=LAST).exists():
            continue  # the history was billed by an earlier demo run
        lines = [ln for m in group for ln in _lines(m)]
        invoice = invoice_issue(actor=actor, payer=payer, month=LAST, lines=lines)
        if pay and invoice.total > 0:
            payment_post(
                actor=actor,
                payer=payer,
                amount=invoice.total,
                paid_on=PAID_ON,
                channel="BANK",
                external_reference=f"DEMO-KLAIM-{invoice.pk}",
                invoice=invoice,
            )


def _pu_members(**filters: Any) -> list[Membership]:
    return list(
        Membership.objects.filter(segment="PU", employer__region__code__startswith=HOME, **filters)
        .select_related("person", "employer")
        .order_by("person__nik")
    )


def _accident(event: str, **more: Any) -> dict[str, Any]:
    return {
        "event_date": event,
        "accident_kind": "accident",
        "place": "Areal kebun, Kecamatan Sabak",
        "what_happened": "Terjatuh saat bekerja",
        "stage_one_report_date": event,
        **more,
    }


def _file(actor: User, m: Membership, kind: str, facts: dict[str, Any], received: dt.date) -> Claim:
    return intake.claim_file(
        actor=actor,
        person=m.person,
        kind=kind,
        facts=facts,
        payee_name=m.person.name,
        payee_bank="BRI",
        payee_account=f"0020{m.person.nik[-10:]}",
        received_on=received,
    )


def _verify(officer: User, claim: Claim) -> Claim:
    for code in claim.documents.values_list("code", flat=True):
        intake.claim_document_mark(actor=officer, claim=claim, code=code, received=True)
    return workflow.claim_verify(actor=officer, claim=claim)


@demo_step(40)
def demo_claims(progress: Progress) -> str:
    if Claim.objects.filter(filed_by__username__in=("petugas", "pekerja")).exists():
        return "already loaded"
    with transaction.atomic():
        admin, officer = User.objects.get(username="admin"), User.objects.get(username="petugas")
        checker, new = User.objects.get_or_create(username=CHECKER, defaults={"role": Role.BRANCH_OFFICER})
        if new:
            checker.set_password(DEMO_PASSWORD)
            checker.save()
        checker.regions.set(officer.regions.all())
        progress.start(3, "claims")
        marker = Employer.objects.get(npp="DM000001")
        open_members = _pu_members(valid_to__isnull=True, valid_from__lt=FIRST, jkk=True, wage__isnull=False)
        at_marker = [m for m in open_members if m.employer_id == marker.pk]
        others = [m for m in open_members if m.employer_id != marker.pk][:8]
        _history(admin, at_marker[:6] + others)
        progress.advance(1, "contribution histories")
        _claims(admin, officer, checker, at_marker, others)
        progress.advance(1, "claims")
        batch = payments.payment_batch_create(actor=officer, due_by=dt.date.today())
        paid = Claim.objects.filter(facts__cause="Demam berdarah").first()
        failed = {p.reference: "rekening tidak aktif" for p in batch.payments.exclude(claim=paid)[:1]}
        payments.payment_batch_settle(actor=officer, batch=batch, paid_on=dt.date.today(), failed=failed)
        _worker_claim()
        progress.advance(1, "bank payment file")
        progress.finish()
    counts = dict(Claim.objects.values_list("status").annotate(n=Count("id")).order_by("status"))
    return f"{sum(counts.values())} claims {counts}, payment file {batch.number}"


def _claims(
    admin: User, officer: User, checker: User, at_marker: list[Membership], others: list[Membership]
) -> list[Claim]:
    people = (at_marker[:6] + others)[:12]
    filed = []
    # submitted: an STMB claim with its documents still to come
    filed.append(
        _file(
            officer,
            people[0],
            "jkk_stmb",
            _accident("2025-10-06", periods=[{"start": "2025-10-06", "end": "2025-11-04"}]),
            dt.date(2025, 11, 10),
        )
    )
    # verified, waiting for the second officer: a 35 % disability
    filed.append(
        _verify(
            officer,
            _file(
                officer,
                people[1],
                "jkk_disability",
                _accident("2025-08-14", percent="35"),
                dt.date(2025, 9, 2),
            ),
        )
    )
    # approved: a JKK death with two children at school
    death = _file(
        officer,
        people[2],
        "jkk_death",
        _accident(
            "2025-07-21",
            death_date="2025-07-21",
            heirs=[{"name": "Ahli Waris", "relation": "spouse"}],
            children=[
                {"name": "Anak Pertama", "birth_date": "2013-04-02", "level": "SMP"},
                {"name": "Anak Kedua", "birth_date": "2017-09-15", "level": "SD"},
            ],
        ),
        dt.date(2025, 8, 4),
    )
    filed.append(workflow.claim_approve(actor=checker, claim=_verify(officer, death)))
    # paid (through the bank file): a JKM
    jkm = _file(
        officer,
        people[3],
        "jkm",
        {
            "event_date": "2025-12-20",
            "cause": "Demam berdarah",
            "heirs": [{"name": "Ahli Waris", "relation": "spouse"}],
        },
        dt.date(2026, 1, 5),
    )
    filed.append(workflow.claim_approve(actor=checker, claim=_verify(officer, jkm)))
    # rejected: a JKP after a resignation
    jkp = _file(
        officer,
        people[4],
        "jkp",
        {"event_date": "2025-11-28", "phk_reason": "resignation"},
        dt.date(2025, 12, 8),
    )
    filed.append(
        workflow.claim_reject(
            actor=officer, claim=jkp, reason="Mengundurkan diri: JKP tidak dibayar untuk pengunduran diri"
        )
    )
    # a 10 % JHT partial withdrawal, submitted (ten years not reached: the page says why)
    filed.append(_file(officer, people[5], "jht_partial", {"purpose": "pension"}, dt.date(2026, 2, 2)))
    for m in people[6:9]:
        filed.append(
            _file(
                officer,
                m,
                "jkk_stmb",
                _accident("2026-01-12", periods=[{"start": "2026-01-12", "end": "2026-02-10"}]),
                dt.date(2026, 2, 16),
            )
        )
    # held: an accident at an employer more than three months behind
    late = others[-1] if others else people[0]
    payer = payer_for_membership(actor=admin, membership=late)
    behind = (dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1), dt.date(2026, 5, 1))
    if not Invoice.objects.filter(payer=payer, month=behind[-1]).exists():
        for month in behind:  # billed, never paid (lines the billing demo billed already are skipped)
            invoice_issue(actor=admin, payer=payer, month=month, lines=_lines(late, month, month))
    held = _file(officer, late, "jkk_disability", _accident("2026-06-22", percent="10"), dt.date(2026, 7, 1))
    filed.append(workflow.claim_approve(actor=checker, claim=_verify(officer, held)))
    return filed


def _worker_claim() -> None:
    """The demo worker files their own STMB claim (they were at the marker employer until 2026)."""
    worker = User.objects.filter(username="pekerja", person__isnull=False).select_related("person").first()
    if worker is None or worker.person is None:
        return
    intake.claim_file(
        actor=worker,
        person=worker.person,
        kind="jkk_stmb",
        facts=_accident("2025-11-03", periods=[{"start": "2025-11-03", "end": "2025-11-16"}]),
        payee_name=worker.person.name,
        payee_bank="BRI",
        payee_account=f"0020{worker.person.nik[-10:]}",
    )
