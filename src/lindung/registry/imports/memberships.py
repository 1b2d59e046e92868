"""Importing memberships (and wage changes): person x segment x programmes x validity x wage or
declared income x employer or project x payer.

The rules are those of enrolment, applied to a whole batch: the programmes each segment (and, for
PU, the employer's size) must and may have (`registry.programmes`); PU needs an employer and a wage;
BPU a declared income of at least Rp1.000.000; Jakon a project; no two overlapping versions on one
line (see `membership_lines`). A row with a new start date on a line whose version is still open
closes that version and continues it, which is how a wage change is imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.registry.imports.columns import Column
from lindung.registry.imports.employers import EMPLOYER
from lindung.registry.imports.kinds import ImportKind, Problems, StoreOutcome
from lindung.registry.imports.membership_lines import Line, Timeline, Version
from lindung.registry.imports.people import PERSON
from lindung.registry.imports.projects import PROJECT, read_date, read_rupiah
from lindung.registry.imports.staging import STAGE, StageColumn, Staging, bulk_insert, is_postgres
from lindung.registry.imports.upsert import now_param
from lindung.registry.imports.values import (
    CellError,
    parse_choice,
    parse_programmes,
    parse_whole,
    shown,
    text,
)
from lindung.registry.models import Membership
from lindung.registry.programmes import age_on, jp_open, programme_errors
from lindung.rules.money import rupiah

MEMBERSHIP = Membership._meta.db_table
BPU_MIN_INCOME = 1_000_000  # regulation.md §3.6: minimum declared income Rp1.000.000
PMI_JHT_RANGE = (50_000, 600_000)  # regulation.md §3.8: PMI's JHT Rp50.000-Rp600.000 a month
SECTOR_MAX = 30
SEGMENTS = {"pu": "PU", "bpu": "BPU", "jakon": "JAKON", "pmi": "PMI"}
PAYERS = {
    "employer": "employer",
    "pemberi_kerja": "employer",
    "pemberi kerja": "employer",
    "self": "self",
    "sendiri": "self",
    "peserta": "self",
    "contractor": "contractor",
    "kontraktor": "contractor",
    "sponsor": "sponsor",
}
DEFAULT_PAYER = {"PU": "employer", "BPU": "self", "JAKON": "contractor", "PMI": "self"}
ALLOWED_PAYERS = {
    "PU": {"employer"},
    "BPU": {"self", "sponsor"},
    "JAKON": {"contractor"},
    "PMI": {"self", "sponsor"},
}
FLAGS = ("JKK", "JKM", "JHT", "JP", "JKP")

# What a row sets on its version, in stage order after the dates (compared to tell a change).
TERMS = (
    "jkk",
    "jkm",
    "jht",
    "jp",
    "jkp",
    "wage",
    "payer_kind",
    "sector",
    "pmi_contract_months",
    "pmi_jht_amount",
)


class MembershipsImport(ImportKind):
    name = "memberships"
    label = gettext_lazy("Memberships and wages")
    columns = (
        Column("nik", "nik", True, gettext_lazy("NIK of a registered person"), "1507015203850002"),
        Column("segment", "segmen", True, gettext_lazy("PU, BPU, JAKON or PMI"), "PU"),
        Column(
            "programmes",
            "program",
            True,
            gettext_lazy("programmes joined by +, e.g. JKK+JKM+JHT"),
            "JKK+JKM+JHT+JKP",
        ),
        Column("valid_from", "mulai_berlaku", True, gettext_lazy("first day covered"), "2025-01-01"),
        Column(
            "valid_to",
            "berakhir",
            False,
            gettext_lazy("first day no longer covered (empty: still covered)"),
            "",
        ),
        Column(
            "wage",
            "upah",
            False,
            gettext_lazy("monthly wage (PU) or declared income (BPU) in rupiah"),
            "3.500.000",
            aliases=("income", "penghasilan"),
        ),
        Column("employer_npp", "npp", False, gettext_lazy("employer's NPP (PU)"), "NPP15070001"),
        Column("project_code", "kode_proyek", False, gettext_lazy("project code (Jakon)"), ""),
        Column("payer", "pembayar", False, gettext_lazy("employer, self, contractor or sponsor"), "employer"),
        Column("sector", "sektor", False, gettext_lazy("BPU occupation sector, e.g. transport"), ""),
        Column(
            "pmi_contract_months",
            "lama_kontrak_bulan",
            False,
            gettext_lazy("PMI contract length in months"),
            "",
        ),
        Column("pmi_jht_amount", "iuran_jht_pmi", False, gettext_lazy("PMI's monthly JHT in rupiah"), ""),
    )
    stage = (
        StageColumn("key", "text"),
        StageColumn("nik", "text"),
        StageColumn("segment", "text"),
        StageColumn("valid_from", "date"),
        StageColumn("valid_to", "date"),
        StageColumn("employer_npp", "text"),
        StageColumn("project_code", "text"),
        StageColumn("jkk", "bool"),
        StageColumn("jkm", "bool"),
        StageColumn("jht", "bool"),
        StageColumn("jp", "bool"),
        StageColumn("jkp", "bool"),
        StageColumn("wage", "bigint"),
        StageColumn("payer_kind", "text"),
        StageColumn("sector", "text", blank=True),
        StageColumn("pmi_contract_months", "integer"),
        StageColumn("pmi_jht_amount", "bigint"),
    )
    key = "key"

    def repeated(self, key: str, first_row: int) -> Problems:
        return [
            (
                "valid_from",
                _("the same membership (NIK, segment, employer or project, start) is already in row %(row)s")
                % {"row": first_row},
            )
        ]

    def clean(self, row: int, values: Sequence[Any]) -> tuple[Any, ...] | Problems:
        (
            nik_v,
            segment_v,
            programmes_v,
            from_v,
            to_v,
            wage_v,
            npp_v,
            project_v,
            payer_v,
            sector_v,
            months_v,
            jht_v,
        ) = values
        problems: Problems = []
        nik, npp, project, sector = text(nik_v), text(npp_v).upper(), text(project_v).upper(), text(sector_v)
        segment = self._choice(segment_v, SEGMENTS, "PU, BPU, JAKON, PMI", "segment", problems)
        programmes = self._programmes(programmes_v, problems)
        start = read_date(from_v, "valid_from", problems)
        end = read_date(to_v, "valid_to", problems, required=False)
        wage = read_rupiah(wage_v, "wage", problems)
        jht_amount = read_rupiah(jht_v, "pmi_jht_amount", problems)
        months = self._months(months_v, problems)
        payer = (
            self._choice(payer_v, PAYERS, "employer, self, contractor, sponsor", "payer", problems)
            if text(payer_v)
            else None
        )
        if not nik:
            problems.append(("nik", _("the NIK is empty")))
        if start and end and end <= start:
            problems.append(
                (
                    "valid_to",
                    _("the end %(end)s must come after the start %(start)s") % {"end": end, "start": start},
                )
            )
        if len(sector) > SECTOR_MAX:
            problems.append(("sector", _("%(value)s is too long") % {"value": shown(sector)}))
        if segment:
            payer = payer or DEFAULT_PAYER[segment]
            self._segment_rules(segment, programmes, wage, npp, project, payer, jht_amount, problems)
        if problems:
            return problems
        assert segment and start and programmes is not None
        flags = tuple(code in programmes for code in FLAGS)
        key = f"{nik}|{segment}|{npp}|{project}|{start.isoformat()}"
        return (
            row,
            key,
            nik,
            segment,
            start,
            end,
            npp or None,
            project or None,
            *flags,
            wage,
            payer,
            sector,
            months,
            jht_amount,
        )

    def _choice(
        self, value: Any, choices: dict[str, str], hint: str, field: str, problems: Problems
    ) -> str | None:
        try:
            return parse_choice(value, choices, hint=hint)
        except CellError as exc:
            problems.append((field, str(exc)))
            return None

    def _programmes(self, value: Any, problems: Problems) -> frozenset[str] | None:
        try:
            return parse_programmes(value)
        except CellError as exc:
            problems.append(("programmes", str(exc)))
            return None

    def _months(self, value: Any, problems: Problems) -> int | None:
        if value is None or text(value) == "":
            return None
        try:
            months = parse_whole(value)
        except CellError as exc:
            problems.append(("pmi_contract_months", str(exc)))
            return None
        if not 1 <= months <= 120:
            problems.append(
                ("pmi_contract_months", _("%(value)s is not a contract length in months") % {"value": months})
            )
        return months

    def _segment_rules(
        self,
        segment: str,
        programmes: frozenset[str] | None,
        wage: int | None,
        npp: str,
        project: str,
        payer: str,
        jht_amount: int | None,
        problems: Problems,
    ) -> None:
        """The rules that need no database: what each segment requires and forbids."""
        if self.scope.employer_id is not None and segment not in ("PU", "JAKON"):
            problems.append(("segment", _("employer users may import only PU and Jakon memberships")))
        if payer not in ALLOWED_PAYERS[segment]:
            problems.append(
                (
                    "payer",
                    _("%(payer)s does not pay for %(segment)s memberships")
                    % {"payer": payer, "segment": segment},
                )
            )
        if segment == "PU":
            if not npp:
                problems.append(("employer_npp", _("a PU membership needs the employer's NPP")))
            if wage is None or wage <= 0:
                problems.append(("wage", _("a PU membership needs the monthly wage")))
        elif npp:
            problems.append(("employer_npp", _("only PU memberships have an employer")))
        if segment == "JAKON" and not project:
            problems.append(("project_code", _("a Jakon membership needs the project code")))
        elif segment != "JAKON" and project:
            problems.append(("project_code", _("only Jakon memberships have a project")))
        if segment == "BPU" and (wage is None or wage < BPU_MIN_INCOME):
            problems.append(
                (
                    "wage",
                    _("a BPU declared income must be at least Rp1.000.000, got %(value)s")
                    % {"value": _rupiah(wage)},
                )
            )
        if segment == "PMI" and programmes and "JHT" in programmes:
            low, high = PMI_JHT_RANGE
            if jht_amount is None or not low <= jht_amount <= high:
                problems.append(("pmi_jht_amount", _("PMI's JHT must be Rp50.000 to Rp600.000 a month")))
        if segment != "PU" and programmes is not None:
            # PU's rules depend on the employer's size and the worker's age: checked when stored.
            problems.extend(("programmes", m) for m in programme_errors(segment, programmes))

    def store(self, staging: Staging, records: list[tuple[Any, ...]], payload: bytes | None) -> StoreOutcome:
        staging.load(records)
        outcome = StoreOutcome()
        rows = _staged_with_references()
        if is_postgres():
            _lock_people()
        timeline = Timeline()
        for v in _existing_versions():
            timeline.add_existing(v)
        placed: list[int] = []
        for r in rows:
            problems = self._references(r) or self._place(timeline, r)
            if problems:
                outcome.rejected[r["src_row"]] = problems
            else:
                placed.append(r["src_row"])
        if outcome.rejected:
            numbers = ", ".join(str(r) for r in outcome.rejected)
            staging.take(f"SELECT s.src_row FROM {STAGE} s WHERE s.src_row IN ({numbers})")
        _write(timeline)
        outcome.inserted, outcome.updated, outcome.unchanged = (
            len(timeline.new),
            timeline.updated,
            timeline.unchanged,
        )
        return outcome

    def _references(self, r: dict[str, Any]) -> Problems:
        """The person, employer and project exist, lie in the importer's scope, and allow the programmes."""
        problems: Problems = []
        segment = r["segment"]
        if r["person_id"] is None:
            problems.append(("nik", _("no person is registered with NIK %(nik)s") % {"nik": r["nik"]}))
        if segment == "PU" and r["employer_id"] is None:
            problems.append(
                ("employer_npp", _("no employer is registered with NPP %(npp)s") % {"npp": r["employer_npp"]})
            )
        if segment == "JAKON" and r["project_id"] is None:
            problems.append(
                (
                    "project_code",
                    _("no project is registered with code %(code)s") % {"code": r["project_code"]},
                )
            )
        if problems:
            return problems
        problems.extend(self._scope_problems(r))
        if segment == "PU":
            born, start = _date(r["birth_date"]), _date(r["valid_from"])
            programmes = {code for code in FLAGS if r[code.lower()]}
            problems.extend(
                ("programmes", m)
                for m in programme_errors(
                    "PU",
                    programmes,
                    size_class=r["size_class"],
                    age_at_start=age_on(born, start),
                    jp_allowed=jp_open(born, start),
                )
            )
        return problems

    def _scope_problems(self, r: dict[str, Any]) -> Problems:
        segment, scope = r["segment"], self.scope
        if scope.employer_id is not None:
            owner = r["employer_id"] if segment == "PU" else r["contractor_id"]
            if owner != scope.employer_id:
                field = "employer_npp" if segment == "PU" else "project_code"
                return [(field, _("you may import memberships only for your own employer"))]
            return []
        region = {"PU": r["employer_region"], "JAKON": r["project_region"]}.get(segment, r["village_id"])
        if not scope.region_ok(region):
            field = {"PU": "employer_npp", "JAKON": "project_code"}.get(segment, "nik")
            return [(field, _("outside your regions"))]
        return []

    def _place(self, timeline: Timeline, r: dict[str, Any]) -> Problems:
        segment = r["segment"]
        line: Line = (
            r["person_id"],
            segment,
            r["employer_id"] if segment == "PU" else None,
            r["project_id"] if segment == "JAKON" else None,
        )
        terms = tuple(r[t] for t in TERMS)
        why = timeline.place(
            row=r["src_row"],
            line=line,
            start=_date(r["valid_from"]),
            end=_date_or_none(r["valid_to"]),
            terms=terms,
        )
        return [("valid_from", why)] if why else []


