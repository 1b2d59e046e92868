"""The monthly billing run: a month billed by hand-worked numbers for every payer type, repeated
runs, a run killed halfway and started again, scope, and the run row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from lindung.billing.models import BillingRun, Invoice, InvoiceLine, Payer
from lindung.billing.selectors import credit_mismatches, invoice_mismatches
from lindung.billing.services.billing_run import billing_run
from lindung.errors import ValidationFailed
from lindung.jobs.progress import Progress

JUNE, JULY = dt.date(2025, 6, 1), dt.date(2025, 7, 1)


def month_world(world):
    """PU (one worker above the JP cap), BPU, Jakon by contract value (two workers, billed once per
    project), PMI with JHT."""
    a_firm = world.employer("PT A")  # risk class III: JKK 0.89 %
    contractor = world.employer("CV Bangun")
    ani = world.pu_worker(a_firm, "Ani", wage=15_000_000)
    budi = world.pu_worker(a_firm, "Budi", wage=5_000_000)
    sri = world.membership(
        world.person("Sri"), "BPU", payer_kind="self", wage=1_000_000, programmes=("JKK", "JKM")
    )
    start = dt.date(2025, 6, 20)
    project = world.project(contractor, start)  # contract value 1,000,000,000
    jakon = [
        world.membership(
            world.person(name),
            "JAKON",
            employer=contractor,
            project=project,
            payer_kind="contractor",
            wage=None,
            start=start,
            programmes=("JKK", "JKM"),
        )
        for name in ("Joko", "Eko")
    ]
    wati = world.membership(
        world.person("Wati"), "PMI", payer_kind="self", wage=None, start=dt.date(2025, 6, 3)
    )
    wati.pmi_contract_months, wati.pmi_jht_amount, wati.jht = 24, 100_000, True
    wati.save()
    return {"ani": ani, "budi": budi, "sri": sri, "joko": jakon[0], "eko": jakon[1], "wati": wati}


def signature(month=None):
    qs = InvoiceLine.objects.all() if month is None else InvoiceLine.objects.filter(invoice__month=month)
    return sorted(
        qs.values_list(
            "invoice__payer_id",
            "membership_id",
            "programme",
            "kind",
            "contribution_month",
            "revision",
            "employer",
            "worker",
            "sponsor",
            "government",
        )
    )


def test_a_month_billed_by_hand_worked_numbers(world, users):
    m = month_world(world)
    result = billing_run(actor=users.admin(), month=JUNE)
    payer = {k: world.payer(v).pk for k, v in m.items()}
    got = {
        (r.membership_id, r.programme): (r.employer, r.worker, r.sponsor)
        for r in InvoiceLine.objects.filter(invoice__month=JUNE)
    }
    assert got == {
        # Ani, wage 15,000,000, class III; JP on the cap 10,547,400 (from March 2025, regulation §3.3)
        (m["ani"].pk, "JKK"): (133_500, 0, 0),  # 0.89 % × 15,000,000
        (m["ani"].pk, "JKM"): (45_000, 0, 0),  # 0.30 %
        (m["ani"].pk, "JHT"): (555_000, 300_000, 0),  # 3.7 % and 2 %
        (m["ani"].pk, "JP"): (210_948, 105_474, 0),  # 2 % and 1 % of 10,547,400
        # Budi, wage 5,000,000
        (m["budi"].pk, "JKK"): (44_500, 0, 0),
        (m["budi"].pk, "JKM"): (15_000, 0, 0),
        (m["budi"].pk, "JHT"): (185_000, 100_000, 0),
        (m["budi"].pk, "JP"): (100_000, 50_000, 0),
        # Sri, BPU on 1,000,000 (E15): JKK 1 % = 10,000; JKM 6,800
        (m["sri"].pk, "JKK"): (0, 10_000, 0),
        (m["sri"].pk, "JKM"): (0, 6_800, 0),
        # the project, once, on its first wage-less member (E28: contract value 1 miliar)
        (m["joko"].pk, "JKK"): (1_540_000, 0, 0),
        (m["joko"].pk, "JKM"): (210_000, 0, 0),
        # Wati, PMI 24 months: 37,500 + 332,500 = 370,000 package (§3.8), JHT 100,000 a month
        (m["wati"].pk, "JKK"): (0, 370_000, 0),
        (m["wati"].pk, "JHT"): (0, 100_000, 0),
    }
    invoices = {i.payer_id: (i.total, i.due_date) for i in Invoice.objects.filter(month=JUNE)}
    assert invoices == {
        # 133,500 + 45,000 + 855,000 + 316,422 = 1,349,922; + Budi 494,500 = 1,844,422
        payer["ani"]: (1_844_422, dt.date(2025, 7, 15)),  # PU: 15 July 2025, a Tuesday
        payer["sri"]: (16_800, dt.date(2025, 6, 15)),  # BPU: the 15th of the month covered
        payer["joko"]: (1_750_000, dt.date(2025, 6, 20)),  # Jakon: at the project's start
        payer["wati"]: (470_000, dt.date(2025, 6, 3)),  # PMI: before departure (membership start)
    }
    line = InvoiceLine.objects.get(membership=m["ani"], programme="JP")
    assert line.facts["wage"] == 15_000_000 and line.facts["risk_class"] == "III"
    assert line.parameters["jp.wage_cap"]["value"] == 10_547_400
    assert InvoiceLine.objects.get(membership=m["wati"], programme="JKK").facts["package"] == "JKK+JKM"

    run = result.run
    assert run.status == "done" and run.month == JUNE and run.finished_at is not None
    assert run.counts["memberships"] == 6 and run.counts["contribution_lines"] == 14
    assert run.totals["employer"] == {"invoices": 1, "amount": 1_844_422, "lines": 8}
    assert run.totals["contractor"] == {"invoices": 1, "amount": 1_750_000, "lines": 2}
    assert run.totals["self"] == {"invoices": 2, "amount": 486_800, "lines": 4}
    assert not invoice_mismatches().exists() and not credit_mismatches().exists()

    # July: the package and the contract value are not billed again; Wati's JHT is
    billing_run(actor=None, month=JULY)
    july = {(r.membership_id, r.programme) for r in InvoiceLine.objects.filter(invoice__month=JULY)}
    assert (m["wati"].pk, "JHT") in july and (m["wati"].pk, "JKK") not in july
    assert not {(m["joko"].pk, "JKK"), (m["eko"].pk, "JKK")} & july


def test_the_same_month_again_creates_nothing(world):
    month_world(world)
    billing_run(actor=None, month=JUNE)
    before = signature()
    again = billing_run(actor=None, month=JUNE)
    assert signature() == before
    assert again.counts["contribution_lines"] == 0 and again.counts["fine_lines"] == 0
    assert BillingRun.objects.filter(status="done").count() == 2


class Killed(Exception):
    pass


class KillAfter(Progress):
    """Stops the run (as a killed process would) once `batches` batches are committed."""

    def __init__(self, batches: int) -> None:
        super().__init__()
        self.left = batches

    def advance(self, n: int = 1, message: str | None = None) -> None:
        super().advance(n, message)
        self.left -= 1
        if self.left == 0:
            raise Killed


def test_a_run_killed_halfway_then_started_again_bills_every_line_once(world):
    month_world(world)
    with transaction.atomic():  # a clean run, to compare with; rolled back
        billing_run(actor=None, month=JUNE, batch_size=2)
        clean = signature()
        transaction.set_rollback(True)
    assert not InvoiceLine.objects.exists()

    with pytest.raises(Killed):
        billing_run(actor=None, month=JUNE, batch_size=2, progress=KillAfter(2))
    half = InvoiceLine.objects.count()
    assert 0 < half < len(clean)
    assert BillingRun.objects.get().status == "failed"

    billing_run(actor=None, month=JUNE, batch_size=2)
    # payer ids differ from the rolled-back run's: compare without them
    assert [s[1:] for s in signature()] == [s[1:] for s in clean]
    assert not invoice_mismatches().exists()


def test_region_and_roles(world, users):
    month_world(world)
    officer = users.officer(("1507",))
    with pytest.raises(ValidationFailed):
        billing_run(actor=officer, month=JUNE)  # a branch officer bills one of their regions
    with pytest.raises(PermissionDenied):
        billing_run(actor=users.officer(("1571",)), month=JUNE, region="1507")
    with pytest.raises(PermissionDenied):
        billing_run(actor=users.auditor(), month=JUNE)
    result = billing_run(actor=officer, month=JUNE, region="1507")
    assert result.run.region_code == "1507" and result.counts["invoices"] >= 1
    assert not Payer.objects.exclude(region_code__startswith="1507").filter(invoices__month=JUNE).exists()


def test_sponsored_memberships_are_billed_to_the_programme(scene):
    """Three beneficiaries of a province programme from January 2026 (BPU package, E15): JKK 1 % ×
    1,000,000 = 10,000 and JKM 6,800 a person, the sponsor's share; the PP 50/2025 discount does not
    apply to people paid for by a regional budget."""
    from lindung.sponsorship.billing import programme_payer
    from tests.sponsorship.conftest import person_row

    programme = scene.programme(scene.sponsor(), budget=3 * 12 * 16_800)
    scene.load(programme, [person_row(name=n, priority=i) for i, n in enumerate(("Ani", "Budi", "Citra"))])
    feb = dt.date(2026, 2, 1)
    billing_run(actor=scene.actor, month=feb)
    invoice = Invoice.objects.get(payer=programme_payer(programme), month=feb)
    assert (invoice.total, invoice.due_date) == (3 * 16_800, dt.date(2026, 2, 15))
    assert sorted(invoice.lines.values_list("programme", "sponsor", "worker")) == [
        ("JKK", 10_000, 0),
        ("JKK", 10_000, 0),
        ("JKK", 10_000, 0),
        ("JKM", 6_800, 0),
        ("JKM", 6_800, 0),
        ("JKM", 6_800, 0),
    ]
    assert invoice.lines.first().facts["sponsored"] is True
