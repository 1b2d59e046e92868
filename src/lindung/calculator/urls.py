from django.urls import path

from lindung.calculator import views

app_name = "calculator"

urlpatterns = [
    path("", views.simulation, name="simulation"),
]
