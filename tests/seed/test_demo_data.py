"""The seed demo: Tanjung Jabung Timur (1507) on 23 March 2024 has exactly the seed report's
participants, counted here with plain ORM queries; the BKBK beneficiaries are real ones paid by
the programme; every NIK is valid; a second run changes nothing. The other regencies run at a
small scale (TJT is exact at any scale)."""

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal

from django.core.management import call_command
from django.db.models import Count, Q

from lindung.accounts.demo_data import demo_users
from lindung.audit.models import AuditEvent
from lindung.billing.models import CoverageMonth, InvoiceLine
from lindung.claims.demo_data import demo_claims
from lindung.coverage.demo_data import demo_population_stats
from lindung.jobs.progress import Progress
from lindung.registry.demo_data import demo_registry
from lindung.registry.models import ConstructionProject, Employer, Membership, Person
from lindung.registry.nik import check_nik
from lindung.seed.demo_data import ANALYST, demo_seed, demo_seed_check
from lindung.sponsorship.demo_data import demo_sponsorship
from lindung.sponsorship.models import Beneficiary, SponsoredProgramme

DAY = dt.date(2024, 3, 23)
MARCH = dt.date(2024, 3, 1)
SCALE = Decimal("0.005")


def _active(**where):
    """Memberships valid on DAY with a paid/due/grace status for March 2024."""
    covered = CoverageMonth.objects.filter(month=MARCH, status__in=["paid", "due", "grace"])
    return Membership.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=DAY),
        valid_from__lte=DAY,
        pk__in=covered.values("membership_id"),
        **where,
    )


def _by_segment(**where):
    rows = _active(**where).values("segment").annotate(n=Count("person", distinct=True))
    return {r["segment"]: r["n"] for r in rows}


def _totals():
    return (
        Person.objects.count(),
        Membership.objects.count(),
        CoverageMonth.objects.count(),
        Beneficiary.objects.count(),
        Employer.objects.count(),
        ConstructionProject.objects.count(),
        AuditEvent.objects.count(),
    )


def test_seed_demo_reproduces_the_seed_report(regions, tmp_path):
    demo_users(Progress())
    demo_registry(Progress())
    demo_sponsorship(Progress())
    summary = demo_seed(Progress(), scale=SCALE)
    assert "Tanjung Jabung Timur exact" in summary
    demo_claims(Progress())  # a step after it must not change the seed figures

    assert demo_seed_check(Progress()).endswith("as in the seed report")
    # By domicile village: 12,587 PU, 9,416 BPU, 12,080 Jakon (senjari.com, 23 March 2024).
    assert _by_segment(person__village__code__startswith="1507") == {
        "PU": 12_587,
        "BPU": 9_416,
        "JAKON": 12_080,
    }
    # By workplace (the employer's or the project's region): the same for the seed's own people.
    seed_pu = _active(segment="PU", employer__npp__startswith="SJ1507")
    seed_jakon = _active(segment="JAKON", project__code__startswith="SJK-1507-")
    assert seed_pu.count() == 12_587
    assert seed_jakon.count() == 12_080
    assert not seed_pu.exclude(person__village__code__startswith="1507").exists()
    assert not seed_jakon.exclude(person__village__code__startswith="1507").exists()
    assert (
        not _active(segment="PU", employer__npp__startswith="SJ")
        .exclude(employer__region__code__startswith="1507")
        .filter(person__village__code__startswith="1507")
        .exists()
    )

    # BKBK 2024: 3,652 extreme poor and 1,291 vulnerable workers in TJT, BPU paid by the programme.
    programme = SponsoredProgramme.objects.get(name="BKBK 2024", sponsor__name="Pemerintah Provinsi Jambi")
    paid = Beneficiary.objects.filter(
        programme=programme,
        status="enrolled",
        village__code__startswith="1507",
        membership__in=_active(segment="BPU", payer_kind="sponsor"),
    )
    by_category = dict(paid.values("category").annotate(n=Count("id")).values_list("category", "n"))
    assert by_category == {"miskin ekstrem": 3_652, "pekerja rentan": 1_291}
    # 9,416 BPU - 4,943 BKBK = 4,473 paying for themselves.
    self_paid = _active(segment="BPU", payer_kind="self", person__village__code__startswith="1507")
    assert self_paid.count() == 4_473

    # The other regencies have participants too (at the test's scale).
    others = _by_segment(person__village__code__startswith="15")
    assert all(others[s] > mine for s, mine in (("PU", 12_587), ("BPU", 9_416), ("JAKON", 12_080)))

    # Every NIK is valid and agrees with the birth date and sex.
    for nik, born, sex in Person.objects.values_list("nik", "birth_date", "sex").iterator():
        check = check_nik(nik, birth_date=born, sex=sex, today=dt.date(2026, 1, 1))
        assert check.valid, (nik, check.errors)

    # The other steps' bills for March 2024 (the claims demo's contribution histories) are for
    # people living elsewhere, so a status refresh from invoices cannot change TJT's figures.
    billed = InvoiceLine.objects.filter(contribution_month=MARCH).values("membership_id")
    assert InvoiceLine.objects.filter(contribution_month=MARCH).exists()
    assert not Membership.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=DAY),
        valid_from__lte=DAY,
        pk__in=billed,
        person__village__code__startswith="1507",
    ).exists()

    # The demo login for coverage pages is scoped to the province.
    from lindung.accounts.models import User

    assert list(User.objects.get(username=ANALYST).regions.values_list("code", flat=True)) == ["15"]

    # The coverage report says the same, against the employed population with its source.
    demo_population_stats(Progress())
    out = tmp_path / "tjt.json"
    call_command("report", "coverage", "--region", "1507", "--as-of", "2024-03-23", "--output", str(out))
    report = json.loads(out.read_text())
    assert report["segments"] == {"PU": 12_587, "BPU": 9_416, "JAKON": 12_080, "PMI": 0}
    assert report["sponsored"] == {"BKBK 2024": {"miskin ekstrem": 3_652, "pekerja rentan": 1_291}}
    assert report["total"] == 34_083  # 12,587 + 9,416 + 12,080
    employed = report["employed"]
    assert employed["value"] > 0 and employed["source"] and employed["period"]
    # coverage_ratio = 34,083 / employed, four places half up
    expected = (Decimal(34_083) / Decimal(employed["value"])).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    assert report["coverage_ratio"] == str(expected)

    # A second run adds nothing.
    before = _totals()
    assert demo_seed(Progress(), scale=SCALE) == "already loaded"
    assert _totals() == before
