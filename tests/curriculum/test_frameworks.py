"""Frameworks as versioned data: DfE's loaded as the provider's own, new versions copied, a delivered version
frozen, and a cohort's coverage report with every statement and its gaps."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cohorts.models import ActivityEntry
from curriculum import selectors, services
from curriculum.models import Framework, Statement

pytestmark = pytest.mark.django_db


def test_dfe_framework_loads_with_areas_and_both_kinds_of_statement(cast):
    framework = services.framework_load(provider=cast.provider_a, by=cast.admin_a)
    assert framework.areas.count() == 8
    assert Statement.objects.filter(area__framework=framework, kind="that").count() == 16
    assert Statement.objects.filter(area__framework=framework, kind="how").count() == 16
    assert "gov.uk/government/publications/national-professional-qualifications-frameworks" in framework.source
    assert ActivityEntry.objects.filter(action="curriculum.framework-loaded", provider=cast.provider_a).exists()
    with pytest.raises(ValidationError, match="already loaded"):
        services.framework_load(provider=cast.provider_a, by=cast.admin_a)
    # Another provider gets its own copy: editing one never touches the other's.
    other = services.framework_load(provider=cast.provider_b, by=cast.admin_b)
    assert other.pk != framework.pk


def test_a_delivered_version_is_frozen_and_a_new_version_can_change(cast, curriculum):
    framework = curriculum.framework
    statement = Statement.objects.filter(area__framework=framework).first()
    with pytest.raises(ValidationError, match="make a new version"):
        services.statement_save(
            framework=framework,
            area=statement.area,
            kind=statement.kind,
            text="New words",
            by=cast.admin_a,
            statement=statement,
        )
    assert Statement.objects.get(pk=statement.pk).text == statement.text
    copy = services.framework_new_version(framework=framework, by=cast.admin_a)
    assert (copy.version, copy.based_on) == (2, framework)
    assert Statement.objects.filter(area__framework=copy).count() == 32
    area = copy.areas.get(number=statement.area.number)
    changed = services.statement_save(
        framework=copy,
        area=area,
        kind="how",
        text="  Lead  a review of provision. ",
        by=cast.admin_a,
        statement=area.statements.get(kind="how", number=1),
    )
    assert changed.text == "Lead a review of provision."
    added = services.statement_save(framework=copy, area=area, kind="that", text="A new idea.", by=cast.admin_a)
    assert added.code == f"{area.number}.3a"
    ours = services.area_add(framework=copy, title="  Our   local offer ", by=cast.admin_a)
    assert (ours.number, ours.title) == (9, "Our local offer")
    with pytest.raises(ValidationError, match="make a new version"):
        services.area_add(framework=framework, title="Too late", by=cast.admin_a)
    # Moving the programme to version 2 carries the mapping over by statement number.
    services.plan_save(
        programme=curriculum.programme,
        framework=copy,
        self_study_minimum_percent=90,
        gates_assessment=True,
        by=cast.admin_a,
    )
    assert {s.area.framework_id for s in curriculum.units.first().statements.all()} == {copy.pk}
    assert Framework.objects.filter(provider=cast.provider_a).count() == 2


def test_coverage_shows_where_each_statement_is_taught_and_flags_gaps(cast, curriculum):
    second_area = Statement.objects.get(area__framework=curriculum.framework, area__number=2, kind="that", number=1)
    services.session_save(plan=curriculum, number=9, statements=[second_area], by=cast.admin_a)
    report = selectors.coverage_of(cast.cohort_a1)
    assert (report["total"], report["covered"], report["gaps"]) == (32, 2, 30)
    first = report["areas"][0]
    rows = {row["statement"].code: row for row in first.rows}
    assert [day.number for day in rows["1.1a"]["days"]] == [1]
    assert len(rows["1.1b"]["units"]) == 10
    assert rows["1.2a"]["gap"] is True
    second = {row["statement"].code: row for row in report["areas"][1].rows}
    assert second["2.1a"]["missing_days"] == [9] and second["2.1a"]["gap"] is True  # A1 has no Day 9

    client_page = _page(cast, "curriculum:coverage", cohort_pk=cast.cohort_a1.pk, user=cast.examiner_a1)
    assert "2 of 32 statements taught" in client_page and "30 gaps" in client_page
    assert "planned but this cohort's timetable has no Day 9" in client_page


def _page(cast, name, *, user, **kwargs):
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


def test_setting_up_a_plan_through_the_pages(client, cast):
    client.force_login(cast.admin_a)
    programme = cast.cohort_a1.programme
    page = client.get(reverse("curriculum:plan", args=[programme.pk])).content.decode()
    assert "has no framework yet" in page
    client.post(reverse("curriculum:load", args=[cast.provider_a.pk]))
    framework = Framework.objects.get(provider=cast.provider_a)
    response = client.post(
        reverse("curriculum:plan", args=[programme.pk]),
        {"framework": framework.pk, "self_study_minimum_percent": 150, "gates_assessment": "on"},
    )
    assert response.status_code == 200 and "less than or equal to 100" in response.content.decode()
    assert not hasattr(programme, "curriculum_plan") or programme.curriculum_plan is None
    # Another provider's framework is not a choice.
    theirs = services.framework_load(provider=cast.provider_b, by=cast.admin_b)
    response = client.post(
        reverse("curriculum:plan", args=[programme.pk]),
        {"framework": theirs.pk, "self_study_minimum_percent": 90, "gates_assessment": "on"},
    )
    assert "Select a valid choice" in response.content.decode()
    client.post(
        reverse("curriculum:plan", args=[programme.pk]),
        {"framework": framework.pk, "self_study_minimum_percent": 80, "gates_assessment": "on"},
    )
    plan = selectors.plan_of(programme)
    assert plan.self_study_minimum_percent == 80
    statements = list(Statement.objects.filter(area__framework=framework, area__number=3).values_list("pk", flat=True))
    client.post(reverse("curriculum:session", args=[programme.pk, 2]), {"statements": statements})
    assert set(plan.sessions.get(number=2).statements.values_list("pk", flat=True)) == set(statements)
    response = client.post(
        reverse("curriculum:unit-add", args=[programme.pk]),
        {
            "title": "Reading: the graduated approach",
            "minutes": 45,
            "link": "lms.example/unit/1",
            "statements": statements[:1],
        },
    )
    assert response.status_code == 302
    unit = plan.units.get()
    assert unit.link == "https://lms.example/unit/1" and unit.statements.count() == 1
    page = client.get(reverse("curriculum:plan", args=[programme.pk])).content.decode()
    assert "Day 2</a>: 4 statements" in page and "Reading: the graduated approach" in page
