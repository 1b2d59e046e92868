"""Registry entries in the navigation bar. The import pages (registry/imports) may add theirs in
`registry/imports/nav.py`; they are picked up here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import Role
from lindung.web.nav import NavItem

STAFF = (Role.ADMIN, Role.BRANCH_OFFICER, Role.AUDITOR)
EMPLOYERS = (*STAFF, Role.EMPLOYER)

# A worker's "People" is their own page and an employer user's "Employers" their own employer's
# (the views redirect), so one set of entries serves every role.
NAV = [
    NavItem(label=_("People"), url_name="registry:people", roles=(*EMPLOYERS, Role.WORKER), order=10),
    NavItem(label=_("Employers"), url_name="registry:employers", roles=EMPLOYERS, order=20),
    NavItem(label=_("Projects"), url_name="registry:projects", roles=EMPLOYERS, order=30),
]

try:
    from lindung.registry.imports.nav import NAV as IMPORT_NAV
except ModuleNotFoundError as exc:
    if exc.name != "lindung.registry.imports.nav":
        raise
else:
    NAV.extend(IMPORT_NAV)