def _rupiah(value: int | None) -> str:
    return "-" if value is None else rupiah(value)


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _date_or_none(value: Any) -> dt.date | None:
    return None if value is None else _date(value)


REFERENCE_COLUMNS = (
    "person_id",
    "birth_date",
    "village_id",
    "employer_id",
    "size_class",
    "employer_region",
    "project_id",
    "contractor_id",
    "project_region",
)


def _staged_with_references() -> list[dict[str, Any]]:
    """The staged rows in file order, each with its person, employer and project looked up."""
    stage_cols = ["src_row", *(c.name for c in MembershipsImport.stage)]
    sql = (
        "SELECT " + ", ".join(f"s.{c}" for c in stage_cols) + ", p.id, p.birth_date, p.village_id, "
        "e.id, e.size_class, e.region_id, c.id, c.contractor_id, c.region_id "
        f"FROM {STAGE} s LEFT JOIN {PERSON} p ON p.nik = s.nik "
        f"LEFT JOIN {EMPLOYER} e ON e.npp = s.employer_npp "
        f"LEFT JOIN {PROJECT} c ON c.code = s.project_code ORDER BY s.src_row"
    )
    names = [*stage_cols, *REFERENCE_COLUMNS]
    with connection.cursor() as cur:
        cur.execute(sql)
        rows = [dict(zip(names, values, strict=True)) for values in cur.fetchall()]
    for r in rows:
        for flag in ("jkk", "jkm", "jht", "jp", "jkp"):
            r[flag] = bool(r[flag])
        r["sector"] = r["sector"] or ""
    return rows


