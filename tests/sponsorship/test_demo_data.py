"""The sponsorship demo: Jambi's BKBK for the demo year through the real services; idempotent."""

from lindung.accounts.demo_data import demo_users
from lindung.accounts.models import User
from lindung.billing.models import Invoice
from lindung.jobs.progress import Progress
from lindung.registry.demo_data import demo_registry
from lindung.sponsorship.demo_data import OFFICER, PLACES_PAID, demo_sponsorship
from lindung.sponsorship.models import Beneficiary, ImportRow, SponsoredProgramme


def test_demo_sponsorship(client, regions):
    demo_users(Progress())
    demo_registry(Progress())
    demo_sponsorship(Progress())

    programme = SponsoredProgramme.objects.get(sponsor__name="Pemerintah Provinsi Jambi")
    assert (programme.fiscal_year, programme.budget) == (2026, PLACES_PAID * 12 * 16_800)  # E15 price
    record = programme.imports.get()
    reasons = set(ImportRow.objects.filter(list_import=record).values_list("reason", flat=True))
    assert {"covered_elsewhere", "already_bpu", "outside_age", "nik_invalid", "duplicate_in_list"} <= reasons
    assert record.enrolled == PLACES_PAID and record.waiting > 0
    died = Beneficiary.objects.get(programme=programme, status="exited")
    assert died.reason == "died" and died.replaced_by.status == "enrolled"
    assert Invoice.objects.filter(payer__sponsor_programme_id=programme.pk).count() == 3
    assert Invoice.objects.filter(payer__sponsor_programme_id=programme.pk, status="paid").count() == 2

    before = Beneficiary.objects.count()
    assert demo_sponsorship(Progress()) == "already loaded"
    assert Beneficiary.objects.count() == before

    officer = User.objects.get(username=OFFICER)
    assert officer.sponsor == programme.sponsor and officer.check_password("lindung-demo")
    client.force_login(officer)
    assert client.get(f"/sponsorship/programmes/{programme.pk}/").status_code == 200
