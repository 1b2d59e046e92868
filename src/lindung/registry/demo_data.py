"""Demo registry for `make run`: a few thousand synthetic people of Jambi with valid NIKs, employers of
every size and risk class, construction projects, and memberships of every segment — including a wage
change, a PU → BPU switch and ended memberships made through the services themselves.

Bulk rows are checked by the same rules as the services (`check_nik`, `terms_check`) before they
are inserted. Deterministic (seeded) and idempotent: a second run only makes sure the demo users exist.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Iterator

from django.db import transaction

from lindung.accounts.models import Role, User
from lindung.jobs.progress import Progress
from lindung.registry.models import ConstructionProject, Employer, Membership, Person, Region
from lindung.registry.names import name_normalize
from lindung.registry.nik import check_nik, compose_nik
from lindung.registry.programmes import age_on, jp_open, programme_rule
from lindung.registry.services import checks
from lindung.registry.services.membership_terms import terms_check
from lindung.registry.services.memberships import (
    membership_change,
    membership_end,
    membership_switch_segment,
)
from lindung.registry.services.people import person_register
from lindung.web.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoLogin, demo_step

PEOPLE = 3000
SEED = 20
MARKER_NPP = "DM000001"  # the first demo employer: present means the demo registry is loaded
HOME_REGENCY = "1507"  # Tanjung Jabung Timur: the demo officer's regency gets a larger share
EMPLOYER_USER, WORKER_USER = "pemberi_kerja", "pekerja"

DEMO_LOGINS.extend(
    [
        DemoLogin(EMPLOYER_USER, Role.EMPLOYER, f"employer {MARKER_NPP} (Tanjung Jabung Timur)"),
        DemoLogin(WORKER_USER, Role.WORKER, "one worker's own records (PU, then BPU)"),
    ]
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MEN = _words(
    "Budi Agus Ahmad Andi Bambang Dedi Eko Fajar Hendra Irwan Joko Kurniawan Lukman Muhammad "
    "Nanang Rudi Slamet Taufik Wahyu Yusuf Rizki Hasan Arif Dodi Rahmat Syahrul Zainal Firman "
    "Gunawan Imam"
)
WOMEN = _words(
    "Siti Sri Dewi Nur Rina Ratna Wati Yuni Lestari Fitri Ani Endang Kartini Maya Novi Putri "
    "Rahma Sari Tuti Utami Indah Desi Eka Lina Mega Nia Ayu Dian Suryani Halimah"
)
FAMILY = _words(
    "Santoso Wijaya Saputra Hidayat Siregar Nasution Harahap Lubis Rahman Pratama Susanto "
    "Setiawan Hakim Syahputra Kurnia Maulana Hasibuan Effendi Ramadhan Utomo Permana Gultom "
    "Sembiring Purba Aminah Wulandari Rahayu Handayani Fitriani Safitri"
)
COMPANY_WORDS = _words(
    "Sawit Batanghari Sabak Kerinci Merangin Bungo Tebo Pinang Mas Jaya Makmur Sejahtera Abadi "
    "Karya Mandiri Lestari Bumi Sentosa Nusantara Sumatera"
)
SIZE_FORM = {"besar": "PT", "menengah": "PT", "kecil": "CV", "mikro": "UD"}
SECTORS = {"I": "47111", "II": "10750", "III": "01262", "IV": "16101", "V": "08101"}  # KBLI by risk
CONSTRUCTION_KBLI = "42101"
BPU_SECTORS = ("pertanian", "perikanan", "transport", "perdagangan")


@demo_step(20)
def demo_registry(progress: Progress) -> str:
    with transaction.atomic():
        if Employer.objects.filter(npp=MARKER_NPP).exists():
            _demo_users()
            return "already loaded"
        actor = User.objects.get(username="admin")
        rng = random.Random(SEED)
        progress.start(4, "registry")
        people = _people(rng, _villages())
        progress.advance(1, "people")
        employers = _employers(rng)
        projects = _projects(rng, employers)
        progress.advance(1, "employers and projects")
        memberships = _memberships(rng, people, employers, projects)
        progress.advance(1, "memberships")
        flagged = _possible_duplicates(actor, people)
        histories = _histories(actor, memberships)
        _demo_users()
        progress.advance(1, "changes, switches and ends")
        progress.finish()
    segments = Counter(m.segment for m in memberships)
    return (
        f"{len(people) + flagged} people, {len(employers)} employers, {len(projects)} projects, "
        f"memberships {dict(sorted(segments.items()))}, {histories} changes/switches/ends"
    )


def _villages() -> dict[str, list[str]]:
    """Jambi's current village codes by regency."""
    by_regency: dict[str, list[str]] = defaultdict(list)
    for code in Region.objects.filter(level=4, code__startswith="15", current=True).values_list(
        "code", flat=True
    ):
        by_regency[code[:4]].append(code)
    if not by_regency:
        raise RuntimeError("load the regions first (lindung load-regions)")
    return dict(sorted(by_regency.items()))


