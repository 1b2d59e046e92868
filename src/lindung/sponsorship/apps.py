from django.apps import AppConfig


class SponsorshipConfig(AppConfig):
    name = "lindung.sponsorship"
    label = "sponsorship"
