"""The demo registry: valid NIKs across every Jambi regency, employers of every size and risk class,
memberships of every segment obeying the enrolment rules, histories, demo users; idempotent."""

import datetime as dt

from lindung.accounts.demo_data import demo_users
from lindung.accounts.models import User
from lindung.jobs.progress import Progress
from lindung.registry.demo_data import demo_registry
from lindung.registry.models import ConstructionProject, Employer, Membership, Person, PossibleDuplicate
from lindung.registry.nik import check_nik
from lindung.registry.services import checks
from lindung.registry.services.membership_terms import Terms, terms_check

JAMBI_REGENCIES = {"1501", "1502", "1503", "1504", "1505", "1506", "1507", "1508", "1509", "1571", "1572"}


def test_demo_registry(regions):
    demo_users(Progress())
    demo_registry(Progress())

    people = list(Person.objects.all())
    assert len(people) >= 3000
    assert {p.village_id[:4] for p in people} == JAMBI_REGENCIES
    assert all(check_nik(p.nik, birth_date=p.birth_date, sex=p.sex).valid for p in people)
    assert PossibleDuplicate.objects.count() == 3

    combos = set(Employer.objects.values_list("size_class", "risk_class"))
    assert combos == {
        (s, r) for s in ("besar", "menengah", "kecil", "mikro") for r in ("I", "II", "III", "IV", "V")
    }
    assert ConstructionProject.objects.count() == 12

    assert set(Membership.objects.values_list("segment", flat=True)) == {"PU", "BPU", "JAKON", "PMI"}
    for m in Membership.objects.filter(previous__isnull=True).select_related("person", "employer", "project"):
        errors = checks.Errors()
        terms = Terms.of(m)
        terms_check(
            errors,
            birth_date=m.person.birth_date,
            registered_on=m.valid_from,
            **{name: getattr(terms, name) for name in terms.__dataclass_fields__},
        )
        assert not errors, (m.person.nik, errors.items)
    assert Membership.objects.filter(previous__isnull=False).count() >= 20  # wage changes
    assert Membership.objects.filter(end_reason="segment_switch").count() >= 5

    worker = User.objects.get(username="pekerja").person
    history = list(
        Membership.objects.filter(person=worker).order_by("valid_from").values_list("segment", "valid_to")
    )
    assert history == [("PU", dt.date(2025, 7, 1)), ("PU", dt.date(2026, 1, 1)), ("BPU", None)]
    assert User.objects.get(username="pemberi_kerja").employer.npp == "DM000001"

    counts = (Person.objects.count(), Membership.objects.count(), Employer.objects.count())
    assert demo_registry(Progress()) == "already loaded"
    assert (Person.objects.count(), Membership.objects.count(), Employer.objects.count()) == counts
