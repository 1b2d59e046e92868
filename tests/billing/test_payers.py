import datetime as dt

import pytest

from lindung.billing.models import Payer
from lindung.billing.services.payers import payers_ensure
from lindung.errors import DomainError
from lindung.registry.models import Membership


def test_payers_ensure_creates_one_payer_per_employer_project_and_person(world):
    firm = world.employer("PT Sabak Sawit")
    a = world.pu_worker(firm, "Ani")
    b = world.pu_worker(firm, "Budi")
    contractor = world.employer("CV Bangun Jaya")
    project = world.project(contractor, dt.date(2025, 6, 20))
    j = world.membership(
        world.person("Joko"),
        "JAKON",
        employer=contractor,
        project=project,
        payer_kind="contractor",
        wage=None,
        programmes=("JKK", "JKM"),
    )
    s = world.membership(
        world.person("Sri", village="1507012001"),
        "BPU",
        payer_kind="self",
        wage=1_000_000,
        programmes=("JKK", "JKM"),
    )

    created = payers_ensure(actor=None, memberships=Membership.objects.all())

    assert created == 3  # PT Sabak Sawit; CV Bangun Jaya for its project; Sri
    assert payers_ensure(actor=None, memberships=Membership.objects.all()) == 0
    assert world.payer(a) == world.payer(b)
    firm_payer, project_payer, sri = world.payer(a), world.payer(j), world.payer(s)
    assert (firm_payer.kind, firm_payer.employer_id, firm_payer.project_id) == ("employer", firm.pk, None)
    assert (project_payer.kind, project_payer.employer_id, project_payer.project_id) == (
        "employer",
        contractor.pk,
        project.pk,
    )
    assert project_payer.name == f"CV Bangun Jaya — {project.code}"
    assert (sri.kind, sri.person_id, sri.region_code) == ("self", s.person_id, "1507012001")
    assert firm_payer.region_code == "1507"
    # virtual account: 8801 + the payer id on 12 digits
    assert sri.virtual_account == f"8801{sri.pk:012d}"
    assert Payer.objects.count() == 3


def test_sponsored_membership_on_no_programme_is_refused(world):
    # The sponsorship app names each sponsored membership's programme; this one is on none.
    world.membership(world.person(), "BPU", payer_kind="sponsor", wage=1_000_000, programmes=("JKK", "JKM"))
    with pytest.raises(DomainError, match="its sponsored programme has no payer"):
        payers_ensure(actor=None, memberships=Membership.objects.all())
