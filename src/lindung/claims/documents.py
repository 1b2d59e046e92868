"""The document checklist of each kind of claim (Permenaker 5/2021 for JKK, JKM and JHT; the JP and
JKP procedures). Every document listed must be marked received before the claim is verified."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lindung.claims.models import ClaimKind

DOCUMENTS = {
    "ktp": _("Identity card (KTP) of the participant"),
    "kpj": _("Membership card (KPJ)"),
    "report_stage_one": _("Accident report, stage one"),
    "report_stage_two": _("Accident report, stage two"),
    "medical_statement": _("Doctor's statement (incapacity, disability or cause of death)"),
    "death_certificate": _("Death certificate"),
    "family_card": _("Family card (KK)"),
    "heir_statement": _("Statement of heirs"),
    "heir_ktp": _("Identity cards of the heirs"),
    "bank_book": _("Bank book of the payee"),
    "leaving_statement": _("Statement of leaving work (resignation, PHK or contract end)"),
    "purpose_statement": _("Statement of purpose (pension preparation or housing)"),
    "phk_proof": _("Proof of the PHK"),
    "job_search_commitment": _("Commitment to look for work"),
    "school_certificate": _("School certificate of each child (scholarship)"),
}

_DEATH = ["death_certificate", "family_card", "heir_statement", "heir_ktp", "bank_book"]
_ACCIDENT = ["report_stage_one", "report_stage_two", "medical_statement"]

CHECKLIST: dict[str, list[str]] = {
    ClaimKind.JKK_STMB: ["ktp", "kpj", *_ACCIDENT, "bank_book"],
    ClaimKind.JKK_DISABILITY: ["ktp", "kpj", *_ACCIDENT, "bank_book"],
    ClaimKind.JKK_DEATH: ["kpj", *_ACCIDENT, *_DEATH],
    ClaimKind.JKM: ["kpj", *_DEATH],
    ClaimKind.JHT: ["ktp", "kpj", "leaving_statement", "bank_book"],
    ClaimKind.JHT_PARTIAL: ["ktp", "kpj", "purpose_statement", "bank_book"],
    ClaimKind.JP_OLD_AGE: ["ktp", "kpj", "family_card", "bank_book"],
    ClaimKind.JP_DISABILITY: ["ktp", "kpj", "medical_statement", "family_card", "bank_book"],
    ClaimKind.JP_SURVIVOR: ["kpj", *_DEATH],
    ClaimKind.JKP: ["ktp", "kpj", "phk_proof", "job_search_commitment", "bank_book"],
}


def checklist(kind: str, facts: dict) -> list[str]:
    """The documents a claim of `kind` needs; a claim with children adds their school certificates.
    A JHT payout on death needs the heirs' documents instead of a statement of leaving work."""
    codes = list(CHECKLIST[kind])
    if kind == ClaimKind.JHT and facts.get("reason") == "death":
        codes = ["kpj", *_DEATH]
    if facts.get("children"):
        codes.append("school_certificate")
    return codes
