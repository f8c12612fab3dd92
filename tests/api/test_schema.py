"""The records API's OpenAPI document is valid 3.1, and every operation, called with inputs generated from the
document (schemathesis, property-based), never fails with a 500 and never answers outside the document."""

import datetime as dt

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from openapi_spec_validator import validate
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.docs import document
from api.models import Token
from api.tokens import digest_of
from nasenco.wsgi import application

from .helpers import ALL, records

pytestmark = pytest.mark.django_db


def test_the_document_is_valid_openapi_3_1(client):
    served = client.get("/api/v1/openapi.json").json()
    assert served["openapi"].startswith("3.1")
    validate(served)
    assert served["paths"] == document()["paths"]


# The document as served; the generated calls go to the WSGI application itself, in this process.
schema = schemathesis.openapi.from_dict(document())
schema.app = application
TOKEN = "nsp_schemath_" + "x" * 43


@schema.auth()
class Bearer:
    """Authentication as the document declares it, so that schemathesis also tries calls without it."""

    def get(self, case, context):
        return TOKEN

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def bearer_token(cast, settings):
    """A's token, with both providers' records there to be read. As Django's test client does, the request
    signals leave the test's database connection open between the generated calls."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    settings.API_REQUESTS_PER_MINUTE = 100_000  # generated calls are many; the limit has its own test
    records(cast.cohort_a1)
    records(cast.cohort_b1)
    Token.objects.create(
        provider=cast.provider_a,
        name="schemathesis",
        prefix="schemath",
        digest=digest_of(TOKEN),
        scopes=ALL,
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    yield TOKEN
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
def test_every_operation_stays_within_its_document(case, bearer_token):
    # Every built-in check but "schema-valid data is accepted": a cursor and a record id are opaque, so a
    # generated one that the document allows (any string, any number) is rightly refused (400, 404).
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
