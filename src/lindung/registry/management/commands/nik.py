import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from lindung.registry.nik import check_nik


class Command(BaseCommand):
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
                self.stderr.write(f"--birth-date: {birth_date!r} is not a date (use YYYY-MM-DD)")
                sys.exit(2)
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

    def run_from_argv(self, argv):
        try:
            super().run_from_argv(argv)
        except CommandError as exc:  # argparse problems: exit 2 with one line
            self.stderr.write(str(exc))
            sys.exit(2)
