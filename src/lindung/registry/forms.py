"""Forms for the registry pages. They only parse input; the services decide what is valid, and
their errors come back beside the field they name (`attach_errors`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.errors import DomainError
from lindung.registry.models import EndReason, PayerKind, Programme, RiskClass, Segment, Sex, SizeClass
from lindung.web.fields import RupiahField

if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import StrOrPromise

RUPIAH = forms.TextInput(attrs={"inputmode": "numeric"})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label: StrOrPromise, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


def rupiah_field(label: StrOrPromise, required: bool = False, help_text: StrOrPromise = "") -> RupiahField:
    return RupiahField(label=label, required=required, help_text=help_text, widget=RUPIAH)


def attach_errors(form: forms.Form, error: DomainError) -> None:
    """Show a service's errors beside the fields they name (or above the form)."""
    for item in error.as_details():
        field, message = item["field"], item["message"] or ""
        form.add_error(field if field in form.fields else None, message)


class PersonForm(forms.Form):
    nik = forms.CharField(label="NIK", max_length=32)
    name = forms.CharField(label=_("Name"), max_length=150)
    birth_date = date_field(_("Birth date"))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    village_code = forms.CharField(
        label=_("Village code"), max_length=20, required=False, help_text=_("10 digits, e.g. 1507012001")
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class PersonEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    village_code = forms.CharField(label=_("Village code"), max_length=20, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class EmployerForm(forms.Form):
    npp = forms.CharField(label="NPP", max_length=20)
    name = forms.CharField(label=_("Name"), max_length=200)
    region_code = forms.CharField(
        label=_("Region code"), max_length=20, help_text=_("regency, district or village code, e.g. 1507")
    )
    size_class = forms.ChoiceField(label=_("Size class"), choices=SizeClass.choices)
    risk_class = forms.ChoiceField(label=_("JKK risk class"), choices=RiskClass.choices)
    sector_code = forms.CharField(label=_("Sector (KBLI)"), max_length=10, required=False)
    labour_intensive = forms.BooleanField(label=_("Labour-intensive industry"), required=False)


class EmployerEditForm(EmployerForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        del self.fields["npp"]


class ProjectForm(forms.Form):
    code = forms.CharField(label=_("Project code"), max_length=30)
    contractor = forms.CharField(label=_("Contractor NPP"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=200)
    contract_value = rupiah_field(_("Contract value (Rp)"), required=True)
    start_date = date_field(_("Start date"))
    end_date = date_field(_("End date"), required=True)
    region_code = forms.CharField(label=_("Region code"), max_length=20)


class ProgrammesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("label", _("Programmes"))
        super().__init__(choices=Programme.choices, **kwargs)  # type: ignore[arg-type]


class EnrolmentForm(forms.Form):
    """The terms of a new membership (enrol, or switch to another segment)."""

    segment = forms.ChoiceField(label=_("Segment"), choices=Segment.choices)
    programmes = ProgrammesField(required=False)
    wage = rupiah_field(
        _("Wage or declared income (Rp)"), help_text=_("PU: monthly wage; BPU: at least 1.000.000")
    )
    employer = forms.CharField(label=_("Employer NPP (PU)"), max_length=20, required=False)
    project = forms.CharField(label=_("Project code (Jakon)"), max_length=30, required=False)
    payer_kind = forms.ChoiceField(
        label=_("Payer"), choices=[("", _("by segment")), *PayerKind.choices], required=False
    )
    sector = forms.CharField(label=_("Occupation sector (BPU)"), max_length=30, required=False)
    pmi_contract_months = forms.IntegerField(label=_("Contract months (PMI)"), required=False, min_value=1)
    pmi_jht_amount = rupiah_field(_("Monthly JHT amount (PMI, Rp)"))


class EnrolForm(EnrolmentForm):
    start = date_field(_("Start date"))
    field_order = ["segment", "start"]


class SwitchForm(EnrolmentForm):
    on = date_field(_("Switch date"))
    field_order = ["on", "segment"]


class ChangeForm(forms.Form):
    effective = date_field(_("Effective from"))
    wage = rupiah_field(_("New wage or declared income (Rp)"))
    programmes = ProgrammesField(required=False)


class EndForm(forms.Form):
    end = date_field(_("End date"))
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[(v, label) for v, label in EndReason.choices if v != EndReason.SEGMENT_SWITCH],
    )


class WorkerLookupForm(forms.Form):
    nik = forms.CharField(label="NIK", max_length=32)
