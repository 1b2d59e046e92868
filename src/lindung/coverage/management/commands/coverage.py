import datetime as dt

from django.db import transaction

from lindung.commands import LindungCommand
from lindung.coverage.services.facts import coverage_facts_rebuild, months_between
from lindung.jobs.progress import BarProgress


def _month(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        from lindung.commands import fail

        fail(f"{option}: {text!r} is not a month (YYYY-MM)")


class Command(LindungCommand):
    help = (
        "Coverage facts: lindung coverage rebuild --month YYYY-MM | --from YYYY-MM --to YYYY-MM "
        "| --day YYYY-MM-DD (a month counts its last day)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="rebuild the facts of months (or of one day)")
        rebuild.add_argument("--month", help="YYYY-MM")
        rebuild.add_argument("--from", dest="first", help="first month, YYYY-MM")
        rebuild.add_argument("--to", dest="last", help="last month, YYYY-MM (included)")
        rebuild.add_argument("--day", help="any day, YYYY-MM-DD")

    def handle(self, *args, action: str, month=None, first=None, last=None, day=None, **options):
        chosen = [bool(month), bool(first or last), bool(day)]
        if sum(chosen) != 1 or ((first or last) and not (first and last)):
            self.fail("rebuild: give --month, or --from with --to, or --day")
        if day:
            try:
                days = [dt.date.fromisoformat(day)]
            except ValueError:
                self.fail(f"--day: {day!r} is not a date (YYYY-MM-DD)")
            for d in days:
                with transaction.atomic():
                    built = coverage_facts_rebuild(day=d, progress=BarProgress(unit="bases"))
                self.stdout.write(f"{built.day}: {built.participants} active participants (domicile)")
            return
        months = (
            [_month(month, "--month")]
            if month
            else months_between(_month(first, "--from"), _month(last, "--to"))
        )
        if not months:
            self.fail("--from is after --to")
        for m in months:
            built = coverage_facts_rebuild(m, progress=BarProgress(unit="bases"))
            self.stdout.write(f"{m:%Y-%m} (counted on {built.day}): {built.participants} active participants")
