"""Exits, the hand-over to an employer without gap or overlap, the waiting list taking the freed
place, and the renewal into the next fiscal year."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from lindung.errors import Conflict, ValidationFailed
from lindung.registry.models import Membership
from lindung.sponsorship.billing import programme_bill_issue
from lindung.sponsorship.models import Beneficiary, ImportRow
from lindung.sponsorship.services.exits import beneficiary_exit, beneficiary_hand_over
from lindung.sponsorship.services.renewal import programme_renew
from tests.sponsorship.conftest import PRICE, person_row

YEAR_COST = 12 * PRICE


def on_list(programme, name):
    return Beneficiary.objects.get(programme=programme, person__name=name, status__in=["enrolled", "waiting"])


@pytest.fixture
def full(scene):
    """A programme with budget for two people-years: Ani and Budi enrolled, Citra and Dedi wait."""
    programme = scene.programme(scene.sponsor(), budget=2 * YEAR_COST)
    rows = [
        person_row(name="Ani", priority=1),
        person_row(name="Budi", sex="L", priority=2),
        person_row(name="Citra", priority=3),
        person_row(name="Dedi", sex="L", priority=4),
    ]
    record = scene.load(programme, rows)
    assert (record.enrolled, record.waiting) == (2, 2)
    return programme


def test_death_ends_cover_at_the_end_of_the_month_and_the_next_waiting_takes_the_place(scene, full):
    """Ani dies on 10 March: March is paid, her cover ends on 1 April. Her unused April–December
    (9 × 16,800 = 151,200) pays for Citra from April to December: the budget still holds."""
    ani = on_list(full, "Ani")
    beneficiary_exit(actor=scene.actor, beneficiary=ani, reason="died", on=dt.date(2026, 3, 10))
    ani.refresh_from_db()
    assert (ani.status, ani.reason, ani.exited_on) == ("exited", "died", dt.date(2026, 3, 10))
    assert ani.enrolled_until == dt.date(2026, 4, 1)
    assert (ani.membership.valid_to, ani.membership.end_reason) == (dt.date(2026, 4, 1), "died")
    citra = Beneficiary.objects.get(programme=full, person__name="Citra")
    assert ani.replaced_by == citra and citra.status == "enrolled"
    assert (citra.membership.valid_from, citra.membership.valid_to) == (
        dt.date(2026, 4, 1),
        dt.date(2027, 1, 1),
    )
    assert on_list(full, "Dedi").status == "waiting"


def test_a_replacement_is_checked_again(scene, full):
    """Citra found work meanwhile (PU from 1 February): she is passed over, Dedi gets the place."""
    firm = scene.employer("NN000002", name="PT Jaya", size_class="kecil")
    citra = on_list(full, "Citra")
    Membership.objects.create(
        person=citra.person,
        segment="PU",
        employer=firm,
        jkk=True,
        jkm=True,
        jht=True,
        wage=3_000_000,
        payer_kind="employer",
        valid_from=dt.date(2026, 2, 1),
    )
    beneficiary_exit(
        actor=scene.actor, beneficiary=on_list(full, "Budi"), reason="moved", on=dt.date(2026, 5, 3)
    )
    citra.refresh_from_db()
    assert (citra.status, citra.reason) == ("rejected", "covered_elsewhere")
    assert on_list(full, "Dedi").status == "enrolled"
    assert on_list(full, "Dedi").membership.valid_from == dt.date(2026, 6, 1)


def test_hand_over_to_an_employer_has_no_gap_and_no_month_paid_twice(scene, full, users):
    """Budi starts work on 10 March. The sponsor has paid March; the employer's PU cover starts on
    1 April, the day the sponsored BPU cover ends. March is on the sponsor's bill, April is not."""
    firm = scene.employer("NN000003", name="PT Sabak", size_class="besar")
    budi = on_list(full, "Budi")
    bpu = budi.membership
    pu = beneficiary_hand_over(
        actor=users.officer(("1507",)),
        beneficiary=budi,
        employer=firm,
        wage=3_500_000,
        programmes={"JKK", "JKM", "JHT", "JP", "JKP"},
        work_started=dt.date(2026, 3, 10),
    )
    bpu.refresh_from_db()
    assert bpu.valid_to == pu.valid_from == dt.date(2026, 4, 1)
    assert (pu.segment, pu.employer, pu.payer_kind) == ("PU", firm, "employer")
    budi.refresh_from_db()
    assert (budi.status, budi.reason, budi.enrolled_until) == ("exited", "employed", dt.date(2026, 4, 1))
    assert budi.replaced_by.person.name == "Citra"
    march = programme_bill_issue(actor=scene.actor, programme=full, month=dt.date(2026, 3, 1))
    april = programme_bill_issue(actor=scene.actor, programme=full, month=dt.date(2026, 4, 1))
    march_people = set(march.lines.values_list("person__name", flat=True))
    april_people = set(april.lines.values_list("person__name", flat=True))
    assert march_people == {"Ani", "Budi"} and april_people == {"Ani", "Citra"}
    # each month two people × 16,800
    assert march.total == april.total == 2 * PRICE


def test_a_sponsor_officer_cannot_enrol_with_an_employer(scene, full, users):
    firm = scene.employer("NN000004", name="PT Tebo", size_class="besar")
    officer = users.make("sponsor_officer", sponsor=full.sponsor)
    with pytest.raises(PermissionDenied):
        beneficiary_hand_over(
            actor=officer,
            beneficiary=on_list(full, "Budi"),
            employer=firm,
            wage=3_500_000,
            programmes={"JKK", "JKM", "JHT", "JP", "JKP"},
            work_started=dt.date(2026, 3, 10),
        )
    # ... but records that he started work; the cover ends with the month.
    budi = beneficiary_exit(
        actor=officer, beneficiary=on_list(full, "Budi"), reason="employed", on=dt.date(2026, 3, 10)
    )
    assert budi.membership.valid_to == dt.date(2026, 4, 1)


