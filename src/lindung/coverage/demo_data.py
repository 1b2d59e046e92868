"""Demo: the shipped population figures, so `make run` shows denominators with their sources."""

from __future__ import annotations

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
