from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "lindung.claims"
    label = "claims"
