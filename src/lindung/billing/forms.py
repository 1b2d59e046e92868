"""Forms of the billing pages: they parse what people type; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.billing.models import Channel
from lindung.web.fields import RupiahField


class InvoiceFilterForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=80)

    def __init__(self, *args: object, **kwargs: object) -> None:
        from lindung.billing.models import InvoiceStatus

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["status"].choices = [("", _("All")), *InvoiceStatus.choices]  # type: ignore[attr-defined]


class PaymentForm(forms.Form):
    virtual_account = forms.CharField(label=_("Virtual account"), max_length=20)
    amount = RupiahField(label=_("Amount"))
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    external_reference = forms.CharField(label=_("Reference"), max_length=80)
    invoice_number = forms.CharField(
        label=_("Invoice to pay first (optional)"), max_length=30, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=250, required=False)


class StatementForm(forms.Form):
    file = forms.FileField(label=_("Statement (CSV)"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.BANK)


class JhtForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    on = forms.DateField(
        label=_("Balance on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class BillingRunForm(forms.Form):
    month = forms.DateField(
        label=_("Contribution month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    region = forms.CharField(
        label=_("Region code (empty: every region)"), required=False, max_length=10, strip=True
    )
