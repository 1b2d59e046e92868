from django.urls import include, path

from lindung.registry import views

app_name = "registry"

urlpatterns = [
    path("import/", include("lindung.registry.imports.urls")),
    path("me/", views.me, name="me"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_new, name="person_new"),
    path("people/<str:nik>/", views.person, name="person"),
    path("people/<str:nik>/edit/", views.person_edit, name="person_edit"),
    path("people/<str:nik>/enrol/", views.membership_new, name="membership_new"),
    path("memberships/<int:pk>/change/", views.membership_change_page, name="membership_change"),
    path("memberships/<int:pk>/end/", views.membership_end_page, name="membership_end"),
    path("memberships/<int:pk>/switch/", views.membership_switch_page, name="membership_switch"),
    path("employers/", views.employers, name="employers"),
    path("employers/new/", views.employer_new, name="employer_new"),
    path("employers/<str:npp>/", views.employer, name="employer"),
    path("employers/<str:npp>/edit/", views.employer_edit, name="employer_edit"),
    path("employers/<str:npp>/enrol/", views.employer_enrol_worker, name="employer_enrol"),
    path("projects/", views.projects, name="projects"),
    path("projects/new/", views.project_new, name="project_new"),
    path("projects/<str:code>/", views.project, name="project"),
]
