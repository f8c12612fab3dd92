"""Every operation of the records API's document × tokens of two providers and of each scope: the API's part
of the access matrix. A's token reads A's rows; B's token gets 404 for them (and none of them in its lists);
a token without the operation's scope (its ``x-scope``) gets 403; no token gets 401. Writes change nothing
when refused."""

import json

import pytest
from django.db import transaction

from api.docs import document
from api.models import Scope
from assessment.models import Award, Submission
from cohorts.models import ActivityEntry, Attendance, Cohort, Programme
from enrolment.models import Enrolment

from .helpers import bearer, records, token

pytestmark = pytest.mark.django_db
# Each list's rows that are a provider's own, straight from the models (not through the API's selectors).
OWN = {
    "programmes": lambda provider: Programme.objects.filter(provider=provider),
    "cohorts": lambda provider: Cohort.objects.filter(provider=provider),
    "places": lambda provider: Enrolment.objects.filter(cohort__provider=provider),
    "attendance": lambda provider: Attendance.objects.filter(day__cohort__provider=provider),
    "marks": lambda provider: Submission.objects.filter(enrolment__cohort__provider=provider),
    "awards": lambda provider: Award.objects.filter(enrolment__cohort__provider=provider),
    "activity": lambda provider: ActivityEntry.objects.filter(provider=provider),
}
OPERATIONS = [(method, path) for path, item in document()["paths"].items() for method in item]


def _call(client, method, path, made, text):
    place, day = made["places"][0], made["day"]
    url = path.replace("{cohort_id}", str(place.cohort_id)).replace("{place_id}", str(place.pk))
    headers = bearer(text) if text else {}
    if method == "get":
        return client.get(url, **headers)
    body = {"student_number": "S1"} if "place" in path else {"day": day.pk, "place": place.pk, "status": "late"}
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **headers)


def _written(made) -> tuple:
    place = Enrolment.objects.get(pk=made["places"][0].pk)
    marks = tuple(Attendance.objects.order_by("pk").values_list("status", flat=True))
    return place.student_number, marks


def test_the_document_lists_every_operation_with_its_scope():
    assert len(OPERATIONS) == 11
    for path, item in document()["paths"].items():
        for method, operation in item.items():
            assert operation.get("x-scope") in Scope.values, (method, path)
            assert {"200", "401", "403", "404", "429"} <= set(map(str, operation["responses"])), (method, path)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m.upper()} {p}" for m, p in OPERATIONS])
def test_operation(client, cast, method, path):
    made = records(cast.cohort_a1)
    records(cast.cohort_b1)  # B's lists have rows of their own
    needed = document()["paths"][path][method]["x-scope"]
    tokens = {
        "none": "",
        "a": token(cast.provider_a),
        "b": token(cast.provider_b),
        **{f"a:{scope}": token(cast.provider_a, [scope], name=scope) for scope in Scope.values},
    }
    expected = {"none": 401, "a": 200, "b": 404 if "{" in path or method != "get" else 200}
    expected |= {f"a:{scope}": 200 if scope == needed else 403 for scope in Scope.values}
    wrong = []
    for who, text in tokens.items():
        with transaction.atomic():
            before = _written(made)
            response = _call(client, method, path, made, text)
            if response.status_code != expected[who]:
                wrong.append(f"{who}: {response.status_code}, expected {expected[who]}: {response.content[:200]}")
            elif expected[who] != 200 and _written(made) != before:
                wrong.append(f"{who}: refused but wrote")
            if who == "b" and response.status_code == 200:
                theirs = set(OWN[path.rsplit("/", 1)[-1]](cast.provider_b).values_list("pk", flat=True))
                leaked = [item["id"] for item in response.json()["items"] if item["id"] not in theirs]
                if leaked:
                    wrong.append(f"b read rows that are not B's: {leaked}")
            transaction.set_rollback(True)
    assert not wrong, f"{method.upper()} {path}:\n" + "\n".join(wrong)
