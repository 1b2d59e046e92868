"""The terms of a membership version and the rules they must follow (regulation.md §2, §3.6, §3.8):
which programmes, whose wage or declared income, which employer or project, who pays.

Used by the membership services and usable by the bulk import, so both apply the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields

from lindung.registry.models import PROGRAMME_FIELDS, ConstructionProject, Employer, Membership, Segment
from lindung.registry.programmes import age_on, jp_open, programme_errors
from lindung.registry.services import checks

# Who pays, by segment; the first is the default.
PAYERS: dict[str, tuple[str, ...]] = {
    "PU": ("employer",),
    "BPU": ("self", "sponsor"),
    "JAKON": ("contractor",),
    "PMI": ("self",),
}
BPU_MIN_INCOME = 1_000_000  # regulation.md §3.6: minimum declared income Rp1.000.000
PMI_JHT_MIN, PMI_JHT_MAX = 50_000, 600_000  # regulation.md §3.8: JHT Rp50.000–Rp600.000 a month
PMI_MAX_CONTRACT_MONTHS = 120
MAX_WAGE = 10**12


@dataclass(frozen=True)
class Terms:
    segment: str
    programmes: frozenset[str]
    wage: int | None
    employer: Employer | None
    project: ConstructionProject | None
    payer_kind: str
    sector: str
    pmi_contract_months: int | None
    pmi_jht_amount: int | None

    def model_fields(self) -> dict[str, object]:
        """Keyword arguments for `Membership(...)`."""
        data: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}
        del data["programmes"]
        data.update({field: code in self.programmes for code, field in PROGRAMME_FIELDS.items()})
        return data

    @classmethod
    def of(cls, membership: Membership) -> Terms:
        return cls(
            segment=membership.segment,
            programmes=frozenset(membership.programmes),
            wage=membership.wage,
            employer=membership.employer,
            project=membership.project,
            payer_kind=membership.payer_kind,
            sector=membership.sector,
            pmi_contract_months=membership.pmi_contract_months,
            pmi_jht_amount=membership.pmi_jht_amount,
        )


def terms_check(
    errors: checks.Errors,
    *,
    birth_date: dt.date,
    registered_on: dt.date | None,
    segment: str,
    programmes: Iterable[str],
    wage: int | None = None,
    employer: Employer | None = None,
    project: ConstructionProject | None = None,
    payer_kind: str | None = None,
    sector: str = "",
    pmi_contract_months: int | None = None,
    pmi_jht_amount: int | None = None,
) -> Terms:
    """Check the terms; every problem goes to `errors` under the field it is about.

    `registered_on` is the day the person joined the segment (the first version's start): the JKP
    age condition is about the age at registration (PP 6/2025 Art. 4), not at a later change."""
    segment = checks.choice(errors, "segment", segment, Segment.values)
    chosen = _programmes(errors, programmes)
    payer = payer_kind or (PAYERS[segment][0] if segment else "")
    if segment:
        checks.choice(errors, "payer_kind", payer, PAYERS[segment])
    income = _wage(errors, segment, wage)
    _links(errors, segment, employer, project)
    sector = checks.text(errors, "sector", sector, max_length=30, required=False)
    if sector and segment != "BPU":
        errors.add("sector", "only BPU memberships have an occupation sector")
    months, jht = _pmi(errors, segment, chosen, pmi_contract_months, pmi_jht_amount)
    if segment and chosen is not None and registered_on is not None:
        size = employer.size_class if segment == "PU" and isinstance(employer, Employer) else None
        if segment != "PU" or size:
            age = age_on(birth_date, registered_on)
            jp = jp_open(birth_date, registered_on)
            for message in programme_errors(
                segment, chosen, size_class=size, age_at_start=age, jp_allowed=jp
            ):
                errors.add("programmes", message)
    return Terms(
        segment=segment,
        programmes=chosen or frozenset(),
        wage=income,
        employer=employer if segment == "PU" else None,
        project=project if segment == "JAKON" else None,
        payer_kind=payer,
        sector=sector,
        pmi_contract_months=months,
        pmi_jht_amount=jht,
    )


def _programmes(errors: checks.Errors, programmes: Iterable[str]) -> frozenset[str] | None:
    if isinstance(programmes, str) or not all(isinstance(p, str) for p in programmes or ()):
        errors.add("programmes", "must be a list of programme codes (JKK, JKM, JHT, JP, JKP)")
        return None
    chosen = frozenset(p.strip().upper() for p in programmes or ())
    if not chosen:
        errors.add("programmes", "choose at least JKK and JKM")
        return None
    return chosen


def _wage(errors: checks.Errors, segment: str, wage: int | None) -> int | None:
    if segment == "PU":
        if wage is None:
            errors.add("wage", "a PU membership needs the monthly wage")
        return checks.rupiah(errors, "wage", wage, maximum=MAX_WAGE)
    if segment == "BPU":
        if wage is None:
            errors.add("wage", "a BPU membership needs the declared monthly income")
        return checks.rupiah(errors, "wage", wage, minimum=BPU_MIN_INCOME, maximum=MAX_WAGE)
    if segment == "JAKON":  # the wage when known; otherwise contributions follow the contract value
        return checks.rupiah(errors, "wage", wage, maximum=MAX_WAGE)
    if segment == "PMI" and wage is not None:
        errors.add("wage", "PMI contributions are flat amounts; give no wage")
    return None


def _links(
    errors: checks.Errors, segment: str, employer: Employer | None, project: ConstructionProject | None
) -> None:
    if segment == "PU" and not isinstance(employer, Employer):
        errors.add("employer", "a PU membership needs the employer")
    if segment and segment != "PU" and employer is not None:
        errors.add("employer", f"a {segment} membership has no employer")
    if segment == "JAKON" and not isinstance(project, ConstructionProject):
        errors.add("project", "a Jakon membership needs the construction project")
    if segment and segment != "JAKON" and project is not None:
        errors.add("project", f"a {segment} membership has no construction project")


def _pmi(
    errors: checks.Errors,
    segment: str,
    programmes: frozenset[str] | None,
    months: int | None,
    jht: int | None,
) -> tuple[int | None, int | None]:
    if segment != "PMI":
        if months is not None:
            errors.add("pmi_contract_months", "only PMI memberships have a placement contract")
        if jht is not None:
            errors.add("pmi_jht_amount", "only PMI memberships choose a flat JHT amount")
        return None, None
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= PMI_MAX_CONTRACT_MONTHS:
        errors.add("pmi_contract_months", f"give the contract length, 1 to {PMI_MAX_CONTRACT_MONTHS} months")
        months = None
    with_jht = programmes is not None and "JHT" in programmes
    if with_jht and jht is None:
        errors.add("pmi_jht_amount", "a PMI with JHT chooses a monthly amount (Rp50.000–Rp600.000)")
    if not with_jht and jht is not None:
        errors.add("pmi_jht_amount", "only with JHT")
        return months, None
    return months, checks.rupiah(errors, "pmi_jht_amount", jht, minimum=PMI_JHT_MIN, maximum=PMI_JHT_MAX)
