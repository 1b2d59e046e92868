"""Demo users, one per role."""

from __future__ import annotations

from django.db import transaction

from lindung.accounts.models import Role, User
from lindung.jobs.progress import Progress
from lindung.registry.models import Region
from lindung.web.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoLogin, demo_step

DEMO_LOGINS.extend(
    [
        DemoLogin("admin", Role.ADMIN, "everything"),
        DemoLogin("petugas", Role.BRANCH_OFFICER, "Kabupaten Tanjung Jabung Timur (1507)"),
        DemoLogin("auditor", Role.AUDITOR, "everything, read only"),
    ]
)


@demo_step(10)
def demo_users(progress: Progress) -> str:
    with transaction.atomic():
        created = 0
        for login in DEMO_LOGINS[:3]:
            user, new = User.objects.get_or_create(username=login.username, defaults={"role": login.role})
            if new:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = login.role == Role.ADMIN
                user.is_superuser = login.role == Role.ADMIN
                user.save()
                created += 1
        User.objects.get(username="petugas").regions.set(Region.objects.filter(code="1507"))
    return f"{created} users created"
