"""Form fields shared by the apps' pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.rules.money import parse_rupiah


class RupiahField(forms.CharField):
    """Whole rupiah as people type them: 1250000, 1.250.000 or Rp 1.250.000 (`parse_rupiah`)."""

    def __init__(self, *, min_value: int | None = 0, **kwargs: object) -> None:
        self.min_value = min_value
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            amount = parse_rupiah(text)
        except ValueError as exc:
            raise forms.ValidationError(
                _("%(value)s is not an amount in whole rupiah"), params={"value": text}
            ) from exc
        if self.min_value is not None and amount < self.min_value:
            raise forms.ValidationError(
                _("%(value)s is below the minimum %(minimum)s"),
                params={"value": text, "minimum": self.min_value},
            )
        return amount
