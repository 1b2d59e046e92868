"""The navigation bar. Each app lists its entries in `nav.py` as `NAV = [NavItem(...)]`; an entry
shows only to the roles it names (empty = every signed-in user)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: tuple[str, ...] = field(default=())
    order: int = 100


@lru_cache(maxsize=1)
def _all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("lindung."):
            continue
        try:
            module = import_module(f"{config.name}.nav")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.nav":
                raise
            continue
        items.extend(getattr(module, "NAV", []))
    return tuple(sorted(items, key=lambda i: i.order))


def nav(request: HttpRequest) -> dict[str, list[dict[str, str]]]:
    """Context processor: the entries the signed-in user may follow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    entries = []
    for item in _all_items():
        if item.roles and not (user.is_superuser or user.role in item.roles):
            continue
        entries.append({"label": str(item.label), "url": reverse(item.url_name)})
    return {"nav_items": entries}


NAV = [NavItem(label=_("Home"), url_name="web:home", order=0)]
