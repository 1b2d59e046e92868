"""Billing test data: people, employers, projects and memberships built directly (every value a
test asserts on is set in the test), and lines as the rules package would compute them."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from lindung.billing.models import Payer
from lindung.billing.services.invoice_sets import LineInput
from lindung.billing.services.invoices import invoice_issue
from lindung.billing.services.payers import payer_for_membership
from lindung.registry.models import ConstructionProject, Employer, Membership, Person

_seq = itertools.count(1)


class World:
    village = "1507011010"  # Muara Sabak Ilir, Tanjung Jabung Timur

    def person(self, name: str = "Siti Aminah", village: str | None = village) -> Person:
        n = next(_seq)
        return Person.objects.create(
            nik=f"150701520385{n:04d}",
            name=name,
            name_normalized=name.upper(),
            birth_date=dt.date(1985, 3, 12),
            sex="F",
            village_id=village,
        )

    def employer(self, name: str = "PT Sabak Sawit", region: str = "1507", size: str = "besar") -> Employer:
        n = next(_seq)
        return Employer.objects.create(
            npp=f"NPP{n:06d}", name=name, region_id=region, size_class=size, risk_class="III"
        )

    def project(self, contractor: Employer, start: dt.date, region: str = "1507") -> ConstructionProject:
        n = next(_seq)
        return ConstructionProject.objects.create(
            code=f"PRJ-{n}",
            contractor=contractor,
            name="Jembatan Sabak",
            contract_value=1_000_000_000,
            start_date=start,
            end_date=start + dt.timedelta(days=365),
            region_id=region,
        )

    def membership(
        self,
        person: Person,
        segment: str = "PU",
        *,
        employer: Employer | None = None,
        project: ConstructionProject | None = None,
        payer_kind: str = "employer",
        start: dt.date = dt.date(2020, 1, 1),
        wage: int | None = 10_000_000,
        programmes: tuple[str, ...] = ("JKK", "JKM", "JHT", "JP"),
    ) -> Membership:
        flags = {p.lower(): True for p in programmes}
        return Membership.objects.create(
            person=person,
            segment=segment,
            employer=employer,
            project=project,
            payer_kind=payer_kind,
            valid_from=start,
            wage=wage,
            **flags,
        )

    def pu_worker(self, employer: Employer, name: str = "Siti Aminah", wage: int = 10_000_000) -> Membership:
        return self.membership(self.person(name), "PU", employer=employer, wage=wage)

    def payer(self, membership: Membership) -> Payer:
        return payer_for_membership(actor=None, membership=membership)


def line(
    membership: Membership,
    programme: str,
    month: dt.date,
    *,
    employer: int = 0,
    worker: int = 0,
    sponsor: int = 0,
    government: int = 0,
    kind: str = "contribution",
    revision: int = 0,
    rate: str | None = None,
) -> LineInput:
    return LineInput(
        programme=programme,
        contribution_month=month,
        membership_id=membership.pk,
        person_id=membership.person_id,
        kind=kind,
        revision=revision,
        base=membership.wage,
        rate=Decimal(rate) if rate else None,
        employer=employer,
        worker=worker,
        sponsor=sponsor,
        government=government,
        facts={"segment": membership.segment, "wage": membership.wage},
        parameters={"source": "test"},
    )


def e07_lines(membership: Membership, month: dt.date) -> list[LineInput]:
    """regulation.md E07: wage 10,000,000, JKK class III (0.89 %), JP uncapped (cap ≥ 10,000,000
    from March 2024): JKK 89,000; JKM 30,000; JHT 370,000 + 200,000; JP 200,000 + 100,000.
    Total 989,000."""
    return [
        line(membership, "JKK", month, employer=89_000, rate="0.0089"),
        line(membership, "JKM", month, employer=30_000, rate="0.003"),
        line(membership, "JHT", month, employer=370_000, worker=200_000, rate="0.057"),
        line(membership, "JP", month, employer=200_000, worker=100_000, rate="0.03"),
    ]


@pytest.fixture
def world(db, regions) -> World:
    return World()


# the sponsorship app's scene (a sponsor, a programme, a beneficiary list) for sponsored billing
from tests.sponsorship.conftest import admin, scene  # noqa: E402, F401

# --- coverage status: one PU month and six BPU months ------------------------------------------

JAN_2025 = dt.date(2025, 1, 1)
BPU_MONTHS = [dt.date(2025, m, 1) for m in range(1, 7)]  # January – June 2025


def bpu_lines(m, month):
    return [line(m, "JKK", month, worker=10_000), line(m, "JKM", month, worker=6_800)]


@pytest.fixture
def pu(world):
    m = world.pu_worker(world.employer())
    payer = world.payer(m)
    invoice = invoice_issue(
        actor=None, payer=payer, month=JAN_2025, lines=[line(m, "JKM", JAN_2025, employer=30_000)]
    )
    return m, payer, invoice


@pytest.fixture
def bpu(world):
    m = world.membership(
        world.person("Sri"), "BPU", payer_kind="self", wage=1_000_000, programmes=("JKK", "JKM")
    )
    payer = world.payer(m)
    invoices = {
        month: invoice_issue(actor=None, payer=payer, month=month, lines=bpu_lines(m, month))
        for month in BPU_MONTHS
    }
    return m, payer, invoices
