from django.utils.translation import gettext_lazy as _

from lindung.web.nav import NavItem

NAV = [NavItem(label=_("Simulation"), url_name="calculator:simulation", order=90)]
