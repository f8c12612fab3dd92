"""The records API, version 1: a provider's own programmes, cohorts, places, attendance, released marks,
awards and activity, for a university's student-records system. Thin: reads come from api.selectors, writes
go through api.services, and every read starts from the calling token's provider (another's rows are 404).

The OpenAPI 3.1 document is generated from these operations (/api/v1/openapi.json) and read on
/api/v1/docs/."""

import datetime as dt
import functools

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid
from pydantic import field_validator

from assessment.marks import band_for
from enrolment.choices import DeadlineStatus

from .. import selectors, services
from ..models import Scope, Token
from . import schemas as s
from .auth import BearerToken, RateLimited, needs
from .paging import DEFAULT_LIMIT, MAX_LIMIT, page, since

api = NinjaAPI(
    title="NASENCO Portal records API",
    version="1",
    description=(
        "A provider's own records for its university's student-records system. Authenticate with a bearer token "
        "your provider's admin creates (Settings → API tokens and webhooks); each token has scopes and an "
        "expiry. Lists are paged by cursor and take `updated_since` for incremental sync."
    ),
    urls_namespace="api-v1",
    auth=BearerToken(),
    docs_url=None,
    openapi_url="/openapi.json",
)


class Since(Schema):
    updated_since: dt.datetime | None = s.Field(
        None, description="Only rows changed at or after this time (ISO 8601; without a zone, UTC)."
    )
    cursor: str | None = s.Field(None, description="The next_cursor of the previous page.")
    limit: int = s.Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page.")

    @field_validator("updated_since", mode="before")
    @classmethod
    def iso_only(cls, value):
        """ISO 8601 only: a bare number is not read as seconds since 1970."""
        if value is None:
            return value
        try:
            parsed = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
            return since(parsed).astimezone(dt.UTC)  # one at the edge of the calendar fails here, not in SQL
        except (ValueError, OverflowError):
            raise ValueError("give a date and time in ISO 8601, e.g. 2027-01-31T18:00:00Z") from None


class Paging(Since):
    cohort: s.RecordId | None = s.Field(None, description="Only this cohort's rows.")