def _name(rng: random.Random, sex: str) -> str:
    given = rng.choice(MEN if sex == "M" else WOMEN)
    return f"{given} {rng.choice(FAMILY)}"


def _people(rng: random.Random, villages: dict[str, list[str]]) -> list[Person]:
    regencies = list(villages)
    weights = [6 if r == HOME_REGENCY else 2 for r in regencies]
    serials: Counter[tuple[str, dt.date, str]] = Counter()
    rows = []
    for _ in range(PEOPLE):
        village = rng.choice(villages[rng.choices(regencies, weights)[0]])
        sex = rng.choice("MF")
        born = dt.date(1962, 1, 1) + dt.timedelta(days=rng.randrange(42 * 365))
        serials[village[:6], born, sex] += 1
        nik = compose_nik(village[:6], born, sex, serials[village[:6], born, sex])
        assert check_nik(nik, birth_date=born, sex=sex).valid, nik
        name = _name(rng, sex)
        phone = f"08{rng.randrange(10**9, 10**10)}" if rng.random() < 0.6 else ""
        rows.append(
            Person(
                nik=nik,
                name=name,
                name_normalized=name_normalize(name),
                birth_date=born,
                sex=sex,
                village_id=village,
                phone=phone,
            )
        )
    taken = set(Person.objects.filter(nik__in=[p.nik for p in rows]).values_list("nik", flat=True))
    Person.objects.bulk_create([p for p in rows if p.nik not in taken], batch_size=1000)
    return list(Person.objects.filter(nik__in=[p.nik for p in rows if p.nik not in taken]).order_by("nik"))


def _employers(rng: random.Random) -> list[Employer]:
    """Three employers for every size and risk class (60), across Jambi's regencies; every tenth
    is a construction contractor."""
    regencies = ["1507", "1571", "1505", "1504", "1506", "1501", "1502", "1503", "1508", "1509", "1572"]
    rows = []
    combos = [(size, risk) for size in SIZE_FORM for risk in SECTORS] * 3
    for n, (size, risk) in enumerate(combos, start=1):
        words = rng.sample(COMPANY_WORDS, 2)
        contractor = n % 10 == 1
        rows.append(
            Employer(
                npp=f"DM{n:06d}",
                name=f"{SIZE_FORM[size]} {' '.join(words)}{' Konstruksi' if contractor else ''}",
                region_id=HOME_REGENCY if n == 1 else regencies[n % len(regencies)],
                size_class=size,
                risk_class=risk,
                sector_code=CONSTRUCTION_KBLI if contractor else SECTORS[risk],
                labour_intensive=size in ("besar", "menengah") and risk == "II",
            )
        )
    Employer.objects.bulk_create(rows)
    return list(Employer.objects.filter(npp__startswith="DM").order_by("npp"))


def _projects(rng: random.Random, employers: list[Employer]) -> list[ConstructionProject]:
    contractors = [e for e in employers if e.sector_code == CONSTRUCTION_KBLI]
    kinds = ("Jalan", "Jembatan", "Gedung Sekolah", "Puskesmas", "Irigasi", "Dermaga")
    rows = []
    for n in range(1, 13):
        contractor = contractors[n % len(contractors)]
        start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(900))
        rows.append(
            ConstructionProject(
                code=f"DMJK-{start.year}-{n:03d}",
                contractor=contractor,
                name=f"{rng.choice(kinds)} {rng.choice(COMPANY_WORDS)}",
                contract_value=rng.choice((450, 850, 2_400, 6_500, 12_000)) * 1_000_000,
                start_date=start,
                end_date=start + dt.timedelta(days=rng.randrange(120, 540)),
                region_id=contractor.region_id,
            )
        )
    ConstructionProject.objects.bulk_create(rows)
    return list(ConstructionProject.objects.filter(code__startswith="DMJK-").order_by("code"))


def _memberships(
    rng: random.Random, people: list[Person], employers: list[Employer], projects: list[ConstructionProject]
) -> list[Membership]:
    """One membership per person for about 90% of them (the rest stay uncovered): PU half, BPU a
    quarter, Jakon and PMI the rest. Each one passes `terms_check`."""
    rows = []
    for person, segment in zip(people, _segments(rng, len(people)), strict=True):
        if segment is None:
            continue
        start = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(4 * 365))
        terms: dict[str, object] = {"segment": segment}
        if segment == "PU":
            employer = employers[0] if rng.random() < 0.08 else rng.choice(employers)
            age = age_on(person.birth_date, start)
            with_jht = employer.size_class != "mikro" or rng.random() < 0.5
            rule = programme_rule(
                "PU",
                size_class=employer.size_class,
                age_at_start=age,
                with_jht=with_jht,
                jp_allowed=jp_open(person.birth_date, start),
            )
            optional = {"JHT"} & rule.optional if with_jht else set()  # micro employers: JHT by choice
            wage = rng.randrange(2_500, 15_000) * 1_000
            terms |= {"programmes": rule.mandatory | optional, "employer": employer, "wage": wage}
        elif segment == "BPU":
            programmes = {"JKK", "JKM"} | ({"JHT"} if rng.random() < 0.3 else set())
            income = rng.choice((1_000_000, 1_500_000, 2_000_000, 3_000_000))
            terms |= {"programmes": programmes, "wage": income, "sector": rng.choice(BPU_SECTORS)}
        elif segment == "JAKON":
            project = rng.choice(projects)
            start = project.start_date + dt.timedelta(
                days=rng.randrange((project.end_date - project.start_date).days)
            )
            terms |= {"programmes": {"JKK", "JKM"}, "project": project}
        else:
            with_jht = rng.random() < 0.4
            terms |= {
                "programmes": {"JKK", "JKM", "JHT"} if with_jht else {"JKK", "JKM"},
                "pmi_contract_months": rng.choice((6, 12, 24)),
                "pmi_jht_amount": rng.choice((50_000, 100_000, 300_000)) if with_jht else None,
            }
        rows.append(_checked(person, start, terms))
    Membership.objects.bulk_create(rows, batch_size=1000)
    return list(Membership.objects.filter(person_id__in=[p.pk for p in people]).select_related("person"))


