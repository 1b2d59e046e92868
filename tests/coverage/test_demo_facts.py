"""The demo step (order 60) builds, once, the facts of the latest months in which someone is protected."""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.coverage.demo_data import demo_coverage_facts
from lindung.coverage.models import CoverageFactDay
from lindung.jobs.progress import Progress
from lindung.web.demo import demo_steps
from tests.coverage.conftest import VILLAGE_A

pytestmark = pytest.mark.django_db


def test_demo_step_builds_each_covered_month_once(world):
    assert demo_coverage_facts(Progress()) == "no one protected in any month: no coverage facts"
    # Coverage months January to April 2024 (the world's default), and an unpaid June: not built
    world.membership(world.person(VILLAGE_A), "BPU", payer_kind="self")
    world.membership(
        world.person(VILLAGE_A), "BPU", payer_kind="self", months=[dt.date(2024, 6, 1)], status="unpaid"
    )
    assert "4 months" in demo_coverage_facts(Progress())
    days = list(CoverageFactDay.objects.values_list("day", "participants"))
    assert days == [
        (dt.date(2024, 1, 31), 1),
        (dt.date(2024, 2, 29), 1),
        (dt.date(2024, 3, 31), 1),
        (dt.date(2024, 4, 30), 1),
    ]
    assert "0 months (4 already built)" in demo_coverage_facts(Progress())


def test_demo_step_is_registered_at_60():
    orders = {name.rsplit(".", 1)[-1]: order for order, name, _ in demo_steps()}
    assert orders["demo_coverage_facts"] == 60
