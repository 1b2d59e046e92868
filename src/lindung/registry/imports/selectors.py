"""Reads for the import pages: who may import what, and the import jobs a user may see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from lindung.accounts import scope
from lindung.accounts.models import Role, User
from lindung.jobs.models import Job
from lindung.registry.imports.kinds import import_scope
from lindung.registry.imports.service import KINDS

JOB_KIND = "registry.import"


def importable_kinds(user: User) -> list[str]:
    """The kinds `user` may import (employer users: memberships of their employer only);
    PermissionDenied when none."""
    scope.require_authenticated(user)
    kinds = []
    for kind in KINDS:
        try:
            import_scope(user, kind)
        except PermissionDenied:
            continue
        kinds.append(kind)
    if not kinds:
        raise PermissionDenied("your role may not import data")
    return kinds


def import_job_for(user: User, job_id: int) -> Job:
    """An import job started by `user` (administrators see every one); 404 otherwise."""
    importable_kinds(user)
    qs = Job.objects.filter(pk=job_id, kind=JOB_KIND)
    if not (user.is_superuser or user.role == Role.ADMIN):
        qs = qs.filter(created_by=user)
    job = qs.first()
    if job is None:
        raise Http404("no such import")
    return job
