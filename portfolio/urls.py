from django.urls import path

from . import reflection_views, views

app_name = "portfolio"

urlpatterns = [
    path("", views.my_portfolio, name="mine"),
    path("submit/", views.portfolio_submit, name="submit"),
    path("evidence/new/", views.evidence_edit, name="evidence-create"),
    path("evidence/<int:pk>/", views.evidence_detail, name="evidence"),
    path("evidence/<int:pk>/edit/", views.evidence_edit, name="evidence-edit"),
    path("evidence/<int:pk>/files/<int:file_pk>/", views.evidence_file, name="evidence-file"),
    path("mappings/<int:pk>/review/", views.mapping_review, name="mapping-review"),
    path("p/<int:pk>/", views.portfolio_detail, name="portfolio"),
    path("p/<int:pk>/return/", views.portfolio_return, name="return"),
    path("p/<int:pk>/export/<str:kind>/", views.portfolio_export, name="export"),
    path("cohort/<int:cohort_pk>/", views.cohort_coverage, name="cohort-coverage"),
    path("journal/", reflection_views.journal, name="journal"),
    path("p/<int:pk>/journal/", reflection_views.journal, name="portfolio-journal"),
    path("self-evaluation/", reflection_views.self_evaluation, name="self-evaluation"),
    path("p/<int:pk>/self-evaluation/", reflection_views.self_evaluation, name="portfolio-self-evaluation"),
]
