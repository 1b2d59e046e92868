import datetime as dt
import json

from lindung.commands import LindungCommand
from lindung.registry.nik import check_nik


class Command(LindungCommand):
    help = "Check a NIK: lindung nik check NIK [--birth-date YYYY-MM-DD] [--sex M|F] [--json]."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="check one NIK")
        check.add_argument("nik")
        check.add_argument("--birth-date", dest="birth_date")
        check.add_argument("--sex", choices=["M", "F", "L", "P"], type=str.upper)
        check.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action: str, nik: str, birth_date=None, sex=None, as_json=False, **options):
        born = None
        if birth_date:
            try:
                born = dt.date.fromisoformat(birth_date)
            except ValueError:
                self.fail(f"--birth-date: {birth_date!r} is not a date (use YYYY-MM-DD)")
        result = check_nik(nik, birth_date=born, sex=sex)
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(f"{result.nik}: {'valid' if result.valid else 'NOT valid'}")
            for e in result.errors:
                self.stdout.write(f"  error: {e}")
            for w in result.warnings:
                self.stdout.write(f"  warning: {w}")
        if not result.valid:
            raise SystemExit(1)
