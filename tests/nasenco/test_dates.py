"""The shared date helpers, at their boundaries."""

import datetime as dt

import pytest

from nasenco.dates import add_months, long_date

D = dt.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2027, 8, 31), -6, D(2027, 2, 28)),  # clamped to the month's end
        (D(2028, 8, 31), -6, D(2028, 2, 29)),  # a leap year
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2023, 11, 15), 15, D(2025, 2, 15)),  # across a year end
        (D(2023, 3, 1), 0, D(2023, 3, 1)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "text"),
    [(D(2023, 10, 5), "5 October 2023"), (D(2028, 2, 29), "29 February 2028"), (D(2027, 8, 31), "31 August 2027")],
)
def test_long_date(day, text):
    assert long_date(day) == text
