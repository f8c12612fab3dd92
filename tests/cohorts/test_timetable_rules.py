"""The pure timetable rules, as a table of cases."""

import datetime as dt

import pytest

from cohorts.timetable import (
    DayPlan,
    check_timetable,
    england_bank_holidays,
    same_weekday_next_year,
    times_overlap,
)

T = dt.time


NINE_THIRTY, HALF_THREE = T(9, 30), T(15, 30)
ORDER = "Sessions must run in order: check both dates."


def day(number, date, start=NINE_THIRTY, end=HALF_THREE, mode="virtual", venue=False, link=True):
    return DayPlan(number, date, start, end, mode, has_venue=venue, has_link=link)


GOOD = [
    day(0, dt.date(2023, 9, 26), T(17), T(18, 30)),
    day(1, dt.date(2023, 10, 5)),
    day(2, dt.date(2023, 11, 9), mode="venue", venue=True, link=False),
    day(3, dt.date(2023, 12, 5)),
]


@pytest.mark.parametrize(
    ("rows", "errors"),
    [
        (GOOD, []),
        (
            [*GOOD[:3], day(3, dt.date(2023, 11, 1))],
            [f"Day 3 (1 November 2023) is before Day 2 (9 November 2023). {ORDER}"],
        ),
        (
            [day(0, dt.date(2023, 10, 6)), day(1, dt.date(2023, 10, 5))],
            [f"Day 1 (5 October 2023) is before Orientation (6 October 2023). {ORDER}"],
        ),
        (
            [day(1, dt.date(2023, 10, 5)), day(2, dt.date(2023, 10, 5))],
            ["Day 2 is on the same date as Day 1. Each session needs its own date."],
        ),
        (
            [day(1, dt.date(2023, 10, 5)), day(1, dt.date(2023, 11, 5))],
            ["Day 1 appears twice. Each session needs its own number."],
        ),
        (
            [day(1, dt.date(2023, 10, 5)), day(3, dt.date(2023, 11, 5))],
            ["Day 2 is missing: number the teaching days 1 to 2 without gaps."],
        ),
        ([day(1, dt.date(2023, 10, 5), T(15), T(9))], ["The end time must be after the start time (15:00)."]),
        (
            [day(1, dt.date(2023, 10, 5), T(15), None)],
            ["Give both a start and an end time, or leave both empty."],
        ),
        ([day(1, None)], ["Enter the date of Day 1."]),
        ([day(None, dt.date(2023, 10, 5))], ["Give the session a number: 0 for orientation, then 1, 2, 3…"]),
        (
            [day(1, dt.date(2023, 10, 5), mode="venue", venue=False)],
            ["Choose the venue for Day 1, or make it a virtual session."],
        ),
        (
            [day(1, dt.date(2023, 10, 5), link=False)],
            ["Add the joining link for Day 1, or make it a venue day."],
        ),
    ],
)
def test_errors(rows, errors):
    verdict = check_timetable(rows)
    assert [p.message for p in verdict.errors] == errors
    assert verdict.ok is (not errors)


def test_errors_point_at_the_row_and_field():
    verdict = check_timetable([*GOOD[:3], day(3, dt.date(2023, 11, 1))])
    assert (verdict.errors[0].row, verdict.errors[0].field) == (3, "date")


def test_sessions_without_times_are_allowed():
    assert check_timetable([day(1, dt.date(2023, 10, 5), None, None)]).ok


def test_weekends_bank_holidays_and_tutor_clashes_are_warnings_not_errors():
    rows = [day(1, dt.date(2024, 3, 29)), day(2, dt.date(2024, 4, 6)), day(3, dt.date(2024, 4, 10))]
    verdict = check_timetable(
        rows,
        bank_holidays=england_bank_holidays([r.date for r in rows]),
        tutor_clashes={2: ["Rachel Morgan also teaches Group 152 (Day 3) on 10 April 2024 at the same time."]},
    )
    assert verdict.ok
    assert [(w.row, w.message) for w in verdict.warnings] == [
        (0, "Day 1 is on Good Friday, a bank holiday in England."),
        (1, "Day 2 falls on a Saturday."),
        (2, "Rachel Morgan also teaches Group 152 (Day 3) on 10 April 2024 at the same time."),
    ]


def test_bank_holidays_are_englands():
    # St Andrew's Day is a Scottish bank holiday, not an English one; the Spring bank holiday is both.
    found = england_bank_holidays([dt.date(2023, 11, 30), dt.date(2024, 5, 27)])
    assert found == {dt.date(2024, 5, 27): "Spring Bank Holiday"}


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((T(9, 30), T(15, 30)), (T(15, 30), T(17)), False),
        ((T(9, 30), T(15, 30)), (T(15), T(17)), True),
        ((None, None), (T(17), T(18)), True),  # an all-day session clashes with anything that day
    ],
)
def test_times_overlap(a, b, overlap):
    assert times_overlap(*a, *b) is overlap


def test_next_year_keeps_the_weekday():
    thursday = dt.date(2023, 10, 5)
    moved = same_weekday_next_year(thursday)
    assert moved == dt.date(2024, 10, 3)
    assert moved.weekday() == thursday.weekday()
