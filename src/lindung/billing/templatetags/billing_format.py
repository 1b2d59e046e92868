from __future__ import annotations

import datetime as dt

from django import template

from lindung.billing import formatting

register = template.Library()


@register.filter
def rupiah(amount: int | None) -> str:
    return "" if amount is None else formatting.rupiah(int(amount))


@register.filter
def thousands(amount: int | None) -> str:
    return "" if amount is None else formatting.thousands(int(amount))


@register.filter
def bulan(month: dt.date | None) -> str:
    return "" if month is None else formatting.bulan(month)
