from django.urls import path

from . import views

app_name = "curriculum"

urlpatterns = [
    path("", views.home, name="home"),
    path("providers/<int:provider_pk>/load", views.load, name="load"),
    path("frameworks/<int:pk>/", views.framework, name="framework"),
    path("frameworks/<int:pk>/new-version", views.new_version, name="new-version"),
    path("frameworks/<int:pk>/areas/new", views.area_add, name="area-add"),
    path("frameworks/<int:pk>/areas/<int:area_pk>/<str:kind>/new/", views.statement, name="statement-add"),
    path("frameworks/<int:pk>/areas/<int:area_pk>/<str:kind>/<int:statement_pk>/", views.statement, name="statement"),
    path("programmes/<int:programme_pk>/", views.plan, name="plan"),
    path("programmes/<int:programme_pk>/sessions/<int:number>/", views.session, name="session"),
    path("programmes/<int:programme_pk>/units/new/", views.unit, name="unit-add"),
    path("programmes/<int:programme_pk>/units/<int:unit_pk>/", views.unit, name="unit"),
    path("cohorts/<int:cohort_pk>/coverage/", views.coverage, name="coverage"),
    path("cohorts/<int:cohort_pk>/engagement/", views.engagement, name="engagement"),
    path("cohorts/<int:cohort_pk>/imports/<int:pk>/", views.completion_import, name="import"),
    path("self-study/", views.mine, name="mine"),
    path("self-study/<int:unit_pk>", views.mark, name="mark"),
]
