"""Every page of every role on the national dataset's biggest objects, and the two floors, measured in-process."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

ROUNDS = 5  # the whole list of pages, five times over, so a slow moment of the machine touches every page
PER_ROUND = 5
WARM = 3


def pages() -> list[tuple[str, str, str, int]]:
    """(role's email, label, URL, rows on screen) for every page, on objects the same at both sizes."""
    from django.utils import timezone

    from cohorts.models import Cohort
    from cohorts.selectors import FEED_HISTORY, calendar_days_for
    from cohorts.services import calendar_feed_for
    from nasenco.accounts.models import User

    big = Cohort.objects.get(name="Scale 00000")
    day = big.days.get(number=1)
    component = big.programme.components.order_by("order").first()
    group = Cohort.objects.get(name="Group 152")
    admin, tutor, sixty = "admin@scale-00.example", "tutor.twelve@scale-00.example", "sixty@scale-00.example"
    current = User.objects.get(email="p00004-01@school.example")  # on "Scale 00004", this year's cohort
    feed = calendar_feed_for(current).token
    tutor_feed = calendar_feed_for(User.objects.get(email=tutor)).token
    since = timezone.localdate() - FEED_HISTORY
    in_feed = {
        email: calendar_days_for(User.objects.get(email=email), since=since).count() for email in (current.email, tutor)
    }
    c = f"/cohorts/{big.pk}"
    return [
        ("", "Eligibility check (every open cohort in England)", "/eligibility/", 20),
        ("", "Sign-in page", "/accounts/login/", 1),
        ("", "Calendar feed of a participant this year", f"/cohorts/calendar/{feed}.ics", in_feed[current.email]),
        ("", "Calendar feed of a tutor of 12 cohorts", f"/cohorts/calendar/{tutor_feed}.ics", in_feed[tutor]),
        (admin, "Dashboard", "/", 10),
        (admin, "Cohort list, page 1 of 5", "/cohorts/", 25),
        (admin, "Cohort detail, 25 participants", f"{c}/", 25),
        (admin, "Timetable editor, 8 sessions", f"{c}/edit/", 8),
        (admin, "Applications and places, page 1 of 60", "/applications/", 50),
        (admin, "At risk of missing the deadline", "/applications/at-risk/", 50),
        (admin, "Cohort list as CSV, 25 places", f"/applications/cohort/{big.pk}.csv", 25),
        (admin, "Marking queue, 25 × 4 pieces", f"/assessment/cohort/{big.pk}/marking/", 100),
        (admin, "Exam-board report CSV, 25 × 4", f"/assessment/cohort/{big.pk}/exam-board.csv", 100),
        (admin, "Awards, 25 participants", f"/assessment/cohort/{big.pk}/awards/", 25),
        (admin, "Component settings", f"/assessment/cohort/{big.pk}/settings/{component.pk}/", 10),
        (admin, "Coverage heat-map, 25 × 14 outcomes", f"/portfolio/cohort/{big.pk}/", 25),
        (admin, "Activity log, page 1", "/cohorts/activity/", 50),
        (admin, "Staff", "/cohorts/staff/", 11),
        (admin, "Programmes", "/cohorts/programmes/", 1),
        (admin, "Search for one participant", "/search/?q=Participant+00000-01", 1),
        (admin, "Reminders with tomorrow's preview", "/reminders/", 50),
        (admin, "Reminders sent, page 1", "/reminders/?status=sent", 50),
        (admin, "Messages to a cohort", f"/reminders/messages/cohort/{big.pk}/", 25),
        (tutor, "Dashboard", "/", 12),
        (tutor, "Cohort list", "/cohorts/", 12),
        (tutor, "Register, 25 participants", f"{c}/days/{day.pk}/register/", 25),
        (tutor, "My marking", "/assessment/my-work/", 25),
        (sixty, "Dashboard", "/", 10),
        (sixty, "My programme", "/programme/", 8),
        (sixty, "My portfolio, 60 items", "/portfolio/", 60),
        (sixty, "Learning journal", "/portfolio/journal/", 1),
        (sixty, "Self-evaluation", "/portfolio/self-evaluation/", 14),
        (sixty, "My assessment", "/assessment/", 4),
        (sixty, "My calendar", "/cohorts/calendar/", 8),
        (sixty, "Notifications", "/reminders/notifications/", 5),
        ("examiner@herts.example", "Examiner's home", "/assessment/examiner/", 5),
        ("examiner@herts.example", "Examiner's view of a cohort", f"/assessment/examiner/cohort/{group.pk}/", 10),
        ("daniel.osei@stmarks-lambeth.example", "Mentor: my mentees", "/schools/mentees/", 2),
    ]


def floors(rows: set[int]) -> list[tuple[str, str, str, int]]:
    admin = "admin@scale-00.example"
    return [(admin, "Floor: minimal authenticated page", "/bench/floor/", 0)] + [
        (admin, f"Floor: bare {n}-row table", f"/bench/floor/{n}/", n) for n in sorted(rows)
    ]


def measure(items) -> dict[str, dict]:
    """{(email, label): {median, queries}} for each (email, label, URL, rows): warmed, counted, then timed
    in rounds over the whole list; the median of all its samples."""
    from nasenco.accounts.models import User

    clients, queries, samples = {}, {}, {}
    for email, label, url, _ in items:
        if email not in clients:
            clients[email] = Client()
            if email:
                clients[email].force_login(User.objects.get(email=email))
        queries[(email, label)] = count_queries(clients[email], url)
    for _ in range(ROUNDS):
        for email, label, url, _ in items:
            samples.setdefault((email, label), []).extend(time_page(clients[email], url))
    return {key: {"median": statistics.median(samples[key]), "queries": queries[key]} for key in queries}


def count_queries(client: Client, url: str) -> int:
    for _ in range(WARM):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.get("Location"))
    return len(queries)


def time_page(client: Client, url: str) -> list[float]:
    samples = []
    for _ in range(PER_ROUND):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    return samples
