"""Claims pages: the officers' queue and claim page (the computation explained, the checklist and
the workflow), the worker's own claims, filing a claim, and the benefit payments with the bank files.
Each view asks the selectors (which apply the user's scope) and calls one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.audit.models import AuditEvent
from lindung.billing.views import page_of, query_without_page, who
from lindung.claims import selectors
from lindung.claims.bankfile import bank_file_response
from lindung.claims.explain import assessment_view, documents_view, facts_view
from lindung.claims.forms import BatchForm, ClaimForm, RejectForm, SettleForm, StopForm
from lindung.claims.models import BenefitPayment, Claim, ClaimKind, ClaimStatus
from lindung.claims.services import intake, payments, workflow
from lindung.errors import DomainError, ValidationFailed
from lindung.registry.models import Programme
from lindung.registry.selectors import people_visible_to

READERS = (Role.ADMIN, Role.BRANCH_OFFICER, Role.AUDITOR, Role.EMPLOYER)


def may_process(user: User, claim: Claim) -> bool:
    try:
        scope.require_staff_writer(user)
        scope.require_region(user, claim.region_code)
    except PermissionDenied:
        return False
    return True


@login_required
def claim_queue(request: HttpRequest) -> HttpResponse:
    user = who(request)
    if user.role == Role.WORKER and not user.is_superuser:
        return redirect("claims:mine")
    scope.require_role(user, *READERS)
    status = request.GET.get("status", "")
    programme = request.GET.get("programme", "")
    query = request.GET.get("q", "")
    qs = selectors.claim_queue(
        user,
        status=status if status in ClaimStatus.values else "",
        programme=programme if programme in Programme.values else "",
        query=query,
    )
    return render(
        request,
        "claims/queue.html",
        {
            "page": page_of(request, qs),
            "query": query_without_page(request),
            "q": query[:40],
            "status": status,
            "programme": programme,
            "statuses": ClaimStatus.choices,
            "programmes": Programme.choices,
            "may_file": user.is_superuser or user.role in scope.STAFF_WRITERS,
        },
    )


@login_required
def my_claims(request: HttpRequest) -> HttpResponse:
    user = who(request)
    if user.role != Role.WORKER or not user.person_id:
        raise PermissionDenied("this page lists a worker's own claims")
    qs = selectors.claims_visible_to(user).order_by("-received_on", "-id")
    return render(
        request, "claims/mine.html", {"page": page_of(request, qs), "query": query_without_page(request)}
    )


@login_required
def claim_new(request: HttpRequest) -> HttpResponse:
    user = who(request)
    worker = user.role == Role.WORKER and not user.is_superuser
    if worker and not user.person_id:
        raise PermissionDenied("your account is not linked to a person")
    if not worker:
        scope.require_staff_writer(user)
    kind = request.GET.get("kind", "")
    if kind not in ClaimKind.values:
        return render(request, "claims/choose_kind.html", {"kinds": ClaimKind.choices})
    form = ClaimForm(request.POST or None, kind=kind, staff=not worker)
    if request.method == "POST" and form.is_valid():
        person = (
            user.person if worker else people_visible_to(user).filter(nik=form.cleaned_data["nik"]).first()
        )
        if person is None:
            form.add_error("nik", _("No person with this NIK in your scope."))
        else:
            try:
                claim = intake.claim_file(
                    actor=user,
                    person=person,
                    kind=kind,
                    facts=form.facts(),
                    payee_name=form.cleaned_data["payee_name"],
                    payee_bank=form.cleaned_data["payee_bank"],
                    payee_account=form.cleaned_data["payee_account"],
                    received_on=None if worker else form.cleaned_data.get("received_on"),
                )
            except ValidationFailed as exc:
                form.show_errors(exc.errors)
            except DomainError as exc:
                form.show_errors([(exc.field, exc.message)])
            else:
                messages.success(request, _("Claim %(number)s filed.") % {"number": claim.number})
                return redirect("claims:detail", number=claim.number)
    return render(request, "claims/form.html", {"form": form, "kind": ClaimKind(kind)})


@login_required
def claim_detail(request: HttpRequest, number: str) -> HttpResponse:
    user = who(request)
    claim = selectors.claim_for_user(user, number)
    events = AuditEvent.objects.filter(object_type="claims.claim", object_id=str(claim.pk)).select_related(
        "actor"
    )
    return render(
        request,
        "claims/detail.html",
        {
            "claim": claim,
            "facts": facts_view(claim.facts),
            "assessment": assessment_view(claim.assessment),
            "documents": documents_view(claim.documents.all()),
            "payments": selectors.claim_payments(claim),
            "stoppable": selectors.claim_payments(claim).filter(status__in=("scheduled", "held")).exists()
            or bool(claim.monthly),
            "events": events.order_by("id"),
            "may_process": may_process(user, claim),
            "reject_form": RejectForm(),
            "stop_form": StopForm(initial={"on": timezone.localdate()}),
        },
    )


def _act(request: HttpRequest, number: str, action: Callable[[User, Claim], str]) -> HttpResponse:
    """Run one service on the claim and come back to its page with what happened."""
    user = who(request)
    claim = selectors.claim_for_user(user, number)
    try:
        messages.success(request, action(user, claim))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("claims:detail", number=claim.number)


@login_required
@require_POST
def claim_documents(request: HttpRequest, number: str) -> HttpResponse:
    ticked = set(request.POST.getlist("received"))

    def mark(user: User, claim: Claim) -> str:
        for document in claim.documents.all():
            if (document.code in ticked) != document.received:
                intake.claim_document_mark(
                    actor=user, claim=claim, code=document.code, received=document.code in ticked
                )
        return _("Checklist saved.")

    return _act(request, number, mark)


def _simple(service: Callable[..., Any], done: Any) -> Callable[[HttpRequest, str], HttpResponse]:
    """A page action that calls one service on the claim and says `done`."""

    @login_required
    @require_POST
    def view(request: HttpRequest, number: str) -> HttpResponse:
        def run(user: User, claim: Claim) -> str:
            service(actor=user, claim=claim)
            return str(done)

        return _act(request, number, run)

    return view


claim_verify = _simple(workflow.claim_verify, gettext_lazy("Claim verified."))
claim_approve = _simple(workflow.claim_approve, gettext_lazy("Claim approved."))
claim_reassess = _simple(intake.claim_reassess, gettext_lazy("Claim re-assessed."))


@login_required
@require_POST
def claim_reject(request: HttpRequest, number: str) -> HttpResponse:
    reason = request.POST.get("reason", "")

    def reject(user: User, claim: Claim) -> str:
        workflow.claim_reject(actor=user, claim=claim, reason=reason)
        return _("Claim rejected.")

    return _act(request, number, reject)


@login_required
@require_POST
def claim_stop(request: HttpRequest, number: str) -> HttpResponse:
    form = StopForm(request.POST)

    def stop(user: User, claim: Claim) -> str:
        if not form.is_valid():
            raise ValidationFailed([(f, str(e[0])) for f, e in form.errors.items()])
        payments.claim_benefit_stop(
            actor=user, claim=claim, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
        )
        return _("Payments from %(day)s stopped.") % {"day": form.cleaned_data["on"].strftime("%d-%m-%Y")}

    return _act(request, number, stop)


@login_required
@require_POST
def claim_release(request: HttpRequest, number: str) -> HttpResponse:
    def release(user: User, claim: Claim) -> str:
        count = payments.claim_arrears_settled(actor=user, claim=claim)
        return _("%(count)s held payment(s) released.") % {"count": count}

    return _act(request, number, release)


# --- payments -------------------------------------------------------------------------------------


@login_required
def payment_home(request: HttpRequest) -> HttpResponse:
    user = who(request)
    scope.require_role(user, Role.ADMIN, Role.BRANCH_OFFICER, Role.AUDITOR)
    form = BatchForm(request.POST or None, initial={"due_by": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            batch = payments.payment_batch_create(actor=user, due_by=form.cleaned_data["due_by"])
        except DomainError as exc:
            form.add_error("due_by", exc.message)
        else:
            messages.success(request, _("Payment file %(number)s made.") % {"number": batch.number})
            return redirect("claims:batch", pk=batch.pk)
    due = selectors.payments_due(user, timezone.localdate())
    return render(
        request,
        "claims/payments.html",
        {
            "form": form,
            "may_write": user.is_superuser or user.role in scope.STAFF_WRITERS,
            "due": page_of(request, due),
            "attention": selectors.payments_needing_attention(user).order_by("due_on", "id")[:50],
            "batches": selectors.batches_visible_to(user).order_by("-created_at", "-id")[:20],
            "query": query_without_page(request),
        },
    )


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = who(request)
    batch = selectors.batch_for_user(user, pk)
    form = SettleForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            payments.payment_batch_settle(
                actor=user, batch=batch, paid_on=form.cleaned_data["paid_on"], failed=form.failures()
            )
        except ValidationFailed as exc:
            for field, message in exc.errors:
                form.add_error(field if field in form.fields else None, message)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The bank's answer is recorded."))
            return redirect("claims:batch", pk=batch.pk)
    rows = selectors.batch_rows(user, batch)
    return render(
        request,
        "claims/batch.html",
        {
            "batch": batch,
            "page": page_of(request, rows, per_page=100),
            "form": form,
            "may_write": user.is_superuser or user.role in scope.STAFF_WRITERS,
            "query": query_without_page(request),
        },
    )


@login_required
def batch_csv(request: HttpRequest, pk: int) -> HttpResponse:
    user = who(request)
    batch = selectors.batch_for_user(user, pk)
    return bank_file_response(batch, selectors.batch_rows(user, batch))


@login_required
@require_POST
def payment_retry(request: HttpRequest, pk: int) -> HttpResponse:
    user = who(request)
    payment = get_object_or_404(selectors.payments_visible_to(user), pk=pk)
    try:
        payments.benefit_payment_retry(actor=user, payment=cast(BenefitPayment, payment))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Payment %(ref)s scheduled again.") % {"ref": payment.reference})
    return redirect("claims:payments")