def _lock_people() -> None:
    """Hold the batch's people until commit, so no enrolment elsewhere slips in between the check
    for overlaps and the write."""
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT p.id FROM {PERSON} p WHERE p.nik IN (SELECT s.nik FROM {STAGE} s) "
            "ORDER BY p.id FOR UPDATE"
        )


def _existing_versions() -> list[Version]:
    sql = (
        "SELECT m.id, m.person_id, m.segment, m.employer_id, m.project_id, m.valid_from, m.valid_to, "
        + ", ".join(f"m.{t}" for t in TERMS)
        + f", EXISTS (SELECT 1 FROM {MEMBERSHIP} n WHERE n.previous_id = m.id) "
        f"FROM {MEMBERSHIP} m WHERE m.person_id IN "
        f"(SELECT p.id FROM {STAGE} s JOIN {PERSON} p ON p.nik = s.nik)"
    )
    with connection.cursor() as cur:
        cur.execute(sql)
        found = cur.fetchall()
    versions = []
    for mid, person, segment, employer, project, start, end, *rest in found:
        *terms, has_next = rest
        terms[:5] = [bool(t) for t in terms[:5]]
        terms[7] = terms[7] or ""
        line: Line = (
            person,
            segment,
            employer if segment == "PU" else None,
            project if segment == "JAKON" else None,
        )
        versions.append(
            Version(mid, line, _date(start), _date_or_none(end), tuple(terms), has_next=bool(has_next))
        )
    return versions


