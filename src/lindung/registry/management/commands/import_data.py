"""`lindung import people|employers|projects|memberships FILE [--all-or-nothing] [--report OUT.json]`
(`import` is a Python keyword, so the command is `import_data` underneath)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from lindung.accounts.models import User
from lindung.errors import DomainError
from lindung.jobs.progress import BarProgress
from lindung.registry.imports.service import KINDS, import_run
from lindung.registry.imports.template_files import FORMATS, template_bytes

SHOWN_ERRORS = 20
EPILOG = """Columns (English or Indonesian headers, any case; * required):
""" + "\n".join(
    f"  {name}: " + ", ".join(f"{c.key}/{c.indonesian}{'*' if c.required else ''}" for c in kind.columns)
    for name, kind in KINDS.items()
)


class Command(BaseCommand):
    help = "Import people, employers, projects or memberships from a CSV or XLSX file."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, epilog=EPILOG, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", nargs="?", help="CSV (UTF-8 or Windows-1252; , or ;) or XLSX file")
        parser.add_argument(
            "--all-or-nothing", action="store_true", help="store nothing if any row is rejected"
        )
        parser.add_argument("--report", metavar="OUT.json", help="write the full report as JSON")
        parser.add_argument(
            "--template", metavar="OUT", help="write a template (.csv or .xlsx) instead of importing"
        )
        parser.add_argument("--user", help="import as this user (their role and scope apply)")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("en"):
            if options["template"]:
                self._template(options["kind"], Path(options["template"]))
                return
            self._import(options)

    def _template(self, kind: str, out: Path) -> None:
        fmt = out.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise bad(f"--template: {out} must end in .csv or .xlsx")
        out.write_bytes(template_bytes(KINDS[kind], fmt))
        self.stdout.write(f"template written to {out}")

    def _import(self, options: dict[str, Any]) -> None:
        if not options["file"]:
            raise bad("FILE is required (or --template OUT)")
        path = Path(options["file"])
        if not path.is_file():
            raise bad(f"FILE: {path} does not exist")
        actor = self._actor(options["user"])
        try:
            report = import_run(
                actor=actor,
                kind=options["kind"],
                path=path,
                all_or_nothing=options["all_or_nothing"],
                progress=BarProgress(unit="rows"),
            )
        except (DomainError, PermissionDenied) as exc:
            raise bad(f"{path.name}: {getattr(exc, 'message', exc)}") from exc
        self.stdout.write(report.summary())
        for error in report.errors[:SHOWN_ERRORS]:
            self.stdout.write(f"  {error}")
        if report.errors_total > SHOWN_ERRORS:
            more = report.errors_total - SHOWN_ERRORS
            self.stdout.write(
                f"  ... and {more} more" + ("" if options["report"] else " (use --report OUT.json)")
            )
        if options["report"]:
            Path(options["report"]).write_text(
                json.dumps(report.as_json(), ensure_ascii=False, indent=1), encoding="utf-8"
            )
        if report.rejected:
            raise SystemExit(1)

    def _actor(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise bad(f"--user: no user {username!r}")
        return user


def bad(message: str) -> CommandError:
    """Bad arguments or an unusable file: one line on stderr, exit code 2."""
    return CommandError(message, returncode=2)
