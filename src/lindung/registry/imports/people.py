"""Importing people: one per NIK, the NIK checked against the birth date and sex given.

After each batch, people who share a normalised name, birth date and village with someone under
another NIK are flagged in `PossibleDuplicate` (pair ordered by id) for review, never merged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from operator import itemgetter
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from lindung.registry.imports.columns import Column
from lindung.registry.imports.kinds import ImportKind, Problems, StoreOutcome
from lindung.registry.imports.staging import StageColumn, Staging, is_postgres
from lindung.registry.imports.upsert import Upsert, now_param
from lindung.registry.imports.values import (
    SEX_FAST,
    SEXES,
    CellError,
    digits,
    parse_choice,
    parse_date,
    shown,
    text,
)
from lindung.registry.models import Person, PossibleDuplicate, Region, RegionLevel
from lindung.registry.names import name_normalize
from lindung.registry.nik import check_nik, district_codes

NAME_MAX = 150
PHONE_MAX = 20
PHONE_CHARS = frozenset("0123456789+-() ")

NULL = "\\N"  # COPY text format
EXCEL_NUMBER_HINT = gettext_noop(
    "(the cell is a number: Excel keeps only 15 digits, so format the NIK column as text)"
)
PERSON = Person._meta.db_table
DUPLICATE = PossibleDuplicate._meta.db_table


Born = tuple[str, str, str]  # ISO date, and its DDMMYY in a man's NIK and in a woman's


class Births(dict[Any, Born | None]):
    """Birth-date cells as read, remembered (a file has some tens of thousands of distinct dates
    however many rows it has): None for a cell that is not a date or is a date in the future."""

    def __init__(self, today: dt.date) -> None:
        super().__init__()
        self.today = today

    def __missing__(self, cell: Any) -> Born | None:
        try:
            day = parse_date(cell)
        except CellError:
            return None
        born = None
        if day <= self.today:
            ddmmyy = f"{day:%d%m%y}"
            born = (day.isoformat(), ddmmyy, f"{day.day + 40}{ddmmyy[2:]}")
        if len(self) < BIRTHS_MAX:
            self[cell] = born
        return born


BIRTHS_MAX = 200_000


class NikQuick:
    """The common case of `check_nik` at a fraction of its cost: a NIK that is exactly what the
    birth date and sex say (known district, DDMMYY with +40 for women, serial not 0000) is valid.
    Anything else goes to `check_nik` for its reasons. Tests hold the two to the same verdict."""

    def __init__(self, today: dt.date | None = None) -> None:
        current, retired = district_codes()
        self.districts = current | retired
        self.births = Births(today or dt.date.today())

    def ok(self, nik: str, born: Born, sex: str) -> bool:
        """`born` from `births`; `sex` M or F."""
        return (
            nik[6:12] == born[1 if sex == "M" else 2]
            and len(nik) == 16
            and nik.isdigit()
            and nik.isascii()
            and nik[:6] in self.districts
            and nik[12:] != "0000"
        )


class PeopleImport(ImportKind):
    name = "people"
    label = gettext_lazy("People")
    columns = (
        Column("nik", "nik", True, gettext_lazy("16-digit NIK"), "1507015203850002"),
        Column("name", "nama", True, gettext_lazy("full name"), "Siti Rahayu"),
        Column(
            "birth_date",
            "tanggal_lahir",
            True,
            gettext_lazy("date of birth: YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY or a date cell"),
            "1985-03-12",
        ),
        Column("sex", "jenis_kelamin", True, gettext_lazy("M/F or L/P"), "P"),
        Column(
            "village_code",
            "kode_desa",
            False,
            gettext_lazy("10-digit village code (Kemendagri)"),
            "1507012001",
        ),
        Column("phone", "telepon", False, gettext_lazy("phone number"), "081234567890"),
    )
    stage = (
        StageColumn("nik", "text"),
        StageColumn("name", "text"),
        StageColumn("name_normalized", "text"),
        StageColumn("birth_date", "date"),
        StageColumn("sex", "text"),
        StageColumn("village_id", "text"),
        StageColumn("phone", "text", blank=True),
    )
    key = "nik"
    keeps = {"village_code": "village_id", "phone": "phone"}

    def prepare(self) -> None:
        self.villages = frozenset(
            Region.objects.filter(level=RegionLevel.VILLAGE).values_list("code", flat=True)
        )
        self.nik_quick = NikQuick()
        self.births = self.nik_quick.births
        self.stamp = timezone.now()  # created_at/updated_at of every row this run writes
        self.copy_first = True

    def clean(self, row: int, values: Sequence[Any]) -> tuple[Any, ...] | Problems:
        nik, name, birth, sex, village, phone = values
        # The common case first: text cells that are right as they stand, checked with as few
        # operations as the rules allow (a million rows pass here). Anything else takes `_clean`.
        if type(nik) is str and type(name) is str and type(village) is str and type(phone) is str:
            born = self.births[birth]
            sex = SEX_FAST.get(sex)
            name = " ".join(name.split())
            village = village.strip()
            phone = phone.strip()
            if (
                born is not None
                and sex is not None
                and 0 < len(name) <= NAME_MAX
                and (village in self.villages if village else True)
                and (self.scope.everything or self.scope.region_ok(village))
                and (not phone or (len(phone) <= PHONE_MAX and PHONE_CHARS.issuperset(phone)))
                and self.nik_quick.ok(nik, born, sex)
            ):
                norm = name.lower() if name.isascii() else name_normalize(name)
                return (row, nik, name, norm, born[0], sex, village or None, phone)
        return self._clean(row, values)

    def _clean(self, row: int, values: Sequence[Any]) -> tuple[Any, ...] | Problems:
        nik_v, name_v, birth_v, sex_v, village_v, phone_v = values
        problems: Problems = []
        nik = nik_v.strip() if type(nik_v) is str else self._digits(nik_v, problems)
        name = " ".join(name_v.split()) if type(name_v) is str else text(name_v)
        birth = self._birth(birth_v, problems)
        sex = SEX_FAST.get(sex_v) or self._sex(sex_v, problems)
        village = village_v.strip() if type(village_v) is str else text(village_v)
        phone = phone_v.strip() if type(phone_v) is str else text(phone_v)
        if not name:
            problems.append(("name", _("the name is empty")))
        elif len(name) > NAME_MAX:
            problems.append(("name", _("the name is longer than %(n)s characters") % {"n": NAME_MAX}))
        if village and village not in self.villages:
            problems.append(
                ("village_code", _("%(value)s is not a village code") % {"value": shown(village)})
            )
        elif not self.scope.region_ok(village):
            problems.append(("village_code", self._outside(village)))
        if phone and (len(phone) > PHONE_MAX or not PHONE_CHARS.issuperset(phone)):
            problems.append(("phone", _("%(value)s is not a phone number") % {"value": shown(phone)}))
        born = self.births[birth] if birth else None
        if not (born and sex and self.nik_quick.ok(nik, born, sex)):
            self._nik_problems(nik, birth, sex, problems, numeric=type(nik_v) is not str)
        if problems:
            return problems
        assert birth is not None
        return (row, nik, name, name_normalize(name), birth.isoformat(), sex, village or None, phone)

    def _digits(self, value: Any, problems: Problems) -> str:
        try:
            return digits(value, what="NIK")
        except CellError as exc:
            problems.append(("nik", str(exc)))
            return ""

    def _birth(self, value: Any, problems: Problems) -> dt.date | None:
        if value is None or value == "":
            problems.append(("birth_date", _("the date of birth is empty")))
            return None
        try:
            return parse_date(value)
        except CellError as exc:
            problems.append(("birth_date", str(exc)))
            return None

    def _sex(self, value: Any, problems: Problems) -> str | None:
        try:
            return parse_choice(value, SEXES, hint="M/F, L/P")
        except CellError as exc:
            problems.append(("sex", str(exc)))
            return None

    def _outside(self, village: str) -> str:
        if not village:
            return _("the village is required: you may import only people living in your regions")
        return _("village %(code)s is outside your regions") % {"code": village}

    def _nik_problems(
        self, nik: str, birth: dt.date | None, sex: str | None, problems: Problems, *, numeric: bool
    ) -> None:
        if any(field == "nik" for field, _m in problems):
            return
        if not nik:
            problems.append(("nik", _("the NIK is empty")))
            return
        check = check_nik(nik, birth_date=birth, sex=sex)
        if not check.valid:
            hint = " " + _(EXCEL_NUMBER_HINT) if numeric else ""
            problems.append(("nik", f"{shown(nik)}: " + "; ".join(check.errors) + hint))

    def encode(self, records: list[tuple[Any, ...]]) -> bytes | None:
        """On PostgreSQL, the batch as COPY text input for the person table itself (see `store`).
        Only names can hold a character COPY would read specially (a backslash: whitespace was
        collapsed to single spaces); the other values are checked digits, codes and dates."""
        if not is_postgres():
            return None
        stamp = self.stamp.isoformat()
        lines = []
        # In NIK order: consecutive rows then land in neighbouring pages of the two NIK indexes,
        # which takes the server about 40 % less work than rows in file order (bench_import).
        for _row, nik, name, norm, born, sex, village, phone in sorted(records, key=itemgetter(1)):
            if "\\" in name:
                name, norm = name.replace("\\", "\\\\"), norm.replace("\\", "\\\\")
            lines.append(
                f"{nik}\t{name}\t{norm}\t{born}\t{sex}\t{village or NULL}\t{phone}\t{stamp}\t{stamp}\n"
            )
        return "".join(lines).encode("utf-8")

    @staticmethod
    def compact_key(key: Any) -> Hashable:
        return int(key)  # a NIK as a number takes half the memory of its text

    def store(self, staging: Staging, records: list[tuple[Any, ...]], payload: bytes | None) -> StoreOutcome:
        """New people only: COPY straight into the person table, as fast as the database loads a
        file. A NIK already registered makes that COPY fail (unique key) and the batch takes the
        general way instead: stage, then insert-or-update; later batches go that way too until
        one turns out all new again."""
        if payload is not None and self.copy_first and self.scope.everything:
            inserted = _copy_new_people(payload)
            if inserted is not None:
                return StoreOutcome(inserted=inserted)
        staging.load(records)
        outcome = StoreOutcome()
        message = _("this person is registered outside your regions")
        self.reject_outside(staging, outcome, table=PERSON, key="nik", region="village_id", message=message)
        self.upsert_staged(staging, outcome, UPSERT, now=self.stamp)
        self.copy_first = outcome.inserted == staging.count
        return outcome

    def finish(self, keys: Iterable[Hashable], changed: int) -> int:
        return flag_duplicates(keys, changed) if changed else 0


UPSERT = Upsert(
    table=PERSON,
    key="nik",
    key_source="s.nik",
    columns=("nik", "name", "name_normalized", "birth_date", "sex", "village_id", "phone"),
    exprs=(
        "s.nik",
        "s.name",
        "s.name_normalized",
        "s.birth_date",
        "s.sex",
        "s.village_id",
        "coalesce(s.phone, '')",
    ),
    compare=("name", "birth_date", "sex", "village_id", "phone"),
    order_by="s.nik",
)
COPY_COLUMNS = (*UPSERT.columns, "created_at", "updated_at")


def _copy_new_people(payload: bytes) -> int | None:
    """COPY the batch into the person table; None (and nothing written) if a NIK exists."""
    from psycopg import errors

    try:
        with transaction.atomic(), connection.cursor() as cur:
            with cur.copy(f"COPY {PERSON} ({', '.join(COPY_COLUMNS)}) FROM STDIN") as copy:
                copy.write(payload)
            return int(cur.rowcount)
    except errors.UniqueViolation:
        return None


# --- possible duplicates ------------------------------------------------------------------------

SAME_PERSON = (
    "{b}.name_normalized = {a}.name_normalized AND {b}.birth_date = {a}.birth_date "
    "AND {b}.village_id = {a}.village_id"
)
PROBE_CHUNK = 5_000
# A run that wrote less than this share of the table probes the duplicate key of each person it
# read; a larger one looks for every shared key in the table at once (one pass beats many probes).
PROBE_SHARE = 0.1


def flag_duplicates(niks: Iterable[Hashable], changed: int) -> int:
    """Flag pairs of people with the same normalised name, birth date and village (`niks`: the
    run's NIKs, as numbers). Pairs already flagged, whatever their review status, stay as they are."""
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {PERSON}")
        total = int(cur.fetchone()[0])
        if changed >= PROBE_SHARE * total:
            return _flag_all(cur)
        flagged = 0
        chunk: list[str] = []
        for nik in niks:
            chunk.append(f"{nik:016d}")
            if len(chunk) >= PROBE_CHUNK:
                flagged += _flag_some(cur, chunk)
                chunk = []
        return flagged + (_flag_some(cur, chunk) if chunk else 0)


def _pairs_insert(select_pairs: str) -> str:
    least, greatest = ("LEAST", "GREATEST") if is_postgres() else ("min", "max")
    return (
        f"INSERT INTO {DUPLICATE} (person_id, other_id, status, created_at) "
        f"SELECT DISTINCT {least}(a.id, b.id), {greatest}(a.id, b.id), 'open', %s FROM {select_pairs} "
        "WHERE true ON CONFLICT (person_id, other_id) DO NOTHING"
    )


def _flag_all(cur: Any) -> int:
    groups = (
        f"(SELECT name_normalized, birth_date, village_id FROM {PERSON} WHERE village_id IS NOT NULL "
        "GROUP BY name_normalized, birth_date, village_id HAVING count(*) > 1) g "
        f"JOIN {PERSON} a ON {SAME_PERSON.format(a='g', b='a')} "
        f"JOIN {PERSON} b ON {SAME_PERSON.format(a='g', b='b')} AND a.id < b.id"
    )
    cur.execute(_pairs_insert(groups), [now_param()])
    return max(cur.rowcount, 0)


def _flag_some(cur: Any, niks: list[str]) -> int:
    marks = ", ".join(["%s"] * len(niks))
    pairs = (
        f"{PERSON} a JOIN {PERSON} b ON {SAME_PERSON.format(a='a', b='b')} AND b.id <> a.id "
        f"AND a.nik IN ({marks})"
    )
    cur.execute(_pairs_insert(pairs), [now_param(), *niks])
    return max(cur.rowcount, 0)