def operation(method: str, path: str, response, *, scope: Scope, tag: str = "Records", query=None):
    """Register an operation that answers 200 with ``response`` (or an Error) and needs ``scope``, which the
    document states as ``x-scope`` and the call checks: one statement of each operation's scope. A query
    parameter the operation does not take (``query``: its schema) is refused, so that a misspelt
    ``updated_since`` is not silently a full sync."""
    known = set(query.model_fields) if query else set()

    def decorate(view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            needs(request, scope)
            unknown = sorted(set(request.GET) - known)
            if unknown:
                takes = f"It takes: {', '.join(sorted(known))}." if known else "It takes none."
                raise HttpError(422, f"Unknown query parameter: {', '.join(unknown)}. {takes}")
            return view(request, *args, **kwargs)

        register = getattr(api, method)
        return register(path, response={200: response, **s.ERRORS}, tags=[tag], openapi_extra={"x-scope": scope.value})(
            checked
        )

    return decorate


@api.exception_handler(RateLimited)
def rate_limited(request, exc: RateLimited):
    response = api.create_response(request, {"detail": str(exc)}, status=429)
    response["Retry-After"] = str(exc.seconds)
    return response


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    detail = "Send a valid, unexpired API token as “Authorization: Bearer <token>”."
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(RequestInvalid)
def invalid(request, exc: RequestInvalid):
    problems = [f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in exc.errors]
    return api.create_response(request, {"detail": "; ".join(problems)}, status=422)


@api.exception_handler(ValidationError)
def refused(request, exc: ValidationError):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


def _listed(rows, paging: Paging, *, field: str, cohort: str = "enrolment__cohort_id"):
    """A page of ``rows`` ordered by ``field``; ``cohort`` is the lookup that names a row's cohort."""
    if paging.cohort is not None:
        rows = rows.filter(**{cohort: paging.cohort})
    return page(rows, field=field, updated_since=paging.updated_since, cursor=paging.cursor, limit=paging.limit)


@operation("get", "/programmes", s.page_of(s.Programme), scope=Scope.READ_RECORDS)
def programmes(request):
    """Every programme the provider runs."""
    return {"items": list(selectors.programmes_of(request.auth.provider_id)), "next_cursor": None}


def _hhmm(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _cohort(cohort) -> dict:
    days = [
        {
            "id": d.pk,
            "number": d.number,
            "date": d.date,
            "start_time": _hhmm(d.start_time),
            "end_time": _hhmm(d.end_time),
            "mode": d.mode,
            "venue": d.venue.name if d.venue else None,
        }
        for d in cohort.days.all()
    ]
    return {
        "id": cohort.pk,
        "programme": cohort.programme_id,
        "name": cohort.name,
        "academic_year": cohort.academic_year,
        "delivery": cohort.delivery,
        "capacity": cohort.capacity,
        "status": cohort.status,
        "updated": cohort.updated,
        "teaching_days": days,
    }


@operation("get", "/cohorts", s.page_of(s.Cohort), scope=Scope.READ_RECORDS, query=Paging)
def cohorts(request, paging: Query[Paging]):
    """Cohorts with their teaching days, by when each last changed."""
    rows, cursor = _listed(selectors.cohorts_of(request.auth.provider_id), paging, field="updated", cohort="pk")
    return {"items": [_cohort(c) for c in rows], "next_cursor": cursor}


@operation("get", "/cohorts/{cohort_id}", s.Cohort, scope=Scope.READ_RECORDS)
def cohort(request, cohort_id: s.RecordId):
    return _cohort(get_object_or_404(selectors.cohorts_of(request.auth.provider_id), pk=cohort_id))


def _place(place, today: dt.date) -> dict:
    answer = place.statutory
    status = DeadlineStatus(answer.status_on(today)) if place.eligible is not False else DeadlineStatus.NOT_ELIGIBLE
    person = place.participant
    return {
        "id": place.pk,
        "cohort": place.cohort_id,
        "participant": {"id": person.pk, "name": person.full_name, "email": person.email, "trn": place.trn or None},
        "status": place.status,
        "student_number": place.student_number,
        "completed_on": place.completed_on,
        "updated": place.updated,
        "statutory": {
            "status": status.value,
            "status_label": status.label,
            "eligible": place.eligible,
            "scope": place.award_scope,
            "deadline": place.statutory_deadline,
            "deadline_required": place.deadline_required,
            "reasons": [r["text"] for r in place.reasons + place.deadline_reasons],
            "missing": list(place.missing),
        },
    }


@operation("get", "/places", s.page_of(s.Place), scope=Scope.READ_RECORDS, query=Paging)
def places(request, paging: Query[Paging]):
    """Applications and places with their state and the statutory answer, by when each last changed."""
    rows, cursor = _listed(selectors.places_of(request.auth.provider_id), paging, field="updated", cohort="cohort_id")
    today = timezone.localdate()
    return {"items": [_place(p, today) for p in rows], "next_cursor": cursor}


@operation("get", "/places/{place_id}", s.Place, scope=Scope.READ_RECORDS)
def place(request, place_id: s.RecordId):
    return _place(get_object_or_404(selectors.places_of(request.auth.provider_id), pk=place_id), timezone.localdate())


@operation("patch", "/places/{place_id}", s.Place, scope=Scope.WRITE_PLACES, tag="Writes")
def place_change(request, place_id: s.RecordId, change: s.PlaceChange):
    """Set the university's student number on a place."""
    token: Token = request.auth
    found = get_object_or_404(selectors.places_of(token.provider_id), pk=place_id)
    services.student_number_set(token=token, place=found, student_number=change.student_number)
    return _place(selectors.places_of(token.provider_id).get(pk=place_id), timezone.localdate())


def _attendance(row) -> dict:
    return {
        "id": row.pk,
        "day": row.day_id,
        "cohort": row.day.cohort_id,
        "date": row.day.date,
        "participant": row.participant_id,
        "place": row.place_id,
        "status": row.status,
        "note": row.note,
        "recorded_at": row.recorded_at,
    }


@operation("get", "/attendance", s.page_of(s.AttendanceRow), scope=Scope.READ_RECORDS, query=Paging)
def attendance(request, paging: Query[Paging]):
    """Registers: one row per person per teaching day, by when each was last recorded."""
    rows, cursor = _listed(
        selectors.attendance_of(request.auth.provider_id), paging, field="recorded_at", cohort="day__cohort_id"
    )
    return {"items": [_attendance(a) for a in rows], "next_cursor": cursor}


@operation("put", "/attendance", s.AttendanceRow, scope=Scope.WRITE_ATTENDANCE, tag="Writes")
def attendance_put(request, mark: s.AttendanceIn):
    """Record one person's attendance on a teaching day, as a tutor's register does (a later mark replaces it)."""
    token: Token = request.auth
    day = get_object_or_404(selectors.days_of(token.provider_id), pk=mark.day)
    found = get_object_or_404(selectors.places_of(token.provider_id), pk=mark.place)
    row = services.attendance_put(token=token, day=day, place=found, status=mark.status, note=mark.note)
    return _attendance(selectors.attendance_of(token.provider_id).get(pk=row.pk))


def _mark(submission) -> dict:
    component = submission.component
    given = {str(k): v for k, v in (submission.criterion_marks or {}).items()}
    criteria = [
        {
            "id": c.pk,
            "title": c.title,
            "weight": c.weight,
            "mark": given.get(str(c.pk)),
            "band": band_for(given[str(c.pk)], component.pass_mark).label if given.get(str(c.pk)) is not None else None,
        }
        for c in component.criteria.all()
    ]
    mark = submission.final_mark
    return {
        "id": submission.pk,
        "place": submission.enrolment_id,
        "attempt": submission.attempt,
        "mark": mark,
        "band": band_for(mark, component.pass_mark).label if mark is not None else None,
        "passed": submission.passed,
        "released_at": submission.released_at,
        "criteria": criteria,
        "component": {
            "id": component.pk,
            "title": component.title,
            "credits": component.credits,
            "pass_mark": component.pass_mark,
        },
    }


@operation("get", "/marks", s.page_of(s.Mark), scope=Scope.READ_MARKS, tag="Marks", query=Paging)
def marks(request, paging: Query[Paging]):
    """Released marks per component, with each criterion's mark and band, by when each was released."""
    rows, cursor = _listed(selectors.marks_of(request.auth.provider_id), paging, field="released_at")
    return {"items": [_mark(m) for m in rows], "next_cursor": cursor}


@operation("get", "/awards", s.page_of(s.Award), scope=Scope.READ_RECORDS, query=Paging)
def awards(request, paging: Query[Paging]):
    """Award decisions and their certificates, by when each was confirmed."""
    rows, cursor = _listed(selectors.awards_of(request.auth.provider_id), paging, field="confirmed_at")
    return {"items": rows, "next_cursor": cursor}


@operation("get", "/activity", s.page_of(s.Activity), scope=Scope.READ_RECORDS, query=Since)
def activity(request, paging: Query[Since]):
    """The provider's activity log (who did what), oldest first from ``updated_since``."""
    rows, cursor = page(
        selectors.activity_of(request.auth.provider_id),
        field="at",
        updated_since=paging.updated_since,
        cursor=paging.cursor,
        limit=paging.limit,
    )
    return {"items": rows, "next_cursor": cursor}
