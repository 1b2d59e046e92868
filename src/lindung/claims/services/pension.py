"""The JP monthly pension as payments: one per month from the month the pension starts, due on the
first day of the month it pays for (a month already past when the claim is approved is due on the
approval day). `sequence` counts the months from the start, so a month is never paid twice. From the
second year on, each month pays the indexed benefit (`lindung.rules.jp_monthly_in_payment`)."""

from __future__ import annotations

import datetime as dt

from lindung.claims.models import BenefitPayment, PaymentStatus
from lindung.rules import jp_monthly_in_payment
from lindung.rules.months import add_months, month_index


def pension_months(
    claim_id: int, monthly: int, start: dt.date, first: dt.date, last: dt.date, today: dt.date
) -> list[BenefitPayment]:
    """Payments for the months `first` .. `last` (first days) of a pension starting in `start` whose
    first-year benefit is `monthly`."""
    rows = []
    month = max(first, start)
    while month <= last:
        rows.append(
            BenefitPayment(
                claim_id=claim_id,
                item="jp_month",
                sequence=month_index(month) - month_index(start) + 1,
                period=month,
                amount=jp_monthly_in_payment(monthly, start, month),
                due_on=max(month, today),
                status=PaymentStatus.SCHEDULED,
            )
        )
        month = add_months(month, 1)
    return rows
