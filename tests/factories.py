"""Small builders for test data. Every value a test asserts on is set explicitly in the test."""

from __future__ import annotations

import datetime as dt
import itertools

from lindung.accounts.models import Role, User
from lindung.registry.models import Region

_seq = itertools.count(1)


class UserFactory:
    def make(
        self, role: str = Role.WORKER, *, regions: tuple[str, ...] = (), password: str = "pass-1234", **fields
    ) -> User:
        n = next(_seq)
        user = User.objects.create_user(
            username=fields.pop("username", f"{role}{n}"), password=password, role=role, **fields
        )
        if regions:
            user.regions.set(Region.objects.filter(code__in=regions))
        return user

    def admin(self, **fields) -> User:
        return self.make(Role.ADMIN, **fields)

    def officer(self, regions: tuple[str, ...] = ("1507",), **fields) -> User:
        return self.make(Role.BRANCH_OFFICER, regions=regions, **fields)

    def auditor(self, **fields) -> User:
        return self.make(Role.AUDITOR, **fields)


def birth(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d)
