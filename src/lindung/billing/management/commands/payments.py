import json
import sys
from pathlib import Path

from lindung.accounts.models import User
from lindung.billing.formatting import rupiah
from lindung.billing.models import Channel
from lindung.billing.services.statements import statement_import
from lindung.commands import LindungCommand
from lindung.errors import ValidationFailed
from lindung.jobs.progress import BarProgress


class Command(LindungCommand):
    help = "Payments: lindung payments import FILE --channel BANK|VA|TELLER|OTHER [--user NAME] [--json]."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="post a bank or virtual-account statement (CSV)")
        imp.add_argument("file")
        imp.add_argument("--channel", required=True, type=str.upper, choices=Channel.values)
        imp.add_argument("--user", help="who the audit trail names (default: the system)")
        imp.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action: str, file: str, channel: str, user=None, as_json=False, **options):
        path = Path(file)
        if not path.is_file():
            self.fail(f"{file}: no such file")
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                self.fail(f"--user: no user {user!r}")
        try:
            report = statement_import(
                actor=actor, file=path.read_bytes(), channel=channel, progress=BarProgress(unit="rows")
            )
        except ValidationFailed as exc:
            for field, message in exc.errors:
                self.stderr.write(f"{file}: {field}: {message}")
            sys.exit(1)
        if as_json:
            out = {
                k: [vars(r) for r in getattr(report, k)]
                for k in ("matched", "unmatched", "duplicates", "rejected")
            }
            self.stdout.write(json.dumps({"counts": report.counts(), **out}, ensure_ascii=False))
            return
        c = report.counts()
        self.stdout.write(
            f"matched {c['matched']} ({rupiah(c['amount_posted'])}), unmatched {c['unmatched']}, "
            f"duplicates {c['duplicates']}, rejected {c['rejected']}"
        )
        for kind in ("unmatched", "duplicates", "rejected"):
            for r in getattr(report, kind):
                self.stdout.write(f"  row {r.row}: {kind}: {r.message}")
