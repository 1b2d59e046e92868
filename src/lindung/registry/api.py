"""Registry endpoints: people, employers, projects, memberships."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from lindung.registry import selectors

router = Router(tags=["registry"])


class PersonOut(Schema):
    nik: str
    name: str
    birth_date: dt.date
    sex: str
    village_code: str | None


@router.get("/people/{nik}", response=PersonOut)
def person_by_nik(request: HttpRequest, nik: str):
    person = selectors.person_for_user(request.user, nik=nik)  # type: ignore[arg-type]
    return PersonOut(
        nik=person.nik,
        name=person.name,
        birth_date=person.birth_date,
        sex=person.sex,
        village_code=person.village_id,
    )
