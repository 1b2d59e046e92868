"""Reads for pages, exports and the API, always through the asking user's scope (`access`).

Everything is set-based: sums and counts in the database, the package cost per distinct cover span.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Count, F, Model, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr
from django.http import Http404

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.billing.models import Invoice, InvoiceLine, InvoiceStatus, Payer, PayerType
from lindung.registry.models import Membership, Region
from lindung.registry.names import name_normalize
from lindung.sponsorship import budget
from lindung.sponsorship.access import sponsor_filter
from lindung.sponsorship.billing import billed_memberships
from lindung.sponsorship.models import (
    Beneficiary,
    BeneficiaryImport,
    BeneficiaryStatus,
    ImportRow,
    Reason,
    Sponsor,
    SponsoredProgramme,
)
from lindung.sponsorship.package import month_start, months, package_price

T = TypeVar("T", bound=Model)

# --- scope ----------------------------------------------------------------------------------------


def sponsors_visible_to(user: User) -> QuerySet[Sponsor]:
    return Sponsor.objects.filter(sponsor_filter(user)).select_related("region")


def programmes_visible_to(user: User) -> QuerySet[SponsoredProgramme]:
    return SponsoredProgramme.objects.filter(sponsor_filter(user, "sponsor__")).select_related("sponsor")


def _one(qs: QuerySet[T], pk: int, what: str) -> T:
    """The row `pk` of a scoped queryset, or 404 without saying whether it exists elsewhere."""
    found = qs.filter(pk=pk).first() if 0 < pk < 2**63 else None
    if found is None:
        raise Http404(f"no {what} {pk} in your scope")
    return found


def programme_for_user(user: User, pk: int) -> SponsoredProgramme:
    return _one(programmes_visible_to(user), pk, "sponsored programme")


def beneficiary_for_user(user: User, pk: int) -> Beneficiary:
    """A beneficiary of a programme in the user's scope; a branch officer also reaches those living
    in their regions (the hand-over to an employer is their act, whoever the sponsor)."""
    seen = sponsor_filter(user, "programme__sponsor__")
    if user.is_authenticated and user.role == Role.BRANCH_OFFICER:
        seen |= scope.region_prefix_filter(scope.region_codes(user), "village__code")
    qs = Beneficiary.objects.filter(seen)
    return _one(qs.select_related("programme__sponsor", "person", "village", "membership"), pk, "beneficiary")


def import_for_user(user: User, pk: int) -> BeneficiaryImport:
    qs = BeneficiaryImport.objects.filter(sponsor_filter(user, "programme__sponsor__"))
    return _one(qs.select_related("programme__sponsor"), pk, "beneficiary list import")


# --- lists ----------------------------------------------------------------------------------------


def programme_list(user: User, *, query: str = "", year: int | None = None) -> QuerySet[SponsoredProgramme]:
    qs = programmes_visible_to(user)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(sponsor__name__icontains=query))
    if year:
        qs = qs.filter(fiscal_year=year)
    return qs.annotate(
        enrolled=Count("beneficiaries", filter=Q(beneficiaries__status=BeneficiaryStatus.ENROLLED))
    ).order_by("-fiscal_year", "sponsor__name", "name", "pk")


def beneficiary_list(
    programme: SponsoredProgramme,
    *,
    status: str = "",
    category: str = "",
    region: str = "",
    query: str = "",
) -> QuerySet[Beneficiary]:
    """The programme's list (the caller has checked the programme is in scope), in queue order:
    priority, then list order. `region` is any region code prefix (regency, district, village)."""
    qs = Beneficiary.objects.filter(programme=programme).select_related("person", "village", "membership")
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if region:
        qs = qs.filter(village__code__startswith=region)
    query = query.strip()[:100]
    if query.isdigit():
        qs = qs.filter(person__nik__startswith=query)
    elif query:
        for word in name_normalize(query).split():
            qs = qs.filter(person__name_normalized__contains=word)
    return qs.order_by(F("priority").asc(nulls_last=True), "pk")


def import_rows(record: BeneficiaryImport, *, outcome: str = "", reason: str = "") -> QuerySet[ImportRow]:
    qs = ImportRow.objects.filter(list_import=record)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if reason:
        qs = qs.filter(reason=reason)
    return qs.order_by("row_number", "pk")


@dataclass(frozen=True)
class ReasonCount:
    outcome: str
    reason: str
    rows: int

    @property
    def outcome_label(self) -> str:
        return str(BeneficiaryStatus(self.outcome).label)

    @property
    def reason_label(self) -> str:
        return str(Reason(self.reason).label) if self.reason else ""


def reason_counts(record: BeneficiaryImport) -> list[ReasonCount]:
    """How many rows had each outcome and reason, for the import's summary."""
    rows = (
        ImportRow.objects.filter(list_import=record).values_list("outcome", "reason").annotate(n=Count("id"))
    )
    return [ReasonCount(o, r, n) for o, r, n in sorted(rows.order_by())]


def programme_imports(programme: SponsoredProgramme) -> QuerySet[BeneficiaryImport]:
    return BeneficiaryImport.objects.filter(programme=programme).select_related("created_by")


def exits_and_replacements(programme: SponsoredProgramme) -> QuerySet[Beneficiary]:
    return (
        Beneficiary.objects.filter(programme=programme, status=BeneficiaryStatus.EXITED)
        .select_related("person", "replaced_by__person")
        .order_by("-exited_on", "-pk")
    )


