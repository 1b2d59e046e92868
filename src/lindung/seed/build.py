"""`seed_demo_load`: the synthetic registry of Jambi that reproduces the seed report (plan.py says
how many of whom, where).

Set-based throughout: people, employers, projects and memberships are written in batches (COPY on
PostgreSQL, batched INSERTs on SQLite, `lindung.sponsorship.bulk.rows_insert`); the BKBK
beneficiaries are a real beneficiary list read by the sponsorship list import (its bulk path
registers them and creates their BPU memberships paid by the programme); the coverage statuses of
July 2023 – June 2024 are one INSERT … SELECT per month, written as "historic statuses imported
from the previous system" (status paid: the billing refresh leaves months without invoice lines
alone).

Counting: people by domicile village. Every PU employer and Jakon project is in the regency its
workers live in, so counting PU and Jakon by workplace gives the same regency totals.

Deterministic (seeded), all in one transaction, idempotent: when the marker employer exists the
load is skipped. Memberships of other demo steps that are already active on the seed day in TJT
are subtracted from TJT's self-paid figures so the totals stay exact.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from bisect import bisect
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from lindung.audit.services import audit_record
from lindung.billing.models import PROTECTED_STATUSES, CoverageMonth, CoverageStatus
from lindung.jobs.progress import Progress
from lindung.registry.demo_data import (
    COMPANY_WORDS,
    CONSTRUCTION_KBLI,
    FAMILY,
    MEN,
    SECTORS,
    SIZE_FORM,
    WOMEN,
)
from lindung.registry.models import (
    ConstructionProject,
    Employer,
    Membership,
    MembershipQuerySet,
    Person,
    Region,
)
from lindung.registry.names import name_normalize
from lindung.registry.nik import check_nik, compose_nik
from lindung.registry.programmes import age_on, jp_open, programme_rule
from lindung.registry.services import checks
from lindung.registry.services.membership_terms import terms_check
from lindung.seed import plan
from lindung.seed.plan import EXTREME_POOR, SEED_DAY, SEED_REGENCY, RegencyPlan
from lindung.sponsorship.bulk import rows_insert
from lindung.sponsorship.models import Beneficiary, BeneficiaryStatus, Sponsor, SponsoredProgramme
from lindung.sponsorship.package import months as month_span
from lindung.sponsorship.package import package_result
from lindung.sponsorship.placement import PERSON_FIELDS
from lindung.sponsorship.services.imports import beneficiary_list_import
from lindung.sponsorship.services.setup import programme_create, sponsor_create

SEED = 2024_03_23
SPONSOR_NAME = "Pemerintah Provinsi Jambi"  # the same sponsor as the sponsorship demo's
PROGRAMME_NAME = "BKBK 2024"
PROGRAMME_START, PROGRAMME_END = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
NPP_PREFIX = "SJ"  # seed demo employers: SJ + regency + serial
MARKER_NPP = f"{NPP_PREFIX}{SEED_REGENCY}00001"
FIRST_SERIAL = 2001  # NIK serials of the seed people start here (the registry demo's start at 1)
SIZE_WEIGHT = {"besar": 400, "menengah": 80, "kecil": 15, "mikro": 4}
UMP_JAMBI_2024 = 3_037_121  # Jambi's 2024 minimum wage: the lowest PU wage drawn
BPU_INCOMES = (1_000_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000)
BPU_SECTORS = ("pertanian", "perikanan", "perkebunan", "perdagangan", "transport")
PROJECT_KINDS = ("Jalan", "Jembatan", "Gedung Sekolah", "Puskesmas", "Irigasi", "Dermaga", "Drainase")


@dataclass
class Draft:
    """A person to write and the membership they get (kind: pu, pu_ended, pu_later, bpu, jakon,
    jakon_ended)."""

    nik: str
    name: str
    born: dt.date
    sex: str
    village: str
    kind: str


def seed_loaded() -> bool:
    return Employer.objects.filter(npp=MARKER_NPP).exists()


def seed_demo_load(
    *, actor: Any, scale: Decimal = plan.DEFAULT_SCALE, progress: Progress | None = None
) -> dict:
    """Load the synthetic registry (nothing when it is loaded already). Returns what was written."""
    progress = progress or Progress()
    if seed_loaded():
        return {"loaded": False}
    plans = plan.jambi_plan(scale)
    with transaction.atomic():
        rng = random.Random(SEED)
        progress.start(7, "seed: drafting people")
        before = Membership.objects.aggregate(m=Max("pk"))["m"] or 0
        others = _others_active(SEED_REGENCY, SEED_DAY)
        seed = plans[0]
        seed.pu -= others.get("PU", 0)
        seed.bpu_self -= others.get("BPU", 0)
        seed.jakon -= others.get("JAKON", 0)
        if min(seed.pu, seed.bpu_self, seed.jakon) < 0:
            raise RuntimeError(f"other demo steps already have {others} active in {SEED_REGENCY}")
        villages = _villages()
        drafts, bkbk = _drafts(rng, plans, villages)
        progress.advance(1, "seed: employers and projects")
        employers = _employers(rng, plans, villages)
        projects = _projects(rng, plans, villages, employers)
        progress.advance(1, "seed: people")
        person_ids = _people_write(drafts)
        progress.advance(1, "seed: memberships")
        created = _memberships_write(rng, drafts, person_ids, employers, projects)
        progress.advance(1, "seed: BKBK list")
        programme = _bkbk(actor, bkbk)
        progress.advance(1, "seed: coverage statuses")
        statuses = _coverage_months(before)
        progress.advance(1, "seed: audit")
        result = {
            "loaded": True,
            "scale": str(scale),
            "people": len(drafts) + len(bkbk),
            "memberships": created + len(bkbk),
            "employers": sum(len(v) for v in employers.values()),
            "projects": sum(len(v) for v in projects.values()),
            "bkbk": len(bkbk),
            "coverage_months": statuses,
            "others_active_in_seed_regency": others,
            "programme": programme.pk,
        }
        audit_record(
            actor=actor,
            action="seed.demo_load",
            object_type="seed",
            after=result,
            note="synthetic demo registry; coverage statuses imported as from the previous system",
        )
        progress.advance(1)
        progress.finish()
    return result


# --- counting --------------------------------------------------------------------------------------


def active_memberships(day: dt.date) -> MembershipQuerySet:
    """Memberships active on `day`: valid on it and with a protected coverage status for its month."""
    protected = CoverageMonth.objects.filter(
        month=day.replace(day=1), status__in=sorted(PROTECTED_STATUSES)
    ).values("membership_id")
    return Membership.objects.valid_on(day).filter(pk__in=protected)


def active_by_segment(region_code: str, day: dt.date) -> dict[str, int]:
    """People active on `day` per segment, counted by domicile village under `region_code`."""
    rows = (
        active_memberships(day)
        .filter(person__village__code__startswith=region_code)
        .values("segment")
        .annotate(n=Count("person_id", distinct=True))
        .order_by("segment")
    )
    return {row["segment"]: row["n"] for row in rows}


def bkbk_by_category(region_code: str, day: dt.date) -> dict[str, int]:
    """BKBK 2024 beneficiaries active on `day` per category, by domicile village."""
    rows = (
        Beneficiary.objects.filter(
            programme__name=PROGRAMME_NAME,
            programme__sponsor__name=SPONSOR_NAME,
            status=BeneficiaryStatus.ENROLLED,
            village__code__startswith=region_code,
            membership__in=active_memberships(day),
        )
        .values("category")
        .annotate(n=Count("person_id", distinct=True))
        .order_by("category")
    )
    return {row["category"]: row["n"] for row in rows}


def _others_active(region_code: str, day: dt.date) -> dict[str, int]:
    return active_by_segment(region_code, day)


# --- drafting people -------------------------------------------------------------------------------


def _villages() -> dict[str, list[tuple[str, str]]]:
    by_regency: dict[str, list[tuple[str, str]]] = {}
    rows = Region.objects.filter(level=4, code__startswith=plan.PROVINCE, current=True).order_by("code")
    for code, kind in rows.values_list("code", "type"):
        by_regency.setdefault(code[:4], []).append((code, kind))
    if not by_regency:
        raise RuntimeError("load the regions first (lindung load-regions)")
    return by_regency


class NikMaker:
    """Valid NIKs for new people: the domicile district, birth date and sex, a serial from 2001
    that skips any NIK already registered."""

    def __init__(self) -> None:
        self.taken = set(Person.objects.filter(nik__startswith=plan.PROVINCE).values_list("nik", flat=True))
        self.serials: Counter[tuple[str, dt.date, str]] = Counter()

    def make(self, district: str, born: dt.date, sex: str) -> str:
        key = (district, born, sex)
        while True:
            serial = FIRST_SERIAL + self.serials[key]
            self.serials[key] += 1
            nik = compose_nik(district, born, sex, serial)
            if nik not in self.taken:
                self.taken.add(nik)
                return nik


MALE_SHARE = {"pu": 0.68, "pu_ended": 0.68, "pu_later": 0.68, "bpu": 0.58, "jakon": 0.95, "jakon_ended": 0.95}
MALE_SHARE_BKBK = 0.5


def _born(rng: random.Random, youngest: int, oldest: int) -> dt.date:
    """A birth date giving an age from `youngest` to `oldest` on the seed day."""
    latest = SEED_DAY.replace(year=SEED_DAY.year - youngest)
    earliest = SEED_DAY.replace(year=SEED_DAY.year - oldest - 1) + dt.timedelta(days=1)
    return earliest + dt.timedelta(days=rng.randrange((latest - earliest).days + 1))


def _draft(rng: random.Random, niks: NikMaker, village: str, kind: str, male_share: float) -> Draft:
    sex = "M" if rng.random() < male_share else "F"
    born = _born(rng, 19, 56)
    # Two given names for about half the people: names repeat less, as in a real registry.
    names = MEN if sex == "M" else WOMEN
    given = " ".join(rng.sample(names, 2)) if rng.random() < 0.5 else rng.choice(names)
    name = f"{given} {rng.choice(FAMILY)}"
    nik = niks.make(village[:6], born, sex)
    return Draft(nik=nik, name=name, born=born, sex=sex, village=village, kind=kind)


def _drafts(
    rng: random.Random, plans: list[RegencyPlan], villages: dict[str, list[tuple[str, str]]]
) -> tuple[list[Draft], list[tuple[Draft, str]]]:
    """Everyone to create, regency by regency, each kind spread over the villages in proportion to
    their indicative population. BKBK people come back separately with their category."""
    niks = NikMaker()
    drafts: list[Draft] = []
    bkbk: list[tuple[Draft, str]] = []
    for p in plans:
        spots = villages[p.code]
        weights = plan.village_weights(random.Random(f"{SEED}-{p.code}"), spots)
        kinds = {
            "pu": p.pu,
            "pu_ended": p.ended_pu,
            "pu_later": p.later_pu,
            "bpu": p.bpu_self,
            "jakon": p.jakon,
            "jakon_ended": p.ended_jakon,
        }
        for kind, total in kinds.items():
            for (village, _), n in zip(spots, plan.apportion(total, weights), strict=True):
                drafts.extend(_draft(rng, niks, village, kind, MALE_SHARE[kind]) for _ in range(n))
        for category, total in p.bkbk.items():
            for (village, _), n in zip(spots, plan.apportion(total, weights), strict=True):
                for _ in range(n):
                    bkbk.append((_draft(rng, niks, village, "bkbk", MALE_SHARE_BKBK), category))
    return drafts, bkbk


# --- employers and projects ------------------------------------------------------------------------


def _district(rng: random.Random, spots: list[tuple[str, str]]) -> str:
    return rng.choice(spots)[0][:6]


def _employers(
    rng: random.Random, plans: list[RegencyPlan], villages: dict[str, list[tuple[str, str]]]
) -> dict[str, list[Employer]]:
    """Employers in each regency (in one of its districts), enough for its PU workers: about one
    large per 2,500, one medium per 500, one small per 150 and one micro per 60; and the Jakon
    contractors (small and medium, KBLI 42101)."""
    rows = []
    for p in plans:
        workers = p.pu + p.ended_pu + p.later_pu
        sizes = (
            ["besar"] * max(1, workers // 2500)
            + ["menengah"] * max(1, workers // 500)
            + ["kecil"] * max(1, workers // 150)
            + ["mikro"] * max(1, workers // 60)
        )
        contractors = max(2, (p.jakon + p.ended_jakon) // 600)
        sizes += ["kontraktor"] * contractors
        for n, size in enumerate(sizes, start=1):
            contractor = size == "kontraktor"
            size_class = rng.choice(("kecil", "menengah")) if contractor else size
            risk = rng.choice(("III", "IV", "V")) if contractor else rng.choice(list(SECTORS))
            words = " ".join(rng.sample(COMPANY_WORDS, 2))
            rows.append(
                Employer(
                    npp=f"{NPP_PREFIX}{p.code}{n:05d}",
                    name=f"{SIZE_FORM[size_class]} {words}{' Konstruksi' if contractor else ''}",
                    region_id=_district(rng, villages[p.code]),
                    size_class=size_class,
                    risk_class=risk,
                    sector_code=CONSTRUCTION_KBLI if contractor else SECTORS[risk],
                    labour_intensive=size_class in ("besar", "menengah") and risk == "II",
                )
            )
    Employer.objects.bulk_create(rows, batch_size=1000)
    by_regency: dict[str, list[Employer]] = {}
    for employer in Employer.objects.filter(npp__startswith=NPP_PREFIX).order_by("npp"):
        by_regency.setdefault(employer.npp[2:6], []).append(employer)
    return by_regency


def _projects(
    rng: random.Random,
    plans: list[RegencyPlan],
    villages: dict[str, list[tuple[str, str]]],
    employers: dict[str, list[Employer]],
) -> dict[str, list[ConstructionProject]]:
    """Jakon projects in each regency: running on the seed day (one per ~120 workers) and finished
    before it (one per ~60 workers of finished projects)."""
    rows = []
    for p in plans:
        contractors = [e for e in employers[p.code] if e.sector_code == CONSTRUCTION_KBLI]
        running = max(1, p.jakon // 120)
        finished = max(1, p.ended_jakon // 60)
        for n in range(1, running + finished + 1):
            if n <= running:  # covers the seed day
                start = dt.date(2023, 3, 1) + dt.timedelta(days=rng.randrange(360))
                end = dt.date(2024, 4, 30) + dt.timedelta(days=rng.randrange(420))
            else:  # finished before it
                start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(150))
                end = dt.date(2023, 8, 31) + dt.timedelta(days=rng.randrange(150))
            rows.append(
                ConstructionProject(
                    code=f"SJK-{p.code}-{n:04d}",
                    contractor=contractors[n % len(contractors)],
                    name=f"{rng.choice(PROJECT_KINDS)} {rng.choice(COMPANY_WORDS)} {p.name.split()[-1]}",
                    contract_value=rng.choice((450, 850, 2_400, 6_500, 12_000, 35_000)) * 1_000_000,
                    start_date=start,
                    end_date=end,
                    region_id=_district(rng, villages[p.code]),
                )
            )
    ConstructionProject.objects.bulk_create(rows, batch_size=1000)
    by_regency: dict[str, list[ConstructionProject]] = {}
    for project in ConstructionProject.objects.filter(code__startswith="SJK-").order_by("code"):
        by_regency.setdefault(project.code[4:8], []).append(project)
    return by_regency


# --- writing ---------------------------------------------------------------------------------------


def _people_write(drafts: list[Draft]) -> dict[str, int]:
    """Insert the people; NIK → id."""
    before = Person.objects.aggregate(m=Max("pk"))["m"] or 0
    now = timezone.now()
    for d in drafts:
        check = check_nik(d.nik, birth_date=d.born, sex=d.sex, today=SEED_DAY)
        if not check.valid:
            raise AssertionError(f"seed NIK {d.nik} is invalid: {check.errors}")
    rows_insert(
        Person,
        PERSON_FIELDS,
        ((d.nik, d.name, name_normalize(d.name), d.born, d.sex, d.village, "", now, now) for d in drafts),
    )
    return dict(Person.objects.filter(pk__gt=before).values_list("nik", "pk"))


def _pick(rng: random.Random, items: list[Any], cumulative: list[int]) -> Any:
    return items[bisect(cumulative, rng.randrange(cumulative[-1]))]


def _memberships_write(
    rng: random.Random,
    drafts: list[Draft],
    person_ids: dict[str, int],
    employers: dict[str, list[Employer]],
    projects: dict[str, list[ConstructionProject]],
) -> int:
    """One membership per drafted person, each checked by the registry's own rules (`terms_check`)."""
    pu_employers = {r: [e for e in es if e.sector_code != CONSTRUCTION_KBLI] for r, es in employers.items()}
    cumulative = {
        r: list(accumulate(SIZE_WEIGHT[e.size_class] for e in es)) for r, es in pu_employers.items()
    }
    fields = [
        "person",
        "segment",
        "jkk",
        "jkm",
        "jht",
        "jp",
        "jkp",
        "valid_from",
        "valid_to",
        "wage",
        "employer",
        "project",
        "payer_kind",
        "sector",
        "pmi_contract_months",
        "pmi_jht_amount",
        "end_reason",
        "created_at",
    ]
    now = timezone.now()
    # terms_check's verdict depends on the segment, the programmes, the employer's size, whether
    # there is a project, the age at the start, whether JP is still open, the sector and the wage's
    # range. Rows that agree on all of these share one check (the PU wages drawn are all at least
    # the minimum wage, so a PU wage never changes the verdict; BPU incomes come from a short list
    # and are part of the key).
    verdicts: dict[tuple[Any, ...], tuple[list[bool], str]] = {}

    def rows() -> Iterator[list[Any]]:
        for d in drafts:
            regency = d.village[:4]
            start, until, reason = _span(rng, d.kind, d.born)
            terms: dict[str, Any]
            employer_id = project_id = None
            if d.kind.startswith("pu"):
                employer = _pick(rng, pu_employers[regency], cumulative[regency])
                employer_id = employer.pk
                age = age_on(d.born, start)
                rule = programme_rule(
                    "PU",
                    size_class=employer.size_class,
                    age_at_start=age,
                    with_jht=True,
                    jp_allowed=_jp_open(d.born, start, age),
                )
                wage = UMP_JAMBI_2024 + rng.randrange(0, 6_000) * 1_000
                programmes = rule.mandatory | ({"JHT"} & rule.optional)
                terms = {"segment": "PU", "programmes": programmes, "employer": employer, "wage": wage}
            elif d.kind == "bpu":
                terms = {
                    "segment": "BPU",
                    "programmes": {"JKK", "JKM"} | ({"JHT"} if rng.random() < 0.2 else set()),
                    "wage": rng.choice(BPU_INCOMES),
                    "sector": rng.choice(BPU_SECTORS),
                }
            else:
                project = _project(rng, projects[regency], ended=d.kind == "jakon_ended")
                project_id = project.pk
                start = max(project.start_date, min(start, project.end_date))
                until = project.end_date + dt.timedelta(days=1)
                terms = {"segment": "JAKON", "programmes": {"JKK", "JKM"}, "project": project}
            age = age_on(d.born, start)
            employer_size = terms["employer"].size_class if "employer" in terms else None
            key = (
                terms["segment"],
                frozenset(terms["programmes"]),
                employer_size,
                "project" in terms,
                age,
                _jp_open(d.born, start, age),
                terms.get("sector", ""),
                terms["wage"] if terms["segment"] == "BPU" else None,
            )
            if key not in verdicts:
                errors = checks.Errors()
                checked = terms_check(errors, birth_date=d.born, registered_on=start, **terms)
                if errors:
                    raise AssertionError(f"seed membership for {d.nik} breaks the rules: {errors.items}")
                f = checked.model_fields()
                flags = [bool(f[name]) for name in ("jkk", "jkm", "jht", "jp", "jkp")]
                verdicts[key] = (flags, str(f["payer_kind"]))
            programme_flags, payer_kind = verdicts[key]
            yield [
                person_ids[d.nik],
                terms["segment"],
                *programme_flags,
                start,
                until,
                terms.get("wage"),
                employer_id,
                project_id,
                payer_kind,
                terms.get("sector", ""),
                None,
                None,
                reason,
                now,
            ]

    return rows_insert(Membership, fields, rows())


