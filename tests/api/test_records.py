"""The records API: a provider's own rows, by token and scope, paged for incremental sync, every call logged."""

import datetime as dt
import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api import services
from api.models import Scope, Token
from cohorts.models import ActivityEntry, Attendance
from enrolment.models import Enrolment
from tests import factories

from .helpers import bearer, records, token

pytestmark = pytest.mark.django_db
LISTS = ["programmes", "cohorts", "places", "attendance", "marks", "awards", "activity"]


def get(client, path, text, **params):
    return client.get(f"/api/v1/{path}", params, **bearer(text))


def test_a_token_reads_its_own_providers_records_and_nothing_of_anothers(client, cast):
    mine = records(cast.cohort_a1)["places"][0]
    theirs = records(cast.cohort_b1)["places"][0]
    text = token(cast.provider_a, by=cast.admin_a)
    for path in LISTS:
        response = get(client, path, text)
        assert response.status_code == 200, (path, response.content)
        body = json.dumps(response.json())
        assert cast.cohort_b1.name not in body and theirs.participant.email not in body, path
    places = get(client, "places", text).json()["items"]
    assert [p["id"] for p in places] == [
        e.pk for e in Enrolment.objects.filter(provider=cast.provider_a).order_by("updated", "pk")
    ]
    assert get(client, f"places/{mine.pk}", text).status_code == 200
    assert get(client, f"places/{theirs.pk}", text).status_code == 404  # another provider's place is not there
    assert get(client, f"cohorts/{cast.cohort_b1.pk}", text).status_code == 404


def test_a_place_carries_the_statutory_answer_every_page_shows(client, cast):
    place = records(cast.cohort_a1)["places"][0]
    place.refresh_from_db()
    item = get(client, f"places/{place.pk}", token(cast.provider_a)).json()
    today = timezone.localdate()
    assert item["statutory"]["status"] == place.deadline_status(today).value
    assert item["statutory"]["status_label"] == place.deadline_status(today).label
    assert item["statutory"]["deadline"] == (place.statutory_deadline.isoformat() if place.statutory_deadline else None)
    assert item["participant"]["email"] == place.participant.email


def test_marks_carry_each_criterions_mark_and_band(client, cast):
    made = records(cast.cohort_a1)
    items = get(client, "marks", token(cast.provider_a, [Scope.READ_MARKS])).json()["items"]
    assert len(items) == 1
    mark = items[0]
    assert (mark["mark"], mark["band"], mark["passed"]) == (65, "Merit", True)
    assert mark["component"]["id"] == made["component"].pk
    assert {c["band"] for c in mark["criteria"]} == {"Merit"} and all(c["mark"] == 65 for c in mark["criteria"])


@pytest.mark.parametrize(
    ("scopes", "path", "expected"),
    [
        ([Scope.READ_MARKS], "places", 403),
        ([Scope.READ_RECORDS], "marks", 403),
        ([Scope.READ_RECORDS], "places", 200),
        ([Scope.WRITE_ATTENDANCE], "attendance", 403),
    ],
)
def test_a_token_does_only_what_its_scopes_allow(client, cast, scopes, path, expected):
    response = get(client, path, token(cast.provider_a, scopes))
    assert response.status_code == expected
    if expected == 403:
        assert "scope" in response.json()["detail"]


def test_a_revoked_expired_or_unknown_token_is_refused_with_a_message(client, cast):
    text = token(cast.provider_a)
    assert get(client, "programmes", text).status_code == 200
    assert get(client, "programmes", text + "x").status_code == 401
    assert get(client, "programmes", "").status_code == 401
    response = client.get("/api/v1/programmes")
    assert response.status_code == 401 and "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    found = Token.objects.get()
    with time_machine.travel(dt.datetime.combine(found.expires_on + dt.timedelta(days=1), dt.time(9), dt.UTC)):
        assert get(client, "programmes", text).status_code == 401
    services.token_revoke(token=found, by=cast.admin_a)
    assert get(client, "programmes", text).status_code == 401


def test_every_call_is_in_the_activity_log_named_by_its_token(client, cast):
    text = token(cast.provider_a, name="Banner nightly")
    get(client, "places", text, limit=5)
    entry = ActivityEntry.objects.filter(action="api.call").get()
    assert entry.provider_id == cast.provider_a.pk
    assert entry.by is None and entry.by_name.startswith("API token “Banner nightly”")
    assert entry.summary == "GET /api/v1/places?limit=5"
    assert Token.objects.get().last_used_at is not None


def test_too_many_calls_are_answered_429_with_retry_after(client, cast, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    text = token(cast.provider_a)
    codes = [get(client, "programmes", text).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = get(client, "programmes", text)
    assert 1 <= int(response["Retry-After"]) <= 61
    assert "wait" in response.json()["detail"]
    assert get(client, "programmes", token(cast.provider_b)).status_code == 200  # another token has its own budget


def test_paging_with_updated_since_is_stable_while_rows_change(client, cast):
    Enrolment.objects.update(updated=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC))  # the cast's places: long ago
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        early = [factories.EnrolmentFactory(cohort=cast.cohort_a1) for _ in range(3)]
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC), tick=False):
        late = [factories.EnrolmentFactory(cohort=cast.cohort_a1) for _ in range(4)]
    text = token(cast.provider_a)
    first = get(client, "places", text, updated_since="2026-03-03T00:00:00Z", limit=2).json()
    assert [p["id"] for p in first["items"]] == [late[0].pk, late[1].pk] and first["next_cursor"]
    # A place read already changes while the registry pages: it comes again at the end, none is skipped.
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, tzinfo=dt.UTC), tick=False):
        services.student_number_set(token=Token.objects.get(), place=late[0], student_number="S123")
    seen, cursor = [p["id"] for p in first["items"]], first["next_cursor"]
    while cursor:
        page = get(client, "places", text, updated_since="2026-03-03T00:00:00Z", limit=2, cursor=cursor).json()
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
    assert seen == [late[0].pk, late[1].pk, late[2].pk, late[3].pk, late[0].pk]
    assert not {e.pk for e in early} & set(seen)
    naive = get(client, "places", text, updated_since="2026-03-03T00:00:00", limit=10).json()
    assert len(naive["items"]) == 4  # a time without a zone is UTC


