"""The simulation page's two forms; fields shown per segment or benefit by `data-for` (CSS)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.registry.forms import rupiah_field
from lindung.web.fields import RupiahField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SEGMENTS = [
    ("PU", _("PU — wage earner")),
    ("BPU", _("BPU — non-wage earner")),
    ("JAKON", _("Jakon — construction")),
    ("PMI", _("PMI — migrant worker")),
]
RISK_CLASSES = [
    ("", "—"),
    ("I", _("I — very low")),
    ("II", _("II — low")),
    ("III", _("III — medium")),
    ("IV", _("IV — high")),
    ("V", _("V — very high")),
]
SIZES = [
    ("", "—"),
    ("besar", _("Large")),
    ("menengah", _("Medium")),
    ("kecil", _("Small")),
    ("mikro", _("Micro")),
]
PROGRAMMES = [("JKK", "JKK"), ("JKM", "JKM"), ("JHT", "JHT"), ("JP", "JP"), ("JKP", "JKP")]
SECTORS = [("", _("Other sector")), ("transport", _("Transport: ojek, drivers, couriers"))]
BENEFITS = [
    ("JKM", _("JKM — death not due to work")),
    ("JKK-DEATH", _("JKK — death from a work accident")),
    ("JKK-DISABILITY", _("JKK — permanent disability")),
    ("JKK-STMB", _("JKK — temporary incapacity to work")),
    ("JKP", _("JKP — job loss")),
    ("JP", _("JP — pension")),
    ("JHT", _("JHT — old-age savings")),
]


def _month(label: StrOrPromise, *, required: bool = True) -> forms.RegexField:
    return forms.RegexField(
        label=label,
        regex=r"^\d{4}-\d{2}$",
        required=required,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )


def _date(label: StrOrPromise) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _rupiah(label: StrOrPromise) -> RupiahField:
    return rupiah_field(label)


class ShownFor(forms.Form):
    """A form whose fields show only for some choices of its first field (`SHOWN`)."""

    SHOWN: dict[str, str] = {}

    def rows(self) -> list[tuple[forms.BoundField, str]]:
        return [(self[name], self.SHOWN.get(name, "")) for name in self.fields]


class ContributionForm(ShownFor):
    segment = forms.ChoiceField(
        label=_("Segment"), choices=SEGMENTS, widget=forms.Select(attrs={"class": "switch"})
    )
    month = _month(_("Contribution month"))
    wage = _rupiah(_("Monthly wage or declared income (Rp)"))
    risk_class = forms.ChoiceField(
        label=_("Risk class of the workplace"), choices=RISK_CLASSES, required=False
    )
    size = forms.ChoiceField(label=_("Employer size"), choices=SIZES, required=False)
    labour_intensive = forms.BooleanField(label=_("Labour-intensive industry (PP 7/2025)"), required=False)
    programmes = forms.MultipleChoiceField(
        label=_("Programmes (leave empty for the segment's mandatory ones)"),
        choices=PROGRAMMES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=SECTORS, required=False)
    sponsored = forms.BooleanField(label=_("Paid by a sponsor (APBN/APBD, village, donor)"), required=False)
    contract_value = _rupiah(_("Contract value, when wages are unknown (Rp)"))
    contract_months = forms.IntegerField(
        label=_("Length of the work contract (months)"), required=False, min_value=1
    )
    jht = _rupiah(_("Monthly JHT amount (optional, Rp)"))

    SHOWN = {
        "wage": "PU BPU JAKON",
        "risk_class": "PU",
        "size": "PU",
        "labour_intensive": "PU",
        "programmes": "PU BPU",
        "sector": "BPU",
        "sponsored": "BPU",
        "contract_value": "JAKON",
        "contract_months": "PMI",
        "jht": "PMI",
    }


class BenefitForm(ShownFor):
    benefit = forms.ChoiceField(
        label=_("Benefit"), choices=BENEFITS, widget=forms.Select(attrs={"class": "switch"})
    )
    event_date = _date(_("Date of the event (death, accident, PHK)"))
    months_contributed = forms.IntegerField(label=_("Months of contributions"), required=False, min_value=0)
    children = forms.IntegerField(label=_("Children of school age"), required=False, min_value=0)
    wage = _rupiah(_("Monthly wage (Rp)"))
    percent = forms.DecimalField(label=_("Disability percentage"), required=False, min_value=0, max_value=100)
    total = forms.BooleanField(label=_("Total permanent disability"), required=False)
    days = forms.IntegerField(label=_("Days unable to work"), required=False, min_value=1)
    birth_date = _date(_("Date of birth"))
    since = _month(_("Contributing since (month)"), required=False)
    as_of = _date(_("Balance on"))

    SHOWN = {
        "event_date": "JKM JKK-DEATH JKK-DISABILITY JKK-STMB JKP",
        "months_contributed": "JKM",
        "children": "JKM JKK-DEATH JKK-DISABILITY",
        "wage": "JKK-DEATH JKK-DISABILITY JKK-STMB JKP JP JHT",
        "percent": "JKK-DISABILITY",
        "total": "JKK-DISABILITY",
        "days": "JKK-STMB",
        "birth_date": "JP",
        "since": "JP JHT",
        "as_of": "JHT",
    }

    # what each benefit cannot do without (the rules say the rest)
    NEEDED = {
        "JKM": ("event_date",),
        "JKK-DEATH": ("event_date", "wage"),
        "JKK-DISABILITY": ("event_date", "wage"),
        "JKK-STMB": ("event_date", "wage", "days"),
        "JKP": ("event_date", "wage"),
        "JP": ("birth_date", "wage", "since"),
        "JHT": ("wage", "since", "as_of"),
    }

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        for name in self.NEEDED.get(str(data.get("benefit")), ()):
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, _("This field is required."))
        return data
