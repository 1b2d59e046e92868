from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "lindung.registry"
    label = "registry"
    verbose_name = "Registry"
