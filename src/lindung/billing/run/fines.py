"""Late-payment fines (regulation.md §4) billed on the next bill.

Who: employer payers — PU employers and Jakon projects (`fines.late_rate` applies to PU and Jakon);
BPU, PMI and sponsored programmes pay no fine.

What: for an invoice K of such a payer that fell due before the run's cut-off date (the first day
of the month after the run's month, so a run gives the same fines whenever it is repeated), each
month of delay counts: delay month j starts the day after the due date plus j−1 months, and every
delay month that started before the cut-off charges the rate per month of K's contribution month
(2 %; 0,5 % for August 2020 – January 2021, PP 49/2020) on the contribution still unpaid when that
delay month started (allocations to K dated before it; a payment on the due date is on time). So an
unpaid contribution C, d months late, carries d × 2 % × C — the rule as written (simple, not
compounded) — and a part payment lowers the base from the next delay month on.

The contribution of K is the sum of its contribution and adjustment lines per programme (negative
sums count as 0). Payments cover programmes in the order JKK, JKM, JHT, JP, JKP, so what is unpaid
is charged to the last programmes first. Per programme P, fine_P = rate × Σ_j unpaid_{j,P}, rounded
half up once (`lindung.rules.fines.late_fine`).

How it is billed: one fine line per (K, programme), no membership, on the payer's invoice for the
run's month (the next bill): the fine due to date minus the fines already billed for (K, P), as the
next revision. A repeated run therefore bills nothing new, and a later run bills the months of delay
added since.

Which invoices: the payer's invoices before the run's month that are still outstanding, and those
within the look-back window (a late payment there may still change a fine).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Max, Q, Sum

from lindung.billing.models import Allocation, Invoice, InvoiceLine, InvoiceStatus, LineKind, PayerType
from lindung.billing.run.compute import Line, _dumps
from lindung.rules.fines import late_fine
from lindung.rules.months import add_months
from lindung.rules.parameter import parameter

ORDER = ("JKK", "JKM", "JHT", "JP", "JKP")


def delay_starts(due: dt.date, cutoff: dt.date) -> list[dt.date]:
    """The first day of each month of delay after `due` that started before `cutoff`."""
    starts: list[dt.date] = []
    j = 0
    while True:
        start = _plus_months(due, j) + dt.timedelta(days=1)
        if start >= cutoff:
            return starts
        starts.append(start)
        j += 1


def _plus_months(day: dt.date, n: int) -> dt.date:
    first = add_months(day.replace(day=1), n)
    last = (add_months(first, 1) - dt.timedelta(days=1)).day
    return first.replace(day=min(day.day, last))


def unpaid_by_programme(contribution: dict[str, int], paid: int) -> dict[str, int]:
    """What remains unpaid of each programme when `paid` covers them in ORDER."""
    left = paid
    out = {}
    for programme in sorted(contribution, key=lambda p: ORDER.index(p) if p in ORDER else 9):
        due = max(0, contribution[programme])
        covered = min(due, max(0, left))
        left -= covered
        out[programme] = due - covered
    return out


def invoice_fines(
    *,
    month: dt.date,
    due: dt.date,
    contribution: dict[str, int],
    payments: list[tuple[dt.date, int]],
    cutoff: dt.date,
) -> dict[str, tuple[int, list[int], dict]]:
    """programme -> (fine due to `cutoff`, unpaid amount of each delay month, parameters used)."""
    starts = delay_starts(due, cutoff)
    out: dict[str, tuple[int, list[int], dict]] = {}
    if not starts:
        return out
    unpaid: dict[str, list[int]] = defaultdict(list)
    for start in starts:
        paid = sum(amount for day, amount in payments if day < start)
        for programme, amount in unpaid_by_programme(contribution, paid).items():
            unpaid[programme].append(amount)
    for programme, amounts in unpaid.items():
        fine, _ = late_fine(sum(amounts), 1, month)
        out[programme] = (fine, amounts, {"fines.late_rate": parameter("fines.late_rate", month).as_json()})
    return out


def fine_lines(
    *, month: dt.date, region: str | None, lookback: int, size: int = 2000
) -> Iterator[list[Line]]:
    """Fine lines for the bill of `month`, a batch of overdue invoices at a time."""
    cutoff = add_months(month, 1)
    invoices = Invoice.objects.filter(
        Q(status__in=(InvoiceStatus.OPEN, InvoiceStatus.PARTLY_PAID))
        | Q(month__gte=add_months(month, -lookback)),
        payer__kind=PayerType.EMPLOYER,
        month__lt=month,
        due_date__lt=cutoff,
    ).exclude(status=InvoiceStatus.CANCELLED)
    if region:
        invoices = invoices.filter(payer__region_code__startswith=region)
    last = 0
    while True:
        batch = list(
            invoices.filter(pk__gt=last)
            .order_by("pk")
            .values("id", "payer_id", "month", "due_date", "number")[:size]
        )
        if not batch:
            return
        last = batch[-1]["id"]
        ids = [b["id"] for b in batch]
        contribution: dict[int, dict[str, int]] = defaultdict(dict)
        for r in (
            InvoiceLine.objects.filter(invoice_id__in=ids)  # contribution by programme
            .exclude(kind=LineKind.FINE)
            .values("invoice_id", "programme")
            .annotate(s=Sum("amount"))
        ):
            contribution[r["invoice_id"]][r["programme"]] = r["s"]
        payments: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
        for inv, day, amount in Allocation.objects.filter(invoice_id__in=ids).values_list(
            "invoice_id", "allocated_on", "amount"
        ):
            payments[inv].append((day, amount))
        billed: dict[tuple[int, dt.date, str], tuple[int, int]] = {}
        for f in (
            InvoiceLine.objects.filter(
                kind=LineKind.FINE,
                invoice__payer_id__in={b["payer_id"] for b in batch},
                contribution_month__in={b["month"] for b in batch},
            )
            .values("invoice__payer_id", "contribution_month", "programme")
            .annotate(s=Sum("amount"), rev=Max("revision"))
        ):
            billed[(f["invoice__payer_id"], f["contribution_month"], f["programme"])] = (f["s"], f["rev"])
        lines = []
        for b in batch:
            if not contribution.get(b["id"]):
                continue
            found = invoice_fines(
                month=b["month"],
                due=b["due_date"],
                contribution=contribution[b["id"]],
                payments=payments.get(b["id"], []),
                cutoff=cutoff,
            )
            for programme, (fine, unpaid, params) in found.items():
                before, rev = billed.get((b["payer_id"], b["month"], programme), (0, -1))
                if fine == before:
                    continue
                facts = {
                    "invoice": b["number"],
                    "month": f"{b['month']:%Y-%m}",
                    "due_date": b["due_date"].isoformat(),
                    "cutoff": cutoff.isoformat(),
                    "unpaid_by_delay_month": unpaid,
                    "fine_to_date": fine,
                    "billed_before": before,
                }
                lines.append(
                    Line(
                        payer_id=b["payer_id"],
                        membership_id=None,
                        person_id=None,
                        programme=programme,
                        contribution_month=b["month"],
                        base=sum(unpaid),
                        employer=fine - before,
                        worker=0,
                        government=0,
                        sponsor=0,
                        facts=_dumps(facts),
                        parameters=_dumps(params),
                        kind=LineKind.FINE,
                        revision=rev + 1,
                    )
                )
        yield lines
