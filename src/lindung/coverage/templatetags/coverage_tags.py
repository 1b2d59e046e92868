"""Filters for the coverage pages: ratios, months and rupiah the Indonesian way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template

from lindung.coverage.formats import month_id, percent_id, rupiah_id
from lindung.coverage.models import Indicator
from lindung.coverage.report import SEGMENT_LABELS

register = template.Library()


@register.filter
def ratio_label(value: Decimal | str | None) -> str:
    if value is None or value == "":
        return "-"
    return percent_id(Decimal(str(value)))


@register.filter
def month_label(value: dt.date) -> str:
    return month_id(value)


@register.filter
def rupiah_label(value: int) -> str:
    return rupiah_id(int(value))


@register.filter
def segment_label(value: str) -> str:
    return SEGMENT_LABELS.get(value, value)


@register.filter
def indicator_label(value: str) -> str:
    return str(Indicator(value).label)


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key, [])