def test_exits_refused_with_reasons(scene, full):
    ani = on_list(full, "Ani")
    with pytest.raises(ValidationFailed, match="'retired' is not one of"):
        beneficiary_exit(actor=scene.actor, beneficiary=ani, reason="retired", on=dt.date(2026, 3, 1))
    with pytest.raises(ValidationFailed, match="cover starts on 2026-01-01"):
        beneficiary_exit(actor=scene.actor, beneficiary=ani, reason="died", on=dt.date(2025, 12, 20))
    beneficiary_exit(actor=scene.actor, beneficiary=ani, reason="died", on=dt.date(2026, 3, 1))
    with pytest.raises(Conflict, match="not enrolled"):
        beneficiary_exit(actor=scene.actor, beneficiary=ani, reason="died", on=dt.date(2026, 3, 1))


def test_someone_waiting_leaves_the_list_without_a_membership(scene, full):
    dedi = beneficiary_exit(
        actor=scene.actor, beneficiary=on_list(full, "Dedi"), reason="moved", on=dt.date(2026, 2, 1)
    )
    assert (dedi.status, dedi.membership, dedi.enrolled_until) == ("exited", None, None)


def test_renewal_carries_the_eligible_over_in_one_step(scene, full):
    """Ani dies on 5 June: her cover ends on 1 July. The 2026 budget left (403,200 − 6 × 16,800
    for Ani − 201,600 for Budi = 100,800 = 6 × 16,800) pays for Citra from July; Dedi still waits.
    2027 pays for 3 people-years (3 × 12 × 16,800 = 604,800): Budi and Citra, enrolled to the end of
    2026, are carried over first, then Dedi from the waiting list. Ani is not carried."""
    beneficiary_exit(
        actor=scene.actor, beneficiary=on_list(full, "Ani"), reason="died", on=dt.date(2026, 6, 5)
    )
    assert on_list(full, "Citra").membership.valid_from == dt.date(2026, 7, 1)
    next_year = scene.programme(full.sponsor, year=2027, budget=3 * YEAR_COST)
    report = programme_renew(actor=scene.actor, programme=full, into=next_year)
    carried = dict(Beneficiary.objects.filter(programme=next_year).values_list("person__name", "status"))
    assert carried == {"Budi": "enrolled", "Citra": "enrolled", "Dedi": "enrolled"}
    budi_2026 = Beneficiary.objects.get(programme=full, person__name="Budi")
    budi_2027 = Beneficiary.objects.get(programme=next_year, person__name="Budi")
    assert budi_2027.carried_from == budi_2026
    assert budi_2026.membership.valid_to == budi_2027.membership.valid_from == dt.date(2027, 1, 1)
    assert budi_2027.membership.valid_to == dt.date(2028, 1, 1)
    assert (report.enrolled, report.waiting, report.rejected) == (3, 0, 0)
    next_year.refresh_from_db()
    assert next_year.predecessor == full


def test_renewal_checks_the_age_again(scene):
    """Eko, born 15 December 1961, is 64 on 1 January 2026 and 65 on 1 January 2027."""
    programme = scene.programme(scene.sponsor(), budget=YEAR_COST)
    scene.load(programme, [person_row(name="Eko", sex="L", born=dt.date(1961, 12, 15))])
    next_year = scene.programme(programme.sponsor, year=2027, budget=YEAR_COST)
    report = programme_renew(actor=scene.actor, programme=programme, into=next_year)
    row = ImportRow.objects.get(list_import=report)
    assert (row.outcome, row.reason) == ("rejected", "outside_age")
    assert row.message == "65 years old on 2027-01-01; working age 15–64"


def test_renewal_within_the_new_budget_and_run_twice(scene, full):
    """The 2027 budget pays for one person-year: Ani (priority 1) is carried, Budi waits."""
    next_year = scene.programme(full.sponsor, year=2027, budget=YEAR_COST)
    first = programme_renew(actor=scene.actor, programme=full, into=next_year)
    assert (first.enrolled, first.waiting) == (1, 3)
    assert on_list(next_year, "Ani").status == "enrolled" and on_list(next_year, "Budi").status == "waiting"
    second = programme_renew(actor=scene.actor, programme=full, into=next_year)
    assert (second.enrolled, second.waiting) == (0, 0)
    assert {r.reason for r in ImportRow.objects.filter(list_import=second)} == {"already_listed"}


def test_renewal_refuses_overlapping_or_foreign_programmes(scene, full):
    overlapping = scene.programme(full.sponsor, budget=1, period_start=dt.date(2026, 6, 1))
    other = scene.programme(scene.sponsor("PT CSR", region="1507", kind="company"), year=2027, budget=1)
    with pytest.raises(ValidationFailed) as caught:
        programme_renew(actor=scene.actor, programme=full, into=overlapping)
    assert "starts before" in str(caught.value)
    with pytest.raises(ValidationFailed, match="belongs to another sponsor"):
        programme_renew(actor=scene.actor, programme=full, into=other)


def test_a_sponsored_membership_is_not_changed_through_the_registry(scene, full):
    """The programme fixes the package and its beneficiary row points at this very membership: a
    registry change would open a new version the programme no longer pays for."""
    from lindung.registry.services.memberships import membership_change

    ani = on_list(full, "Ani")
    with pytest.raises(ValidationFailed, match="paid by a sponsored programme"):
        membership_change(
            actor=scene.actor, membership=ani.membership, effective=dt.date(2026, 5, 1), wage=2_000_000
        )
    assert Membership.objects.filter(person=ani.person).count() == 1
