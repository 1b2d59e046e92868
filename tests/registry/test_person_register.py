"""person_register / person_update: NIK checks against birth date and sex, normalised names, duplicate
NIKs refused, possible duplicates flagged (never merged), scope."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from lindung.audit.models import AuditEvent
from lindung.errors import Conflict, ValidationFailed
from lindung.registry.models import Person, PossibleDuplicate
from lindung.registry.names import name_normalize
from lindung.registry.services.people import nik_warnings, person_update
from tests.registry.conftest import VILLAGE_1507, VILLAGE_1507_B, VILLAGE_1571


def test_register_stores_the_person_with_a_normalised_name_and_audits(reg, admin):
    person = reg.person(
        "1507014311850002",  # 150701, 03-11-1985 (+40 = 43: a woman), serial 0002
        name="  Siti   NURHALIZA ",
        birth_date=dt.date(1985, 11, 3),
        sex="F",
        phone="+62 812-7000-1234",
    )
    person.refresh_from_db()
    # Stored cleaned (inner runs of spaces collapsed), as the bulk import stores it.
    assert (person.name, person.name_normalized, person.sex) == ("Siti NURHALIZA", "siti nurhaliza", "F")
    assert person.village_id == VILLAGE_1507 and person.phone == "+62 812-7000-1234"
    event = AuditEvent.objects.get(action="person.register")
    assert event.actor == admin and event.object_id == str(person.pk)
    assert event.before is None and event.after["nik"] == "1507014311850002"


def test_normalised_name_strips_accents_and_case():
    assert name_normalize("Bèrnadétte  ÇAHYA\tNingsih") == "bernadette cahya ningsih"


def test_indonesian_sex_letters_are_accepted(reg):
    person = reg.person("1507014311850003", birth_date=dt.date(1985, 11, 3), sex="P")
    assert person.sex == "F"


@pytest.mark.parametrize(
    ("nik", "birth_date", "sex", "message"),
    [
        ("1507011805900001", dt.date(1990, 5, 17), "M", "NIK encodes birth date 18-05-90, not 17-05-90"),
        ("1507015705900001", dt.date(1990, 5, 17), "M", "NIK encodes a woman (day + 40)"),
        ("9999991705900001", dt.date(1990, 5, 17), "M", "district code 999999 does not exist"),
        ("1507011705900000", dt.date(1990, 5, 17), "M", "serial 0000 is not issued"),
        ("15070117059000", dt.date(1990, 5, 17), "M", "NIK must be 16 digits, got 14"),
    ],
)
def test_bad_niks_are_refused_on_the_nik_field(reg, nik, birth_date, sex, message):
    with pytest.raises(ValidationFailed) as caught:
        reg.person(nik, birth_date=birth_date, sex=sex)
    assert ("nik", message) in caught.value.errors
    assert not Person.objects.exists()


def test_every_bad_field_is_reported_at_once(reg):
    with pytest.raises(ValidationFailed) as caught:
        reg.person("1507011705900001", name="  ", sex="X", village_code="150701", phone="call me")
    fields = {f for f, _ in caught.value.errors}
    assert fields == {"name", "sex", "village_code", "phone"}
    assert ("village_code", "150701 is a district, not a village") in caught.value.errors


def test_unknown_village_and_future_birth_date(reg):
    with pytest.raises(ValidationFailed) as caught:
        reg.person(village_code="1507019999", birth_date=dt.date(2150, 1, 1))
    assert ("village_code", "'1507019999' is not a known region code") in caught.value.errors
    assert ("birth_date", "2150-01-01 is outside 1900–2099") in caught.value.errors


def test_a_nik_registers_once(reg):
    reg.person("1507011705900001")
    with pytest.raises(Conflict) as caught:
        reg.person("1507011705900001", name="Someone Else")
    assert caught.value.field == "nik"
    assert Person.objects.get().name == "Budi Santoso"


def test_retired_district_code_is_a_warning_kept_with_the_person(reg):
    # 910101 (Merauke, Papua) left the Kemendagri list after the 2022 edition: still a valid NIK.
    person = reg.person("9101011705900001", village_code=None)
    assert nik_warnings(person.nik) == [
        "district code 910101 is not in the current Kemendagri edition (retired code)"
    ]
    assert "retired code" in AuditEvent.objects.get(action="person.register").note


def test_same_name_birth_date_and_village_under_another_nik_is_flagged_not_merged(reg):
    first = reg.person("1507011705900001", name="Budi Santoso")
    second = reg.person("1507011705900002", name="BUDI  santoso")
    elsewhere = reg.person("1507011705900003", name="Budi Santoso", village_code=VILLAGE_1507_B)
    assert Person.objects.count() == 3
    assert list(PossibleDuplicate.objects.values_list("person_id", "other_id", "status")) == [
        (first.pk, second.pk, "open")
    ]
    assert "1 other NIK" in AuditEvent.objects.get(action="person.register", object_id=str(second.pk)).note
    assert elsewhere.pk not in PossibleDuplicate.objects.values_list("other_id", flat=True)


def test_update_changes_name_phone_village_and_flags_new_duplicates(reg, admin):
    first = reg.person("1507011705900001", name="Budi Santoso")
    second = reg.person("1507011705900002", name="Budi S.", village_code=VILLAGE_1507_B)
    updated = person_update(actor=admin, person=second, name="Budi Santoso", village_code=VILLAGE_1507)
    assert (updated.name_normalized, updated.village_id) == ("budi santoso", VILLAGE_1507)
    assert PossibleDuplicate.objects.filter(person=first, other=second).exists()
    event = AuditEvent.objects.get(action="person.update")
    assert event.before["name"] == "Budi S." and event.after["name"] == "Budi Santoso"
    cleared = person_update(actor=admin, person=updated, phone="", village_code="")
    assert cleared.village_id is None


def test_update_with_nothing_new_is_refused(reg, admin):
    person = reg.person(name="Budi Santoso")
    with pytest.raises(ValidationFailed, match="nothing to change"):
        person_update(actor=admin, person=person, name="Budi Santoso")


def test_officer_registers_only_in_their_regions(users):
    from tests.registry.conftest import Registry

    officer = Registry(users.officer(regions=("1507",)))
    assert officer.person("1507011705900001").village_id == VILLAGE_1507
    with pytest.raises(PermissionDenied):
        officer.person("1571011705900001", village_code=VILLAGE_1571)
    person = Person.objects.get()
    with pytest.raises(PermissionDenied):
        person_update(actor=officer.actor, person=person, village_code=VILLAGE_1571)


@pytest.mark.parametrize("role", ["auditor", "employer", "worker", "sponsor_officer"])
def test_other_roles_may_not_register(users, role):
    from tests.registry.conftest import Registry

    with pytest.raises(PermissionDenied):
        Registry(users.make(role)).person()
