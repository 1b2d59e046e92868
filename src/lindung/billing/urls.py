from django.urls import path

from lindung.billing.views import invoices, jht, payments, reports, runs, sipp

app_name = "billing"

urlpatterns = [
    path("invoices/", invoices.invoice_list, name="invoice_list"),
    path("invoices/<int:pk>/", invoices.invoice_detail, name="invoice_detail"),
    path("invoices/<int:pk>/pdf/", invoices.invoice_pdf_download, name="invoice_pdf"),
    path("payments/", payments.payment_list, name="payment_list"),
    path("payments/new/", payments.payment_new, name="payment_new"),
    path("payments/statement/", payments.statement_upload, name="statement_upload"),
    path("payers/", payments.payer_list, name="payer_list"),
    path("payers/<int:pk>/", payments.payer_detail, name="payer_detail"),
    path("runs/", runs.run_list, name="run_list"),
    path("runs/<int:pk>/", runs.run_detail, name="run_detail"),
    path("runs/job/<int:pk>/", runs.run_job, name="run_job"),
    path("ageing/", reports.ageing_report, name="ageing"),
    path("workers-file/", sipp.sipp_page, name="sipp"),
    path("jht/", jht.jht_home, name="jht_home"),
    path("jht/<str:nik>/", jht.jht_statement, name="jht_statement"),
    path("jht/<str:nik>/pdf/", jht.jht_statement_pdf_download, name="jht_statement_pdf"),
]
