from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import Role
from lindung.coverage.selectors import READERS
from lindung.web.nav import NavItem

COVERAGE_READERS = (Role.ADMIN, Role.AUDITOR, Role.BRANCH_OFFICER, Role.SPONSOR_OFFICER)

NAV = [
    NavItem(label=_("Coverage"), url_name="coverage:dashboard", roles=COVERAGE_READERS, order=58),
    NavItem(label=_("Population figures"), url_name="coverage:population", roles=READERS, order=60),
]
