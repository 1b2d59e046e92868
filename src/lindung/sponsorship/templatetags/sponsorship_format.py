from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def amount_of(amounts: dict[int, int] | None, person_id: int) -> int:
    """A person's amount on the month's invoice."""
    return (amounts or {}).get(person_id, 0)
