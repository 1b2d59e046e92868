"""Placing people on a programme, shared by the list import, the waiting list and the renewal:

1. `screen`: who may be paid for from `start` — inside the regions served, a known village, of
   working age, not already on the list, not already covered through an employer or a project
   (double coverage is reported, never billed), not paid for by another programme in the same
   months, not already a BPU member;
2. `allocate`: the eligible, in priority order (lower first, then list order), get the free places
   the quota and the budget allow (remaining months × the package price each); the rest wait;
3. `persist`: set-based — people not yet in the registry are registered, each person placed gets a
   BPU membership paid by the programme from `start` to the end of the period, and the beneficiary
   rows are written.

Every query runs per batch of people, never per person. Callers hold the programme's row lock
(`lock_programme`), so two placements never give away the same place or the same rupiah.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from django.db.models import F, Model, QuerySet
from django.utils import timezone

from lindung.audit.services import audit_record
from lindung.errors import DomainError
from lindung.registry.models import Membership, PayerKind, Person, PossibleDuplicate, Region, Segment
from lindung.registry.names import name_clean, name_normalize
from lindung.registry.programmes import age_on
from lindung.registry.services import checks
from lindung.registry.services.membership_terms import terms_check
from lindung.sponsorship import budget
from lindung.sponsorship.bulk import concrete, rows_insert
from lindung.sponsorship.models import (
    PLACE_HOLDERS,
    Beneficiary,
    BeneficiaryImport,
    BeneficiaryStatus,
    Reason,
    SponsoredProgramme,
)

BATCH = 2000
T = TypeVar("T")
# Rejections that concern a person already in the registry: kept on the programme's list (status
# rejected) so the sponsor sees the double coverage; the others live only in the import's report.
LISTED_REJECTIONS = (Reason.COVERED_ELSEWHERE, Reason.OTHER_PROGRAMME, Reason.ALREADY_BPU)


@dataclass
class Candidate:
    order: int  # position in the list (the row number) or in the list carried over
    nik: str
    name: str
    birth_date: dt.date
    sex: str
    village_id: str
    category: str
    source: str = ""
    priority: int | None = None
    person_id: int | None = None
    row_number: int | None = None
    carried_from_id: int | None = None
    beneficiary_id: int | None = None  # a waiting beneficiary of this programme being placed

    @classmethod
    def of(cls, b: Beneficiary, **fields: Any) -> Candidate:
        """A beneficiary (with its person loaded) placed again: from the waiting list, or carried
        into the next programme."""
        return cls(
            order=b.pk,
            nik=b.person.nik,
            name=b.person.name,
            birth_date=b.person.birth_date,
            sex=b.person.sex,
            village_id=b.village_id,
            category=b.category,
            source=b.source,
            priority=b.priority,
            person_id=b.person_id,
            **fields,
        )

    @property
    def rank(self) -> tuple[bool, int, int]:
        return (self.priority is None, self.priority or 0, self.order)


@dataclass
class Verdict:
    candidate: Candidate
    status: str
    reason: str = ""
    detail: str = ""
    field: str = ""
    beneficiary_id: int | None = None


def batched(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def lock_programme(programme: SponsoredProgramme) -> SponsoredProgramme:
    """The programme re-read under its row lock (places and budget are counted under it)."""
    return SponsoredProgramme.objects.select_for_update().select_related("sponsor").get(pk=programme.pk)


# --- 1. screen ------------------------------------------------------------------------------------


def screen(
    programme: SponsoredProgramme, candidates: Sequence[Candidate], start: dt.date
) -> tuple[list[Candidate], list[Verdict]]:
    """(eligible candidates, rejected verdicts) for cover from `start` to the end of the period."""
    rejected: list[Verdict] = []

    def reject(c: Candidate, reason: str, detail: str, field: str = "") -> None:
        rejected.append(Verdict(c, BeneficiaryStatus.REJECTED, reason, detail[:300], field))

    served = sorted(programme.regions.values_list("code", flat=True))
    inside: list[Candidate] = []
    for c in candidates:
        if any(c.village_id.startswith(code) for code in served):
            inside.append(c)
        else:
            where = ", ".join(served)
            reject(c, Reason.OUTSIDE_REGIONS, f"village {c.village_id} is outside {where}", "village_code")
    known = _known_villages({c.village_id for c in inside})
    of_age: list[Candidate] = []
    for c in inside:
        age = age_on(c.birth_date, start)
        if c.village_id not in known:
            reject(c, Reason.INVALID, f"{c.village_id!r} is not a known village code", "village_code")
        elif not programme.min_age <= age <= programme.max_age:
            band = f"{programme.min_age}–{programme.max_age}"
            reject(
                c,
                Reason.OUTSIDE_AGE,
                f"{age} years old on {start.isoformat()}; working age {band}",
                "birth_date",
            )
        else:
            of_age.append(c)
    _resolve_people(of_age)
    eligible = []
    for chunk in batched(of_age):
        flags = _person_flags(programme, chunk, start)
        for c in chunk:
            flag = flags.get(c.person_id) if c.person_id is not None else None
            if flag is None:
                eligible.append(c)
            else:
                reject(c, *flag)
    return eligible, rejected


def _known_villages(codes: set[str]) -> set[str]:
    found: set[str] = set()
    for chunk in batched(sorted(codes)):
        found |= set(
            Region.objects.filter(code__in=chunk, level=4, current=True).values_list("code", flat=True)
        )
    return found


def _resolve_people(candidates: Sequence[Candidate]) -> None:
    """Registered people by NIK, locked (their memberships are checked and added under the lock)."""
    unknown = [c for c in candidates if c.person_id is None]
    for chunk in batched(unknown):
        found = dict(
            Person.objects.select_for_update().filter(nik__in=[c.nik for c in chunk]).values_list("nik", "pk")
        )
        for c in chunk:
            c.person_id = found.get(c.nik)


def _person_flags(
    programme: SponsoredProgramme, chunk: Sequence[Candidate], start: dt.date
) -> dict[int, tuple[str, str]]:
    """Why each registered person of `chunk` cannot be placed (absent: they can)."""
    until = programme.period_until
    ids = [c.person_id for c in chunk if c.person_id is not None]
    flags: dict[int, tuple[str, str]] = {}
    placing = [c.beneficiary_id for c in chunk if c.beneficiary_id]
    listed = (
        Beneficiary.objects.filter(programme=programme, person_id__in=ids, status__in=PLACE_HOLDERS)
        .exclude(pk__in=placing)
        .values_list("person_id", "status")
    )
    for person_id, status in listed:
        flags[person_id] = (Reason.ALREADY_LISTED, f"already on this programme's list ({status})")
    covered = (
        Membership.objects.filter(person_id__in=ids, segment__in=[Segment.PU, Segment.JAKON])
        .overlapping(start, until)
        .values_list("person_id", "pk", "segment", "employer__npp", "project__code", "valid_from", "valid_to")
        .order_by("valid_from", "pk")
    )
    for person_id, pk, segment, npp, code, since, to in covered:
        through = f"employer {npp}" if segment == Segment.PU else f"project {code}"
        span = f"{since.isoformat()} to {to.isoformat() if to else 'open'}"
        flags.setdefault(
            person_id,
            (
                Reason.COVERED_ELSEWHERE,
                f"{segment} membership #{pk} through {through}, {span}: double coverage",
            ),
        )
    others = (
        Beneficiary.objects.filter(person_id__in=ids, enrolled_from__lt=until, enrolled_until__gt=start)
        .exclude(programme=programme)
        .values_list(
            "person_id", "programme__name", "programme__sponsor__name", "enrolled_from", "enrolled_until"
        )
    )
    for person_id, name, sponsor, paid_from, paid_until in others:
        detail = f"paid by {sponsor} — {name} from {paid_from} to {paid_until}"
        flags.setdefault(person_id, (Reason.OTHER_PROGRAMME, detail))
    bpu = Membership.objects.filter(person_id__in=ids, segment=Segment.BPU).overlapping(start, until)
    for person_id, pk, since in bpu.values_list("person_id", "pk", "valid_from"):
        detail = f"BPU membership #{pk} from {since.isoformat()} already covers these months"
        flags.setdefault(person_id, (Reason.ALREADY_BPU, detail))
    return flags


# --- 2. allocate ----------------------------------------------------------------------------------


def allocate(programme: SponsoredProgramme, eligible: list[Candidate], start: dt.date) -> list[Verdict]:
    """Places in priority order up to the quota and the budget left; the rest wait, with the limit
    that stopped them."""
    eligible.sort(key=lambda c: c.rank)
    places = budget.free_places(programme)
    can_pay, each = budget.affordable(programme, start)
    limit = can_pay if places is None else min(places, can_pay)
    if places is not None and places <= can_pay:
        reason, why = Reason.OVER_QUOTA, f"the quota of {programme.quota} places is full"
    else:
        reason = Reason.OVER_BUDGET
        why = f"the budget left pays for {can_pay} more people at Rp{each:,} each from {start:%Y-%m}"
        why = why.replace(",", ".")
    verdicts = [Verdict(c, BeneficiaryStatus.ENROLLED) for c in eligible[:limit]]
    verdicts += [Verdict(c, BeneficiaryStatus.WAITING, reason, why) for c in eligible[limit:]]
    return verdicts


# --- 3. persist -----------------------------------------------------------------------------------


def persist(
    *,
    actor: Any,
    programme: SponsoredProgramme,
    verdicts: Sequence[Verdict],
    start: dt.date,
    list_import: BeneficiaryImport | None = None,
) -> int:
    """Write the verdicts: register new people, create the memberships of those enrolled, write or
    update their beneficiary rows (each verdict gets its `beneficiary_id`). Returns the number of
    memberships created. Must run inside the caller's transaction."""
    placed = [v for v in verdicts if v.status in PLACE_HOLDERS]
    registered = _register_people([v.candidate for v in placed if v.candidate.person_id is None])
    enrolled = [v for v in verdicts if v.status == BeneficiaryStatus.ENROLLED]
    memberships = _memberships_create(programme, enrolled, start)
    kept = [v for v in verdicts if v.status in PLACE_HOLDERS or v.reason in LISTED_REJECTIONS]
    _beneficiaries_write(programme, kept, memberships, start, list_import)
    if registered:
        audit_record(
            actor=actor,
            action="person.register_bulk",
            object_type="registry.person",
            after={"registered": registered, "programme": programme.pk},
        )
    if memberships:
        audit_record(
            actor=actor,
            action="membership.enrol_bulk",
            object_type="registry.membership",
            after={
                "segment": "BPU",
                "payer_kind": PayerKind.SPONSOR,
                "programme": programme.pk,
                "valid_from": start,
                "valid_to": programme.period_until,
                "created": len(memberships),
            },
        )
    return len(memberships)


