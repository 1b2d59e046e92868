"""Demo: the province of Jambi pays the BPU JKK + JKM package for extreme-poor and vulnerable
people of Tanjung Jabung Timur through its BKBK grants (regulation.md §6.1), for the demo year.

Everything goes through the services: the beneficiary list is a real CSV file read by the list
import (uncovered people of the demo registry, a few already covered — reported as double
coverage —, two people not yet registered, a wrong NIK and a duplicate row); the budget pays for
fewer people than are eligible, so some wait; one beneficiary dies in April and the first on the
waiting list takes the place from May; the first three months are billed and two of them paid.
Idempotent: each part is done only if it is missing.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from pathlib import Path

from lindung.accounts.models import Role, User
from lindung.billing.models import Invoice, Payment
from lindung.billing.services.payments import payment_post
from lindung.jobs.progress import Progress
from lindung.registry.models import Membership, Person
from lindung.registry.nik import compose_nik
from lindung.sponsorship.billing import programme_bill_issue, programme_payer
from lindung.sponsorship.models import BeneficiaryStatus, Sponsor, SponsoredProgramme
from lindung.sponsorship.package import minimum_income, months, package_result
from lindung.sponsorship.services.exits import beneficiary_exit
from lindung.sponsorship.services.imports import beneficiary_list_import
from lindung.sponsorship.services.setup import programme_create, sponsor_create
from lindung.web.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoLogin, demo_step

DEMO_YEAR = 2026  # the demo registry's memberships run to 2026
SPONSOR_NAME = "Pemerintah Provinsi Jambi"
PROGRAMME_NAME = "BKBK Jamsostek DUMISAKE"
REGENCY = "1507"  # Tanjung Jabung Timur
OFFICER = "sponsor_jambi"
PLACES_PAID = 50  # the budget pays for 50 people for the whole year
LISTED_UNCOVERED = 60
SEED = 25

DEMO_LOGINS.append(DemoLogin(OFFICER, Role.SPONSOR_OFFICER, "Provinsi Jambi's BKBK programme (sponsor)"))


@demo_step(25)
def demo_sponsorship(progress: Progress) -> str:
    admin = User.objects.get(username="admin")
    sponsor = Sponsor.objects.filter(name=SPONSOR_NAME).first() or sponsor_create(
        actor=admin, kind="province", name=SPONSOR_NAME, region_code="15"
    )
    programme = _programme(admin, sponsor)
    done = []
    if not programme.imports.exists():
        record = _import_list(admin, programme)
        done.append(
            f"list: {record.enrolled} enrolled, {record.waiting} waiting, {record.rejected} not enrolled"
        )
    if not programme.beneficiaries.filter(status=BeneficiaryStatus.EXITED).exists():
        _exit(admin, programme)
        done.append("one exit replaced from the waiting list")
    if _bills(admin, programme):
        done.append("bills January–March, January and February paid")
    _officer(sponsor)
    return "; ".join(done) or "already loaded"


def _programme(admin: User, sponsor: Sponsor) -> SponsoredProgramme:
    found = SponsoredProgramme.objects.filter(
        sponsor=sponsor, name=PROGRAMME_NAME, fiscal_year=DEMO_YEAR
    ).first()
    if found is not None:
        return found
    start, end = dt.date(DEMO_YEAR, 1, 1), dt.date(DEMO_YEAR, 12, 31)
    income = minimum_income(start)
    year_cost = sum(  # 12 months at the rules' price
        package_result(["JKK", "JKM"], income, month).totals["sponsor"]
        for month in months(start, dt.date(DEMO_YEAR + 1, 1, 1))
    )
    return programme_create(
        actor=admin,
        sponsor=sponsor,
        name=PROGRAMME_NAME,
        fiscal_year=DEMO_YEAR,
        period_start=start,
        period_end=end,
        budget=PLACES_PAID * year_cost,
        quota=LISTED_UNCOVERED,
        region_codes=[REGENCY],
    )


def _import_list(admin: User, programme: SponsoredProgramme):
    rng = random.Random(SEED)
    year = dt.date(DEMO_YEAR, 1, 1)
    in_regency = Person.objects.filter(village__code__startswith=REGENCY).order_by("nik")
    covered = Membership.objects.overlapping(year, dt.date(DEMO_YEAR + 1, 1, 1)).values("person_id")
    uncovered = list(in_regency.exclude(pk__in=covered)[:LISTED_UNCOVERED])
    employed = list(in_regency.filter(memberships__segment="PU").distinct()[:4])
    self_paid = list(
        in_regency.filter(memberships__segment="BPU", memberships__payer_kind="self").distinct()[:1]
    )
    rows = [_row(p, rng) for p in uncovered + employed + self_paid]
    village = (uncovered[0].village_id if uncovered else None) or f"{REGENCY}012001"
    rows.append(_new_person("Hasanah Nasution", dt.date(1955, 8, 17), "P", village, 9001))  # 70: too old
    rows.append(_new_person("Rudi Hartono", dt.date(2001, 2, 3), "L", village, 9002))
    rows.append({**rows[0], "nik": str(rows[0]["nik"])[:15]})  # a digit missing
    rows.append(dict(rows[1]))  # the same person twice
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"daftar_bkbk_{REGENCY}_{DEMO_YEAR}.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=";")
            writer.writeheader()
            writer.writerows(rows)
        return beneficiary_list_import(
            actor=admin, programme=programme, path=path, file_name=path.name, start=programme.period_start
        )


def _row(person: Person, rng: random.Random) -> dict[str, object]:
    decile = rng.choice((1, 1, 1, 2, 2, 3))
    return {
        "nik": person.nik,
        "nama": person.name,
        "tanggal_lahir": person.birth_date.strftime("%d-%m-%Y"),
        "jenis_kelamin": "L" if person.sex == "M" else "P",
        "kode_desa": person.village_id,
        "kategori": "miskin ekstrem" if decile == 1 else "pekerja rentan",
        "sumber": f"P3KE desil {decile}",
        "prioritas": decile,
    }


def _new_person(name: str, born: dt.date, sex: str, village: str, serial: int) -> dict[str, object]:
    nik = compose_nik(village[:6], born, "F" if sex == "P" else "M", serial)
    return {
        "nik": nik,
        "nama": name,
        "tanggal_lahir": born.strftime("%d-%m-%Y"),
        "jenis_kelamin": sex,
        "kode_desa": village,
        "kategori": "pekerja rentan",
        "sumber": "Musyawarah desa",
        "prioritas": 3,
    }


def _exit(admin: User, programme: SponsoredProgramme) -> None:
    first = programme.beneficiaries.filter(status=BeneficiaryStatus.ENROLLED).order_by("pk").first()
    if first is not None:
        beneficiary_exit(actor=admin, beneficiary=first, reason="died", on=dt.date(DEMO_YEAR, 4, 14))


def _bills(admin: User, programme: SponsoredProgramme) -> bool:
    """Bill January to March and pay January and February, unless done before."""
    months = [dt.date(DEMO_YEAR, m, 1) for m in (1, 2, 3)]
    payer = programme_payer(programme)
    if Payment.objects.filter(payer=payer).exists():
        return False
    for month in months:
        if not Invoice.objects.filter(payer=payer, month=month).exists():
            programme_bill_issue(actor=admin, programme=programme, month=month)
    owed = sum(Invoice.objects.filter(payer=payer, month__in=months[:2]).values_list("total", flat=True))
    payment_post(
        actor=admin,
        payer=payer,
        amount=owed,
        paid_on=dt.date(DEMO_YEAR, 2, 10),
        channel="VA",
        external_reference=f"BKBK-{DEMO_YEAR}-0102",
    )
    return True


def _officer(sponsor: Sponsor) -> None:
    user, new = User.objects.get_or_create(
        username=OFFICER, defaults={"role": Role.SPONSOR_OFFICER, "first_name": "Petugas BKBK"}
    )
    if new:
        user.set_password(DEMO_PASSWORD)
    user.sponsor = sponsor
    user.save()
