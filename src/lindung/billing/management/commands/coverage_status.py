import datetime as dt
import re

from lindung.billing.services.coverage_status import coverage_status_refresh
from lindung.commands import LindungCommand
from lindung.jobs.progress import BarProgress

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(text: str) -> dt.date:
    match = MONTH.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"{text!r} is not a month (YYYY-MM)")
    return dt.date(int(match[1]), int(match[2]), 1)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None


class Command(LindungCommand):
    help = "Coverage status: lindung coverage-status refresh --month YYYY-MM | --all [--on YYYY-MM-DD]."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser(
            "refresh",
            help="derive the status of every membership billed for a month (or all months, oldest first)",
        )
        which = refresh.add_mutually_exclusive_group(required=True)
        which.add_argument("--month", help="contribution month YYYY-MM")
        which.add_argument("--all", action="store_true", dest="all_months", help="every month with lines")
        refresh.add_argument("--on", help="the day the status is taken on (default: today)")

    def handle(self, *args, action: str, month=None, all_months=False, on=None, **options):
        try:
            month_day = _month(month) if month else None
            on_day = _day(on) if on else None
        except ValueError as exc:
            self.fail(f"coverage-status refresh: {exc}")
        written = coverage_status_refresh(month=month_day, on=on_day, progress=BarProgress(unit="months"))
        what = f"{month_day:%Y-%m}" if month_day else "all months"
        self.stdout.write(f"coverage status refreshed for {what}: {written} rows written or changed")
