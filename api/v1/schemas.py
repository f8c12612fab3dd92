"""What the API's operations give and take. Field descriptions become the OpenAPI document's."""

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, create_model

# A record's number as the database can hold it: a larger one is refused (422), not a server error.
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


def _printable(value: str) -> str:
    """Text a person could type: PostgreSQL cannot store a NUL, and no control character belongs in a
    student number or a register note (Django's forms refuse them the same way)."""
    if any(ord(ch) < 32 for ch in value):
        raise ValueError("remove the control characters")
    return value


Text = Annotated[str, AfterValidator(_printable)]


class Error(Schema):
    detail: str = Field(description="What went wrong, in a sentence a person can act on.")


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error}


class Programme(Schema):
    id: int
    title: str
    qualification: str = Field(description="nasenco (the National Award) or npqsenco (the NPQ for SENCOs).")
    credits: int
    teaching_days: int


class TeachingDay(Schema):
    id: int
    number: int = Field(description="0 is the orientation session.")
    date: dt.date
    start_time: str | None = Field(pattern=r"^\d\d:\d\d$", description="HH:MM, the time in England.")
    end_time: str | None = Field(pattern=r"^\d\d:\d\d$", description="HH:MM, the time in England.")
    mode: str = Field(description="venue or virtual.")
    venue: str | None


class Cohort(Schema):
    id: int
    programme: int
    name: str
    academic_year: str
    delivery: str
    capacity: int
    status: str = Field(description="draft, open, running or closed.")
    updated: dt.datetime
    teaching_days: list[TeachingDay]


class Participant(Schema):
    id: int
    name: str
    email: str
    trn: str | None = Field(description="Teacher reference number, where the participant gave it.")


class Statutory(Schema):
    """The statutory answer, exactly as every page shows it (SEND Regulations 2014, reg. 49)."""

    status: str = Field(description="on_track, close, at_risk, passed, met, not_required, unknown or not_eligible.")
    status_label: str
    eligible: bool | None = Field(description="Empty: the portal needs to know more (see missing).")
    scope: str = Field(description="full, early_years, or empty.")
    deadline: dt.date | None = Field(description="The date by which the qualification must be held, if any.")
    deadline_required: bool | None
    reasons: list[str]
    missing: list[str]


class Place(Schema):
    id: int
    cohort: int
    participant: Participant
    status: str
    student_number: str
    completed_on: dt.date | None
    updated: dt.datetime
    statutory: Statutory


class PlaceChange(Schema):
    student_number: Text = Field(max_length=30, description="The university's own number for the student.")


class AttendanceRow(Schema):
    id: int
    day: int
    cohort: int
    date: dt.date
    participant: int
    place: int | None = Field(description="The participant's place on the day's cohort; empty for a catch-up.")
    status: str
    note: str
    recorded_at: dt.datetime


class AttendanceIn(Schema):
    day: RecordId
    place: RecordId
    status: Literal["present", "late", "left_early", "absent", "authorised"]
    note: Text = Field("", max_length=200)


class CriterionMark(Schema):
    id: int
    title: str
    weight: int
    mark: int | None
    band: str | None


class Component(Schema):
    id: int
    title: str
    credits: int
    pass_mark: int


class Mark(Schema):
    id: int
    place: int
    component: Component
    attempt: int
    mark: int | None
    band: str | None = Field(description="Distinction, Merit, Pass, Marginal fail or Fail.")
    passed: bool | None
    released_at: dt.datetime
    criteria: list[CriterionMark]


class Award(Schema):
    id: int
    place: int = Field(validation_alias="enrolment_id")
    certificate_number: str
    holder_name: str
    scope: str
    completed_on: dt.date
    in_time: bool | None = Field(description="Held by the statutory deadline; empty when there is none.")
    confirmed_at: dt.datetime


class Activity(Schema):
    id: int
    at: dt.datetime
    by: str = Field(validation_alias="by_name")
    action: str
    summary: str
    object_type: str
    object_id: int | None
    object_label: str
    about: int | None = Field(validation_alias="about_id", description="The participant the entry concerns, if any.")
    changes: dict


def page_of(item):
    """A page of ``item`` (its own named schema in the document): the rows, and the cursor that asks for the
    next page (empty on the last)."""
    return create_model(
        f"{item.__name__}Page",
        __base__=Schema,
        items=(list[item], ...),
        next_cursor=(str | None, Field(description="Pass as cursor for the next page; empty on the last.")),
    )
