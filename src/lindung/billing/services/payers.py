"""Payers: who pays for a membership (registry `Membership.payer_kind`).

employer   → the employer's payer (kind employer, no project)
contractor → the project's payer (kind employer, with the project; Jakon is billed per project)
self       → the person's payer (kind self)
sponsor    → the sponsored programme's payer (kind sponsor). The sponsorship app owns the link from a
             membership to its programme: it registers an expression with
             `sponsor_programme_lookup_register` and creates the programme's payer with
             `sponsor_payer_ensure` when the programme is set up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

from django.db import transaction
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Exists,
    Expression,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, LPad

from lindung.audit.services import audit_record
from lindung.billing.models import Payer, PayerType
from lindung.errors import DomainError, NotFound
from lindung.registry.models import ConstructionProject, Employer, Membership, PayerKind, Person

VA_PREFIX = "8801"  # virtual account: prefix + the payer id on 12 digits
BATCH = 5000

SponsorLookup = Callable[[], Expression | Subquery]
_sponsor_lookup: list[SponsorLookup] = []


def sponsor_programme_lookup_register(lookup: SponsorLookup) -> None:
    """The sponsorship app registers an expression that, evaluated on a Membership queryset, gives
    the membership's sponsored-programme id (e.g. a Subquery on its beneficiaries)."""
    _sponsor_lookup[:] = [lookup]


def _sponsor_programme_expr() -> Expression | Subquery | None:
    return _sponsor_lookup[0]() if _sponsor_lookup else None


def membership_payer_id() -> Case:
    """An expression giving the payer id of each membership of a queryset (null when its payer does
    not exist yet): the join the billing run uses, set-based."""

    def first_id(qs: QuerySet[Payer]) -> Subquery:
        return Subquery(qs.values("id")[:1], output_field=BigIntegerField())

    whens = [
        When(
            payer_kind=PayerKind.EMPLOYER,
            # kind and project as in the unique index payer_one_per_employer, so the planner
            # looks the payer up there whatever its statistics say
            then=first_id(
                Payer.objects.filter(
                    kind=PayerType.EMPLOYER, project__isnull=True, employer_id=OuterRef("employer_id")
                )
            ),
        ),
        When(
            payer_kind=PayerKind.CONTRACTOR,
            then=first_id(Payer.objects.filter(project_id=OuterRef("project_id"))),
        ),
        When(
            payer_kind=PayerKind.SELF,
            then=first_id(Payer.objects.filter(kind=PayerType.SELF, person_id=OuterRef("person_id"))),
        ),
    ]
    sponsor = _sponsor_programme_expr()
    if sponsor is not None:
        whens.append(
            When(
                payer_kind=PayerKind.SPONSOR,
                then=first_id(Payer.objects.filter(kind=PayerType.SPONSOR, sponsor_programme_id=sponsor)),
            )
        )
    return Case(*whens, default=Value(None), output_field=BigIntegerField())


def _batched(it: Iterator[Any], size: int = BATCH) -> Iterator[list[Any]]:
    while chunk := list(islice(it, size)):
        yield chunk


def _check_links(memberships: QuerySet[Membership]) -> None:
    broken = memberships.filter(
        payer_kind__in=[PayerKind.EMPLOYER, PayerKind.CONTRACTOR], employer__isnull=True, project__isnull=True
    ).values_list("id", flat=True)[:5]
    broken_ids = list(broken)
    if broken_ids:
        raise DomainError(
            f"membership {', '.join(map(str, broken_ids))}: "
            "paid by an employer but has no employer or project",
            field="payer_kind",
        )


def _payers_create(rows: Iterator[Payer]) -> int:
    created = 0
    for chunk in _batched(rows):
        created += len(Payer.objects.bulk_create(chunk, ignore_conflicts=True))
    return created


def _virtual_accounts_fill() -> None:
    Payer.objects.filter(virtual_account__isnull=True).update(
        virtual_account=Concat(
            Value(VA_PREFIX), LPad(Cast("id", CharField()), 12, Value("0")), output_field=CharField()
        )
    )


