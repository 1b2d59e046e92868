"""The rupiah field every page uses: typed amounts as Indonesians write them."""

from __future__ import annotations

import pytest
from django import forms

from lindung.web.fields import RupiahField


@pytest.mark.parametrize(
    ("typed", "amount"), [("2500000", 2_500_000), ("Rp 2.500.000", 2_500_000), ("", None)]
)
def test_typed_amounts(typed, amount):
    assert RupiahField(required=False).clean(typed) == amount


@pytest.mark.parametrize("typed", ["2.500.000,50", "dua juta", "-5.000"])
def test_refused(typed):
    with pytest.raises(forms.ValidationError):
        RupiahField().clean(typed)
