from django.urls import path

from lindung.registry.imports import views

# Included by registry/urls.py under /registry/import/ (namespace "registry").
urlpatterns = [
    path("", views.import_start, name="import"),
    path("<int:job_id>/", views.import_job, name="import_job"),
    path("<int:job_id>/report.<str:fmt>", views.import_report, name="import_report"),
    path("template/<str:kind>.<str:fmt>", views.import_template, name="import_template"),
]
