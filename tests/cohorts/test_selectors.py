import pytest

from cohorts.selectors import cohorts_visible_to, get_cohort_for
from tests import factories

pytestmark = pytest.mark.django_db


def test_admin_sees_all_of_their_providers_cohorts_and_nothing_else(cast):
    assert set(cohorts_visible_to(cast.admin_a)) == {cast.cohort_a1, cast.cohort_a2}
    assert set(cohorts_visible_to(cast.admin_b)) == {cast.cohort_b1}


def test_tutor_sees_only_the_cohorts_they_teach(cast):
    assert list(cohorts_visible_to(cast.tutor_a1)) == [cast.cohort_a1]


def test_participants_and_strangers_see_no_staff_cohorts(cast):
    assert not cohorts_visible_to(cast.participant_a1).exists()
    assert not cohorts_visible_to(factories.UserFactory()).exists()


def test_tutor_teaching_at_two_providers_sees_both_without_duplicates(cast):
    cast.cohort_b1.tutors.add(cast.tutor_a1)
    visible = list(cohorts_visible_to(cast.tutor_a1))
    assert sorted(c.name for c in visible) == ["A1", "B1"]


def test_tutor_may_read_but_not_change_a_cohort(cast):
    from django.core.exceptions import PermissionDenied

    assert get_cohort_for(cast.tutor_a1, cast.cohort_a1.pk) == cast.cohort_a1
    with pytest.raises(PermissionDenied):
        get_cohort_for(cast.tutor_a1, cast.cohort_a1.pk, write=True)
    assert get_cohort_for(cast.admin_a, cast.cohort_a1.pk, write=True) == cast.cohort_a1


@pytest.mark.parametrize("pk", ["not-a-number", None, 10**9])
def test_lookups_of_nonsense_are_not_found(cast, pk):
    from django.http import Http404

    with pytest.raises(Http404):
        get_cohort_for(cast.admin_a, pk)
