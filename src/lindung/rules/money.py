"""Integer money arithmetic. Rates are `Decimal` (exact decimal fractions of the law); an amount
is rate x base rounded half up to the rupiah, computed on integer numerators and denominators so
that the scalar path and the numpy batch path give the same rupiah."""

from __future__ import annotations

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
