from django.urls import path

from .views import activity, attendance, calendar, cohorts, setup, staff

app_name = "cohorts"

urlpatterns = [
    path("", cohorts.cohort_list, name="cohort-list"),
    path("new/", cohorts.cohort_create, name="cohort-create"),
    path("<int:pk>/", cohorts.cohort_detail, name="cohort-detail"),
    path("<int:pk>/edit/", cohorts.cohort_edit, name="cohort-edit"),
    path("<int:pk>/duplicate/", cohorts.cohort_duplicate, name="cohort-duplicate"),
    path("<int:pk>/status/", cohorts.cohort_status, name="cohort-status"),
    path("<int:pk>/timetable.pdf", cohorts.cohort_timetable_pdf, name="cohort-timetable-pdf"),
    path("<int:pk>/calendar.ics", calendar.cohort_calendar, name="cohort-calendar"),
    path("<int:pk>/days/<int:day_pk>/register/", attendance.register, name="register"),
    path("<int:pk>/catch-up/", attendance.catch_up, name="catch-up"),
    path("<int:pk>/catch-up/<int:booking_pk>/cancel/", attendance.catch_up_cancel, name="catch-up-cancel"),
    path("activity/", activity.activity_log, name="activity"),
    path("staff/", staff.staff_list, name="staff"),
    path("staff/invite/", staff.staff_invite, name="staff-invite"),
    path("staff/invitations/<int:pk>/resend/", staff.invitation_resend, name="invitation-resend"),
    path("staff/invitations/<int:pk>/cancel/", staff.invitation_cancel, name="invitation-cancel"),
    path("staff/<int:pk>/role/", staff.membership_role, name="staff-role"),
    path("staff/<int:pk>/remove/", staff.membership_revoke, name="staff-remove"),
    path("join/<str:token>/", staff.join, name="join"),
    path("settings/", setup.provider_settings, name="provider-settings"),
    path("settings/<int:pk>/", setup.provider_edit, name="provider-edit"),
    path("settings/<int:pk>/logo/", setup.provider_logo, name="provider-logo"),
    path("settings/<int:pk>/partners/", setup.partner_add, name="partner-add"),
    path("venues/", setup.venue_list, name="venue-list"),
    path("venues/new/", setup.venue_edit, name="venue-create"),
    path("venues/<int:pk>/", setup.venue_edit, name="venue-edit"),
    path("programmes/", setup.programme_list, name="programme-list"),
    path("programmes/new/", setup.programme_edit, name="programme-create"),
    path("programmes/<int:pk>/", setup.programme_edit, name="programme-edit"),
    path("calendar/", calendar.my_calendar, name="my-calendar"),
    path("calendar/renew/", calendar.my_calendar_renew, name="my-calendar-renew"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
]
