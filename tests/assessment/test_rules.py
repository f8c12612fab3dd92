"""Level 7 marking rules and the award decision, as tables of cases."""

import datetime as dt

import pytest

from assessment.award import Achievements, ComponentResult, decide_award
from assessment.marks import (
    apply_policies,
    band_for,
    check_band,
    check_mark,
    moderation_sample,
    needs_third_marker,
    weighted_mark,
)


@pytest.mark.parametrize(
    ("mark", "band", "passed"),
    [
        (100, "Distinction", True),
        (70, "Distinction", True),
        (69, "Merit", True),
        (60, "Merit", True),
        (59, "Pass", True),
        (50, "Pass", True),
        (49, "Marginal fail", False),
        (40, "Marginal fail", False),
        (39, "Fail", False),
        (0, "Fail", False),
    ],
)
def test_bands(mark, band, passed):
    assert (band_for(mark).label, band_for(mark).passed) == (band, passed)


def test_a_higher_pass_mark_moves_the_pass_band():
    assert band_for(52, pass_mark=55).label == "Marginal fail"
    assert band_for(55, pass_mark=55).label == "Pass"


@pytest.mark.parametrize("mark", [-1, 101, 50.5, "60", None, True])
def test_marks_outside_0_to_100_are_refused(mark):
    with pytest.raises(ValueError, match="whole number from 0 to 100"):
        check_mark(mark)


def test_a_band_that_contradicts_the_mark_is_refused():
    check_band(65, "Merit")
    with pytest.raises(ValueError, match=r"48 is a marginal fail \(40–49\), not a merit"):
        check_band(48, "Merit")


@pytest.mark.parametrize(
    ("criteria", "mark"),
    [([(1, 70), (1, 60)], 65), ([(30, 72), (20, 58), (50, 64)], 65), ([(1, 64), (1, 65)], 65)],  # 64.5 → 65
)
def test_weighted_mark(criteria, mark):
    assert weighted_mark(criteria) == mark


@pytest.mark.parametrize(
    ("raw", "kwargs", "after", "final", "note"),
    [
        (68, {}, 68, 68, None),
        (68, {"attempt": 2}, 68, 50, "capped at the pass mark (50)"),
        (45, {"attempt": 2}, 45, 45, None),  # a failed resubmission is not raised
        (68, {"words": 5500, "word_limit": 5000}, 68, 68, None),  # within 10% tolerance
        (68, {"words": 5501, "word_limit": 5000}, 58, 58, "10 marks deducted"),
        (68, {"words": 6000, "word_limit": 5000, "attempt": 2}, 58, 50, "capped"),
        (5, {"words": 9000, "word_limit": 5000}, 0, 0, "deducted"),  # never below 0
    ],
)
def test_word_count_then_resubmission_cap(raw, kwargs, after, final, note):
    result = apply_policies(raw, **kwargs)
    assert (result.raw, result.after_penalty, result.final) == (raw, after, final)
    assert (note is None and not result.notes) or any(note in n for n in result.notes)


def test_moderation_sample_takes_fails_firsts_boundaries_and_a_share_of_each_marker():
    marks = [(1, 7, 45), (2, 7, 72), (3, 7, 61), (4, 7, 55), (5, 7, 56), (6, 8, 64), (7, 8, 65), (8, 8, 66)]
    sample = moderation_sample(marks, percent=10)
    assert {1, 2, 3} <= sample  # a fail, a distinction, and 61 (within 2 of 60)
    assert len(sample & {6, 7, 8}) == 1  # marker 8 had nothing automatic: one of theirs
    assert moderation_sample(marks, percent=10) == sample  # stable between runs


@pytest.mark.parametrize(
    ("first", "second", "third"),
    [(62, 68, False), (62, 73, True), (52, 48, True), (58, 52, False)],
)
def test_third_marker(first, second, third):
    assert needs_third_marker(first, second) is third


OUTCOMES = ("A1", "A2", "B1", "C1")


def achievements(**overrides):
    base = {
        "components": (ComponentResult("Assignment 1", True, ("A1",)), ComponentResult("Assignment 2", True)),
        "outcomes": OUTCOMES,
        "evidenced": frozenset({"A2", "B1", "C1"}),
        "attendance_percent": 100,
        "minimum_attendance": 100,
        "declaration_verified": True,
        "scope": "full",
        "completed_on": dt.date(2025, 7, 1),
        "statutory_deadline": dt.date(2026, 1, 9),
    }
    return Achievements(**{**base, **overrides})


@pytest.mark.parametrize(
    ("overrides", "awarded", "missing"),
    [
        ({}, True, []),
        (
            {
                "evidenced": frozenset({"A1", "A2", "B1", "C1"}),
                "components": (ComponentResult("Assignment 1", True), ComponentResult("Assignment 2", True)),
            },
            True,
            [],
        ),
        (
            {"components": (ComponentResult("Assignment 1", False, ("A1",)), ComponentResult("Assignment 2", True))},
            False,
            ["Assignment 1: not passed.", "without accepted evidence or a passed component: A1."],
        ),
        (
            {"components": (ComponentResult("Assignment 1", True, ("A1",)), ComponentResult("Assignment 2", None))},
            False,
            ["Assignment 2: not yet marked and released."],
        ),
        ({"attendance_percent": 86}, False, ["Attendance is 86%; the programme requires 100%."]),
        ({"declaration_verified": False}, False, ["headteacher declaration has not been verified"]),
        ({"evidenced": frozenset()}, False, ["A2, B1, C1"]),
    ],
)
def test_award_decision(overrides, awarded, missing):
    decision = decide_award(achievements(**overrides))
    assert decision.awarded is awarded
    for text in missing:
        assert any(text in m for m in decision.missing), decision.missing
    if awarded:
        assert decision.missing == []


def test_award_keeps_the_eyts_scope_and_records_timeliness():
    decision = decide_award(achievements(scope="early_years"))
    assert (decision.scope, decision.in_time) == ("early_years", True)
    late = decide_award(achievements(completed_on=dt.date(2026, 2, 1)))
    assert late.awarded and late.in_time is False


@pytest.mark.parametrize(
    ("mark", "pass_mark", "passed"),
    [(49, 50, False), (50, 50, True), (0, 50, False), (100, 50, True), (39, 40, False), (40, 40, True)],
)
def test_passes_is_the_one_pass_fail_rule(mark, pass_mark, passed):
    from assessment.marks import passes

    assert passes(mark, pass_mark) is passed


@pytest.mark.parametrize(
    ("status", "passed", "may"),
    [
        (None, None, True),  # nothing handed in yet
        ("not_marked", None, False),
        ("marked", False, False),  # a fail not yet released
        ("released", True, False),
        ("released", False, True),  # a released fail opens a new attempt
    ],
)
def test_may_hand_in(status, passed, may):
    from assessment.models import Submission, may_hand_in

    last = None if status is None else Submission(status=status, passed=passed)
    assert may_hand_in(last) is may


def test_a_band_alone_gives_its_usual_mark():
    from assessment.marks import band_for, band_mark

    assert [band_mark(b) for b in ("Distinction", "Merit", "Pass", "Marginal fail", "Fail")] == [75, 65, 55, 45, 35]
    assert all(band_for(band_mark(b)).label == b for b in ("Distinction", "Merit", "Pass", "Marginal fail", "Fail"))
    with pytest.raises(ValueError, match="is not a band"):
        band_mark("Excellent")
