"""Importing construction (Jakon) projects, one per project code, each under a registered contractor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.registry.imports.columns import Column
from lindung.registry.imports.employers import EMPLOYER, check_region
from lindung.registry.imports.kinds import ImportKind, Problems, StoreOutcome
from lindung.registry.imports.staging import STAGE, StageColumn, Staging
from lindung.registry.imports.upsert import Upsert
from lindung.registry.imports.values import CellError, parse_date, parse_rupiah, shown, text
from lindung.registry.models import ConstructionProject, Region

CODE_MAX = 30
NAME_MAX = 200
PROJECT = ConstructionProject._meta.db_table


def read_date(value: Any, field: str, problems: Problems, *, required: bool = True) -> dt.date | None:
    if value is None or text(value) == "":
        if required:
            problems.append((field, _("the date is empty")))
        return None
    try:
        return parse_date(value)
    except CellError as exc:
        problems.append((field, str(exc)))
        return None


def read_rupiah(value: Any, field: str, problems: Problems) -> int | None:
    if value is None or text(value) == "":
        return None
    try:
        return parse_rupiah(value)
    except CellError as exc:
        problems.append((field, str(exc)))
        return None


class ProjectsImport(ImportKind):
    name = "projects"
    label = gettext_lazy("Construction projects")
    columns = (
        Column("code", "kode_proyek", True, gettext_lazy("project code"), "JK-2025-001"),
        Column(
            "contractor_npp",
            "npp_kontraktor",
            True,
            gettext_lazy("NPP of the contractor (an employer)"),
            "NPP15070001",
        ),
        Column("name", "nama", True, gettext_lazy("project name"), "Jalan Desa Sungai Gelam"),
        Column(
            "contract_value",
            "nilai_kontrak",
            True,
            gettext_lazy("contract value in rupiah, e.g. 1.250.000.000"),
            "1.250.000.000",
        ),
        Column("start_date", "tanggal_mulai", True, gettext_lazy("start date"), "2025-01-06"),
        Column("end_date", "tanggal_selesai", True, gettext_lazy("end date"), "2025-12-20"),
        Column(
            "region_code",
            "kode_wilayah",
            True,
            gettext_lazy("Kemendagri code of the project's location"),
            "150705",
        ),
    )
    stage = (
        StageColumn("code", "text"),
        StageColumn("contractor_npp", "text"),
        StageColumn("name", "text"),
        StageColumn("contract_value", "bigint"),
        StageColumn("start_date", "date"),
        StageColumn("end_date", "date"),
        StageColumn("region_id", "text"),
    )
    key = "code"

    def prepare(self) -> None:
        self.regions = frozenset(Region.objects.values_list("code", flat=True))

    def clean(self, row: int, values: Sequence[Any]) -> tuple[Any, ...] | Problems:
        code_v, npp_v, name_v, value_v, start_v, end_v, region_v = values
        problems: Problems = []
        code, npp, name, region = (
            text(code_v).upper(),
            text(npp_v).upper(),
            " ".join(text(name_v).split()),
            text(region_v),
        )
        if not code or len(code) > CODE_MAX:
            problems.append(("code", _("%(value)s is not a project code") % {"value": shown(code)}))
        if not npp:
            problems.append(("contractor_npp", _("the contractor's NPP is empty")))
        if not name or len(name) > NAME_MAX:
            problems.append(("name", _("the name must have 1 to %(n)s characters") % {"n": NAME_MAX}))
        value = read_rupiah(value_v, "contract_value", problems)
        if value is not None and value <= 0:
            problems.append(("contract_value", _("the contract value must be more than zero")))
        elif value is None and not any(f == "contract_value" for f, _m in problems):
            problems.append(("contract_value", _("the contract value is empty")))
        start = read_date(start_v, "start_date", problems)
        end = read_date(end_v, "end_date", problems)
        if start and end and end < start:
            problems.append(
                (
                    "end_date",
                    _("the end date %(end)s is before the start date %(start)s")
                    % {"end": end, "start": start},
                )
            )
        check_region(region, self.regions, self.scope.region_ok(region), problems, "region_code")
        if problems:
            return problems
        return (row, code, npp, name, value, start, end, region)

    def store(self, staging: Staging, records: list[tuple[Any, ...]], payload: bytes | None) -> StoreOutcome:
        staging.load(records)
        outcome = StoreOutcome()
        for row, npp in staging.take(
            f"SELECT s.src_row, s.contractor_npp FROM {STAGE} s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {EMPLOYER} e WHERE e.npp = s.contractor_npp)"
        ):
            outcome.rejected[row] = [
                ("contractor_npp", _("no employer is registered with NPP %(npp)s") % {"npp": npp})
            ]
        message = _("this project is registered outside your regions")
        self.reject_outside(staging, outcome, table=PROJECT, key="code", region="region_id", message=message)
        self.upsert_staged(staging, outcome, UPSERT)
        return outcome


UPSERT = Upsert(
    table=PROJECT,
    key="code",
    key_source="s.code",
    columns=("code", "contractor_id", "name", "contract_value", "start_date", "end_date", "region_id"),
    exprs=("s.code", "e.id", "s.name", "s.contract_value", "s.start_date", "s.end_date", "s.region_id"),
    compare=("contractor_id", "name", "contract_value", "start_date", "end_date", "region_id"),
    joins=f"JOIN {EMPLOYER} e ON e.npp = s.contractor_npp",
)
