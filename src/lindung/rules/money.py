"""Integer money arithmetic. Rates are `Decimal` (exact decimal fractions of the law); an amount
is rate x base rounded half up to the rupiah, computed on integer numerators and denominators so
that the scalar path and the numpy batch path give the same rupiah."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

HUNDRED = Decimal(100)


def percent(value: Decimal | int) -> Decimal:
    """A percentage of the law (0.89) as a rate (0.0089), exactly."""
    return (Decimal(value) / HUNDRED).normalize()


def round_half_up(value: Fraction) -> int:
    """The nearest rupiah, halves away from zero (the usual commercial rounding)."""
    if value < 0:
        return -round_half_up(-value)
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def apply_rate(base: int, rate: Decimal) -> int:
    """`base x rate` rounded half up to the rupiah (base >= 0), on integers: the batch path
    (`lindung.rules.contributions.batch`) uses the same numerator/denominator formula on arrays."""
    num, den = rate.as_integer_ratio()
    return (2 * base * num + den) // (2 * den)


def discounted(rate: Decimal, discount_percent: Decimal | int) -> Decimal:
    """A rate after a relief of `discount_percent` (exact: 0.0089 less 50 % is 0.00445)."""
    if not discount_percent:
        return rate
    return rate * (HUNDRED - Decimal(discount_percent)) / HUNDRED


def rate_text(rate: Decimal | None) -> str | None:
    """A rate as the string the JSON carries ("0.0089"), never in exponent notation."""
    if rate is None:
        return None
    return format(rate.normalize(), "f")


def percent_text(rate: Decimal) -> str:
    """A rate for people, written the Indonesian way: 0.0089 -> "0,89 %"."""
    return f"{format((rate * HUNDRED).normalize(), 'f').replace('.', ',')} %"


def rupiah(amount: int) -> str:
    """Rp with "." thousands separators, as Indonesian sources write it."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


# Amounts as people and banks write them. Indonesian grouping first ("1.250" is 1250).
_GROUPED_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # 1.250.000 or 1.250.000,00
_GROUPED_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # 1,250,000 or 1,250,000.00
_DECIMAL_COMMA = re.compile(r"\d+(?:,\d+)?")  # 1250000 or 1250000,00
_DECIMAL_DOT = re.compile(r"\d+\.\d{1,2}")  # 1250000.00
_PREFIX = re.compile(r"^(?:rp\.?|idr)")


def parse_rupiah(text: str) -> int:
    """Whole rupiah from text: `1.250.000`, `Rp 1.250.000`, `Rp1.250.000,00`, `1,250,000.00`,
    `1250000`; a leading `-` or brackets make it negative (bank statements). Raises ValueError
    saying "is not an amount" or "has a fraction of a rupiah"."""
    s = text.replace("\xa0", "").replace(" ", "").casefold()
    negative = s.startswith("-") or (s.startswith("(") and s.endswith(")"))
    s = _PREFIX.sub("", s.lstrip("-(").rstrip(")"))
    if _GROUPED_DOT.fullmatch(s):
        whole, _sep, cents = s.replace(".", "").partition(",")
    elif _GROUPED_COMMA.fullmatch(s) or _DECIMAL_DOT.fullmatch(s):
        whole, _sep, cents = s.replace(",", "").partition(".")
    elif _DECIMAL_COMMA.fullmatch(s):
        whole, _sep, cents = s.partition(",")
    else:
        raise ValueError(f"{text!r} is not an amount")
    if cents.strip("0"):
        raise ValueError(f"{text!r} has a fraction of a rupiah")
    return -int(whole) if negative else int(whole)
