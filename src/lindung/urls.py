"""URLs: the admin, the API, the language switch, and each app's `urls.py` under its label
(the web app's at the root)."""

from importlib import import_module

from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from lindung.api.site import api


def _app_urls() -> list[URLPattern | URLResolver]:
    found: list[URLPattern | URLResolver] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("lindung.") or config.label in {"web", "api"}:
            continue
        try:
            import_module(f"{config.name}.urls")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.urls":
                raise
            continue
        found.append(path(f"{config.label}/", include(f"{config.name}.urls")))
    return found


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    *_app_urls(),
    path("", include("lindung.web.urls")),
]