def test_bad_paging_gets_a_message(client, cast):
    text = token(cast.provider_a)
    response = get(client, "places", text, cursor="not-a-cursor")
    assert response.status_code == 400 and "cursor" in response.json()["detail"]
    response = get(client, "places", text, updated_since="yesterday")
    assert response.status_code == 422 and "updated_since" in response.json()["detail"]
    assert get(client, "places", text, limit=0).status_code == 422
    assert get(client, "places", text, limit=501).status_code == 422


def test_a_registry_sets_a_student_number_and_it_is_logged(client, cast):
    place = records(cast.cohort_a1)["places"][0]
    text = token(cast.provider_a, [Scope.WRITE_PLACES, Scope.READ_RECORDS])
    response = client.patch(
        f"/api/v1/places/{place.pk}", {"student_number": " 2401234 "}, content_type="application/json", **bearer(text)
    )
    assert response.status_code == 200 and response.json()["student_number"] == "2401234"
    place.refresh_from_db()
    assert place.student_number == "2401234"
    entry = ActivityEntry.objects.get(action="api.student-number")
    assert entry.about == place.participant and entry.changes == {"student number": ["", "2401234"]}
    too_long = client.patch(
        f"/api/v1/places/{place.pk}", {"student_number": "9" * 31}, content_type="application/json", **bearer(text)
    )
    assert too_long.status_code == 422 and "student_number" in too_long.json()["detail"]
    other = records(cast.cohort_b1)["places"][0]
    refused = client.patch(
        f"/api/v1/places/{other.pk}", {"student_number": "1"}, content_type="application/json", **bearer(text)
    )
    assert refused.status_code == 404
    other.refresh_from_db()
    assert other.student_number == ""


def test_attendance_from_another_system_is_recorded_as_a_register_is(client, cast):
    made = records(cast.cohort_a1)
    place, day = made["places"][0], cast.cohort_a1.days.order_by("number")[1]
    text = token(cast.provider_a, [Scope.WRITE_ATTENDANCE])
    body = {"day": day.pk, "place": place.pk, "status": "late", "note": "Card swiped at 09:52"}
    response = client.put("/api/v1/attendance", body, content_type="application/json", **bearer(text))
    assert response.status_code == 200, response.content
    assert response.json()["place"] == place.pk and response.json()["status"] == "late"
    row = Attendance.objects.get(day=day, participant=place.participant)
    assert (row.status, row.note, row.recorded_by) == ("late", "Card swiped at 09:52", None)
    entry = ActivityEntry.objects.get(action="register.taken")
    assert entry.by_name.startswith("API token") and entry.about == place.participant
    stranger = factories.EnrolmentFactory(cohort=cast.cohort_a2)
    wrong = {**body, "place": stranger.pk}
    response = client.put("/api/v1/attendance", wrong, content_type="application/json", **bearer(text))
    assert response.status_code == 400 and "cohort" in response.json()["detail"]
    theirs = cast.cohort_b1.days.first()
    response = client.put(
        "/api/v1/attendance", {**body, "day": theirs.pk}, content_type="application/json", **bearer(text)
    )
    assert response.status_code == 404
    response = client.put(
        "/api/v1/attendance", {**body, "status": "here"}, content_type="application/json", **bearer(text)
    )
    assert response.status_code == 422 and "status" in response.json()["detail"]


@pytest.mark.parametrize("path", LISTS)
def test_each_list_takes_the_same_queries_at_two_sizes(client, cast, path):
    text = token(cast.provider_a)

    def count() -> int:
        get(client, path, text)  # warm: the first call of a token is no different, but the cache may be
        with CaptureQueriesContext(connection) as queries:
            assert get(client, path, text).status_code == 200
        return len(queries)

    records(cast.cohort_a1, places=1)
    small = count()
    records(cast.cohort_a1, places=6)
    factories.ProgrammeFactory(provider=cast.provider_a)
    assert count() == small


@pytest.mark.parametrize("bad", ["24\x0001", "line\nbreak"])
def test_control_characters_are_refused_not_stored(client, cast, bad):
    place = records(cast.cohort_a1)["places"][0]
    text = token(cast.provider_a, [Scope.WRITE_PLACES])
    response = client.patch(
        f"/api/v1/places/{place.pk}", {"student_number": bad}, content_type="application/json", **bearer(text)
    )
    assert response.status_code == 422 and "control characters" in response.json()["detail"]
    place.refresh_from_db()
    assert place.student_number == ""


def test_times_at_the_calendars_edge_are_refused_not_a_server_error(client, cast):
    import base64

    text = token(cast.provider_a)
    response = get(client, "places", text, updated_since="0001-01-01T00:00:00+01:00")
    assert response.status_code == 422 and "ISO 8601" in response.json()["detail"]
    forged = base64.urlsafe_b64encode(b'["0001-01-01T00:00:00+01:00", 1]').decode()
    assert get(client, "places", text, cursor=forged).status_code == 400
    huge = base64.urlsafe_b64encode(b'["2027-01-01T00:00:00+00:00", 99999999999999999999]').decode()
    assert get(client, "places", text, cursor=huge).status_code == 400