# The columns people are bulk-inserted with (`rows_insert`), here and by the Jambi seed demo.
PERSON_FIELDS = [
    "nik",
    "name",
    "name_normalized",
    "birth_date",
    "sex",
    "village",
    "phone",
    "created_at",
    "updated_at",
]


def _register_people(candidates: Sequence[Candidate]) -> int:
    """Register, in batches, the people not yet in the registry (their NIK, birth date, sex and
    village were checked as `person_register` checks them) and flag possible duplicates."""
    now = timezone.now()
    for chunk in batched(candidates):
        rows = [
            (
                c.nik,
                name_clean(c.name),
                name_normalize(c.name),
                c.birth_date,
                c.sex,
                c.village_id,
                "",
                now,
                now,
            )
            for c in chunk
        ]
        rows_insert(Person, PERSON_FIELDS, rows)
        ids = dict(Person.objects.filter(nik__in=[c.nik for c in chunk]).values_list("nik", "pk"))
        for c in chunk:
            c.person_id = ids[c.nik]
        _flag_possible_duplicates(
            {ids[nik]: (name, born, village) for nik, _, name, born, _, village, *_ in rows}
        )
    return len(candidates)


def _flag_possible_duplicates(new: dict[int, tuple[str, dt.date, str]]) -> None:
    """Same normalised name, birth date and village under another NIK: flagged, never merged (as
    `person_register` does, one query per batch). `new`: person id → (name, birth date, village)."""
    keys = set(new.values())
    same = Person.objects.filter(
        name_normalized__in={k[0] for k in keys}, birth_date__in={k[1] for k in keys}
    ).values_list("pk", "name_normalized", "birth_date", "village_id")
    groups: dict[tuple[Any, ...], list[int]] = {}
    for pk, name, born, village in same:
        if (name, born, village) in keys:
            groups.setdefault((name, born, village), []).append(pk)
    pairs = {
        (min(a, b), max(a, b))
        for ids in groups.values()
        for a in ids
        for b in ids
        if a != b and (a in new or b in new)
    }
    PossibleDuplicate.objects.bulk_create(
        [PossibleDuplicate(person_id=a, other_id=b) for a, b in sorted(pairs)], ignore_conflicts=True
    )


