"""Registry pages: search people, a person's membership timeline, employers and projects with their
workers, and the forms branch officers and administrators use to change the registry.

Views parse the request, read through the selectors (which apply scope) and call one service;
the services' errors are shown beside the fields they name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.errors import DomainError
from lindung.registry import forms, selectors
from lindung.registry.models import DuplicateStatus, Membership, Person, PossibleDuplicate
from lindung.registry.services.employers import employer_register, employer_update
from lindung.registry.services.memberships import (
    membership_change,
    membership_end,
    membership_enrol,
    membership_switch_segment,
)
from lindung.registry.services.people import nik_warnings, person_register, person_update
from lindung.registry.services.projects import project_register

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _may_write(user: User) -> bool:
    return user.is_superuser or user.role in scope.STAFF_WRITERS


def _page(request: HttpRequest, qs: QuerySet) -> Page:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _day(request: HttpRequest, name: str = "on") -> dt.date:
    """A date from the query string; today when missing or not a date."""
    try:
        return dt.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return dt.date.today()


def _form_page(
    request: HttpRequest,
    form_class: type[django_forms.Form],
    *,
    title: str,
    save: Callable[[dict[str, Any]], str],
    initial: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
    done: str = "",
) -> HttpResponse:
    """GET shows the form; POST parses it and calls `save`, which runs one service and returns where
    to go next. A service's DomainError comes back beside the field it names."""
    scope.require_staff_writer(_user(request))
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                target = save(form.cleaned_data)
            except DomainError as error:
                forms.attach_errors(form, error)
            else:
                messages.success(request, done or _("Saved."))
                return redirect(target)
    else:
        form = form_class(initial=initial)
    return render(request, "registry/form.html", {"form": form, "title": title, **(context or {})})


def _search_page(
    request: HttpRequest, template: str, search: Callable[[User, str], QuerySet]
) -> HttpResponse:
    """A paginated list of the records in scope matching `?q=`."""
    user = _user(request)
    query = request.GET.get("q", "")
    context = {"q": query, "page": _page(request, search(user, query)), "may_write": _may_write(user)}
    return render(request, template, context)


# --- people ---------------------------------------------------------------------------------------


@login_required
def people(request: HttpRequest) -> HttpResponse:
    if _user(request).role == Role.WORKER:
        return me(request)
    return _search_page(request, "registry/people.html", selectors.people_search)


@login_required
def person(request: HttpRequest, nik: str) -> HttpResponse:
    user = _user(request)
    found = selectors.person_for_user(user, nik=nik)
    versions = list(selectors.person_memberships(user, found))
    replaced = {m.previous_id for m in versions if m.previous_id}
    from lindung.billing.protection import status_histories  # billing builds on the registry

    coverage = status_histories([m.pk for m in versions])
    for m in versions:
        m.coverage_months = coverage.get(m.pk, [])  # type: ignore[attr-defined]
    return render(
        request,
        "registry/person.html",
        {
            "person": found,
            "warnings": nik_warnings(found.nik),
            "versions": [(m, m.pk not in replaced) for m in reversed(versions)],
            "duplicates": _possible_duplicates(user, found),
            "may_write": _may_write(user),
        },
    )


def _possible_duplicates(user: User, found: Person) -> list[Person]:
    """Other NIKs flagged as possibly the same person, for staff who review them."""
    if not (scope.sees_everything(user) or user.role == Role.BRANCH_OFFICER):
        return []
    pairs = PossibleDuplicate.objects.filter(Q(person=found) | Q(other=found), status=DuplicateStatus.OPEN)
    ids = {other for pair in pairs.values_list("person_id", "other_id") for other in pair} - {found.pk}
    return list(selectors.people_visible_to(user).filter(pk__in=ids).order_by("nik")) if ids else []


@login_required
def person_new(request: HttpRequest) -> HttpResponse:
    def save(data: dict[str, Any]) -> str:
        created = person_register(actor=_user(request), **data)
        return reverse("registry:person", args=[created.nik])

    return _form_page(request, forms.PersonForm, title=_("Register a person"), save=save)


@login_required
def person_edit(request: HttpRequest, nik: str) -> HttpResponse:
    user = _user(request)
    found = selectors.person_for_user(user, nik=nik)

    def save(data: dict[str, Any]) -> str:
        person_update(actor=user, person=found, **data)
        return reverse("registry:person", args=[found.nik])

    return _form_page(
        request,
        forms.PersonEditForm,
        title=_("Edit %(name)s") % {"name": found.name},
        save=save,
        initial={"name": found.name, "village_code": found.village_id or "", "phone": found.phone},
    )


# --- memberships ----------------------------------------------------------------------------------


def _terms(data: dict[str, Any]) -> dict[str, Any]:
    """Enrolment form data as service arguments: NPP and project code looked up, blanks as None."""
    terms = dict(data)
    terms["programmes"] = set(data["programmes"])
    terms["employer"] = selectors.employer_reference(data["employer"]) if data["employer"] else None
    terms["project"] = selectors.project_reference(data["project"]) if data["project"] else None
    terms["payer_kind"] = data["payer_kind"] or None
    return terms


@login_required
def membership_new(request: HttpRequest, nik: str) -> HttpResponse:
    scope.require_staff_writer(_user(request))
    try:
        found = selectors.person_reference(nik)
    except DomainError as error:
        raise Http404(error.message) from error

    def save(data: dict[str, Any]) -> str:
        membership_enrol(actor=_user(request), person=found, **_terms(data))
        return reverse("registry:person", args=[found.nik])

    initial: dict[str, Any] = {"programmes": ["JKK", "JKM"]}
    initial |= {key: request.GET[key] for key in ("segment", "employer", "project") if key in request.GET}
    return _form_page(
        request,
        forms.EnrolForm,
        title=_("Enrol %(name)s") % {"name": found.name},
        save=save,
        initial=initial,
        context={"person": found},
        done=_("Enrolled."),
    )


