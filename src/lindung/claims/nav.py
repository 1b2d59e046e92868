from django.utils.translation import gettext_lazy as _

from lindung.web.nav import NavItem

NAV = [
    NavItem(_("Claims"), "claims:queue", ("admin", "branch_officer", "auditor", "employer"), 50),
    NavItem(_("My claims"), "claims:mine", ("worker",), 50),
    NavItem(_("Benefit payments"), "claims:payments", ("admin", "branch_officer", "auditor"), 51),
]