def membership_terms(programme: SponsoredProgramme, start: dt.date) -> dict[str, Any]:
    """The membership fields of the programme's package, checked by the registry's own rules
    (`terms_check`, as `membership_enrol` applies them)."""
    errors = checks.Errors()
    terms = terms_check(
        errors,
        birth_date=start.replace(year=start.year - programme.min_age),
        registered_on=start,
        segment=Segment.BPU,
        programmes=programme.programme_codes,
        wage=programme.declared_income,
        payer_kind=PayerKind.SPONSOR,
    )
    if errors:
        raise DomainError(
            f"the programme's package breaks the membership rules: {errors.items}", field="package"
        )
    return terms.model_fields()


def _memberships_create(
    programme: SponsoredProgramme, enrolled: Sequence[Verdict], start: dt.date
) -> dict[int, int]:
    """person id → the new membership's id. Each person placed has no BPU cover overlapping the
    months paid (screened), so (person, BPU, sponsor, start) names the new membership."""
    if not enrolled:
        return {}
    terms = membership_terms(programme, start)
    fields = [*terms, "person", "valid_from", "valid_to", "end_reason", "created_at"]
    fixed = [_db_value(value) for value in terms.values()]
    now = timezone.now()
    created: dict[int, int] = {}
    for chunk in batched(enrolled):
        ids = [_person_id(v.candidate) for v in chunk]
        rows_insert(Membership, fields, ([*fixed, pk, start, programme.period_until, "", now] for pk in ids))
        found = Membership.objects.filter(
            person_id__in=ids, segment=Segment.BPU, payer_kind=PayerKind.SPONSOR, valid_from=start
        ).values_list("person_id", "pk")
        created.update(found)
    return created


