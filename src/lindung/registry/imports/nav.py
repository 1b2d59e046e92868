"""The import page's navigation entry. `registry/nav.py` (owned by the registry pages) lists it:
`from lindung.registry.imports.nav import NAV as IMPORT_NAV` and `NAV = [..., *IMPORT_NAV]`."""

from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import Role
from lindung.web.nav import NavItem

NAV = [
    NavItem(
        label=_("Import"),
        url_name="registry:import",
        roles=(Role.ADMIN, Role.BRANCH_OFFICER, Role.EMPLOYER),
        order=60,
    ),
]
