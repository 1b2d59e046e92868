import datetime as dt
import sys
from pathlib import Path

from lindung.commands import LindungCommand
from lindung.coverage.models import Basis
from lindung.coverage.report import FORMATS, render, report_data
from lindung.coverage.summary import coverage_summary, coverage_trend
from lindung.registry.models import Region


class Command(LindungCommand):
    help = (
        "Reports: lindung report coverage --region CODE --as-of YYYY-MM-DD [--format json|xlsx|pdf] "
        "[--by domicile|workplace] [--public] [--output FILE]."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="report", required=True)
        cov = sub.add_parser("coverage", help="active participants of a region against its workforce")
        cov.add_argument("--region", required=True, help="Kemendagri code, e.g. 1507 (or ID)")
        cov.add_argument("--as-of", required=True, dest="as_of", help="YYYY-MM-DD")
        cov.add_argument("--format", default="json", choices=FORMATS, dest="fmt")
        cov.add_argument("--by", default=Basis.DOMICILE.value, choices=Basis.values, dest="basis")
        cov.add_argument(
            "--public", action="store_true", help='counts below 5 in districts and villages as "<5"'
        )
        cov.add_argument("--output", help="write to FILE (default: standard output; needed for xlsx and pdf)")

    def handle(
        self,
        *args,
        report: str,
        region: str,
        as_of: str,
        fmt: str,
        basis: str,
        public=False,
        output=None,
        **options,
    ):
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            self.fail(f"--as-of: {as_of!r} is not a date (YYYY-MM-DD)")
        code = region.strip().replace(".", "").upper()
        if code != "ID" and not Region.objects.filter(code=code).exists():
            self.fail(f"--region: no region {region!r} (a Kemendagri code such as 1507)")
        if fmt != "json" and not output:
            self.fail(f"--output: a {fmt} report needs a file to write to")
        summary = coverage_summary(code, day, basis)
        data = report_data(summary, public=public)
        content = render(fmt, data, coverage_trend(code, basis) if fmt == "pdf" else [])
        if output:
            Path(output).write_bytes(content)
            self.stderr.write(f"wrote {output} ({len(content)} bytes)")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
