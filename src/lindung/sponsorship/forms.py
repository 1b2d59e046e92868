"""Forms for the sponsorship pages: they parse input only; the services decide what is valid and
their errors come back beside the fields they name (`registry.forms.attach_errors`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.registry.forms import date_field, rupiah_field
from lindung.registry.models import Programme
from lindung.sponsorship.models import EXIT_REASONS, BeneficiaryStatus, Reason, SponsorKind

PU_PROGRAMMES = [(p.value, p.label) for p in Programme]
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (the browser's month input), read as its first day."""

    widget = MONTH
    input_formats = ["%Y-%m", "%Y-%m-%d"]


class SponsorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SponsorKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    region_code = forms.CharField(label=_("Region code"), max_length=13, help_text=_("e.g. 15 or 1507"))


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2099)
    period_start = date_field(_("First day of the period"))
    period_end = date_field(_("Last day of the period"))
    budget = rupiah_field(_("Budget (Rp)"), required=True)
    quota = forms.IntegerField(label=_("Quota (places)"), required=False, min_value=1)
    with_jht = forms.BooleanField(label=_("Pay JHT too"), required=False)
    declared_income = rupiah_field(
        _("Declared income (Rp)"), help_text=_("Empty: the lowest income the rules allow")
    )
    categories = forms.CharField(
        label=_("Target categories"),
        initial="miskin ekstrem, pekerja rentan",
        help_text=_("Separated by commas"),
    )
    region_codes = forms.CharField(label=_("Regions served"), help_text=_("Region codes separated by commas"))
    min_age = forms.IntegerField(label=_("Lowest age"), initial=15, min_value=0)
    max_age = forms.IntegerField(label=_("Highest age"), initial=64, min_value=0)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Beneficiary list (CSV or XLSX)"))
    start = MonthField(label=_("First month paid"), required=False, help_text=_("Empty: next month"))


class BeneficiaryFilterForm(forms.Form):
    q = forms.CharField(label=_("NIK or name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *BeneficiaryStatus.choices]
    )
    category = forms.CharField(label=_("Category"), required=False, max_length=60)
    region = forms.RegexField(label=_("Region code"), required=False, regex=r"^\d{2,10}$")


class ImportRowFilterForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Result"), required=False, choices=[("", _("All results")), *BeneficiaryStatus.choices]
    )
    reason = forms.ChoiceField(
        label=_("Reason"), required=False, choices=[("", _("All reasons")), *Reason.choices]
    )


class ExitForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[(r.value, r.label) for r in EXIT_REASONS])
    on = date_field(_("Date of the event"))


class HandOverForm(forms.Form):
    npp = forms.CharField(label=_("Employer NPP"), max_length=20)
    wage = rupiah_field(_("Monthly wage (Rp)"), required=True)
    programmes = forms.MultipleChoiceField(
        label=_("Programmes"), choices=PU_PROGRAMMES, widget=forms.CheckboxSelectMultiple
    )
    work_started = date_field(_("Work started on"))


class RenewForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Next programme"), coerce=int)


class StatementForm(forms.Form):
    month = MonthField(label=_("Month"))


class PlannerForm(forms.Form):
    budget = rupiah_field(_("Budget (Rp)"))
    people = forms.IntegerField(label=_("People"), required=False, min_value=0)
    months = forms.IntegerField(label=_("Months"), initial=12, min_value=1, max_value=120)
    region = forms.RegexField(label=_("Region code"), required=False, regex=r"^\d{2,10}$")
    with_jht = forms.BooleanField(label=_("With JHT"), required=False)
    month = MonthField(label=_("Price of the month"), required=False)
