"""Demo: the shipped population figures, so `make run` shows denominators with their sources; and
the coverage facts of the months in which the most people are protected (after the other steps)."""

from __future__ import annotations

from django.db.models import Count

from lindung.billing.models.coverage import PROTECTED_STATUSES, CoverageMonth
from lindung.coverage.models import CoverageFactDay
from lindung.coverage.services.facts import coverage_facts_rebuild
from lindung.coverage.services.population import population_stats_load
from lindung.jobs.progress import Progress
from lindung.web.demo import demo_step


@demo_step(15)
def demo_population_stats(progress: Progress) -> str:
    result = population_stats_load(actor=None, progress=progress)
    return (
        f"{result['created']} population figures added, {result['updated']} corrected, "
        f"{result['unchanged']} unchanged; {result['published_coverage']} published coverage figures"
    )


DEMO_MONTHS = 12  # a year of trend, a bounded `make run`


@demo_step(60)
def demo_coverage_facts(progress: Progress) -> str:
    """Build the facts of the twelve months in which the most people are protected (with the Jambi
    seed loaded: its July 2023 – June 2024 history, so the dashboard opens on it), leaving months
    already built as they are (`lindung coverage rebuild --from … --to …` builds the others)."""
    busiest = (
        CoverageMonth.objects.filter(status__in=PROTECTED_STATUSES)
        .values("month")
        .annotate(n=Count("id"))
        .order_by("-n", "-month")
        .values_list("month", flat=True)[:DEMO_MONTHS]
    )
    months = sorted(busiest)
    if not months:
        return "no one protected in any month: no coverage facts"
    built = set(CoverageFactDay.objects.exclude(month=None).values_list("month", flat=True))
    todo = [m for m in months if m not in built]
    progress.start(len(todo), "coverage facts")
    for month in todo:
        coverage_facts_rebuild(month)
        progress.advance(1, f"{month:%Y-%m}")
    progress.finish()
    return f"coverage facts built for {len(todo)} months ({len(built)} already built)"
