from django.utils.translation import gettext_lazy as _

from lindung.coverage.selectors import READERS
from lindung.web.nav import NavItem

NAV = [NavItem(label=_("Population figures"), url_name="coverage:population", roles=READERS, order=60)]
