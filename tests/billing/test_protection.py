"""Who is protected on a day (the maintained coverage table) and which employers are flagged for
arrears of three months or more."""

import datetime as dt

import pytest

from lindung.billing.arrears import employers_flagged
from lindung.billing.models import CoverageMonth
from lindung.billing.protection import is_protected_on, protected_count_on, protected_on, status_history
from lindung.billing.services.coverage_status import coverage_status_refresh
from lindung.billing.services.invoices import invoice_issue
from lindung.billing.services.payments import payment_post
from tests.billing.conftest import line

JAN = dt.date(2025, 1, 1)


def test_protected_while_due_and_in_grace_not_when_unpaid(pu):
    m, _, _ = pu
    coverage_status_refresh(month=JAN, on=dt.date(2025, 1, 20))  # due 17 Feb: "due"
    assert list(protected_on(dt.date(2025, 1, 20))) == [m]
    coverage_status_refresh(month=JAN, on=dt.date(2025, 3, 1))  # grace (to 17 May)
    assert protected_count_on(dt.date(2025, 1, 20)) == 1
    coverage_status_refresh(month=JAN, on=dt.date(2025, 5, 18))  # unpaid
    assert protected_count_on(dt.date(2025, 1, 20)) == 0
    assert protected_count_on(dt.date(2025, 2, 3)) == 0  # February not billed: no row, not protected


def test_by_region_of_domicile_or_workplace(world):
    m = world.membership(
        world.person("Ani", village="1507011010"), "PU", employer=world.employer(region="1571")
    )
    payer = world.payer(m)
    invoice_issue(actor=None, payer=payer, month=JAN, lines=[line(m, "JKM", JAN, employer=30_000)])
    coverage_status_refresh(month=JAN, on=dt.date(2025, 1, 20))
    day = dt.date(2025, 1, 20)
    assert protected_count_on(day, region="1507") == 1  # lives in Tanjung Jabung Timur
    assert protected_count_on(day, region="15") == 1
    assert protected_count_on(day, region="1571") == 0
    assert protected_count_on(day, region="1571", by="workplace") == 1  # works in Kota Jambi
    assert protected_count_on(day, region="1507", by="workplace") == 0
    with pytest.raises(ValueError, match="by must be one of"):
        protected_count_on(day, region="15", by="office")


def test_lapsed_and_unpaid_bpu_months_do_not_protect(bpu):
    m, _, _ = bpu
    coverage_status_refresh(on=dt.date(2025, 7, 1))
    assert not is_protected_on(m, dt.date(2025, 1, 20))  # unpaid
    assert not is_protected_on(m, dt.date(2025, 4, 20))  # lapsed
    assert [c.status for c in status_history(m)][:2] == ["lapsed", "lapsed"]  # June, May


def test_a_paid_month_protects_only_while_the_membership_is_valid(bpu):
    m, payer, invoices = bpu
    payment_post(
        actor=None,
        payer=payer,
        amount=16_800,
        paid_on=dt.date(2025, 6, 1),
        channel="VA",
        external_reference="SRI-JUNE",
        invoice=invoices[dt.date(2025, 6, 1)],
    )
    assert is_protected_on(m, dt.date(2025, 6, 10))
    m.valid_to = dt.date(2025, 6, 10)  # ended: the 10th is no longer covered
    m.save(update_fields=["valid_to"])
    assert not is_protected_on(m, dt.date(2025, 6, 10))
    assert is_protected_on(m, dt.date(2025, 6, 9))


def test_imported_statuses_count(bpu):
    m, _, _ = bpu
    CoverageMonth.objects.create(membership=m, month=dt.date(2024, 12, 1), status="paid")
    assert is_protected_on(m, dt.date(2024, 12, 31))


@pytest.fixture
def behind(world):
    """Invoices of 100,000 for January – May 2025. PU due dates: Jan → Mon 17 Feb (15th a
    Saturday), Feb → Mon 17 Mar (15th a Saturday), Mar → Tue 15 Apr, Apr → Thu 15 May."""
    employer = world.employer()
    m = world.pu_worker(employer)
    payer = world.payer(m)
    for month in (dt.date(2025, n, 1) for n in range(1, 6)):
        invoice_issue(actor=None, payer=payer, month=month, lines=[line(m, "JKM", month, employer=100_000)])
    return employer, payer


def test_employers_with_three_months_or_more_are_flagged(behind, world):
    employer, payer = behind
    world.pu_worker(world.employer(name="PT Lunas"))  # no invoices: never flagged
    assert list(employers_flagged(dt.date(2025, 4, 15))) == []  # Jan, Feb behind; Mar due today
    flagged = list(employers_flagged(dt.date(2025, 4, 16)))  # Jan, Feb, Mar behind
    assert [(p.pk, p.arrears_months) for p in flagged] == [(payer.pk, 3)]
    assert flagged[0].employer == employer
    assert [p.arrears_months for p in employers_flagged(dt.date(2025, 5, 16))] == [4]
    payment_post(
        actor=None,
        payer=payer,
        amount=100_000,
        paid_on=dt.date(2025, 4, 20),
        channel="BANK",
        external_reference="T1",
    )  # pays January
    assert list(employers_flagged(dt.date(2025, 4, 21))) == []  # Feb, Mar: two


def test_person_page_shows_the_coverage_months(client, users, bpu):
    m, _, _ = bpu
    coverage_status_refresh(on=dt.date(2025, 7, 1))
    client.force_login(users.admin())
    body = client.get(f"/registry/people/{m.person.nik}/").content.decode()
    assert f'data-membership="{m.pk}"' in body
    assert body.count("06/2025") == 1


def test_api_protected_count_history_and_flagged(client, users, pu, behind):
    m, _, _ = pu
    coverage_status_refresh(month=JAN, on=dt.date(2025, 1, 20))
    client.force_login(users.officer(("1507",)))
    body = client.get("/api/v1/billing/coverage/protected-count?on=2025-01-20&region=1507").json()
    assert body["count"] == 2  # the PU worker of `pu` and the one of `behind` (due on 17 Feb)
    assert client.get("/api/v1/billing/coverage/protected-count?on=2025-01-20&region=1571").status_code == 403
    assert client.get("/api/v1/billing/coverage/protected-count?on=2025-01-20").status_code == 403
    history = client.get(f"/api/v1/billing/coverage/memberships/{m.pk}").json()
    assert history == [{"month": "2025-01-01", "status": "due"}]
    flagged = client.get("/api/v1/billing/employers/flagged?on=2025-05-16").json()["items"]
    assert [(f["name"], f["arrears_months"]) for f in flagged] == [("PT Sabak Sawit", 4)]
    client.force_login(users.make("employer", employer=m.employer))
    assert client.get("/api/v1/billing/coverage/protected-count?region=1507").status_code == 403
    assert client.get("/api/v1/billing/employers/flagged").status_code == 403
    client.force_login(users.officer(("1571",)))
    assert client.get(f"/api/v1/billing/coverage/memberships/{m.pk}").status_code == 404
    assert client.get("/api/v1/billing/employers/flagged?on=2025-05-16").json()["items"] == []
