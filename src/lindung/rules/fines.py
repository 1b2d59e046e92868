"""Late-payment fines on PU and Jakon contributions (BPU has none: the caller decides)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lindung.rules.errors import RulesError
from lindung.rules.money import apply_rate, percent, percent_text, rupiah
from lindung.rules.months import month_start
from lindung.rules.parameter import parameter
from lindung.rules.trace import Step, Trace


def late_fine(amount_due: int, months_late: int, contribution_month: dt.date | str) -> tuple[int, list[Step]]:
    """The fine on `amount_due` paid `months_late` months late: the rate per month of the
    contribution month (2 %; 0,5 % for August 2020 - January 2021 under PP 49/2020) x months,
    rounded half up once."""
    if not isinstance(amount_due, int) or isinstance(amount_due, bool) or amount_due < 0:
        raise RulesError(f"{amount_due!r} must be a whole, non-negative number of rupiah", field="amount_due")
    if not isinstance(months_late, int) or isinstance(months_late, bool) or months_late < 0:
        raise RulesError(
            f"{months_late!r} must be a whole, non-negative number of months", field="months_late"
        )

    law = parameter(
        "fines.late_rate",
        month_start(contribution_month, field="contribution_month"),
        field="contribution_month",
    )
    rate = percent(law.value)
    fine = apply_rate(amount_due, rate * Decimal(months_late))
    trace = Trace()
    trace.add(
        "Late-payment fine: rate per month of delay × months late × amount due",
        f"{rupiah(amount_due)} × {percent_text(rate)} × {months_late} = {rupiah(fine)}",
        fine,
        uses=((law, f"{percent_text(rate)} per month"),),
    )
    return fine, trace.steps
