"""JKP claims: eligibility from the contribution history (regulation.md §5.5), the six payments on
the last reported wage (E23), and stopping the payments not yet made on re-employment."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lindung.claims.models import ClaimStatus, PaymentStatus
from lindung.claims.services.payments import claim_benefit_stop, payment_batch_create, payment_batch_settle
from lindung.rules.months import add_months
from tests.claims.conftest import line, months

D = dt.date
PHK = {"event_date": "2025-05-20", "phk_reason": "dismissal"}


def dismissed(world, first: str, last: str, wage: int = 8_000_000):
    person = world.person("Eko Permana", sex="M")
    m = world.membership(
        person,
        employer=world.employer(),
        start=D(2023, 1, 1),
        end=D(2025, 5, 20),
        wage=wage,
        programmes=("JKK", "JKM", "JHT", "JP", "JKP"),
    )
    # JKP is paid by the government: 0,22 % of the wage up to 5.000.000 = 11.000 on the line
    world.contribute(
        m,
        months(first, last),
        lambda c: [line(m, "JKK", c, employer=71_200), line(m, "JKP", c, government=11_000)],
    )
    return person


def test_jkp_qualifies_and_pays_six_months_then_stops_on_re_employment(world):
    person = dismissed(world, "2024-06", "2025-05")  # 12 consecutive months up to the PHK
    claim = world.file(person, "jkp", PHK, received_on=D(2025, 6, 2))
    assert claim.eligible
    claim = world.approve(claim)
    # E23: wage 8.000.000 capped at 5.000.000; 60 % = 3.000.000 a month for 6 months (PP 6/2025)
    today = timezone.localdate()
    payments = list(claim.payments.order_by("sequence"))
    assert [(p.sequence, p.amount, p.due_on) for p in payments] == [
        (n, 3_000_000, add_months(today, n - 1)) for n in range(1, 7)
    ]
    officer = world.users.officer()
    batch = payment_batch_create(actor=officer, due_by=today)
    assert (batch.count, batch.total) == (1, 3_000_000)
    payment_batch_settle(actor=officer, batch=batch, paid_on=today)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    claim_benefit_stop(actor=officer, claim=claim, on=add_months(today, 2), reason="bekerja kembali")
    statuses = [p.status for p in claim.payments.order_by("sequence")]
    assert statuses == [PaymentStatus.PAID, PaymentStatus.SCHEDULED] + [PaymentStatus.STOPPED] * 4


def test_jkp_does_not_qualify_with_eleven_months(world):
    person = dismissed(world, "2024-07", "2025-05")
    claim = world.file(person, "jkp", PHK, received_on=D(2025, 6, 2))
    assert claim.eligible is False
    assert "contributions in 11 of the last 24 months; 12 needed" in " ".join(claim.assessment["reasons"])


def test_jkp_is_not_paid_after_a_resignation(world):
    person = dismissed(world, "2024-06", "2025-05")
    claim = world.file(person, "jkp", {**PHK, "phk_reason": "resignation"}, received_on=D(2025, 6, 2))
    assert claim.eligible is False


def test_jkp_claim_window(world):
    person = dismissed(world, "2024-06", "2025-05")
    claim = world.file(person, "jkp", PHK, received_on=D(2025, 11, 21))  # deadline 2025-11-20
    assert claim.eligible is False
