"""The monthly bill to the sponsor: one invoice per programme and month, amounts from the rules,
paid like any payer's."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from lindung.billing.services.payments import payment_post
from lindung.errors import ValidationFailed
from lindung.sponsorship.billing import programme_bill_issue, programme_payer
from tests.sponsorship.conftest import PRICE, person_row

FEB = dt.date(2026, 2, 1)


@pytest.fixture
def programme(scene):
    """Three enrolled (Ani, Budi, Citra), one waiting (Dedi): the budget pays three people-years."""
    programme = scene.programme(scene.sponsor(), budget=3 * 12 * PRICE)
    names = [("Ani", "P"), ("Budi", "L"), ("Citra", "P"), ("Dedi", "L")]
    scene.load(programme, [person_row(name=n, sex=s, priority=i) for i, (n, s) in enumerate(names)])
    return programme


def test_one_bill_a_month_with_a_line_per_programme_and_person(scene, programme):
    invoice = programme_bill_issue(actor=scene.actor, programme=programme, month=FEB)
    assert invoice.payer == programme_payer(programme)
    assert invoice.number == f"INV/202602/{invoice.payer_id:010d}"
    # E15 for each of three people: JKK 1 % × 1,000,000 = 10,000; JKM 6,800; 3 × 16,800 = 50,400
    assert invoice.total == 50_400 and invoice.status == "open"
    assert invoice.due_date == dt.date(2026, 2, 15)  # BPU: the 15th of the contribution month
    lines = list(
        invoice.lines.order_by("person__name", "programme").values_list(
            "person__name", "programme", "sponsor"
        )
    )
    assert lines == [
        ("Ani", "JKK", 10_000),
        ("Ani", "JKM", 6_800),
        ("Budi", "JKK", 10_000),
        ("Budi", "JKM", 6_800),
        ("Citra", "JKK", 10_000),
        ("Citra", "JKM", 6_800),
    ]
    line = invoice.lines.get(person__name="Ani", programme="JKK")
    assert line.facts == {
        "segment": "BPU",
        "programmes": ["JKK", "JKM"],
        "wage": 1_000_000,
        "sponsored": True,
    }
    assert line.parameters  # the parameter values the amount was computed from, frozen
    again = programme_bill_issue(actor=scene.actor, programme=programme, month=FEB)
    assert again.pk == invoice.pk and again.lines.count() == 6 and again.total == 50_400


def test_the_sponsor_pays_like_any_payer(scene, programme):
    invoice = programme_bill_issue(actor=scene.actor, programme=programme, month=FEB)
    payment_post(
        actor=scene.actor,
        payer=invoice.payer,
        amount=50_400,
        paid_on=dt.date(2026, 2, 10),
        channel="VA",
        external_reference="BKBK-2026-02",
    )
    invoice.refresh_from_db()
    assert (invoice.status, invoice.allocated) == ("paid", 50_400)


def test_jht_package_costs_36_800(scene):
    """E16: JKK 10,000 + JKM 6,800 + JHT 2 % × 1,000,000 = 20,000: 36,800 a month."""
    programme = scene.programme(scene.sponsor(), budget=12 * 36_800, with_jht=True)
    assert scene.load(programme, [person_row()]).enrolled == 1
    invoice = programme_bill_issue(actor=scene.actor, programme=programme, month=FEB)
    assert invoice.total == 36_800
    assert set(invoice.lines.values_list("programme", "sponsor")) == {
        ("JKK", 10_000),
        ("JKM", 6_800),
        ("JHT", 20_000),
    }


def test_a_month_before_anyone_is_covered_is_refused(scene, programme):
    with pytest.raises(ValidationFailed, match="nobody is covered by BKBK Jamsostek \\(2026\\) in 2025-12"):
        programme_bill_issue(actor=scene.actor, programme=programme, month=dt.date(2025, 12, 1))


def test_billing_is_for_the_branch_office(scene, programme, users):
    officer = users.make("sponsor_officer", sponsor=programme.sponsor)
    with pytest.raises(PermissionDenied):
        programme_bill_issue(actor=officer, programme=programme, month=FEB)
    regency_officer = users.officer(("1507",))  # the province's programme is not theirs to bill
    with pytest.raises(PermissionDenied):
        programme_bill_issue(actor=regency_officer, programme=programme, month=FEB)
    province_officer = users.officer(("15",))
    assert programme_bill_issue(actor=province_officer, programme=programme, month=FEB).total == 50_400
