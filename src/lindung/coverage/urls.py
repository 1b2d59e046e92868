from django.urls import path

from lindung.coverage import views

app_name = "coverage"

urlpatterns = [
    path("", views.coverage_dashboard, name="dashboard"),
    path("report.<str:fmt>", views.coverage_report_download, name="report"),
    path("outreach/", views.outreach_list, name="outreach"),
    path("outreach/export.<str:fmt>", views.outreach_export, name="outreach_export"),
    path("population/", views.population_list, name="population"),
    path("population/import/", views.population_import, name="population_import"),
    path(
        "population/import/template.csv", views.population_import_template, name="population_import_template"
    ),
]
