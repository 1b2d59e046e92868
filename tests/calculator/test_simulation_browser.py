"""A person uses the simulation page in a real browser, without signing in."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_contribution_and_benefit_simulation(page):
    page.goto(page.base_url + "/calculator/")
    assert page.locator("h1").inner_text() == "Simulasi iuran dan manfaat"
    form = page.locator("#contribution-form")
    # BPU fields are hidden while PU is chosen, shown once BPU is chosen
    assert not form.locator("select[name=c-sector]").is_visible()
    form.locator("select[name=c-segment]").select_option("BPU")
    assert form.locator("select[name=c-sector]").is_visible()
    assert not form.locator("select[name=c-risk_class]").is_visible()
    form.locator("input[name=c-month]").fill("2026-02")
    form.locator("input[name=c-wage]").fill("1000000")
    form.locator("select[name=c-sector]").select_option("transport")
    form.locator("input[value=JKK]").check()
    form.locator("input[value=JKM]").check()
    form.locator("input[value=JHT]").check()
    form.locator("button[type=submit]").click()
    # PP 50/2025: 1.000.000 x 1 % x 50 % + 6.800 x 50 % + 1.000.000 x 2 % = 28.400
    assert page.locator("#contribution-total").inner_text() == "Rp28.400"
    assert page.locator("tr.line[data-programme=JKM] td.amount").inner_text() == "Rp3.400"
    page.locator("#contribution-result summary").click()
    assert "Rp6.800 × (100 % − 50 %) = Rp3.400" in page.locator("#contribution-result .trace").inner_text()

    benefit = page.locator("#benefit-form")
    benefit.locator("select[name=b-benefit]").select_option("JKM")
    assert not benefit.locator("input[name=b-wage]").is_visible()
    benefit.locator("input[name=b-event_date]").fill("2025-05-01")
    benefit.locator("input[name=b-months_contributed]").fill("36")
    benefit.locator("input[name=b-children]").fill("2")
    benefit.locator("button[type=submit]").click()
    assert page.locator("#benefit-total").inner_text() == "Rp42.000.000"  # E20
    assert page.locator("tr.line[data-item=lump_sum] td").first.inner_text() == "Santunan sekaligus"
