import datetime as dt
import json

from lindung.accounts.models import User
from lindung.billing.services.billing_run import LOOKBACK_MONTHS, billing_run
from lindung.commands import LindungCommand
from lindung.errors import DomainError
from lindung.jobs.progress import BarProgress


def _month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise ValueError(f"--month: {text!r} is not a month (YYYY-MM)") from None


class Command(LindungCommand):
    help = (
        "The monthly billing run: lindung bill --month 2025-06 [--region 1507] [--lookback 12] "
        "[--user NAME] [--json]. Safe to repeat; a run cut short is completed by running it again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="contribution month, YYYY-MM")
        parser.add_argument("--region", help="bill only payers in this region (Kemendagri code)")
        parser.add_argument(
            "--lookback", type=int, default=LOOKBACK_MONTHS, help="months re-checked for adjustments"
        )
        parser.add_argument("--user", help="who the audit trail names (default: the system)")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(
        self, *args, month: str, region=None, lookback=LOOKBACK_MONTHS, user=None, as_json=False, **options
    ):
        try:
            day = _month(month)
        except ValueError as exc:
            self.fail(str(exc))
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                self.fail(f"--user: no user {user!r}")
        try:
            result = billing_run(
                actor=actor,
                month=day,
                region=region,
                lookback_months=lookback,
                progress=BarProgress(unit="members"),
            )
        except DomainError as exc:
            self.fail("\n".join(f"--{d['field'] or 'month'}: {d['message']}" for d in exc.as_details()))
        if as_json:
            run = result.run
            out = {"run": run.pk, "month": f"{run.month:%Y-%m}", "counts": run.counts, "totals": run.totals}
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        self.stdout.write(f"run {result.run.pk}: {result.summary()}")
