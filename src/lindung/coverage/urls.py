from django.urls import path

from lindung.coverage import views

app_name = "coverage"

urlpatterns = [
    path("population/", views.population_list, name="population"),
    path("population/import/", views.population_import, name="population_import"),
    path(
        "population/import/template.csv", views.population_import_template, name="population_import_template"
    ),
]
