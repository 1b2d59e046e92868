from django.urls import path

from lindung.sponsorship.views import beneficiaries, imports, planner, programmes

app_name = "sponsorship"

urlpatterns = [
    path("", programmes.programme_list, name="programme_list"),
    path("sponsors/new/", programmes.sponsor_new, name="sponsor_new"),
    path("programmes/new/", programmes.programme_new, name="programme_new"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/renew/", programmes.programme_renew_page, name="programme_renew"),
    path("programmes/<int:pk>/statement/", programmes.statement_page, name="statement"),
    path("programmes/<int:pk>/statement/issue/", programmes.statement_issue, name="statement_issue"),
    path("programmes/<int:pk>/beneficiaries/", beneficiaries.beneficiary_list, name="beneficiary_list"),
    path("programmes/<int:pk>/import/", imports.import_new, name="import_new"),
    path("beneficiaries/<int:pk>/exit/", beneficiaries.exit_page, name="beneficiary_exit"),
    path("beneficiaries/<int:pk>/hand-over/", beneficiaries.hand_over_page, name="beneficiary_hand_over"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/jobs/<int:pk>/", imports.import_job, name="import_job"),
    path("planner/", planner.planner, name="planner"),
]
