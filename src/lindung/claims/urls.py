from django.urls import path

from lindung.claims import views

app_name = "claims"

urlpatterns = [
    path("", views.claim_queue, name="queue"),
    path("mine/", views.my_claims, name="mine"),
    path("new/", views.claim_new, name="new"),
    path("payments/", views.payment_home, name="payments"),
    path("payments/<int:pk>/retry/", views.payment_retry, name="payment_retry"),
    path("payments/files/<int:pk>/", views.batch_detail, name="batch"),
    path("payments/files/<int:pk>/csv/", views.batch_csv, name="batch_csv"),
    path("<str:number>/", views.claim_detail, name="detail"),
    path("<str:number>/documents/", views.claim_documents, name="documents"),
    path("<str:number>/verify/", views.claim_verify, name="verify"),
    path("<str:number>/approve/", views.claim_approve, name="approve"),
    path("<str:number>/reassess/", views.claim_reassess, name="reassess"),
    path("<str:number>/reject/", views.claim_reject, name="reject"),
    path("<str:number>/stop/", views.claim_stop, name="stop"),
    path("<str:number>/release/", views.claim_release, name="release"),
]
