from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from . import views

admin.site.site_header = "NASENCO Portal — platform administration"
admin.site.site_title = "NASENCO Portal admin"
# One sign-in page for everyone (throttled by axes): the admin's own login form sends people to it.
admin.site.login = login_required(admin.site.login)

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("nasenco.accounts.urls")),
    path("files/", include("nasenco.files.urls")),
    path("cohorts/", include("cohorts.urls")),
    path("", include("enrolment.urls")),
    path("portfolio/", include("portfolio.urls")),
    path("schools/", include("schools.urls")),
    path("assessment/", include("assessment.urls")),
    path("dfe/", include("dfe.urls")),
    path("curriculum/", include("curriculum.urls")),
    path("reminders/", include("reminders.urls")),
    path("privacy/", include("privacy.urls")),
    path("search/", include("search.urls")),
    path("api/v1/", include("api.v1.urls")),
    path("api/", include("api.urls")),
    path("sso/", include("sso.urls")),
    path("platform-admin/", admin.site.urls),
]

handler400 = "nasenco.views.error_400"
handler403 = "nasenco.views.error_403"
handler404 = "nasenco.views.error_404"
handler500 = "nasenco.views.error_500"