def _db_value(value: Any) -> Any:
    return value.pk if isinstance(value, Model) else value


def _person_id(c: Candidate) -> int:
    assert c.person_id is not None, f"{c.nik} is placed before being registered"
    return c.person_id


BENEFICIARY_FIELDS = [
    "programme",
    "person",
    "village",
    "category",
    "source",
    "priority",
    "status",
    "reason",
    "detail",
    "membership",
    "enrolled_from",
    "enrolled_until",
    "carried_from",
    "list_import",
    "row_number",
    "created_at",
    "updated_at",
]


def _beneficiaries_write(
    programme: SponsoredProgramme,
    verdicts: Sequence[Verdict],
    memberships: dict[int, int],
    start: dt.date,
    list_import: BeneficiaryImport | None,
) -> None:
    """New rows (an import, a renewal: both have a report record naming them) are inserted in
    bulk; rows already on the list (the waiting list being placed) are updated."""
    now = timezone.now()
    for chunk in batched(verdicts):
        new = [v for v in chunk if not v.candidate.beneficiary_id]
        if new:
            assert list_import is not None, "new beneficiaries come from a list or a renewal"
            rows_insert(
                Beneficiary,
                BENEFICIARY_FIELDS,
                (_beneficiary_row(programme, v, memberships, start, list_import.pk, now) for v in new),
            )
            ids = dict(
                Beneficiary.objects.filter(
                    list_import=list_import, person_id__in=[_person_id(v.candidate) for v in new]
                ).values_list("person_id", "pk")
            )
            for v in new:
                v.beneficiary_id = ids[_person_id(v.candidate)]
        changed = [v for v in chunk if v.candidate.beneficiary_id]
        if changed:
            rows = []
            for v in changed:
                values = zip(
                    BENEFICIARY_FIELDS,
                    _beneficiary_row(programme, v, memberships, start, None, now),
                    strict=True,
                )
                rows.append(
                    Beneficiary(
                        pk=v.candidate.beneficiary_id, **{_attname(f): x for f, x in values if f in UPDATED}
                    )
                )
                v.beneficiary_id = v.candidate.beneficiary_id
            Beneficiary.objects.bulk_update(rows, sorted(UPDATED))


UPDATED = {"status", "reason", "detail", "membership", "enrolled_from", "enrolled_until", "updated_at"}


def _attname(field: str) -> str:
    return concrete(Beneficiary, field).attname


def _beneficiary_row(
    programme: SponsoredProgramme,
    v: Verdict,
    memberships: dict[int, int],
    start: dt.date,
    list_import: int | None,
    now: dt.datetime,
) -> list[Any]:
    c = v.candidate
    enrolled = v.status == BeneficiaryStatus.ENROLLED
    return [
        programme.pk,
        _person_id(c),
        c.village_id,
        c.category,
        c.source,
        c.priority,
        v.status,
        v.reason,
        v.detail,
        memberships[_person_id(c)] if enrolled else None,
        start if enrolled else None,
        programme.period_until if enrolled else None,
        c.carried_from_id if v.status in PLACE_HOLDERS else None,
        list_import,
        c.row_number,
        now,
        now,
    ]


def waiting_queue(programme: SponsoredProgramme) -> QuerySet[Beneficiary]:
    """The waiting list in the order places are given."""
    return Beneficiary.objects.filter(programme=programme, status=BeneficiaryStatus.WAITING).order_by(
        F("priority").asc(nulls_last=True), "pk"
    )