def _jp_open(born: dt.date, start: dt.date, age: int) -> bool:
    """`jp_open`, skipped for the young: the pension age is at least 56, so anyone under 55 at the
    start is more than a month from it."""
    return True if age < 55 else jp_open(born, start)


def _project(rng: random.Random, projects: list[ConstructionProject], *, ended: bool) -> ConstructionProject:
    fitting = [p for p in projects if (p.end_date < SEED_DAY) == ended]
    return rng.choice(fitting)


def _span(rng: random.Random, kind: str, born: dt.date) -> tuple[dt.date, dt.date | None, str]:
    """(valid_from, valid_to, end reason) by kind, never before the person's 18th birthday; Jakon
    spans are fitted to the project by the caller."""
    adult = (
        born.replace(year=born.year + 18)
        if (born.month, born.day) != (2, 29)
        else born + dt.timedelta(days=18 * 365 + 5)
    )

    def between(first: dt.date, last: dt.date) -> dt.date:
        first = max(first, adult)
        return first + dt.timedelta(days=rng.randrange(max((last - first).days, 1)))

    if kind == "pu_ended":  # joined 2019–2022, left on the first of a month from Aug 2023 to Mar 2024
        left = (
            dt.date(2023, 8 + rng.randrange(5), 1)
            if rng.random() < 0.6
            else dt.date(2024, 1 + rng.randrange(3), 1)
        )
        return between(dt.date(2019, 1, 1), dt.date(2023, 1, 1)), left, "resigned"
    if kind == "pu_later":  # joins April – June 2024
        return dt.date(2024, 4, 1) + dt.timedelta(days=rng.randrange(91)), None, ""
    if kind == "pu":
        return between(dt.date(2012, 1, 1), SEED_DAY), None, ""
    if kind == "bpu":
        return between(dt.date(2021, 1, 1), SEED_DAY), None, ""
    if kind == "jakon_ended":
        return SEED_DAY - dt.timedelta(days=rng.randrange(1, 300)), None, "contract_ended"
    return SEED_DAY - dt.timedelta(days=rng.randrange(1, 300)), None, ""


