"""The monthly billing run: every membership valid in a month billed to its payer's invoice.

    billing_run(actor=user, month=date(2025, 6, 1), progress=BarProgress(), region="1507")

Steps (each safe to repeat; the pieces are in `billing.run`), one run per month at a time
(`_month_lock`):
1. a `BillingRun` row (status running) and an audit event;
2. payers for every membership billable in the month (`payers_ensure`, set-based);
3. contribution lines: the billable memberships whose payer is in the region, in batches of
   `batch_size` keyed by membership id, computed by the rules' batch path and written into the
   payers' invoices for the month (created as needed) — one transaction per batch, so progress is
   visible and a run killed halfway keeps what it wrote: the run started again skips every key
   already billed (the idempotency key is unique) and writes the rest, each line exactly once;
4. adjustments for the billed months of the look-back window (`run.adjustments`);
5. late-payment fines (`run.fines`);
6. invoice totals, due dates and statuses refreshed, the payers' credit applied (`credits_apply`),
   the run row finished with its counts and totals, an audit event; then the month's coverage
   status (`coverage_status_refresh`) and `POST_RUN_HOOKS`.

Invoices that no longer take lines (money allocated, or cancelled) are never changed: lines meant
for them are counted as deferred and billed as adjustments on the next month's bill (step 4 of the
next run, as the month is then in its look-back window).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, Max, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from lindung.accounts import scope
from lindung.accounts.models import Role
from lindung.audit.services import audit_record
from lindung.billing.formatting import thousands
from lindung.billing.models import BillingRun, BillingRunStatus, Invoice, InvoiceLine, LineKind, Payer
from lindung.billing.run import adjustments, fines, population
from lindung.billing.run.compute import Line, compute_lines
from lindung.billing.run.write import lines_write
from lindung.billing.services.allocation import credits_apply
from lindung.billing.services.coverage_status import coverage_status_refresh
from lindung.billing.services.invoice_sets import invoices_ensure, invoices_refresh
from lindung.billing.services.payers import payers_ensure
from lindung.errors import Conflict, ValidationFailed
from lindung.jobs.progress import Progress
from lindung.registry.models import Region
from lindung.rules.months import add_months

BATCH = 20_000
LOOKBACK_MONTHS = 12
MAX_PROBLEMS = 50

# Called as hook(run=..., actor=...) after a run finished and the month's coverage status is
# refreshed (the coverage facts register theirs).
PostRunHook = Callable[..., None]
POST_RUN_HOOKS: list[PostRunHook] = []


@dataclass(frozen=True)
class BillingRunResult:
    run: BillingRun

    @property
    def counts(self) -> dict[str, Any]:
        return self.run.counts

    @property
    def totals(self) -> dict[str, Any]:
        return self.run.totals

    def summary(self) -> str:
        c = self.run.counts
        amount = sum(t["amount"] for t in self.run.totals.values())
        return (
            f"{self.run.month:%Y-%m}{' region ' + self.run.region_code if self.run.region_code else ''}: "
            f"{c.get('memberships', 0)} memberships, {c.get('contribution_lines', 0)} lines, "
            f"{c.get('adjustment_lines', 0)} adjustments, {c.get('fine_lines', 0)} fines, "
            f"{c.get('deferred', 0)} deferred, {c.get('problems', 0)} problems; "
            f"{c.get('invoices', 0)} invoices totalling Rp{thousands(amount)}"
        )


def check_start(
    *, actor: Any, month: Any, region: str | None, lookback_months: int = LOOKBACK_MONTHS
) -> dt.date:
    """Refuse a run `actor` may not start or whose arguments are wrong; the month's first day."""
    if actor is not None:
        scope.require_staff_writer(actor)
        if getattr(actor, "role", None) == Role.BRANCH_OFFICER and not actor.is_superuser:
            if not region:
                raise ValidationFailed([("region", "choose one of your regions to bill")])
            scope.require_region(actor, region)
    errors: list[tuple[str | None, str]] = []
    if isinstance(month, dt.datetime) or not isinstance(month, dt.date):
        errors.append(("month", f"{month!r} is not a month"))
    if region and not Region.objects.filter(code=region).exists():
        errors.append(("region", f"{region!r} is not a region code"))
    if not isinstance(lookback_months, int) or not 0 <= lookback_months <= 60:
        errors.append(("lookback_months", "must be a whole number of months from 0 to 60"))
    if errors:
        raise ValidationFailed(errors)
    return month.replace(day=1)


def _covering_regions(region: str | None) -> Q:
    """Runs whose payers include every payer of `region`: all-region runs and runs of a region
    containing it."""
    if not region:
        return Q(region_code="")
    prefixes = {region[:n] for n in (2, 4, 6, 10) if n <= len(region)}
    return Q(region_code="") | Q(region_code__in=prefixes)


