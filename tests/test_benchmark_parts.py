"""The benchmark's own parts: the floors it measures against, and how it marks a target met."""

import pytest
from django.test import override_settings

from tests import factories
from tests.benchmarks import report


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.benchmarks.urls")
def test_the_floors_go_through_the_same_sign_in_and_list_the_rows_asked_for(client, django_assert_num_queries):
    for _ in range(3):
        factories.EnrolmentFactory()
    assert client.get("/bench/floor/").status_code == 302  # signed-in pages only, as the portal's
    client.force_login(factories.UserFactory())
    assert client.get("/bench/floor/").status_code == 200
    response = client.get("/bench/floor/2/")
    assert response.content.decode().count("<tr><td>") == 2
    assert client.get("/bench/floor/501/").status_code == 404
    assert client.get("/").status_code == 200  # the portal's own pages are all still there


def _results(page_small, page_full, floor_small, floor_full, queries=(5, 5)):
    item = ("a@x", "A page", "/a/", 10)
    floor = ("a@x", "Floor: bare 10-row table", "/bench/floor/10/", 10)
    return {
        size: {
            "items": [item],
            "floor_items": [floor],
            "pages": {("a@x", "A page"): {"median": page, "queries": q}},
            "floors": {("a@x", "Floor: bare 10-row table"): {"median": fl, "queries": 5}},
        }
        for size, page, fl, q in (
            ("small", page_small, floor_small, queries[0]),
            ("full", page_full, floor_full, queries[1]),
        )
    }


@pytest.mark.parametrize(
    ("numbers", "growth", "queries", "ratio"),
    [
        ((20, 21, 10, 10), True, True, True),  # 1.05× against a flat floor
        ((20, 24, 10, 12), True, True, True),  # the floor grew as much: the machine, not the page
        ((20, 30, 10, 10), False, True, True),
        ((20, 40, 10, 10), False, True, False),  # and 4× the floor
    ],
)
def test_a_page_is_marked_against_the_floor_with_the_same_rows(numbers, growth, queries, ratio):
    lines, tally = report._page_rows(_results(*numbers))
    assert (tally["growth"], tally["queries"], tally["ratio"]) == (int(growth), int(queries), int(ratio))
    assert lines[2].startswith("| a | A page | 10 | 5 / 5 |")


def test_a_query_count_that_grows_is_not_met():
    _, tally = report._page_rows(_results(20, 20, 10, 10, queries=(5, 6)))
    assert tally["queries"] == 0


@pytest.mark.django_db
def test_the_dfe_sync_bench_reads_every_application_over_http(settings):
    from tests.benchmarks import dfe as dfe_bench

    settings.DFE_PAGE_SIZE = 1000
    found = dfe_bench._once(50)
    assert found["stored"] == 50 and found["s"] > 0
    assert found["requests"] == 5  # one page of each of the five kinds