def _segments(rng: random.Random, n: int) -> Iterator[str | None]:
    for _ in range(n):
        yield rng.choices(("PU", "BPU", "JAKON", "PMI", None), (50, 25, 10, 5, 10))[0]


def _checked(person: Person, start: dt.date, terms: dict) -> Membership:
    """A membership row that obeys the same rules as `membership_enrol`."""
    errors = checks.Errors()
    checked = terms_check(errors, birth_date=person.birth_date, registered_on=start, **terms)
    if errors:
        raise AssertionError(f"demo membership for {person.nik} breaks the rules: {errors.items}")
    project = checked.project
    ends = project.end_date + dt.timedelta(days=1) if project else None
    return Membership(person=person, valid_from=start, valid_to=ends, **checked.model_fields())


def _possible_duplicates(actor: User, people: list[Person]) -> int:
    """Three people registered again under another NIK (a different serial): flagged for review."""
    created = 0
    for original in people[100:103]:
        nik = original.nik[:12] + f"{int(original.nik[12:]) + 50:04d}"
        if Person.objects.filter(nik=nik).exists():
            continue
        person_register(
            actor=actor,
            nik=nik,
            name=original.name.upper(),
            birth_date=original.birth_date,
            sex=original.sex,
            village_code=original.village_id,
        )
        created += 1
    return created


def _histories(actor: User, memberships: list[Membership]) -> int:
    """Wage changes, PU → BPU switches and ends, through the services. The demo worker (the first PU
    member of the home regency at the marker employer) gets a wage change and then a switch to BPU."""
    marker = Employer.objects.get(npp=MARKER_NPP).pk

    def demo_worker_first(m: Membership) -> tuple[bool, bool, str]:
        at_home = (m.person.village_id or "").startswith(HOME_REGENCY)
        return (m.employer_id != marker, not at_home, m.person.nik)

    early = (m for m in memberships if m.segment == "PU" and m.valid_from < dt.date(2025, 6, 1))
    pu = sorted(early, key=demo_worker_first)
    done = 0
    worker = pu[0]
    raised = membership_change(
        actor=actor, membership=worker, effective=dt.date(2025, 7, 1), wage=(worker.wage or 0) + 750_000
    )
    membership_switch_segment(
        actor=actor,
        membership=raised,
        on=dt.date(2026, 1, 1),
        segment="BPU",
        programmes={"JKK", "JKM", "JHT"},
        wage=2_000_000,
        sector="perdagangan",
    )
    done += 2
    for m in pu[1:21]:
        membership_change(
            actor=actor, membership=m, effective=dt.date(2025, 7, 1), wage=(m.wage or 0) + 250_000
        )
        done += 1
    for m in pu[21:26]:
        membership_switch_segment(
            actor=actor,
            membership=m,
            on=dt.date(2025, 10, 1),
            segment="BPU",
            programmes={"JKK", "JKM"},
            wage=1_500_000,
        )
        done += 1
    for m in pu[26:36]:
        membership_end(actor=actor, membership=m, end=dt.date(2025, 9, 1), reason="resigned")
        done += 1
    return done


def _demo_users() -> None:
    for login in DEMO_LOGINS:
        if login.username not in (EMPLOYER_USER, WORKER_USER):
            continue
        user, new = User.objects.get_or_create(username=login.username, defaults={"role": login.role})
        if new:
            user.set_password(DEMO_PASSWORD)
            user.save()
    # The demo worker: the one moved from PU at the marker employer to BPU on 2026-01-01.
    switched = Membership.objects.filter(
        employer__npp=MARKER_NPP, end_reason="segment_switch", valid_to=dt.date(2026, 1, 1)
    ).first()
    User.objects.filter(username=WORKER_USER).update(person_id=switched.person_id if switched else None)
    User.objects.filter(username=EMPLOYER_USER).update(
        employer=Employer.objects.filter(npp=MARKER_NPP).first()
    )