def billed_months(month: dt.date, region: str | None, lookback: int) -> list[dt.date]:
    """The months of the look-back window a finished run covering `region` billed, oldest first."""
    start = add_months(month, -lookback)
    found = (
        BillingRun.objects.filter(
            _covering_regions(region), status=BillingRunStatus.DONE, month__gte=start, month__lt=month
        )
        .order_by()
        .values_list("month", flat=True)
        .distinct()
    )
    return sorted(set(found))


def _scope_invoices(month: dt.date, region: str | None) -> QuerySet[Invoice]:
    qs = Invoice.objects.filter(month=month)
    return qs.filter(payer__region_code__startswith=region) if region else qs


def _write(month: dt.date, lines: list[Line], counts: dict[str, Any]) -> None:
    with transaction.atomic():
        if lines:
            invoices_ensure(payers=Payer.objects.filter(pk__in={ln.payer_id for ln in lines}), month=month)
        added = lines_write(month=month, lines=lines)
    counts["deferred"] += added.deferred


def _problems(counts: dict[str, Any], problems: list[str]) -> None:
    counts["problems"] += len(problems)
    room = MAX_PROBLEMS - len(counts["problem_list"])
    counts["problem_list"].extend(problems[: max(room, 0)])


def _totals(month: dt.date, region: str | None) -> dict[str, dict[str, int]]:
    payer_type = Case(
        When(payer__kind="employer", payer__project__isnull=False, then=Value("contractor")),
        default="payer__kind",
        output_field=CharField(),
    )
    out: dict[str, dict[str, int]] = {}
    for r in (
        _scope_invoices(month, region)
        .annotate(t=payer_type)
        .values("t")
        .annotate(invoices=Count("id"), amount=Sum("total"))
        .order_by("t")
    ):
        out[r["t"]] = {"invoices": r["invoices"], "amount": r["amount"] or 0, "lines": 0}
    line_type = Case(
        When(
            invoice__payer__kind="employer", invoice__payer__project__isnull=False, then=Value("contractor")
        ),
        default="invoice__payer__kind",
        output_field=CharField(),
    )
    lines = InvoiceLine.objects.filter(invoice__in=_scope_invoices(month, region))
    for t, n in lines.annotate(t=line_type).values("t").annotate(n=Count("id")).values_list("t", "n"):
        out.setdefault(t, {"invoices": 0, "amount": 0, "lines": 0})["lines"] = n
    return out


def _start(actor: Any, month: dt.date, region: str | None, lookback: int, job_id: int | None) -> BillingRun:
    with transaction.atomic():
        run = BillingRun.objects.create(
            month=month,
            region_code=region or "",
            lookback_months=lookback,
            started_by=actor if actor is not None and actor.pk else None,
            job_id=job_id,
        )
        unfinished = BillingRun.objects.filter(
            month=month, region_code=region or "", status=BillingRunStatus.RUNNING
        ).exclude(pk=run.pk)
        unfinished.update(
            status=BillingRunStatus.FAILED,
            finished_at=timezone.now(),
            error=f"did not finish; the month was billed again by run {run.pk}",
        )
        audit_record(
            actor=actor,
            action="billing_run.start",
            obj=run,
            after={"month": month, "region": region or "", "lookback_months": lookback},
        )
    return run