def _missing_employer_payers(memberships: QuerySet[Membership]) -> Iterator[Payer]:
    has_payer = Payer.objects.filter(kind=PayerType.EMPLOYER, project__isnull=True, employer=OuterRef("pk"))
    employers = Employer.objects.filter(
        pk__in=memberships.filter(payer_kind=PayerKind.EMPLOYER).values("employer_id")
    ).filter(~Exists(has_payer))
    for pk, name, region in employers.values_list("id", "name", "region_id").iterator(chunk_size=BATCH):
        yield Payer(kind=PayerType.EMPLOYER, employer_id=pk, name=name, region_code=region)


def _missing_project_payers(memberships: QuerySet[Membership]) -> Iterator[Payer]:
    projects = ConstructionProject.objects.filter(
        pk__in=memberships.filter(payer_kind=PayerKind.CONTRACTOR).values("project_id")
    ).filter(~Exists(Payer.objects.filter(project=OuterRef("pk"))))
    rows = projects.values_list("id", "contractor_id", "contractor__name", "code", "region_id")
    for pk, contractor, contractor_name, code, region in rows.iterator(chunk_size=BATCH):
        yield Payer(
            kind=PayerType.EMPLOYER,
            employer_id=contractor,
            project_id=pk,
            name=f"{contractor_name} — {code}"[:250],
            region_code=region,
        )


def _missing_person_payers(memberships: QuerySet[Membership]) -> Iterator[Payer]:
    people = Person.objects.filter(pk__in=memberships.filter(payer_kind=PayerKind.SELF).values("person_id"))
    people = people.filter(~Exists(Payer.objects.filter(kind=PayerType.SELF, person=OuterRef("pk"))))
    for pk, name, village in people.values_list("id", "name", "village_id").iterator(chunk_size=BATCH):
        yield Payer(kind=PayerType.SELF, person_id=pk, name=name, region_code=village or "")


def _check_sponsored(memberships: QuerySet[Membership]) -> None:
    sponsored = memberships.filter(payer_kind=PayerKind.SPONSOR)
    if not sponsored.exists():
        return
    if _sponsor_programme_expr() is None:
        raise DomainError(
            "sponsored memberships cannot be billed until the sponsorship app registers "
            "which programme pays for them",
            field="payer_kind",
        )
    missing = list(
        sponsored.annotate(_payer=membership_payer_id())
        .filter(_payer__isnull=True)
        .values_list("id", flat=True)[:5]
    )
    if missing:
        raise DomainError(
            f"membership {', '.join(map(str, missing))}: its sponsored programme has no payer "
            "(sponsor_payer_ensure)",
            field="payer_kind",
        )


@transaction.atomic
def payers_ensure(*, actor: Any, memberships: QuerySet[Membership]) -> int:
    """Create, set-based and in batches, the payers the `memberships` need and do not have yet.
    Returns how many were created. Safe to run again and concurrently (conflicts are ignored)."""
    _check_links(memberships)
    _check_sponsored(memberships)
    created = 0
    for rows in (
        _missing_employer_payers(memberships),
        _missing_project_payers(memberships),
        _missing_person_payers(memberships),
    ):
        created += _payers_create(rows)
    if created:
        _virtual_accounts_fill()
        audit_record(
            actor=actor, action="payer.ensure", object_type="billing.payer", after={"created": created}
        )
    return created


@transaction.atomic
def payer_for_membership(*, actor: Any, membership: Membership) -> Payer:
    """The payer of one membership, created when missing."""
    one = Membership.objects.filter(pk=membership.pk)
    payers_ensure(actor=actor, memberships=one)
    payer_id = one.annotate(_payer=membership_payer_id()).values_list("_payer", flat=True).first()
    if payer_id is None:
        raise NotFound(f"membership {membership.pk} has no payer", field="membership")
    return Payer.objects.get(pk=payer_id)


@transaction.atomic
def sponsor_payer_ensure(*, actor: Any, sponsor_programme_id: int, name: str, region_code: str = "") -> Payer:
    """The payer of a sponsored programme (created by the sponsorship app when it sets one up)."""
    if not name.strip():
        raise DomainError("a sponsored programme's payer needs a name", field="name")
    payer, created = Payer.objects.get_or_create(
        kind=PayerType.SPONSOR,
        sponsor_programme_id=sponsor_programme_id,
        defaults={"name": name.strip(), "region_code": region_code},
    )
    if created:
        _virtual_accounts_fill()
        payer.refresh_from_db()
        audit_record(actor=actor, action="payer.create", obj=payer, after=payer)
    return payer
