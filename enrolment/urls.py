from django.urls import path

from .views import applications, declaration, eligibility, imports, pipeline, programme, provider_settings

app_name = "enrolment"

urlpatterns = [
    path("programme/", programme.my_programme, name="my-programme"),
    path("eligibility/", eligibility.eligibility_check, name="eligibility"),
    path("apply/", applications.apply, name="apply"),
    path("apply/<int:cohort_pk>/", applications.application, name="application"),
    path("applications/", pipeline.application_list, name="pipeline"),
    path("applications/bulk/", pipeline.application_bulk, name="pipeline-bulk"),
    path("applications/at-risk/", pipeline.at_risk_list, name="at-risk"),
    path("applications/<int:pk>/", pipeline.application_detail, name="pipeline-detail"),
    path("applications/<int:pk>/state", pipeline.application_transition, name="pipeline-transition"),
    path("applications/<int:pk>/transfer", pipeline.application_transfer, name="pipeline-transfer"),
    path("applications/<int:pk>/declaration/verify", pipeline.declaration_verify, name="declaration-verify"),
    path("applications/<int:pk>/declaration/reject", pipeline.declaration_reject, name="declaration-reject"),
    path("applications/<int:pk>/declaration/resend", pipeline.declaration_resend, name="declaration-resend"),
    path("applications/<int:pk>/declaration", pipeline.declaration_scan, name="declaration-scan"),
    path("applications/clauses/<int:provider_pk>/", provider_settings.declaration_clauses, name="declaration-clauses"),
    path("applications/cohort/<int:cohort_pk>/import/", imports.import_upload, name="import"),
    path("applications/import/<int:pk>/", imports.import_preview, name="import-preview"),
    path("applications/import/<int:pk>/confirm/", imports.import_confirm, name="import-confirm"),
    path("applications/cohort/<int:cohort_pk>.csv", pipeline.cohort_csv, name="cohort-csv"),
    path("declaration/<str:token>/", declaration.declaration, name="declaration"),
    path("declaration/<str:token>/form.pdf", declaration.declaration_pdf, name="declaration-pdf"),
]