@contextmanager
def _no_jit() -> Iterator[None]:
    """PostgreSQL's JIT compiles each batch query afresh (seconds for a 20,000-row batch whose
    planned cost is high, for a few hundred milliseconds of work): off for the run's session."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cur:
        cur.execute("set jit = off")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute("reset jit")


LOCK_CLASS = 0x4C42  # "LB": the advisory-lock namespace of billing runs, keyed by month


@contextmanager
def _month_lock(month: dt.date) -> Iterator[None]:
    """One run per contribution month at a time (PostgreSQL): two at once would both compute the
    month's fines and adjustments from what the other has not committed yet, and the second would
    mark the first as failed. The lock is the session's, so a killed run leaves none behind.
    SQLite admits one writer anyway."""
    if connection.vendor != "postgresql":
        yield
        return
    key = month.year * 100 + month.month
    with connection.cursor() as cur:
        cur.execute("select pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, key])
        if not cur.fetchone()[0]:
            running = (
                BillingRun.objects.filter(month=month, status=BillingRunStatus.RUNNING)
                .order_by("-pk")
                .values_list("pk", flat=True)
                .first()
            )
            raise Conflict(
                f"{month:%Y-%m} is being billed now{f' (run {running})' if running else ''}; "
                "start again when that run has finished",
                field="month",
            )
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute("select pg_advisory_unlock(%s, %s)", [LOCK_CLASS, key])


def billing_run(
    *,
    actor: Any,
    month: dt.date,
    progress: Progress | None = None,
    region: str | None = None,
    lookback_months: int = LOOKBACK_MONTHS,
    batch_size: int = BATCH,
    job_id: int | None = None,
    refresh_coverage: bool = True,
) -> BillingRunResult:
    """Bill contribution `month` (module docstring). `region` limits the run to payers located in
    that region (a Kemendagri code prefix); branch officers must give one of theirs.
    `refresh_coverage=False` leaves the month's coverage status to a later
    `coverage_status_refresh` (the benchmark times the two apart)."""
    month = check_start(actor=actor, month=month, region=region, lookback_months=lookback_months)
    progress = progress or Progress()
    with _month_lock(month):
        run = _start(actor, month, region, lookback_months, job_id)
        try:
            with _no_jit():
                _run(run, actor, month, region, lookback_months, batch_size, progress)
        except BaseException as exc:
            BillingRun.objects.filter(pk=run.pk).update(
                status=BillingRunStatus.FAILED,
                finished_at=timezone.now(),
                error=str(exc)[:2000] or repr(exc),
            )
            raise
    run.refresh_from_db()
    if refresh_coverage:  # the month's lines make its status due; payments refresh it later
        coverage_status_refresh(month=month, progress=progress, actor=actor)
    for hook in POST_RUN_HOOKS:
        hook(run=run, actor=actor)
    return BillingRunResult(run)


ANALYZE_AFTER = 10_000


def _analyze(*tables: str) -> None:
    """Fresh statistics for the run's plans: until autovacuum gets to it, PostgreSQL plans lookups
    in a table that grew since its last analyze (payers just created, memberships just imported,
    lines just written) as if it were still small, and the batches' payer lookups turn into scans.
    ANALYZE samples a bounded number of rows, so this costs well under a second at a million."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(f"analyze {table}")


def _run(
    run: BillingRun,
    actor: Any,
    month: dt.date,
    region: str | None,
    lookback: int,
    size: int,
    progress: Progress,
) -> None:
    first_line = InvoiceLine.objects.aggregate(m=Max("id"))["m"] or 0
    counts: dict[str, Any] = {
        "memberships": 0,
        "recomputed": 0,
        "deferred": 0,
        "problems": 0,
        "problem_list": [],
        "months_rechecked": [],
    }
    memberships = population.billable(month)
    payers_ensure(actor=actor, memberships=memberships)
    _analyze("billing_payer", "registry_membership")
    scoped = population.in_region(memberships, region)
    looked = billed_months(month, region, lookback)
    counts["months_rechecked"] = [f"{k:%Y-%m}" for k in looked]
    total = scoped.count()
    progress.start(total * (1 + len(looked)), f"billing {month:%Y-%m}")

    for rows in population.batches(scoped, size):
        lines, problems = compute_lines(month, rows)
        _write(month, lines, counts)
        _problems(counts, problems)
        counts["memberships"] += len(rows)
        progress.advance(len(rows), f"billing {month:%Y-%m}")

    for earlier in looked:
        earlier_scoped = population.in_region(population.billable(earlier), region)
        batches = population.batches(earlier_scoped, size)
        for lines, problems, read in adjustments.month_adjustments(earlier, region, batches):
            _write(month, lines, counts)
            _problems(counts, problems)
            counts["recomputed"] += read
            progress.advance(read, f"checking {earlier:%Y-%m} for changes")

    for lines in fines.fine_lines(month=month, region=region, lookback=lookback):
        _write(month, lines, counts)

    invoices = _scope_invoices(month, region)
    new = InvoiceLine.objects.filter(id__gt=first_line, invoice__in=invoices)
    by_kind = dict(new.values("kind").annotate(n=Count("id")).values_list("kind", "n"))
    for kind in LineKind.values:
        counts[f"{kind}_lines"] = by_kind.get(kind, 0)
    if sum(by_kind.values()) >= ANALYZE_AFTER:
        _analyze("billing_invoiceline", "billing_invoice")
    with transaction.atomic():
        invoices_refresh(month=month, invoices=invoices)
        credits_apply(
            actor=actor,
            payers=Payer.objects.filter(pk__in=invoices.values("payer_id")),
            on=timezone.localdate(),
        )
        counts["invoices"] = invoices.count()
        totals = _totals(month, region)
        BillingRun.objects.filter(pk=run.pk).update(
            status=BillingRunStatus.DONE, finished_at=timezone.now(), counts=counts, totals=totals
        )
        audit_record(
            actor=actor,
            action="billing_run.finish",
            obj=run,
            after={k: v for k, v in counts.items() if k != "problem_list"} | {"totals": totals},
        )
    progress.finish(f"billed {month:%Y-%m}")
