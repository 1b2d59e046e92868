"""`lindung calc contribution ...` and `lindung calc benefit KIND ...`: the rules from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from lindung.calculator.calculations import BENEFITS, benefit_calculate, contribution_calculate, history_rows
from lindung.commands import LindungCommand, OneLineParser, fail
from lindung.errors import DomainError
from lindung.rules.money import rupiah


class Command(LindungCommand):
    help = "Contributions and benefits by the rules: lindung calc contribution|benefit ... [--json]."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="what", metavar="{contribution,benefit}", required=True, parser_class=OneLineParser
        )
        c = sub.add_parser("contribution", help="one membership's contribution for a month")
        c.add_argument("--segment", required=True, type=str.upper, choices=["PU", "BPU", "JAKON", "PMI"])
        c.add_argument("--month", required=True, help="contribution month YYYY-MM")
        c.add_argument("--wage", type=int, help="PU or Jakon monthly wage (rupiah)")
        c.add_argument("--income", type=int, help="BPU declared monthly income (rupiah)")
        c.add_argument(
            "--risk-class", dest="risk_class", type=str.upper, choices=["I", "II", "III", "IV", "V"]
        )
        c.add_argument("--size", type=str.lower, choices=["besar", "menengah", "kecil", "mikro"])
        c.add_argument("--labour-intensive", dest="labour_intensive", action="store_true")
        c.add_argument("--programmes", help="comma-separated, e.g. JKK,JKM,JHT")
        c.add_argument("--sector", help="BPU sector (transport for PP 50/2025)")
        c.add_argument("--sponsored", action="store_true", help="BPU paid by a sponsor")
        c.add_argument("--contract-value", dest="contract_value", type=int, help="Jakon contract value")
        c.add_argument("--contract-months", dest="contract_months", type=int, help="PMI contract length")
        c.add_argument("--jht", type=int, help="PMI monthly JHT amount")
        c.add_argument("--json", action="store_true", dest="as_json")
        b = sub.add_parser("benefit", help="a benefit: " + ", ".join(BENEFITS))
        b.add_argument("kind", type=str.upper, choices=BENEFITS)
        for flag in ("--event-date", "--birth-date", "--as-of", "--start", "--claim-date"):
            b.add_argument(flag)
        for flag in ("--months-contributed", "--children", "--wage", "--last-wage", "--days"):
            b.add_argument(flag, type=int)
        b.add_argument("--percent", help="disability percentage from the table")
        b.add_argument("--function-percent", dest="function_percent", help="share of the function lost")
        b.add_argument("--total", action="store_true", help="total permanent disability")
        b.add_argument(
            "--history", help="CSV: month,wage (JP), month,employer,worker (JHT), month (JKP-ELIGIBILITY)"
        )
        b.add_argument("--annual-return", dest="annual_return", help="JHT return for every year, e.g. 0.05")
        b.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, what: str, as_json: bool = False, **options: Any) -> None:
        try:
            result = self._contribution(options) if what == "contribution" else self._benefit(options)
        except DomainError as exc:
            flag = f"--{exc.field.replace('_', '-')}: " if exc.field else ""
            fail(f"{flag}{exc.message}")
        data = result.as_json()
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            self._print(data)

    def _contribution(self, o: dict[str, Any]) -> Any:
        programmes = o["programmes"].split(",") if o.get("programmes") else None
        return contribution_calculate(
            segment=o["segment"],
            month=o["month"],
            wage=o.get("wage"),
            income=o.get("income"),
            risk_class=o.get("risk_class"),
            size=o.get("size"),
            labour_intensive=o.get("labour_intensive", False),
            programmes=programmes,
            sector=o.get("sector"),
            sponsored=o.get("sponsored", False),
            contract_value=o.get("contract_value"),
            contract_months=o.get("contract_months"),
            jht=o.get("jht"),
        )

    def _history(self, path: str | None, columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
        if not path:
            raise DomainError("a CSV file is required", field="history")
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise DomainError(f"cannot read {path}: {exc.strerror}", field="history") from None
        return history_rows(text, columns, source=Path(path).name)

    def _benefit(self, o: dict[str, Any]) -> Any:
        kind = o["kind"]
        fields: dict[str, Any] = {"event_date": o.get("event_date")}
        if kind == "JKM":
            fields.update(
                months_contributed=o.get("months_contributed") or 0, children=o.get("children") or 0
            )
        elif kind in ("JKK-DEATH", "JKK-DISABILITY", "JKK-STMB"):
            fields["wage"] = o.get("wage")
            if kind == "JKK-STMB":
                fields["days"] = o.get("days")
            else:
                fields["children"] = o.get("children") or 0
            if kind == "JKK-DISABILITY":
                fields.update(
                    percent=o.get("percent") or 0,
                    total=o["total"],
                    function_percent=o.get("function_percent"),
                )
        elif kind == "JKP":
            fields["last_wage"] = o.get("last_wage")
        elif kind == "JKP-ELIGIBILITY":
            rows = self._history(o.get("history"), ())
            fields.update(paid_months=[r[0] for r in rows], claim_date=o.get("claim_date"))
        elif kind == "JP":
            fields = {"birth_date": o.get("birth_date"), "start": o.get("start")}
            fields["history"] = self._history(o.get("history"), ("wage",))
        else:  # JHT
            fields = {"as_of": o.get("as_of"), "annual_return": o.get("annual_return")}
            fields["history"] = self._history(o.get("history"), ("employer", "worker"))
        missing = [k for k in ("event_date", "birth_date", "as_of") if k in fields and not fields[k]]
        if missing:
            raise DomainError("required", field=missing[0])
        return benefit_calculate(kind, **fields)

    def _print(self, data: dict[str, Any]) -> None:
        if "segment" in data:
            self.stdout.write(f"{data['segment']} {data['month']}")
            for line in data["lines"]:
                rate = f" × {line['rate']}" if line["rate"] else ""
                self.stdout.write(f"  {line['programme']:<8} {rupiah(line['amount']):>16}{rate}")
            self.stdout.write(f"  {'total':<8} {rupiah(data['totals']['total']):>16}")
        else:
            self.stdout.write(data.get("benefit", "eligibility"))
            for line in data.get("lines", []):
                self.stdout.write(f"  {line['item']:<26} {rupiah(line['amount']):>16}")
            if "total" in data:
                self.stdout.write(f"  {'total':<26} {rupiah(data['total']):>16}")
            if "eligible" in data:
                self.stdout.write(f"  eligible: {data['eligible']} {'; '.join(data.get('reasons', []))}")
        for step in data.get("trace", []):
            self.stdout.write(f"    · {step['step']}: {step['formula']}")
