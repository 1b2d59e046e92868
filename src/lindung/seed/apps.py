from django.apps import AppConfig


class SeedConfig(AppConfig):
    name = "lindung.seed"
    label = "seed"
    verbose_name = "Demo data that reproduces the seed report"