# --- BKBK ------------------------------------------------------------------------------------------


def _programme(actor: Any, count: int) -> SponsoredProgramme:
    sponsor = Sponsor.objects.filter(name=SPONSOR_NAME).first() or sponsor_create(
        actor=actor, kind="province", name=SPONSOR_NAME, region_code=plan.PROVINCE
    )
    found = SponsoredProgramme.objects.filter(sponsor=sponsor, name=PROGRAMME_NAME, fiscal_year=2024).first()
    if found is not None:
        return found
    # The budget pays exactly for the listed people for the whole year, at the rules' price each
    # month (the minimum declared income's JKK + JKM: Rp16.800 a month in 2024).
    from lindung.sponsorship.package import minimum_income

    income = minimum_income(PROGRAMME_START)
    year = sum(
        package_result(["JKK", "JKM"], income, m).totals["sponsor"]
        for m in month_span(PROGRAMME_START, PROGRAMME_END + dt.timedelta(days=1))
    )
    return programme_create(
        actor=actor,
        sponsor=sponsor,
        name=PROGRAMME_NAME,
        fiscal_year=2024,
        period_start=PROGRAMME_START,
        period_end=PROGRAMME_END,
        budget=count * year,
        quota=count,
        region_codes=[plan.PROVINCE],
    )


