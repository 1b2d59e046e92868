from django.core.management.base import BaseCommand, CommandError

from lindung.coverage.services.population import population_stats_load
from lindung.errors import DomainError
from lindung.jobs.progress import BarProgress


class Command(BaseCommand):
    help = "Load the shipped population, labour, poverty and published coverage figures (idempotent)."

    def handle(self, *args, **options):
        try:
            result = population_stats_load(actor=None, progress=BarProgress(unit="rows"))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        skipped = ", ".join(f"{n} in {unit}" for unit, n in sorted(result["skipped_not_persons"].items()))
        self.stdout.write(
            f"population figures: {result['created']} added, {result['updated']} corrected, "
            f"{result['unchanged']} unchanged; not persons, skipped: {skipped or 'none'}; "
            f"published coverage figures: {result['published_coverage']}; "
            f"coverage targets: {result['coverage_targets']}"
        )
