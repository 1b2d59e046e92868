"""Page forms. A claim's form shows the fields of its kind; lists (heirs, children, periods,
treatment) are typed one per line with the parts separated by ";", and each line's problem is named
by its line number."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.claims.facts import (
    ACCIDENT_KINDS,
    JHT_PURPOSES,
    JHT_REASONS,
    JP_RELATIONS,
    PHK_REASONS,
)
from lindung.claims.models import ClaimKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACCIDENT = [
    "event_date",
    "accident_kind",
    "place",
    "what_happened",
    "stage_one_report_date",
    "wage",
    "treatment",
]
DEATH = ["heirs", "children"]
KIND_FIELDS: dict[str, list[str]] = {
    ClaimKind.JKK_STMB: [*ACCIDENT, "periods"],
    ClaimKind.JKK_DISABILITY: [*ACCIDENT, "percent", "function_percent", "total_disability", "children"],
    ClaimKind.JKK_DEATH: [*ACCIDENT, "death_date", *DEATH],
    ClaimKind.JKM: ["event_date", "cause", *DEATH],
    ClaimKind.JHT: ["reason", "event_date"],
    ClaimKind.JHT_PARTIAL: ["purpose", "requested_amount"],
    ClaimKind.JP_OLD_AGE: ["start"],
    ClaimKind.JP_DISABILITY: ["event_date"],
    ClaimKind.JP_SURVIVOR: ["event_date", "relation"],
    ClaimKind.JKP: ["event_date", "phk_reason"],
}
LISTS = {
    "heirs": ("name", "relation", "nik"),
    "children": ("name", "birth_date", "level"),
    "periods": ("start", "end"),
    "treatment": ("date", "provider", "note"),
}
COMMON = ["payee_name", "payee_bank", "payee_account"]
STAFF = ["nik", "received_on"]


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [("", "—"), *((v, v.replace("_", " ")) for v in values)]


class ClaimForm(forms.Form):
    nik = forms.CharField(label="NIK", max_length=16)
    received_on = forms.DateField(label=_("Claim received on"), widget=DATE, required=False)
    payee_name = forms.CharField(label=_("Payee name"), max_length=150)
    payee_bank = forms.CharField(label=_("Payee bank code"), max_length=20)
    payee_account = forms.CharField(label=_("Payee account number"), max_length=34)
    event_date = forms.DateField(label=_("Date of the event"), widget=DATE, required=False)
    accident_kind = forms.ChoiceField(
        label=_("Accident or occupational disease"), choices=_choices(ACCIDENT_KINDS), required=False
    )
    place = forms.CharField(label=_("Place"), max_length=250, required=False)
    what_happened = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    stage_one_report_date = forms.DateField(label=_("Stage-one report date"), widget=DATE, required=False)
    wage = forms.IntegerField(
        label=_("Monthly wage (only when the membership has none)"), min_value=1, required=False
    )
    treatment = forms.CharField(
        label=_("Treatment records"),
        help_text=_("One per line: date; provider; note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    periods = forms.CharField(
        label=_("Periods of temporary incapacity"),
        help_text=_("One per line: first day; last day"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    percent = forms.DecimalField(
        label=_("Disability percentage"), max_digits=5, decimal_places=2, required=False
    )
    function_percent = forms.DecimalField(
        label=_("Function lost (percent)"), max_digits=5, decimal_places=2, required=False, initial=100
    )
    total_disability = forms.BooleanField(label=_("Total permanent disability"), required=False)
    death_date = forms.DateField(label=_("Date of death"), widget=DATE, required=False)
    cause = forms.CharField(label=_("Cause of death"), max_length=500, required=False)
    heirs = forms.CharField(
        label=_("Heirs"),
        help_text=_("One per line: name; relation (spouse, child, parent, sibling, other); NIK"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    children = forms.CharField(
        label=_("Children at school (scholarship)"),
        help_text=_("One per line: name; birth date; level (TK, SD, SMP, SMA, S1)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    reason = forms.ChoiceField(
        label=_("Reason for the JHT payout"), choices=_choices(JHT_REASONS), required=False
    )
    purpose = forms.ChoiceField(
        label=_("Purpose of the partial withdrawal"), choices=_choices(JHT_PURPOSES), required=False
    )
    requested_amount = forms.IntegerField(
        label=_("Amount requested (empty: the most allowed)"), min_value=1, required=False
    )
    start = forms.DateField(label=_("Pension start (empty: the pension date)"), widget=DATE, required=False)
    relation = forms.ChoiceField(label=_("Survivor"), choices=_choices(JP_RELATIONS), required=False)
    phk_reason = forms.ChoiceField(
        label=_("Reason the work ended"), choices=_choices(PHK_REASONS), required=False
    )

    def __init__(self, *args: Any, kind: str, staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = [*(STAFF if staff else []), *KIND_FIELDS[kind], *COMMON]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.order_fields(keep)
        self.kind = kind

    def facts(self) -> dict[str, Any]:
        """The facts of the claim from the cleaned data, lists split into their parts."""
        data = self.cleaned_data
        facts: dict[str, Any] = {}
        for name in KIND_FIELDS[self.kind]:
            value = data.get(name)
            if name in LISTS:
                facts[name] = _split(value or "", LISTS[name])
            elif value not in (None, ""):
                facts[name] = value
        return facts

    def show_errors(self, errors: list[tuple[str | None, str]]) -> None:
        """A service's field errors beside the field they name (`heirs[2].nik` → heirs, line 2)."""
        for field, message in errors:
            name = (field or "").split("[")[0].split(".")[0]
            where = field[len(name) :] if field else ""
            if name in self.fields:
                self.add_error(name, f"{where.strip('.')}: {message}" if where else message)
            else:
                self.add_error(None, f"{field}: {message}" if field else message)


def _split(text: str, parts: tuple[str, ...]) -> list[dict[str, str]]:
    rows = []
    for raw in text.splitlines():
        if raw.strip():
            values = [v.strip() for v in raw.split(";")]
            rows.append(dict(zip(parts, values + [""] * (len(parts) - len(values)), strict=False)))
    return rows


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class StopForm(forms.Form):
    on = forms.DateField(label=_("Stop from"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=250)


class BatchForm(forms.Form):
    due_by = forms.DateField(label=_("Payments due by"), widget=DATE)


class SettleForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    failed = forms.CharField(
        label=_("Failed payments"),
        help_text=_("One per line: reference; the bank's reason. Every other payment of the file was paid."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def failures(self) -> dict[str, str]:
        rows = _split(self.cleaned_data.get("failed") or "", ("reference", "reason"))
        return {row["reference"]: row["reason"] for row in rows}
