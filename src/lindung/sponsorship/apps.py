from django.apps import AppConfig


class SponsorshipConfig(AppConfig):
    name = "lindung.sponsorship"
    label = "sponsorship"

    def ready(self) -> None:
        from typing import cast

        from django.db.models import Expression, OuterRef

        from lindung.billing.services.payers import sponsor_programme_lookup_register

        # Billing joins a sponsored membership to its programme's payer inside a subquery on the
        # payers; the membership's beneficiary row (one-to-one) names the programme.
        sponsor_programme_lookup_register(lambda: cast(Expression, OuterRef("beneficiary__programme_id")))