def _bkbk(actor: Any, bkbk: list[tuple[Draft, str]]) -> SponsoredProgramme:
    """The province's BKBK 2024 list, read by the sponsorship list import from January 2024."""
    programme = _programme(actor, len(bkbk))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "daftar_bkbk_provinsi_jambi_2024.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter=";")
            writer.writerow(
                [
                    "nik",
                    "nama",
                    "tanggal_lahir",
                    "jenis_kelamin",
                    "kode_desa",
                    "kategori",
                    "sumber",
                    "prioritas",
                ]
            )
            for d, category in bkbk:
                decile = 1 if category == EXTREME_POOR else 2
                writer.writerow(
                    [
                        d.nik,
                        d.name,
                        d.born.strftime("%d-%m-%Y"),
                        "L" if d.sex == "M" else "P",
                        d.village,
                        category,
                        f"P3KE desil {decile}",
                        decile,
                    ]
                )
        record = beneficiary_list_import(
            actor=actor, programme=programme, path=path, file_name=path.name, start=PROGRAMME_START
        )
    if record.enrolled != len(bkbk):
        raise RuntimeError(
            f"BKBK list: {record.enrolled} of {len(bkbk)} enrolled "
            f"({record.waiting} waiting, {record.rejected} not enrolled)"
        )
    return programme


# --- coverage statuses -----------------------------------------------------------------------------


def _coverage_months(after_membership: int) -> int:
    """Status paid for every demo month each new membership (id above `after_membership`) is valid
    in: one INSERT … SELECT per month."""
    quote = connection.ops.quote_name
    cm, m = CoverageMonth._meta, Membership._meta
    written = 0
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = (
        f"INSERT INTO {quote(cm.db_table)} ({quote('membership_id')}, {quote('month')}, {quote('status')}, "
        f"{quote('updated_at')}) SELECT {quote('id')}, %s, %s, %s FROM {quote(m.db_table)} "
        f"WHERE {quote('id')} > %s AND {quote('valid_from')} < %s "
        f"AND ({quote('valid_to')} IS NULL OR {quote('valid_to')} > %s)"
    )
    with connection.cursor() as cursor:
        for month in plan.months():
            following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
            cursor.execute(sql, [month, CoverageStatus.PAID.value, now, after_membership, following, month])
            written += cursor.rowcount
    return written
