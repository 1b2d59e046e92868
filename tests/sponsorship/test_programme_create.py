import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from lindung.audit.models import AuditEvent
from lindung.billing.models import Payer
from lindung.errors import ValidationFailed
from lindung.sponsorship.services.setup import programme_create, sponsor_create


def test_programme_defaults_to_the_bpu_package_on_the_minimum_income(scene):
    jambi = scene.sponsor()
    programme = scene.programme(jambi, budget=1_000_000, quota=50)
    assert programme.declared_income == 1_000_000  # regulation.md §3.6: the minimum declared income
    assert programme.programme_codes == ["JKK", "JKM"]
    assert programme.categories == ["miskin ekstrem", "pekerja rentan"]
    assert (programme.min_age, programme.max_age) == (15, 64)
    assert programme.period_until == dt.date(2027, 1, 1)
    payer = Payer.objects.get(sponsor_programme_id=programme.pk)
    assert payer.kind == "sponsor" and payer.region_code == "15"
    assert payer.virtual_account.startswith("8801")
    assert AuditEvent.objects.filter(
        action="sponsored_programme.create", object_id=str(programme.pk)
    ).exists()


def test_programme_with_own_categories_and_jht(scene):
    village = scene.sponsor("Desa Alang-Alang", region="1507012001", kind="village")
    programme = scene.programme(
        village,
        budget=500_000,
        regions=("1507012001",),
        with_jht=True,
        categories=["Perangkat_Desa", "kader posyandu", "perangkat desa"],
    )
    assert programme.programme_codes == ["JKK", "JKM", "JHT"]
    assert programme.categories == ["perangkat desa", "kader posyandu"]


def test_every_bad_field_is_named(scene):
    jambi = scene.sponsor()
    with pytest.raises(ValidationFailed) as caught:
        programme_create(
            actor=scene.actor,
            sponsor=jambi,
            name="",
            fiscal_year=2026,
            period_start=dt.date(2026, 1, 15),
            period_end=dt.date(2027, 6, 30),
            budget=-1,
            region_codes=["9999"],
            declared_income=900_000,
            categories=[],
            min_age=12,
        )
    fields = {field for field, _ in caught.value.errors}
    assert fields == {"name", "period_start", "period_end", "budget", "region_codes", "categories", "min_age"}
    assert "is not the first day of a month" in str(caught.value)
    assert "outside fiscal year 2026" in str(caught.value)


def test_income_below_the_minimum_is_refused(scene):
    jambi = scene.sponsor()
    with pytest.raises(ValidationFailed, match=r"wage: Rp900\.000 is below the minimum Rp1\.000\.000"):
        scene.programme(jambi, budget=1, declared_income=900_000)


def test_sponsors_are_registered_by_staff_in_their_region(users, regions):
    officer = users.officer(("1507",))
    sponsor = sponsor_create(actor=officer, kind="regency", name="Pemkab Tanjabtim", region_code="1507")
    assert sponsor.region_id == "1507"
    with pytest.raises(PermissionDenied):
        sponsor_create(actor=officer, kind="regency", name="Pemkab Kerinci", region_code="1501")
    with pytest.raises(PermissionDenied):
        sponsor_create(actor=users.make("sponsor_officer"), kind="other", name="X", region_code="1507")


def test_a_sponsor_officer_sets_up_only_their_own_programmes(scene, users):
    jambi, tanjabtim = scene.sponsor(), scene.sponsor("Pemkab Tanjabtim", region="1507", kind="regency")
    officer = users.make("sponsor_officer", sponsor=jambi)
    own = programme_create(
        actor=officer,
        sponsor=jambi,
        name="BKBK",
        fiscal_year=2026,
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2026, 12, 31),
        budget=10_000_000,
        region_codes=["15"],
    )
    assert own.sponsor == jambi
    with pytest.raises(PermissionDenied):
        programme_create(
            actor=officer,
            sponsor=tanjabtim,
            name="CSR",
            fiscal_year=2026,
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 12, 31),
            budget=1,
            region_codes=["1507"],
        )