# --- what a programme shows -----------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeSummary:
    budget: int
    committed: int  # every place given, to the end of its cover
    left: int  # budget − committed
    billed: int
    paid: int
    projected: int  # billed + the months given but not yet billed: the cost to the end of the period
    price: int  # the package price this month (or at the period's start)
    enrolled: int
    waiting: int
    rejected: int
    exited: int
    replaced: int
    free_places: int | None


def programme_summary(programme: SponsoredProgramme, *, today: dt.date) -> ProgrammeSummary:
    counts = dict(
        Beneficiary.objects.filter(programme=programme)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
        .order_by()
    )
    invoices = Invoice.objects.filter(payer__in=_payer(programme)).exclude(status=InvoiceStatus.CANCELLED)
    money = invoices.aggregate(billed=Coalesce(Sum("total"), 0), paid=Coalesce(Sum("allocated"), 0))
    committed = budget.committed(programme)
    billed_months = set(invoices.values_list("month", flat=True))
    on = min(max(month_start(today), programme.period_start), month_start(programme.period_end))
    return ProgrammeSummary(
        budget=programme.budget,
        committed=committed,
        left=programme.budget - committed,
        billed=money["billed"],
        paid=money["paid"],
        projected=money["billed"] + _unbilled(programme, billed_months),
        price=package_price(programme, on),
        enrolled=counts.get(BeneficiaryStatus.ENROLLED, 0),
        waiting=counts.get(BeneficiaryStatus.WAITING, 0),
        rejected=counts.get(BeneficiaryStatus.REJECTED, 0),
        exited=counts.get(BeneficiaryStatus.EXITED, 0),
        replaced=Beneficiary.objects.filter(programme=programme, replaced_by__isnull=False).count(),
        free_places=budget.free_places(programme),
    )


def _payer(programme: SponsoredProgramme) -> QuerySet[Payer]:
    return Payer.objects.filter(kind=PayerType.SPONSOR, sponsor_programme_id=programme.pk)


def _unbilled(programme: SponsoredProgramme, billed_months: set[dt.date]) -> int:
    """The cost of the months given to people that no bill holds yet."""
    return sum(
        n * package_price(programme, month)
        for start, until, n in budget.cover_spans(programme)
        for month in months(start, until)
        if month not in billed_months
    )


LEVELS = {"regency": 4, "district": 6, "village": 10}


def breakdown(
    programme: SponsoredProgramme, *, by: str, status: str = BeneficiaryStatus.ENROLLED, within: str = ""
) -> list[tuple[str, str, int]]:
    """(key, label, people) by category or by region level (regency, district, village), optionally
    within a region code."""
    qs = Beneficiary.objects.filter(programme=programme, status=status)
    if within:
        qs = qs.filter(village__code__startswith=within)
    if by == "category":
        rows = qs.values_list("category").annotate(n=Count("id")).order_by("category")
        return [(c, c, n) for c, n in rows]
    length = LEVELS[by]
    grouped = (
        qs.annotate(key=Substr("village_id", 1, length))
        .values_list("key")
        .annotate(n=Count("id"))
        .order_by("key")
    )
    found = list(grouped)
    names = dict(Region.objects.filter(code__in=[k for k, _ in found]).values_list("code", "name"))
    return [(k, names.get(k, k), n) for k, n in found]


# --- the monthly statement ------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    programme: SponsoredProgramme
    month: dt.date
    invoice: Invoice | None
    people: int
    amount: int
    price: int  # the package price for the month


def statement(programme: SponsoredProgramme, month: dt.date) -> Statement:
    """The month's bill: the invoice when issued (people and amount from its lines), otherwise what
    it will be (the memberships covering the month × the package price)."""
    month = month_start(month)
    price = package_price(programme, month)
    invoice = Invoice.objects.filter(payer__in=_payer(programme), month=month).select_related("payer").first()
    if invoice is not None:
        people = InvoiceLine.objects.filter(invoice=invoice).values("person_id").distinct().count()
        return Statement(programme, month, invoice, people, invoice.total, price)
    people = billed_memberships(programme, month).count()
    return Statement(programme, month, None, people, people * price, price)


def person_amounts(statement: Statement) -> dict[int, int] | None:
    """Each person's amount on the issued invoice (None before it is issued)."""
    if statement.invoice is None:
        return None
    sums = (
        InvoiceLine.objects.filter(invoice=statement.invoice)
        .values_list("person_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return dict(sums)


def statement_rows(programme: SponsoredProgramme, month: dt.date) -> QuerySet[Beneficiary]:
    """The beneficiaries on the month's bill, by name."""
    covering = billed_memberships(programme, month).values("pk")
    return (
        Beneficiary.objects.filter(programme=programme, membership__in=covering)
        .select_related("person", "village", "membership")
        .order_by("person__name_normalized", "pk")
    )


def programme_invoices(programme: SponsoredProgramme) -> QuerySet[Invoice]:
    return Invoice.objects.filter(payer__in=_payer(programme)).order_by("-month")


# --- planner --------------------------------------------------------------------------------------


def waiting_uncovered(user: User, *, region: str, on: dt.date) -> int:
    """People on the waiting lists the user may see, living in `region`, with no cover on `on`
    (each counted once however many lists they are on)."""
    covered = Membership.objects.valid_on(on).values("person_id")
    return (
        Beneficiary.objects.filter(
            sponsor_filter(user, "programme__sponsor__"),
            status=BeneficiaryStatus.WAITING,
            village__code__startswith=region,
        )
        .exclude(person_id__in=covered)
        .values("person_id")
        .distinct()
        .count()
    )
