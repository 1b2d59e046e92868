"""The planner's arithmetic and the seed figures (regulation.md §6.1: Tanjung Jabung Timur, March
2024, 3,652 extreme poor + 1,291 vulnerable workers paid by the province's BKBK)."""

import datetime as dt

import pytest
from django.utils import translation

from lindung.sponsorship.package import package_result
from lindung.sponsorship.planner import budget_for_people, budget_reach
from tests.sponsorship.conftest import person_row

MARCH_2024 = dt.date(2024, 3, 1)


def test_the_seed_figures():
    """Working: 3,652 + 1,291 = 4,943 people.
    Price (E15): JKK 1 % × 1,000,000 = 10,000 + JKM 6,800 = 16,800 a person a month.
    4,943 × 16,800 = 83,042,400 a month; × 12 = 996,508,800 a year."""
    price = package_result(["JKK", "JKM"], 1_000_000, MARCH_2024).totals["sponsor"]
    assert price == 16_800
    with translation.override("en"):
        need = budget_for_people(people=3_652 + 1_291, price_per_month=price, months=12)
    assert (need.cost_per_month, need.total) == (83_042_400, 996_508_800)
    assert need.working == [
        "Cost per month = 4.943 people × Rp16.800 = Rp83.042.400",
        "Budget = Rp83.042.400 × 12 months = Rp996.508.800",
    ]


def test_the_seed_budget_covers_exactly_the_seed_people():
    """996,508,800 ÷ (16,800 × 12 = 201,600) = 4,943 people, nothing left over."""
    reach = budget_reach(budget=996_508_800, price_per_month=16_800, months=12)
    assert (reach.people, reach.remainder) == (4_943, 0)


def test_budget_reach_rounds_down_to_whole_people():
    """Rp1.000.000 for 6 months at 16,800: each costs 100,800; 9 people (907,200), 92,800 left."""
    reach = budget_reach(budget=1_000_000, price_per_month=16_800, months=6)
    assert (reach.people, reach.cost, reach.remainder) == (9, 907_200, 92_800)


def test_bad_figures_are_refused():
    with pytest.raises(ValueError, match="people must be a whole number"):
        budget_for_people(people=-1, price_per_month=16_800)


def test_planner_page_and_api(client, scene, users):
    """Two people wait in Tanjung Jabung Timur (nobody covers them): for 12 months that is
    2 × 16,800 × 12 = 403,200."""
    programme = scene.programme(scene.sponsor(), budget=0)
    scene.load(programme, [person_row(name="A"), person_row(name="B")])
    officer = users.make("sponsor_officer", sponsor=programme.sponsor)
    client.force_login(officer)
    response = client.get(
        "/sponsorship/planner/",
        {"budget": 996_508_800, "people": 4_943, "months": 12, "region": "1507", "month": "2024-03"},
    )
    assert response.status_code == 200
    assert response.context["reach"].people == 4_943
    assert response.context["need"].total == 996_508_800
    assert response.context["region_need"].people == 2 and response.context["region_need"].total == 403_200
    api = client.get(
        "/api/v1/sponsorship/planner",
        {"budget": 996_508_800, "people": 4_943, "region": "1507", "month": "2024-03"},
    ).json()
    assert (api["price"], api["people_for_budget"], api["budget_for_people"]) == (16_800, 4_943, 996_508_800)
    assert (api["region_waiting"], api["budget_for_region"]) == (2, 403_200)
    # with JHT the package is 36,800 (E16)
    assert (
        client.get("/api/v1/sponsorship/planner", {"with_jht": "true", "month": "2024-03"}).json()["price"]
        == 36_800
    )


def test_another_sponsors_waiting_list_is_not_counted(client, scene, users):
    programme = scene.programme(scene.sponsor(), budget=0)
    scene.load(programme, [person_row(name="A")])
    stranger = users.make("sponsor_officer", sponsor=scene.sponsor("PT CSR", region="1507", kind="company"))
    client.force_login(stranger)
    assert client.get("/api/v1/sponsorship/planner", {"region": "1507"}).json()["region_waiting"] == 0
