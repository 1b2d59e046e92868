"""The monthly billing runs: the list, starting a run (a background job with its progress) and a
run's counts and totals."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lindung.accounts import scope
from lindung.accounts.models import Role
from lindung.billing import selectors
from lindung.billing.forms import BillingRunForm
from lindung.billing.jobs import BILLING_RUN_JOB
from lindung.billing.services.billing_run import check_start
from lindung.billing.views import page_of, query_without_page, who
from lindung.errors import DomainError, ValidationFailed
from lindung.jobs.models import Job
from lindung.jobs.services import job_start

VIEWERS = (Role.ADMIN, Role.BRANCH_OFFICER, Role.AUDITOR)


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    user = who(request)
    scope.require_role(user, *VIEWERS)
    writer = user.is_superuser or user.role in scope.STAFF_WRITERS
    form = BillingRunForm(request.POST or None) if writer else None
    if request.method == "POST":
        scope.require_staff_writer(user)
        assert form is not None
        if form.is_valid():
            month, region = form.cleaned_data["month"], form.cleaned_data["region"] or None
            try:
                check_start(actor=user, month=month, region=region)
            except DomainError as exc:
                errors = exc.errors if isinstance(exc, ValidationFailed) else [(exc.field, str(exc))]
                for field, message in errors:
                    form.add_error(field if field in form.fields else None, message)
            else:
                params = {"month": month.replace(day=1).isoformat(), "region": region or ""}
                job = job_start(actor=user, kind=BILLING_RUN_JOB, params=params)
                return redirect("billing:run_job", pk=job.pk)
    runs = selectors.runs_visible_to(user)
    return render(
        request,
        "billing/run_list.html",
        {"form": form, "page": page_of(request, runs), "query": query_without_page(request)},
    )


@login_required
def run_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's progress; polled by htmx until the job ends, then on to the run."""
    user = who(request)
    job = Job.objects.filter(pk=pk, kind=BILLING_RUN_JOB).first()
    if job is None or not (job.created_by_id == user.pk or user.is_superuser):
        raise Http404(f"no billing job {pk} of yours")
    htmx = request.headers.get("HX-Request") == "true"
    run_id = (job.result or {}).get("run") if job.finished else None
    if run_id:
        target = reverse("billing:run_detail", args=[run_id])
        if htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
    template = "billing/_run_job.html" if htmx else "billing/run_job.html"
    return render(request, template, {"job": job})


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = who(request)
    scope.require_role(user, *VIEWERS)
    run = selectors.run_for_user(user, pk)
    totals = sorted(run.totals.items())
    return render(
        request,
        "billing/run_detail.html",
        {
            "run": run,
            "totals": totals,
            "amount": sum(t["amount"] for _, t in totals),
            "counts": run.counts,
        },
    )
