import datetime as dt
import json
import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied

from lindung.accounts.models import User
from lindung.commands import LindungCommand
from lindung.errors import DomainError
from lindung.jobs.progress import BarProgress
from lindung.sponsorship.models import SponsoredProgramme
from lindung.sponsorship.selectors import reason_counts
from lindung.sponsorship.services.imports import beneficiary_list_import


class Command(LindungCommand):
    help = (
        "Beneficiary lists: lindung beneficiaries import PROGRAMME_ID FILE --user NAME "
        "[--start YYYY-MM] [--json]."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import", help="read a beneficiary list (CSV or XLSX) into a sponsored programme"
        )
        imp.add_argument("programme", type=int, help="the programme's id")
        imp.add_argument("file")
        imp.add_argument(
            "--user", required=True, help="who imports (an administrator or the sponsor's officer)"
        )
        imp.add_argument("--start", help="first month paid, YYYY-MM (default: next month)")
        imp.add_argument("--json", action="store_true", dest="as_json")

    def handle(
        self, *args, action: str, programme: int, file: str, user: str, start=None, as_json=False, **options
    ):
        path = Path(file)
        if not path.is_file():
            self.fail(f"{file}: no such file")
        actor = User.objects.filter(username=user).first()
        if actor is None:
            self.fail(f"--user: no user {user!r}")
        found = SponsoredProgramme.objects.select_related("sponsor").filter(pk=programme).first()
        if found is None:
            self.fail(f"programme: no sponsored programme {programme}")
        first = None
        if start:
            try:
                first = dt.date.fromisoformat(f"{start}-01")
            except ValueError:
                self.fail(f"--start: {start!r} is not a month (YYYY-MM)")
        try:
            record = beneficiary_list_import(
                actor=actor,
                programme=found,
                path=path,
                file_name=path.name,
                start=first,
                progress=BarProgress(),
            )
        except PermissionDenied as denied:
            self.fail(f"--user: {denied}")
        except DomainError as error:
            for item in error.as_details():
                self.stderr.write(f"{file}: {item['field'] or 'file'}: {item['message']}")
            sys.exit(1)
        counts = [{"outcome": c.outcome, "reason": c.reason, "rows": c.rows} for c in reason_counts(record)]
        if as_json:
            self.stdout.write(json.dumps({"import": record.pk, "rows": record.rows, "counts": counts}))
            return
        self.stdout.write(
            f"import {record.pk}: {record.rows} rows, {record.enrolled} enrolled, {record.waiting} waiting, "
            f"{record.rejected} not enrolled"
        )
        for c in counts:
            if c["reason"]:
                self.stdout.write(f"  {c['outcome']} {c['reason']}: {c['rows']}")
