from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "lindung.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
