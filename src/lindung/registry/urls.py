from django.urls import include, path

app_name = "registry"

urlpatterns = [
    path("import/", include("lindung.registry.imports.urls")),
]
