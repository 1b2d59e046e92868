"""Importing employers, one per NPP."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.registry.imports.columns import Column
from lindung.registry.imports.kinds import ImportKind, Problems, StoreOutcome
from lindung.registry.imports.staging import StageColumn, Staging
from lindung.registry.imports.upsert import Upsert
from lindung.registry.imports.values import CellError, parse_bool, parse_choice, shown, text
from lindung.registry.models import Employer, Region

SIZES = {
    "besar": "besar",
    "large": "besar",
    "menengah": "menengah",
    "medium": "menengah",
    "kecil": "kecil",
    "small": "kecil",
    "mikro": "mikro",
    "micro": "mikro",
}
RISKS = {
    "i": "I",
    "ii": "II",
    "iii": "III",
    "iv": "IV",
    "v": "V",
    "1": "I",
    "2": "II",
    "3": "III",
    "4": "IV",
    "5": "V",
}
NPP_MAX = 20
NAME_MAX = 200
SECTOR_MAX = 10

EMPLOYER = Employer._meta.db_table


def check_region(code: str, known: frozenset[str], scope_ok: bool, problems: Problems, field: str) -> None:
    """A region code that exists and lies in the importer's scope."""
    if not code:
        problems.append((field, _("the region code is empty")))
    elif code not in known:
        problems.append((field, _("%(value)s is not a region code") % {"value": shown(code)}))
    elif not scope_ok:
        problems.append((field, _("region %(code)s is outside your regions") % {"code": code}))


class EmployersImport(ImportKind):
    name = "employers"
    label = gettext_lazy("Employers")
    columns = (
        Column("npp", "npp", True, gettext_lazy("employer registration number (NPP)"), "NPP15070001"),
        Column("name", "nama", True, gettext_lazy("employer name"), "CV Maju Bersama"),
        Column(
            "region_code",
            "kode_wilayah",
            True,
            gettext_lazy("Kemendagri code of the regency, district or village"),
            "1507",
        ),
        Column("size_class", "skala_usaha", True, gettext_lazy("besar, menengah, kecil or mikro"), "kecil"),
        Column("risk_class", "kelas_risiko", True, gettext_lazy("JKK risk class I-V (or 1-5)"), "II"),
        Column(
            "sector_code", "kode_sektor", False, gettext_lazy("KBLI sector code"), "01130", aliases=("kbli",)
        ),
        Column(
            "labour_intensive",
            "padat_karya",
            False,
            gettext_lazy("ya/tidak: labour-intensive industry (PP 7/2025)"),
            "tidak",
        ),
    )
    stage = (
        StageColumn("npp", "text"),
        StageColumn("name", "text"),
        StageColumn("region_id", "text"),
        StageColumn("size_class", "text"),
        StageColumn("risk_class", "text"),
        StageColumn("sector_code", "text", blank=True),
        StageColumn("labour_intensive", "boolean"),
    )
    key = "npp"
    keeps = {"sector_code": "sector_code", "labour_intensive": "labour_intensive"}

    def prepare(self) -> None:
        self.regions = frozenset(Region.objects.values_list("code", flat=True))

    def clean(self, row: int, values: Sequence[Any]) -> tuple[Any, ...] | Problems:
        npp_v, name_v, region_v, size_v, risk_v, sector_v, intensive_v = values
        problems: Problems = []
        npp, name, region, sector = (
            text(npp_v).upper(),
            " ".join(text(name_v).split()),
            text(region_v),
            text(sector_v),
        )
        if not npp or len(npp) > NPP_MAX:
            problems.append(("npp", _("%(value)s is not an NPP") % {"value": shown(npp)}))
        if not name or len(name) > NAME_MAX:
            problems.append(("name", _("the name must have 1 to %(n)s characters") % {"n": NAME_MAX}))
        check_region(region, self.regions, self.scope.region_ok(region), problems, "region_code")
        if len(sector) > SECTOR_MAX:
            problems.append(("sector_code", _("%(value)s is not a sector code") % {"value": shown(sector)}))
        size = risk = None
        intensive = False
        try:
            size = parse_choice(size_v, SIZES, hint="besar, menengah, kecil, mikro")
        except CellError as exc:
            problems.append(("size_class", str(exc)))
        try:
            risk = parse_choice(risk_v, RISKS, hint="I, II, III, IV, V")
        except CellError as exc:
            problems.append(("risk_class", str(exc)))
        try:
            intensive = parse_bool(intensive_v)
        except CellError as exc:
            problems.append(("labour_intensive", str(exc)))
        if problems:
            return problems
        return (row, npp, name, region, size, risk, sector, intensive)

    def store(self, staging: Staging, records: list[tuple[Any, ...]], payload: bytes | None) -> StoreOutcome:
        staging.load(records)
        outcome = StoreOutcome()
        message = _("this employer is registered outside your regions")
        self.reject_outside(staging, outcome, table=EMPLOYER, key="npp", region="region_id", message=message)
        self.upsert_staged(staging, outcome, UPSERT)
        return outcome


UPSERT = Upsert(
    table=EMPLOYER,
    key="npp",
    key_source="s.npp",
    columns=("npp", "name", "region_id", "size_class", "risk_class", "sector_code", "labour_intensive"),
    exprs=(
        "s.npp",
        "s.name",
        "s.region_id",
        "s.size_class",
        "s.risk_class",
        "coalesce(s.sector_code, '')",
        "s.labour_intensive",
    ),
    compare=("name", "region_id", "size_class", "risk_class", "sector_code", "labour_intensive"),
)
