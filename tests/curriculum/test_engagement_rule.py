"""The engagement rule: exact shares against both thresholds, with what is short in plain words."""

import pytest

from curriculum.engagement import Engagement


@pytest.mark.parametrize(
    ("attended", "days", "done", "units", "met", "short"),
    [
        (9, 10, 9, 10, True, []),
        (26, 29, 10, 10, False, ["sessions attended: 26 of 29 (89%), 90% needed"]),  # 89.7%: below, not rounded up
        (27, 29, 10, 10, True, []),
        (10, 10, 8, 10, False, ["self-study completed: 8 of 10 units (80%), 90% needed"]),
        (
            0,
            10,
            0,
            10,
            False,
            ["sessions attended: 0 of 10 (0%), 90% needed", "self-study completed: 0 of 10 units (0%), 90% needed"],
        ),
        (10, 10, 0, 0, True, []),  # no self-study in the programme: only sessions count
    ],
)
def test_engagement_against_thresholds(attended, days, done, units, met, short):
    engagement = Engagement(
        attended=attended, days=days, attendance_minimum=90, units_done=done, units=units, self_study_minimum=90
    )
    assert engagement.met is met
    assert engagement.reasons == short
    assert (engagement.refusal() == "") is met
    if not met:
        assert engagement.refusal().startswith("You can hand in once your engagement meets")
