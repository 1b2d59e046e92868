from django.utils.translation import gettext_lazy as _

from lindung.sponsorship.views import PLANNERS as SPONSORSHIP
from lindung.web.nav import NavItem

NAV = [
    NavItem(
        label=_("Sponsored programmes"), url_name="sponsorship:programme_list", roles=SPONSORSHIP, order=50
    ),
    NavItem(label=_("Planner"), url_name="sponsorship:planner", roles=SPONSORSHIP, order=51),
]