def _membership_action(
    request: HttpRequest,
    pk: int,
    form_class: type[django_forms.Form],
    title: str,
    act: Callable[[User, Membership, dict[str, Any]], Membership],
    initial: Callable[[Membership], dict[str, Any]] = lambda m: {},
) -> HttpResponse:
    user = _user(request)
    scope.require_staff_writer(user)
    membership = selectors.membership_for_user(user, pk=pk)

    def save(data: dict[str, Any]) -> str:
        act(user, membership, data)
        return reverse("registry:person", args=[membership.person.nik])

    return _form_page(
        request,
        form_class,
        title=title % {"name": membership.person.name, "segment": membership.segment},
        save=save,
        initial=initial(membership),
        context={"person": membership.person, "membership": membership},
    )


@login_required
def membership_change_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_action(
        request,
        pk,
        forms.ChangeForm,
        _("Change the %(segment)s membership of %(name)s"),
        lambda user, m, data: membership_change(
            actor=user,
            membership=m,
            effective=data["effective"],
            wage=data["wage"],
            programmes=set(data["programmes"]),
        ),
        initial=lambda m: {"programmes": sorted(m.programmes), "wage": m.wage},
    )


@login_required
def membership_end_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_action(
        request,
        pk,
        forms.EndForm,
        _("End the %(segment)s membership of %(name)s"),
        lambda user, m, data: membership_end(actor=user, membership=m, **data),
    )


@login_required
def membership_switch_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_action(
        request,
        pk,
        forms.SwitchForm,
        _("Move %(name)s from %(segment)s to another segment"),
        lambda user, m, data: membership_switch_segment(actor=user, membership=m, **_terms(data)),
        initial=lambda m: {"segment": "BPU" if m.segment == "PU" else "PU", "programmes": ["JKK", "JKM"]},
    )


# --- employers ------------------------------------------------------------------------------------


@login_required
def employers(request: HttpRequest) -> HttpResponse:
    if _user(request).role == Role.EMPLOYER:
        return me(request)
    return _search_page(request, "registry/employers.html", selectors.employer_search)


@login_required
def employer(request: HttpRequest, npp: str) -> HttpResponse:
    user = _user(request)
    found = selectors.employer_for_user(user, npp=npp)
    on = _day(request)
    return render(
        request,
        "registry/employer.html",
        {
            "employer": found,
            "on": on,
            "page": _page(request, selectors.employer_workers(user, found, on=on)),
            "projects": selectors.projects_visible_to(user)
            .filter(contractor=found)
            .order_by("-start_date")[:20],
            "may_write": _may_write(user),
            "lookup": forms.WorkerLookupForm(),
        },
    )


@login_required
def employer_enrol_worker(request: HttpRequest, npp: str) -> HttpResponse:
    """From an employer's page: the worker's NIK, then the enrolment form with the employer filled."""
    user = _user(request)
    scope.require_staff_writer(user)
    found = selectors.employer_for_user(user, npp=npp)
    nik = request.GET.get("nik", "").strip()
    try:
        worker = selectors.person_reference(nik)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("registry:employer", npp=found.npp)
    return redirect(
        f"{reverse('registry:membership_new', args=[worker.nik])}?segment=PU&employer={found.npp}"
    )


@login_required
def employer_new(request: HttpRequest) -> HttpResponse:
    def save(data: dict[str, Any]) -> str:
        return reverse("registry:employer", args=[employer_register(actor=_user(request), **data).npp])

    return _form_page(request, forms.EmployerForm, title=_("Register an employer"), save=save)


@login_required
def employer_edit(request: HttpRequest, npp: str) -> HttpResponse:
    user = _user(request)
    found = selectors.employer_for_user(user, npp=npp)

    def save(data: dict[str, Any]) -> str:
        employer_update(actor=user, employer=found, **data)
        return reverse("registry:employer", args=[found.npp])

    fields = ("name", "size_class", "risk_class", "sector_code", "labour_intensive")
    initial = {name: getattr(found, name) for name in fields} | {"region_code": found.region_id}
    return _form_page(
        request,
        forms.EmployerEditForm,
        title=_("Edit %(name)s") % {"name": found.name},
        save=save,
        initial=initial,
    )


# --- projects -------------------------------------------------------------------------------------


@login_required
def projects(request: HttpRequest) -> HttpResponse:
    return _search_page(request, "registry/projects.html", selectors.project_search)


@login_required
def project(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    found = selectors.project_for_user(user, code=code)
    return render(
        request,
        "registry/project.html",
        {
            "project": found,
            "page": _page(request, selectors.project_workers(user, found)),
            "may_write": _may_write(user),
        },
    )


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    def save(data: dict[str, Any]) -> str:
        contractor = selectors.employer_reference(data.pop("contractor"), field="contractor")
        created = project_register(actor=_user(request), contractor=contractor, **data)
        return reverse("registry:project", args=[created.code])

    return _form_page(request, forms.ProjectForm, title=_("Register a construction project"), save=save)


# --- one's own records ----------------------------------------------------------------------------


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """A worker's own person page; an employer user's own employer page; the search for others."""
    user = _user(request)
    if user.role == Role.WORKER:
        if user.person is None:
            raise Http404("no person is linked to this account")
        return redirect("registry:person", nik=user.person.nik)
    if user.role == Role.EMPLOYER:
        if user.employer is None:
            raise Http404("no employer is linked to this account")
        return redirect("registry:employer", npp=user.employer.npp)
    return redirect("registry:people")
