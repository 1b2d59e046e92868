"""Which programmes a membership must and may have (regulation.md §2; Perpres 109/2013 Art. 6;
PP 6/2025 Art. 4). Pure: used by the enrolment services and by the bulk import alike."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

ALL = frozenset({"JKK", "JKM", "JHT", "JP", "JKP"})
JKP_MAX_AGE_AT_REGISTRATION = 54  # PP 6/2025 Art. 4: under 54 when registered


@dataclass(frozen=True)
class ProgrammeRule:
    mandatory: frozenset[str]
    optional: frozenset[str]

    @property
    def allowed(self) -> frozenset[str]:
        return self.mandatory | self.optional


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def jp_open(birth_date: dt.date, start: dt.date) -> bool:
    """A worker may join JP only up to one month before pension age (regulation §2.1, [M]); the
    pension date comes from the rules' pension-age schedule for the birth date."""
    from lindung.rules import pension_age

    _age, pension_date = pension_age(birth_date)
    return start <= _one_month_before(pension_date)


def _one_month_before(day: dt.date) -> dt.date:
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def programme_rule(
    segment: str,
    *,
    size_class: str | None = None,
    age_at_start: int | None = None,
    with_jht: bool = False,
    jp_allowed: bool = True,
) -> ProgrammeRule:
    """The mandatory and optional programmes for a segment (and, for PU, the employer's size).

    JKP comes with PU cover when the worker was under 54 at registration and the employer enrols the
    programmes PP 6/2025 Art. 4 requires: JKK, JKM, JHT and JP for large and medium employers; JKK,
    JKM and JHT for small and micro ones (so a micro employer's worker gets JKP only with JHT).
    `jp_allowed` is false when the worker starts later than one month before pension age (`jp_open`).
    """
    rule = _segment_rule(segment, size_class=size_class, age_at_start=age_at_start, with_jht=with_jht)
    if jp_allowed:
        return rule
    return ProgrammeRule(rule.mandatory - {"JP"}, rule.optional - {"JP"})


def _segment_rule(
    segment: str, *, size_class: str | None, age_at_start: int | None, with_jht: bool
) -> ProgrammeRule:
    jkp_age_ok = age_at_start is not None and age_at_start < JKP_MAX_AGE_AT_REGISTRATION
    if segment == "PU":
        if size_class in ("besar", "menengah"):
            return ProgrammeRule(
                frozenset({"JKK", "JKM", "JHT", "JP"} | ({"JKP"} if jkp_age_ok else set())), frozenset()
            )
        if size_class == "kecil":
            return ProgrammeRule(
                frozenset({"JKK", "JKM", "JHT"} | ({"JKP"} if jkp_age_ok else set())), frozenset({"JP"})
            )
        if size_class == "mikro":
            jkp = {"JKP"} if jkp_age_ok and with_jht else set()
            return ProgrammeRule(frozenset({"JKK", "JKM"} | jkp), frozenset({"JHT", "JP"}))
        raise ValueError(f"unknown employer size class {size_class!r}")
    if segment in ("BPU", "PMI"):
        return ProgrammeRule(frozenset({"JKK", "JKM"}), frozenset({"JHT"}))
    if segment == "JAKON":
        return ProgrammeRule(frozenset({"JKK", "JKM"}), frozenset())
    raise ValueError(f"unknown segment {segment!r}")


def programme_errors(
    segment: str,
    programmes: set[str] | frozenset[str],
    *,
    size_class: str | None = None,
    age_at_start: int | None = None,
    jp_allowed: bool = True,
) -> list[str]:
    """Why `programmes` is not a valid choice for this segment, or [] when it is."""
    unknown = set(programmes) - ALL
    if unknown:
        return [f"unknown programme(s): {', '.join(sorted(unknown))}"]
    rule = programme_rule(
        segment,
        size_class=size_class,
        age_at_start=age_at_start,
        with_jht="JHT" in programmes,
        jp_allowed=jp_allowed,
    )
    errors = []
    where = f"{segment} ({size_class})" if segment == "PU" else segment
    missing = rule.mandatory - set(programmes)
    if missing:
        errors.append(f"{where} must include {', '.join(sorted(missing))}")
    extra = set(programmes) - rule.allowed
    if extra:
        reason = ""
        if extra == {"JKP"} and segment == "PU":
            reason = " (JKP needs the worker under 54 at registration and the required programmes)"
        elif extra == {"JP"} and segment == "PU" and not jp_allowed:
            reason = " (JP takes workers only up to one month before pension age)"
        errors.append(f"{where} may not include {', '.join(sorted(extra))}{reason}")
    return errors
