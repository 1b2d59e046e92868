"""Claims test data: people, employers and memberships built directly, and contribution histories
built the way billing builds them - invoices issued with `invoice_issue` and paid with
`payment_post` - so the claims read them exactly as they would read the monthly run's."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable

import pytest

from lindung.billing.models import Invoice
from lindung.billing.services.invoice_sets import LineInput
from lindung.billing.services.invoices import invoice_issue
from lindung.billing.services.payers import payer_for_membership
from lindung.billing.services.payments import payment_post
from lindung.claims.services.intake import claim_document_mark, claim_file
from lindung.claims.services.workflow import claim_approve, claim_verify
from lindung.registry.models import Employer, Membership, Person
from lindung.rules.months import add_months

_seq = itertools.count(1)

BANK = {"payee_bank": "BRI", "payee_account": "0123456789012"}


def months(first: str, last: str) -> list[dt.date]:
    """Every first day of a month from `first` to `last` ("YYYY-MM"), both included."""
    start = dt.date.fromisoformat(first + "-01")
    end = dt.date.fromisoformat(last + "-01")
    found = []
    while start <= end:
        found.append(start)
        start = add_months(start, 1)
    return found


def line(m: Membership, programme: str, month: dt.date, **shares: int) -> LineInput:
    return LineInput(
        programme=programme,
        contribution_month=month,
        membership_id=m.pk,
        person_id=m.person_id,
        base=m.wage,
        employer=shares.get("employer", 0),
        worker=shares.get("worker", 0),
        sponsor=shares.get("sponsor", 0),
        government=shares.get("government", 0),
        facts={"segment": m.segment, "wage": m.wage},
        parameters={"source": "test"},
    )


class World:
    village = "1507011010"  # Muara Sabak Ilir, Tanjung Jabung Timur

    def __init__(self, users) -> None:
        self.users = users
        self.admin = users.admin()

    def person(
        self, name: str = "Siti Aminah", *, birth: dt.date = dt.date(1985, 3, 12), sex: str = "F"
    ) -> Person:
        n = next(_seq)
        return Person.objects.create(
            nik=f"150701520385{n:04d}",
            name=name,
            name_normalized=name.upper(),
            birth_date=birth,
            sex=sex,
            village_id=self.village,
        )

    def employer(self, name: str = "PT Sabak Sawit", region: str = "1507") -> Employer:
        n = next(_seq)
        return Employer.objects.create(
            npp=f"NPP{n:06d}", name=name, region_id=region, size_class="besar", risk_class="III"
        )

    def membership(
        self,
        person: Person,
        *,
        employer: Employer | None = None,
        segment: str = "PU",
        start: dt.date = dt.date(2020, 1, 1),
        end: dt.date | None = None,
        wage: int | None = 4_000_000,
        programmes: Iterable[str] = ("JKK", "JKM", "JHT", "JP"),
    ) -> Membership:
        return Membership.objects.create(
            person=person,
            segment=segment,
            employer=employer,
            payer_kind="employer" if employer else "self",
            valid_from=start,
            valid_to=end,
            wage=wage,
            **{p.lower(): True for p in programmes},
        )

    def bill(
        self,
        m: Membership,
        month: dt.date,
        covered: Iterable[dt.date],
        make: Callable[[dt.date], list[LineInput]],
    ) -> Invoice:
        """One invoice for contribution month `month` carrying the lines of every month in `covered`
        (back contributions billed together, as an employer registering late is billed)."""
        lines = [ln for c in covered for ln in make(c)]
        return invoice_issue(
            actor=self.admin, payer=payer_for_membership(actor=None, membership=m), month=month, lines=lines
        )

    def pay(self, invoice: Invoice, paid_on: dt.date) -> None:
        payment_post(
            actor=self.admin,
            payer=invoice.payer,
            amount=invoice.total,
            paid_on=paid_on,
            channel="BANK",
            external_reference=f"TRX-{next(_seq)}",
            invoice=invoice,
        )

    def contribute(
        self,
        m: Membership,
        covered: list[dt.date],
        make: Callable[[dt.date], list[LineInput]],
        *,
        paid_on: dt.date | None = None,
    ) -> Invoice:
        """Bill `covered` on the last month's invoice and pay it in full on `paid_on` (default: the
        15th of the month after the last one)."""
        invoice = self.bill(m, covered[-1], covered, make)
        self.pay(invoice, paid_on or add_months(covered[-1], 1).replace(day=15))
        return invoice

    def approve(self, claim, verifier=None, approver=None):
        """Tick every document, verify and approve (two different officers)."""
        verifier = verifier or self.users.officer()
        approver = approver or self.users.officer()
        for code in claim.documents.values_list("code", flat=True):
            claim_document_mark(actor=verifier, claim=claim, code=code, received=True)
        claim = claim_verify(actor=verifier, claim=claim)
        return claim_approve(actor=approver, claim=claim)

    def file(
        self,
        person: Person,
        kind: str,
        facts: dict,
        *,
        received_on: dt.date | None = None,
        actor=None,
        **payee,
    ):
        return claim_file(
            actor=actor or self.admin,
            person=person,
            kind=kind,
            facts=facts,
            payee_name=payee.pop("payee_name", person.name),
            received_on=received_on,
            **{**BANK, **payee},
        )


@pytest.fixture
def world(users) -> World:
    return World(users)
