from django.core.management.base import BaseCommand

from lindung.jobs.progress import BarProgress
from lindung.web.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_steps


class Command(BaseCommand):
    help = "Load the demo data (users of every role, a synthetic registry of Jambi, bills, claims)."

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="only print the demo logins")

    def handle(self, *args, logins: bool = False, **options):
        steps = demo_steps()
        if logins:
            self.stdout.write(f"  demo logins (password for all: {DEMO_PASSWORD}):")
            for login in DEMO_LOGINS:
                self.stdout.write(f"    {login.username:<14} {login.role:<16} {login.scope}")
            return
        for _order, name, step in steps:
            summary = step(BarProgress(unit="rows"))
            self.stdout.write(f"demo {name.rsplit('.', 1)[-1]}: {summary}")
