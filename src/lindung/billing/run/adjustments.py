"""Adjustments: what changed after a month was billed, billed as the difference on the next bill.

For each billed month K in the look-back window (the months before the run's month that a finished
run covering the same payers billed), the lines are computed again from today's facts (the same
`population` and `compute` as the month's own run) and compared, per (membership version,
programme), with the sum of the lines already billed for K (contributions and earlier adjustments).
A difference becomes one adjustment line: kind adjustment, the next revision of that key, each
share the difference, contribution month K, the facts and parameters it was recomputed from, on the
invoice of the run's month (`write`). Nothing billed is ever edited. This covers:

- a wage or programmes changed with a back date: the closed version's lines are reversed (it no
  longer holds K) and the new version's lines billed;
- a membership ended with a back date: its lines for the months after the end are reversed;
- a back-dated enrolment: its lines for the billed months are billed;
- lines that were deferred because their invoice had money allocated (`write`);
- a parameter corrected with a back date (the rules give a different amount).

Work is bounded: the billable memberships of K are read in batches by id (`population.batches`) and
each batch is compared with the lines billed for the memberships in the same id range (one query),
then the lines billed for memberships after the last batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Max, Sum

from lindung.billing.models import InvoiceLine, LineKind
from lindung.billing.run.compute import SHARES, Line, _dumps, compute_lines

Key = tuple[int, str]  # (membership id, programme)


def _billed(month: dt.date, low: int, high: int | None, region: str | None) -> dict[Key, dict[str, Any]]:
    qs = InvoiceLine.objects.filter(
        contribution_month=month, membership_id__gt=low, membership__isnull=False
    ).exclude(kind=LineKind.FINE)
    if region:
        qs = qs.filter(invoice__payer__region_code__startswith=region)
    if high is not None:
        qs = qs.filter(membership_id__lte=high)
    rows = qs.values("membership_id", "programme").annotate(
        **{s: Sum(s) for s in SHARES},
        revision=Max("revision"),
        payer=Max("invoice__payer_id"),
        person=Max("person_id"),
    )
    return {(r["membership_id"], r["programme"]): dict(r) for r in rows}


def _difference(month: dt.date, expected: list[Line], billed: dict[Key, dict[str, Any]]) -> Iterator[Line]:
    seen: set[Key] = set()
    for ln in expected:
        assert ln.membership_id is not None
        key = (ln.membership_id, ln.programme)
        seen.add(key)
        before = billed.get(key)
        if before is None:
            diff = {s: getattr(ln, s) for s in SHARES}
            revision = 1
        else:
            diff = {s: getattr(ln, s) - (before[s] or 0) for s in SHARES}
            revision = before["revision"] + 1
        if any(diff.values()):
            was = 0 if before is None else sum((before[s] or 0) for s in ("employer", "worker", "sponsor"))
            facts = ln.facts[:-1] + f',"adjusts":{{"billed":{was},"now":{ln.amount}}}}}'
            yield ln._replace(kind=LineKind.ADJUSTMENT, revision=revision, facts=facts, **diff)
    for key, before in billed.items():
        if key in seen or not any(before[s] for s in SHARES):
            continue
        membership_id, programme = key
        was = sum((before[s] or 0) for s in ("employer", "worker", "sponsor"))
        yield Line(
            payer_id=before["payer"],
            membership_id=membership_id,
            person_id=before["person"],
            programme=programme,
            contribution_month=month,
            base=None,
            employer=-(before["employer"] or 0),
            worker=-(before["worker"] or 0),
            government=-(before["government"] or 0),
            sponsor=-(before["sponsor"] or 0),
            facts=_dumps(
                {
                    "month": f"{month:%Y-%m}",
                    "adjusts": {"billed": was, "now": 0},
                    "reason": "the membership version no longer holds this month",
                }
            ),
            parameters="{}",
            kind=LineKind.ADJUSTMENT,
            revision=before["revision"] + 1,
        )


def month_adjustments(
    month: dt.date, region: str | None, batch_rows: Iterator[list[dict[str, Any]]]
) -> Iterator[tuple[list[Line], list[str], int]]:
    """For billed month `month`: (adjustment lines, problems, rows read) batch by batch.
    `batch_rows` streams the memberships billable in `month` whose payer is in `region`
    (population.batches)."""
    last = 0
    for rows in batch_rows:
        expected, problems = compute_lines(month, rows)
        high = rows[-1]["id"]
        billed = _billed(month, last, high, region)
        yield list(_difference(month, expected, billed)), problems, len(rows)
        last = high
    yield list(_difference(month, [], _billed(month, last, None, region))), [], 0
