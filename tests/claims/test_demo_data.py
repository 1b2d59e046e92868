"""The demo claims: a queue with a claim in every state, a held payment, a settled bank file and the
demo worker's own claim; a second run changes nothing."""

from lindung.accounts.demo_data import demo_users
from lindung.claims.demo_data import demo_claims
from lindung.claims.models import BenefitPayment, Claim, PaymentBatch
from lindung.jobs.progress import Progress
from lindung.registry.demo_data import demo_registry


def test_demo_claims(regions):
    demo_users(Progress())
    demo_registry(Progress())
    demo_claims(Progress())
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert statuses == {"submitted", "verified", "approved", "paid", "rejected"}
    assert Claim.objects.filter(filed_by__username="pekerja").count() == 1
    assert BenefitPayment.objects.filter(status="held").exists()
    assert set(BenefitPayment.objects.values_list("status", flat=True)) >= {"paid", "failed", "held"}
    assert PaymentBatch.objects.get().settled_on is not None
    assert all(c.region_code.startswith("1507") for c in Claim.objects.all())
    counts = (Claim.objects.count(), BenefitPayment.objects.count())
    assert demo_claims(Progress()) == "already loaded"
    assert (Claim.objects.count(), BenefitPayment.objects.count()) == counts