def _new_ids(count: int) -> list[int]:
    with connection.cursor() as cur:
        if is_postgres():
            cur.execute(
                f"SELECT nextval(pg_get_serial_sequence('{MEMBERSHIP}', 'id')) FROM generate_series(1, %s)",
                [count],
            )
            return [int(r[0]) for r in cur.fetchall()]
        cur.execute(f"SELECT coalesce(max(id), 0) FROM {MEMBERSHIP}")
        top = int(cur.fetchone()[0])
        cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [MEMBERSHIP])
        seq = cur.fetchone()
        top = max(top, int(seq[0]) if seq else 0)
        return list(range(top + 1, top + 1 + count))


CHANGES = "lindung_import_changes"
CHANGE_COLUMNS = ("id", "valid_to", *TERMS)
NEW_COLUMNS = (
    "id",
    "person_id",
    "segment",
    "employer_id",
    "project_id",
    "valid_from",
    "valid_to",
    *TERMS,
    "previous_id",
    "end_reason",
    "created_at",
)


def _write(timeline: Timeline) -> None:
    """Write back corrected and closed versions, then insert the new ones."""
    changed = timeline.changed_versions()
    if changed:
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {CHANGES}")
            cur.execute(
                f"CREATE TEMP TABLE {CHANGES} (id bigint PRIMARY KEY, valid_to date, jkk bool, jkm bool, "
                "jht bool, jp bool, jkp bool, wage bigint, payer_kind text, sector text, "
                "pmi_contract_months integer, "
                "pmi_jht_amount bigint)"
            )
        bulk_insert(CHANGES, CHANGE_COLUMNS, [(v.id, v.valid_to, *v.terms) for v in changed])
        sets = ", ".join(f"{c} = c.{c}" for c in CHANGE_COLUMNS if c != "id")
        with connection.cursor() as cur:
            cur.execute(f"UPDATE {MEMBERSHIP} SET {sets} FROM {CHANGES} c WHERE {MEMBERSHIP}.id = c.id")
            cur.execute(f"DROP TABLE {CHANGES}")
    if timeline.new:
        timeline.assign_ids(_new_ids(len(timeline.new)))
        now = now_param()
        bulk_insert(
            MEMBERSHIP,
            NEW_COLUMNS,
            [(v.id, *v.line, v.valid_from, v.valid_to, *v.terms, v.previous, "", now) for v in timeline.new],
        )
