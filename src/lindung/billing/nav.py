from django.utils.translation import gettext_lazy as _

from lindung.web.nav import NavItem

NAV = [
    NavItem(
        _("Invoices"),
        "billing:invoice_list",
        ("admin", "branch_officer", "auditor", "employer", "worker"),
        40,
    ),
    NavItem(_("Payments"), "billing:payment_list", ("admin", "branch_officer", "auditor", "employer"), 41),
    NavItem(_("Payers"), "billing:payer_list", ("admin", "branch_officer", "auditor"), 42),
    NavItem(_("Billing runs"), "billing:run_list", ("admin", "branch_officer", "auditor"), 44),
    NavItem(_("Arrears ageing"), "billing:ageing", ("admin", "branch_officer", "auditor", "employer"), 45),
    NavItem(_("Workers file"), "billing:sipp", ("admin", "branch_officer", "auditor", "employer"), 46),
    NavItem(_("JHT balance"), "billing:jht_home", ("admin", "branch_officer", "auditor", "worker"), 43),
]
