"""Sponsorship pages. Each view reads through the selectors (which apply the user's scope) and
calls one service; a service's errors are shown beside the fields they name."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone

from lindung.accounts.models import Role, User
from lindung.billing.views import page_of, query_without_page, who
from lindung.sponsorship.package import month_start

# Who uses the sponsorship pages at all (workers and employer users have nothing here).
PLANNERS = (Role.ADMIN, Role.BRANCH_OFFICER, Role.AUDITOR, Role.SPONSOR_OFFICER)

__all__ = ["PLANNERS", "may_create_sponsor", "month_param", "page_of", "query_without_page", "who"]


def may_create_sponsor(user: User) -> bool:
    return user.is_superuser or user.role in (Role.ADMIN, Role.BRANCH_OFFICER)


def month_param(request: HttpRequest, name: str = "month") -> dt.date:
    """A month from the query string (YYYY-MM); this month when missing or not a month."""
    try:
        return dt.date.fromisoformat(request.GET.get(name, "") + "-01")
    except ValueError:
        return month_start(timezone.localdate())
