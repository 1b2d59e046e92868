"""Coverage facts: who counts on a day, domicile vs workplace, sponsored by programme and category,
and the incremental update giving the same facts as a full rebuild (coverage/services/facts.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.billing.models.coverage import CoverageMonth
from lindung.coverage.models import Basis, CoverageFact, CoverageFactDay, CoverageRollup
from lindung.coverage.services.facts import (
    FACT_COLUMNS,
    coverage_facts_rebuild,
    coverage_facts_update,
    fact_day,
    live_fact_rows,
)
from lindung.coverage.summary import coverage_summary
from tests.coverage.conftest import VILLAGE_A, VILLAGE_B

pytestmark = pytest.mark.django_db

MARCH = dt.date(2024, 3, 1)
AS_OF = dt.date(2024, 3, 23)


@pytest.fixture
def scene(world):
    """Tanjung Jabung Timur in miniature (the expected counts are written beside each test)."""
    city_employer = world.employer(region="1571")  # an employer in Kota Jambi
    for _ in range(3):
        world.membership(world.person(VILLAGE_A), "PU", employer=city_employer)
    for _ in range(2):
        world.membership(world.person(VILLAGE_B), "BPU", payer_kind="self", programmes=("JKK", "JKM", "JHT"))
    contractor = world.employer(region="1507")
    project = world.project(contractor, region="150702")  # a bridge in kecamatan Nipah Panjang
    world.membership(
        world.person(VILLAGE_A),
        "JAKON",
        project=project,
        employer=contractor,
        payer_kind="contractor",
        programmes=("JKK", "JKM"),
    )
    world.membership(world.person(VILLAGE_B), "PMI", payer_kind="self", programmes=("JKK", "JKM", "JHT"))
    bkbk = world.sponsor_programme()
    world.sponsored(bkbk, "miskin ekstrem")
    world.sponsored(bkbk, "miskin ekstrem")
    world.sponsored(bkbk, "pekerja rentan")
    # Not counted on 23 March:
    world.membership(world.person(VILLAGE_A), "PU", employer=city_employer, status="unpaid")  # March unpaid
    world.membership(world.person(VILLAGE_A), "PU", employer=city_employer, end=dt.date(2024, 3, 20))  # ended
    late = world.membership(
        world.person(VILLAGE_B),
        "BPU",
        payer_kind="self",
        start=dt.date(2024, 3, 25),
        programmes=("JKK", "JKM"),
    )  # starts after the 23rd: counted on the 31st only
    return {"bkbk": bkbk, "late": late, "employer": city_employer}


def facts_snapshot() -> list[tuple]:
    rollups = sorted(
        CoverageRollup.objects.values_list(
            "day",
            "basis",
            "region_code",
            "child_code",
            "segment",
            "payer_kind",
            "sponsor_programme_id",
            "category",
            "participants",
            "jkk",
            "jkm",
            "jht",
            "jp",
            "jkp",
        )
    )
    return rollups + sorted(
        CoverageFact.objects.values_list(
            "day",
            "month",
            "basis",
            "region_code",
            "province_code",
            "regency_code",
            "district_code",
            "segment",
            "payer_kind",
            "sponsor_programme_id",
            "category",
            "participants",
            "jkk",
            "jkm",
            "jht",
            "jp",
            "jkp",
        )
    )


def test_month_stands_for_its_last_day():
    assert fact_day(dt.date(2024, 2, 1)) == dt.date(2024, 2, 29)
    assert fact_day(dt.date(2024, 3, 1)) == dt.date(2024, 3, 31)


def test_domicile_counts_on_the_exact_day(scene):
    s = coverage_summary("1507", AS_OF, Basis.DOMICILE)
    assert s.counted == "live"  # no facts built for the 23rd: counted from the memberships
    # PU 3 (live in 1507, work in Kota Jambi); BPU 2 self + 3 sponsored; Jakon 1; PMI 1.
    # Not counted: unpaid March, ended 20 March, starting 25 March.
    assert s.counts.segments == {"PU": 3, "BPU": 5, "JAKON": 1, "PMI": 1}
    assert s.counts.total == 10
    assert s.sponsored == {"BKBK Provinsi Jambi 2024": {"miskin ekstrem": 2, "pekerja rentan": 1}}
    # JKK: everyone (10); JKM: everyone; JHT: 3 PU + 2 BPU self + 1 PMI = 6; JP: 3 PU; JKP: nobody.
    assert s.counts.programmes == {"jkk": 10, "jkm": 10, "jht": 6, "jp": 3, "jkp": 0}
    assert s.counts.payers == {"employer": 3, "self": 3, "contractor": 1, "sponsor": 3}
    by_code = {sub.code: sub.total for sub in s.sub_regions}
    # 150701 (village A): 3 PU + 1 Jakon + 3 sponsored = 7; 150702 (village B): 2 BPU + 1 PMI = 3.
    assert by_code["150701"] == 7
    assert by_code["150702"] == 3
    assert sum(by_code.values()) == 10


def test_workplace_counts_pu_and_jakon_where_they_work(scene):
    s = coverage_summary("1507", AS_OF, Basis.WORKPLACE)
    # The 3 PU work for an employer in Kota Jambi (1571): not counted in 1507 on this basis.
    assert s.counts.segments == {"PU": 0, "BPU": 5, "JAKON": 1, "PMI": 1}
    by_code = {sub.code: sub.total for sub in s.sub_regions}
    # The Jakon worker lives in 150701 but the project is in 150702: 150701 keeps the 3 sponsored,
    # 150702 has 2 BPU + 1 PMI + 1 Jakon.
    assert by_code["150701"] == 3
    assert by_code["150702"] == 4
    city = coverage_summary("1571", AS_OF, Basis.WORKPLACE)
    assert city.counts.segments["PU"] == 3
    # The employer's region is the regency 1571 itself: in the regency, in none of its districts.
    assert city.unplaced == 3


def test_rebuilt_facts_equal_the_live_count_and_roll_up(scene):
    built = coverage_facts_rebuild(MARCH)
    assert built.day == dt.date(2024, 3, 31)
    # On the 31st the BPU member who started on the 25th counts too: 10 + 1 = 11 in 1507.
    assert built.participants == 11
    s = coverage_summary("1507", dt.date(2024, 3, 31))
    assert s.counted == "facts"
    assert s.counts.total == 11
    assert s.counts.segments["BPU"] == 6
    province = coverage_summary("15", dt.date(2024, 3, 31))
    assert province.counts.total == 11
    assert {sub.code: sub.total for sub in province.sub_regions}["1507"] == 11
    district = coverage_summary("150702", dt.date(2024, 3, 31))
    assert district.counts.total == 4  # 2 BPU + 1 late BPU + 1 PMI
    village = coverage_summary(VILLAGE_B, dt.date(2024, 3, 31))
    assert village.counts.total == 4
    assert village.sub_regions == []
    assert village.unplaced == 0
    for basis in ("domicile", "workplace"):
        stored = sorted(
            CoverageFact.objects.filter(day=dt.date(2024, 3, 31), basis=basis).values_list(*FACT_COLUMNS)
        )
        assert stored == sorted(live_fact_rows(dt.date(2024, 3, 31), basis))


def test_rebuild_twice_changes_nothing(scene):
    coverage_facts_rebuild(MARCH)
    first = facts_snapshot()
    coverage_facts_rebuild(MARCH)
    assert facts_snapshot() == first
    assert CoverageFactDay.objects.get(day=dt.date(2024, 3, 31)).month == MARCH


def test_incremental_update_equals_full_rebuild(scene, world):
    feb, march = dt.date(2024, 2, 1), MARCH
    coverage_facts_rebuild(feb)
    coverage_facts_rebuild(march)
    # Changes after billing and payments, and in the registry:
    pu = CoverageMonth.objects.filter(membership__segment="PU", month=march, status="paid").first()
    pu.status = "lapsed"
    pu.save()
    bpu = CoverageMonth.objects.filter(
        membership__segment="BPU", membership__payer_kind="self", month=feb
    ).first()
    bpu.status = "unpaid"
    bpu.save()
    new = world.membership(world.person(VILLAGE_B), "PMI", payer_kind="self", programmes=("JKK", "JKM"))
    moved = scene["late"].person  # moves from village B to village A
    moved.village_id = VILLAGE_A
    moved.save()
    ended = world.membership(world.person("1571011001"), "BPU", payer_kind="self")
    coverage_facts_rebuild(march)  # ended's first count
    ended.valid_to = dt.date(2024, 3, 5)
    ended.save()
    coverage_facts_update(
        memberships=[pu.membership_id, bpu.membership_id, new.pk, scene["late"].pk, ended.pk],
        regions=[VILLAGE_B],  # where the moved person counted before
    )
    incremental = facts_snapshot()
    coverage_facts_rebuild(feb)
    coverage_facts_rebuild(march)
    assert incremental == facts_snapshot()
    assert coverage_summary("1571", dt.date(2024, 3, 31)).counts.total == 0


def test_update_of_months_rebuilds_them(scene, world):
    coverage_facts_rebuild(MARCH)
    world.membership(world.person(VILLAGE_B), "PMI", payer_kind="self")
    coverage_facts_update(months=[MARCH])
    assert CoverageFactDay.objects.get(day=dt.date(2024, 3, 31)).participants == 12  # 11 + the new PMI
