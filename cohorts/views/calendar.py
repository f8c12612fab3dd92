"""Calendar feeds: one per cohort for staff, and a private, revocable address per person."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from nasenco.access import object_or_404

from .. import services
from ..calendar import build_calendar, cohort_dates, personal_dates
from ..models import CalendarFeed
from ..selectors import FEED_HISTORY, calendar_days_for, get_cohort_for, is_provider_staff, timetable_of


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
@login_required
def cohort_calendar(request, pk):
    cohort = get_cohort_for(request.user, pk)
    days = timetable_of(cohort).select_related("cohort__provider")
    content = build_calendar(
        days, name=f"{cohort.name} {cohort.academic_year}", dates_due=cohort_dates(cohort), staff=True
    )
    return _ics(content, f"cohort-{cohort.pk}.ics")


@require_GET
@login_required
def my_calendar(request):
    feed = services.calendar_feed_for(request.user)
    url = settings.SITE_URL + reverse("cohorts:calendar-feed", kwargs={"token": feed.token})
    return render(request, "cohorts/my_calendar.html", {"feed_url": url, "feed": feed})


@require_POST
@login_required
def my_calendar_renew(request):
    services.calendar_feed_renew(request.user)
    messages.success(
        request,
        "You have a new calendar address. The old one no longer works: subscribe again with the new one.",
    )
    return redirect("cohorts:my-calendar")


@require_GET
def calendar_feed(request, token):
    """The private feed itself: calendar apps cannot sign in, so the unguessable address is the key."""
    feed = object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    days = calendar_days_for(feed.user, since=timezone.localdate() - FEED_HISTORY)
    content = build_calendar(
        days,
        name=f"{settings.SITE_NAME} — your dates",
        dates_due=personal_dates(feed.user),
        staff=is_provider_staff(feed.user),
    )
    return _ics(content, "nasenco.ics")
