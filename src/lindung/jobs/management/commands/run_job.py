from django.core.management.base import BaseCommand, CommandError

from lindung.jobs.models import Job
from lindung.jobs.services import job_run


class Command(BaseCommand):
    help = "Run one queued background job (started by the pages; rarely needed by hand)."

    def add_arguments(self, parser):
        parser.add_argument("job_id", type=int)

    def handle(self, *args, job_id: int, **options):
        if not Job.objects.filter(pk=job_id).exists():
            raise CommandError(f"job {job_id} does not exist")
        job = job_run(job_id)
        self.stdout.write(f"job {job.pk}: {job.status} {job.message}")
