"""membership_enrol: programmes per segment and employer size (regulation.md §2), wage and income
rules (§3.6 BPU minimum Rp1.000.000; §3.8 PMI JHT Rp50.000–600.000), links and payers, overlaps, scope."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from lindung.audit.models import AuditEvent
from lindung.errors import Conflict, ValidationFailed
from lindung.registry.models import Membership
from tests.registry.conftest import FULL_PU, VILLAGE_1571, Registry

JAN_2024 = dt.date(2024, 1, 1)


def errors_of(caught):
    return dict(caught.value.errors)


def test_pu_at_a_large_employer_takes_all_five_programmes(reg, admin):
    person = reg.person(birth_date=dt.date(1990, 5, 17))  # 33 on 2024-01-01: JKP applies
    employer = reg.employer(size_class="besar")
    m = reg.enrol(person, "PU", FULL_PU, JAN_2024, wage=5_000_000, employer=employer)
    m.refresh_from_db()
    assert m.programmes == FULL_PU and (m.wage, m.employer, m.payer_kind) == (5_000_000, employer, "employer")
    assert (m.valid_from, m.valid_to, m.previous) == (JAN_2024, None, None)
    event = AuditEvent.objects.get(action="membership.enrol")
    assert event.actor == admin and event.after["jp"] is True


@pytest.mark.parametrize(
    ("size", "programmes", "message"),
    [
        ("besar", {"JKK", "JKM", "JHT", "JKP"}, "PU (besar) must include JP"),
        ("menengah", {"JKK", "JKM", "JHT", "JP"}, "PU (menengah) must include JKP"),
        ("kecil", {"JKK", "JKM", "JKP"}, "PU (kecil) must include JHT"),
        ("mikro", {"JKK"}, "PU (mikro) must include JKM"),
    ],
)
def test_pu_missing_programmes_by_size_are_refused(reg, size, programmes, message):
    person = reg.person()
    employer = reg.employer(size_class=size)
    with pytest.raises(ValidationFailed) as caught:
        reg.enrol(person, "PU", programmes, JAN_2024, wage=3_000_000, employer=employer)
    assert errors_of(caught) == {"programmes": message}
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    ("size", "programmes"),
    [
        ("kecil", {"JKK", "JKM", "JHT", "JKP"}),  # JP optional for small employers
        ("kecil", {"JKK", "JKM", "JHT", "JP", "JKP"}),
        ("mikro", {"JKK", "JKM"}),  # micro: JKK and JKM only
        ("mikro", {"JKK", "JKM", "JHT", "JKP"}),  # with JHT the worker also gets JKP (PP 6/2025 Art. 4)
    ],
)
def test_pu_small_and_micro_packages(reg, size, programmes):
    person = reg.person()
    employer = reg.employer(size_class=size)
    assert (
        reg.enrol(person, "PU", programmes, JAN_2024, wage=3_000_000, employer=employer).programmes
        == programmes
    )


def test_jkp_follows_the_age_at_registration(reg):
    # Born 15-01-1970: 54 on 2024-06-01, so no JKP (PP 6/2025 Art. 4: under 54 at registration).
    older = reg.person("1507011501700004", birth_date=dt.date(1970, 1, 15))
    employer = reg.employer(size_class="besar")
    with pytest.raises(ValidationFailed) as caught:
        reg.enrol(older, "PU", FULL_PU, dt.date(2024, 6, 1), wage=4_000_000, employer=employer)
    assert "PU (besar) may not include JKP" in errors_of(caught)["programmes"]
    m = reg.enrol(older, "PU", FULL_PU - {"JKP"}, dt.date(2024, 6, 1), wage=4_000_000, employer=employer)
    assert "JKP" not in m.programmes


def test_pu_needs_an_employer_and_a_wage(reg):
    person = reg.person()
    with pytest.raises(ValidationFailed) as caught:
        reg.enrol(person, "PU", FULL_PU, JAN_2024)
    assert errors_of(caught) == {
        "employer": "a PU membership needs the employer",
        "wage": "a PU membership needs the monthly wage",
    }
    with pytest.raises(ValidationFailed) as caught:
        reg.enrol(person, "PU", FULL_PU, JAN_2024, wage=0, employer=reg.employer())
    assert errors_of(caught) == {"wage": "Rp0 is below the minimum Rp1"}


def test_bpu_declared_income_is_at_least_one_million(reg):
    person = reg.person()
    with pytest.raises(ValidationFailed) as caught:
        reg.enrol(person, "BPU", {"JKK", "JKM"}, JAN_2024, wage=999_999)
    assert errors_of(caught) == {"wage": "Rp999.999 is below the minimum Rp1.000.000"}
    m = reg.enrol(person, "BPU", {"JKK", "JKM", "JHT"}, JAN_2024, wage=1_000_000, sector="transport")
    assert (m.wage, m.payer_kind, m.sector, m.employer) == (1_000_000, "self", "transport", None)


@pytest.mark.parametrize(
    ("segment", "programmes", "message"),
    [
        ("BPU", {"JKK", "JKM", "JP"}, "BPU may not include JP"),
        ("BPU", {"JKK", "JKM", "JKP"}, "BPU may not include JKP"),
        ("BPU", {"JKM"}, "BPU must include JKK"),
        ("BPU", set(), "choose at least JKK and JKM"),
        ("BPU", {"JKK", "JKM", "ABC"}, "unknown programme(s): ABC"),
    ],
)
def test_bpu_programmes(reg, segment, programmes, message):
    with pytest.raises(ValidationFailed) as caught:
        reg.enrol(reg.person(), segment, programmes, JAN_2024, wage=1_500_000)
    assert errors_of(caught) == {"programmes": message}


def test_bpu_may_be_paid_by_a_sponsor_but_not_by_an_employer(reg):
    person = reg.person()
    with pytest.raises(ValidationFailed) as caught:
        reg.enrol(person, "BPU", {"JKK", "JKM"}, JAN_2024, wage=1_000_000, payer_kind="employer")
    assert errors_of(caught) == {"payer_kind": "'employer' is not one of self, sponsor"}
    assert reg.enrol(
        person, "BPU", {"JKK", "JKM"}, JAN_2024, wage=1_000_000, payer_kind="sponsor"
    ).payer_kind == ("sponsor")


def test_jakon_runs_for_the_project_and_the_contractor_pays(reg):
    contractor = reg.employer()
    project = reg.project(
        contractor=contractor, start_date=dt.date(2024, 3, 1), end_date=dt.date(2024, 12, 31)
    )
    m = reg.enrol(reg.person(), "JAKON", {"JKK", "JKM"}, dt.date(2024, 4, 15), project=project)
    # Cover to the project's last day inclusive: valid_to is the day after (exclusive).
    assert (m.valid_from, m.valid_to) == (dt.date(2024, 4, 15), dt.date(2025, 1, 1))
    assert (m.payer_kind, m.project, m.employer, m.wage) == ("contractor", project, None, None)


def test_jakon_needs_a_project_and_a_start_inside_it(reg):
    contractor = reg.employer()
    project = reg.project(
        contractor=contractor, start_date=dt.date(2024, 3, 1), end_date=dt.date(2024, 12, 31)
    )
    person = reg.person()
    with pytest.raises(ValidationFailed) as caught:
        reg.enrol(person, "JAKON", {"JKK", "JKM", "JHT"}, JAN_2024, employer=contractor)
    assert errors_of(caught) == {
        "employer": "a JAKON membership has no employer",
        "project": "a Jakon membership needs the construction project",
        "programmes": "JAKON may not include JHT",
    }
    with pytest.raises(ValidationFailed) as caught:
        reg.enrol(person, "JAKON", {"JKK", "JKM"}, dt.date(2025, 1, 1), project=project)
    assert errors_of(caught) == {
        "start": "2025-01-01 is outside project JK-2024-001 (2024-03-01 to 2024-12-31)"
    }


def test_pmi_contract_and_optional_jht_amount(reg):
    person = reg.person()
    with pytest.raises(ValidationFailed) as caught:
        reg.enrol(person, "PMI", {"JKK", "JKM", "JHT"}, JAN_2024, pmi_jht_amount=40_000)
    assert errors_of(caught) == {
        "pmi_contract_months": "give the contract length, 1 to 120 months",
        "pmi_jht_amount": "Rp40.000 is below the minimum Rp50.000",
    }
    m = reg.enrol(
        person, "PMI", {"JKK", "JKM", "JHT"}, JAN_2024, pmi_contract_months=24, pmi_jht_amount=600_000
    )
    assert (m.pmi_contract_months, m.pmi_jht_amount, m.payer_kind) == (24, 600_000, "self")


def test_pmi_without_jht_chooses_no_amount(reg):
    with pytest.raises(ValidationFailed) as caught:
        reg.enrol(
            reg.person(), "PMI", {"JKK", "JKM"}, JAN_2024, pmi_contract_months=24, pmi_jht_amount=50_000
        )
    assert errors_of(caught) == {"pmi_jht_amount": "only with JHT"}


def test_fields_of_other_segments_are_refused(reg):
    with pytest.raises(ValidationFailed) as caught:
        reg.enrol(
            reg.person(),
            "PU",
            FULL_PU,
            JAN_2024,
            wage=3_000_000,
            employer=reg.employer(),
            sector="x",
            pmi_contract_months=12,
        )
    assert errors_of(caught) == {
        "sector": "only BPU memberships have an occupation sector",
        "pmi_contract_months": "only PMI memberships have a placement contract",
    }


def test_start_before_birth_and_unknown_segment(reg):
    person = reg.person(birth_date=dt.date(1990, 5, 17))
    with pytest.raises(ValidationFailed) as caught:
        reg.enrol(person, "XX", {"JKK", "JKM"}, dt.date(1990, 5, 16))
    assert errors_of(caught) == {
        "start": "1990-05-16 is before the person's birth date",
        "segment": "'XX' is not one of PU, BPU, JAKON, PMI",
    }


def test_no_two_overlapping_pu_memberships_with_the_same_employer(reg, admin):
    from lindung.registry.services.memberships import membership_end

    person, employer = reg.person(), reg.employer()
    first = reg.enrol(person, "PU", FULL_PU, JAN_2024, wage=3_000_000, employer=employer)
    with pytest.raises(Conflict) as caught:
        reg.enrol(person, "PU", FULL_PU, dt.date(2024, 6, 1), wage=3_000_000, employer=employer)
    assert caught.value.field == "start"
    assert f"overlaps PU membership #{first.pk} valid from 2024-01-01 to open" in caught.value.message
    # A second job at another employer at the same time is allowed.
    other = reg.employer("NN000002")
    reg.enrol(person, "PU", FULL_PU, dt.date(2024, 6, 1), wage=2_000_000, employer=other)
    # After the first ends on 2024-07-01 (exclusive), the same employer may enrol again that day.
    membership_end(actor=admin, membership=first, end=dt.date(2024, 7, 1), reason="resigned")
    again = reg.enrol(person, "PU", FULL_PU, dt.date(2024, 7, 1), wage=3_500_000, employer=employer)
    assert again.valid_from == dt.date(2024, 7, 1)


def test_bpu_and_pmi_overlap_whatever_else(reg):
    person = reg.person()
    reg.enrol(person, "BPU", {"JKK", "JKM"}, JAN_2024, wage=1_000_000)
    with pytest.raises(Conflict):
        reg.enrol(person, "BPU", {"JKK", "JKM"}, dt.date(2023, 6, 1), wage=2_000_000)
    reg.enrol(person, "PMI", {"JKK", "JKM"}, JAN_2024, pmi_contract_months=12)
    with pytest.raises(Conflict):
        reg.enrol(person, "PMI", {"JKK", "JKM"}, dt.date(2024, 2, 1), pmi_contract_months=6)


def test_jakon_overlap_is_per_project(reg):
    contractor = reg.employer()
    a = reg.project("JK-A", contractor=contractor)
    b = reg.project("JK-B", contractor=contractor)
    person = reg.person()
    reg.enrol(person, "JAKON", {"JKK", "JKM"}, dt.date(2024, 3, 1), project=a)
    reg.enrol(person, "JAKON", {"JKK", "JKM"}, dt.date(2024, 3, 1), project=b)
    with pytest.raises(Conflict):
        reg.enrol(person, "JAKON", {"JKK", "JKM"}, dt.date(2024, 5, 1), project=a)


def test_officer_enrols_only_within_their_regions(users, reg):
    officer = Registry(users.officer(regions=("1507",)))
    inside = reg.employer("NN000001", region_code="1507")
    outside = reg.employer("NN000002", region_code="1571")
    person = reg.person()  # lives in 1507
    city_person = reg.person("1571011705900001", village_code=VILLAGE_1571)
    officer.enrol(person, "PU", FULL_PU, JAN_2024, wage=3_000_000, employer=inside)
    with pytest.raises(PermissionDenied):
        officer.enrol(person, "PU", FULL_PU, JAN_2024, wage=3_000_000, employer=outside)
    with pytest.raises(PermissionDenied):  # BPU belongs to the person's village, which is in 1571
        officer.enrol(city_person, "BPU", {"JKK", "JKM"}, JAN_2024, wage=1_000_000)
    with pytest.raises(PermissionDenied):
        Registry(users.auditor()).enrol(person, "BPU", {"JKK", "JKM"}, JAN_2024, wage=1_000_000)
    assert Membership.objects.count() == 1
