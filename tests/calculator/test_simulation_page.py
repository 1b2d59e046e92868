"""The public simulation page, through the test client: no login, Indonesian, errors by field."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def _text(html: bytes, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">([^<]*)<', html.decode())
    assert match, element_id
    return match.group(1)


def test_page_is_public_and_indonesian(client):
    r = client.get("/calculator/")
    assert r.status_code == 200
    assert "<h1>Simulasi iuran dan manfaat</h1>" in r.content.decode()


def test_contribution_result(client):
    r = client.get(
        "/calculator/",
        {
            "calc": "contribution",
            "c-segment": "PU",
            "c-month": "2025-06",
            "c-wage": "9000000",
            "c-risk_class": "III",
        },
    )
    assert _text(r.content, "contribution-total") == "Rp890.100"  # E01
    assert "Dibayar pemberi kerja atas seluruh upah" in r.content.decode()


def test_benefit_result(client):
    r = client.get(
        "/calculator/",
        {"calc": "benefit", "b-benefit": "JKP", "b-event_date": "2025-05-01", "b-wage": "8000000"},
    )
    assert _text(r.content, "benefit-total") == "Rp18.000.000"  # E23


def test_errors_are_shown_by_the_field(client):
    r = client.get(
        "/calculator/", {"calc": "contribution", "c-segment": "BPU", "c-month": "2025-06", "c-wage": "900000"}
    )
    assert "below the lowest declared income" in r.content.decode()
    r = client.get("/calculator/", {"calc": "benefit", "b-benefit": "JKK-DEATH"})
    assert r.content.decode().count("Bidang ini wajib diisi.") == 2  # date and wage
    assert 'id="benefit-result"' not in r.content.decode()
