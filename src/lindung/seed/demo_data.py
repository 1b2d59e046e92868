"""Demo: a synthetic registry of all of Jambi in which Tanjung Jabung Timur on 23 March 2024 has
exactly the seed report's 12,587 PU, 9,416 BPU (3,652 extreme poor and 1,291 vulnerable workers
paid by the province's BKBK programme) and 12,080 Jakon participants (see `plan.py`, `build.py`).

Order 35: after the registry (20), sponsorship (25) and billing (30) demos — their memberships
active in TJT on the day are counted and left out of TJT's totals; the seed finds the sponsorship
demo's sponsor (Pemerintah Provinsi Jambi) and adds BKBK 2024 beside its 2026 programme; the
billing demo's January–March 2026 runs do not bill the seed's history.

The other regencies are loaded at `LINDUNG_SEED_SCALE` (default 0.1) of their plausible size;
`LINDUNG_SEED_SCALE=1` gives the published size (about 520,000 participants; slow on SQLite).
"""

from __future__ import annotations

import os
from decimal import Decimal, InvalidOperation

from django.db import transaction

from lindung.accounts.models import Role, User
from lindung.jobs.progress import Progress
from lindung.registry.models import Region
from lindung.seed import plan
from lindung.seed.build import active_by_segment, bkbk_by_category, seed_demo_load, seed_loaded
from lindung.web.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoLogin, demo_step

ANALYST, BRANCH = "analis_jambi", "cabang_jambi"
# BPJS TK Cabang Jambi (bpjs_coverage.csv branch 15-EAST): Kota Jambi, Muaro Jambi, Batanghari,
# Tanjung Jabung Timur and Tanjung Jabung Barat.
BRANCH_REGIONS = ("1571", "1505", "1504", "1507", "1506")

DEMO_LOGINS.extend(
    [
        DemoLogin(ANALYST, Role.BRANCH_OFFICER, "Provinsi Jambi (15): coverage analyst for the province"),
        DemoLogin(BRANCH, Role.BRANCH_OFFICER, "BPJS TK Cabang Jambi: 1571, 1505, 1504, 1507, 1506"),
    ]
)


def seed_scale() -> Decimal:
    raw = os.environ.get("LINDUNG_SEED_SCALE", "").strip()
    if not raw:
        return plan.DEFAULT_SCALE
    try:
        scale = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"LINDUNG_SEED_SCALE={raw!r} is not a number between 0 and 1") from None
    if not Decimal(0) <= scale <= Decimal(1):
        raise ValueError(f"LINDUNG_SEED_SCALE={raw!r} is not a number between 0 and 1")
    return scale


@demo_step(35)
def demo_seed(progress: Progress, scale: Decimal | None = None) -> str:
    admin = User.objects.get(username="admin")
    result = seed_demo_load(actor=admin, scale=seed_scale() if scale is None else scale, progress=progress)
    _users()
    if not result["loaded"]:
        return "already loaded"
    return (
        f"Jambi at scale {result['scale']} (Tanjung Jabung Timur exact): {result['people']} people, "
        f"{result['memberships']} memberships, {result['employers']} employers, {result['projects']} "
        f"projects, {result['bkbk']} BKBK 2024 beneficiaries, {result['coverage_months']} coverage "
        f"statuses 2023-07..2024-06"
    )


@demo_step(90)
def demo_seed_check(progress: Progress) -> str:
    """After every other step: the seed figures as the demo now shows them. A later step that makes
    more people of TJT active on the seed day (e.g. billing history of the registry demo's people)
    shows here as a difference."""
    if not seed_loaded():
        return "seed demo not loaded"
    day, regency = plan.SEED_DAY, plan.SEED_REGENCY
    found = active_by_segment(regency, day)
    bkbk = bkbk_by_category(regency, day)
    expected = {"PU": plan.SEED_PU, "BPU": plan.SEED_BPU, "JAKON": plan.SEED_JAKON}
    shown = (
        f"{regency} on {day.isoformat()}: PU {found.get('PU', 0):,}, BPU {found.get('BPU', 0):,} "
        f"(BKBK {bkbk.get(plan.EXTREME_POOR, 0):,} {plan.EXTREME_POOR} + "
        f"{bkbk.get(plan.VULNERABLE, 0):,} {plan.VULNERABLE}), Jakon {found.get('JAKON', 0):,}"
    )
    exact = {k: found.get(k, 0) for k in expected} == expected and bkbk == plan.SEED_BKBK
    return f"{shown} — {'as in the seed report' if exact else 'DIFFERS from the seed report'}"


def _users() -> None:
    with transaction.atomic():
        for username, codes in ((ANALYST, (plan.PROVINCE,)), (BRANCH, BRANCH_REGIONS)):
            user, new = User.objects.get_or_create(username=username, defaults={"role": Role.BRANCH_OFFICER})
            if new:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.regions.set(Region.objects.filter(code__in=codes))
