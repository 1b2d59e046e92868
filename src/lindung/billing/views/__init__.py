"""Billing pages. Each view asks the selectors (which apply the user's scope) and calls one service."""

from __future__ import annotations

from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from lindung.accounts.models import User


def page_of(request: HttpRequest, qs: QuerySet, per_page: int = 50) -> Page:
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def who(request: HttpRequest) -> User:
    """The signed-in user (views are behind login_required)."""
    return cast(User, request.user)
