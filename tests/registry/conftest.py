"""Builders for registry records, going through the services so every record obeys the rules.

Defaults are only for values a test does not look at; tests pass explicitly what they assert on.
NIKs are composed by hand: district (6) + DDMMYY (day + 40 for women) + serial (4).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lindung.registry.models import ConstructionProject, Employer, Membership, Person
from lindung.registry.services.employers import employer_register
from lindung.registry.services.memberships import membership_enrol
from lindung.registry.services.people import person_register
from lindung.registry.services.projects import project_register

# Villages of Kabupaten Tanjung Jabung Timur (1507) and Kota Jambi (1571).
VILLAGE_1507 = "1507012001"  # Alang-Alang, kecamatan Muara Sabak Timur (150701)
VILLAGE_1507_B = "1507012002"  # Lambur, same district
VILLAGE_1571 = "1571011001"  # Simpang IV Sipin, kecamatan 157101


class Registry:
    def __init__(self, actor: Any) -> None:
        self.actor = actor

    def person(
        self,
        nik: str = "1507011705900001",  # 150701, 17-05-1990, man, serial 0001
        *,
        name: str = "Budi Santoso",
        birth_date: dt.date = dt.date(1990, 5, 17),
        sex: str = "M",
        village_code: str | None = VILLAGE_1507,
        **fields: Any,
    ) -> Person:
        return person_register(
            actor=self.actor,
            nik=nik,
            name=name,
            birth_date=birth_date,
            sex=sex,
            village_code=village_code,
            **fields,
        )

    def employer(
        self,
        npp: str = "NN000001",
        *,
        size_class: str = "besar",
        risk_class: str = "II",
        region_code: str = "1507",
        name: str = "PT Sabak Sawit",
        **fields: Any,
    ) -> Employer:
        return employer_register(
            actor=self.actor,
            npp=npp,
            name=name,
            region_code=region_code,
            size_class=size_class,
            risk_class=risk_class,
            **fields,
        )

    def project(
        self,
        code: str = "JK-2024-001",
        *,
        contractor: Employer,
        start_date: dt.date = dt.date(2024, 3, 1),
        end_date: dt.date = dt.date(2024, 12, 31),
        region_code: str = "1507",
        contract_value: int = 2_500_000_000,
        name: str = "Jalan Muara Sabak",
    ) -> ConstructionProject:
        return project_register(
            actor=self.actor,
            code=code,
            contractor=contractor,
            name=name,
            contract_value=contract_value,
            start_date=start_date,
            end_date=end_date,
            region_code=region_code,
        )

    def enrol(
        self, person: Person, segment: str, programmes: set[str], start: dt.date, **terms: Any
    ) -> Membership:
        return membership_enrol(
            actor=self.actor, person=person, segment=segment, programmes=programmes, start=start, **terms
        )


FULL_PU = {"JKK", "JKM", "JHT", "JP", "JKP"}


@pytest.fixture
def admin(users):
    return users.admin()


@pytest.fixture
def reg(admin) -> Registry:
    return Registry(admin)
