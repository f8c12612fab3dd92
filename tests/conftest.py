"""Shared fixtures: the fixed cast of the access tests (STYLE.md §19) and a throwaway Redis."""

import datetime as dt
import os
import shutil
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass

import pytest
import time_machine

from cohorts.models import Membership
from nasenco.celery import app as celery_app
from tests import factories

IN_CI = os.environ.get("CI") == "true"


def pytest_configure(config):
    """``NASENCO_TEST_TODAY=2028-02-29`` runs the whole suite as if that were today (the clock still ticks),
    so a test that silently depends on today's date fails in CI long before the day it would."""
    today = os.environ.get("NASENCO_TEST_TODAY")
    if today:
        start = dt.datetime.combine(dt.date.fromisoformat(today), dt.time(9, 0), tzinfo=dt.UTC)
        time_machine.travel(start, tick=True).start()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Every test writes files to its own private folder, never the developer's var/."""
    storage = dict(settings.STORAGES["default"])
    if storage["BACKEND"].endswith("FileSystemStorage"):
        storage["OPTIONS"] = {**storage.get("OPTIONS", {}), "location": str(tmp_path / "private-media")}
        settings.STORAGES = {**settings.STORAGES, "default": storage}


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Each test starts with an empty cache of its own: cached things are keyed by row ids, which repeat from
    one test to the next (and from one run to the next, in a shared Redis)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"test-{uuid.uuid4()}"}
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing is deliberately slow; tests make many accounts, so they use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _broker_not_resting():
    """A broker failure in one test must not make the next skip publishing (nasenco.queue's rest)."""
    from nasenco.queue import broker_rest_end

    broker_rest_end()
    yield
    broker_rest_end()


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in-process in tests, except where a test starts a real worker."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@dataclass
class Cast:
    provider_a: object
    provider_b: object
    cohort_a1: object
    cohort_a2: object
    cohort_b1: object
    admin_a: object
    admin_b: object
    tutor_a1: object
    participant_a1: object
    participant_a2: object
    examiner_a1: object
    mentor_a1: object  # the school-based mentor of participant_a1 (accepted)

    def by_role(self, role: str):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def cast(db) -> Cast:
    """Admin of A, tutor of A1, participants in A1 and A2, admin of B; each cohort has a timetable."""
    provider_a = factories.ProviderFactory(name="Provider A")
    provider_b = factories.ProviderFactory(name="Provider B")
    programme_a = factories.ProgrammeFactory(provider=provider_a)
    cohort_a1 = factories.CohortFactory(programme=programme_a, name="A1")
    cohort_a2 = factories.CohortFactory(programme=programme_a, name="A2")
    cohort_b1 = factories.CohortFactory(programme__provider=provider_b, name="B1")
    for cohort in (cohort_a1, cohort_a2, cohort_b1):
        for number in range(3):
            factories.TeachingDayFactory(cohort=cohort, number=number)
    admin_a = factories.MembershipFactory(provider=provider_a, role=Membership.Role.ADMIN).user
    admin_b = factories.MembershipFactory(provider=provider_b, role=Membership.Role.ADMIN).user
    tutor_a1 = factories.MembershipFactory(provider=provider_a, role=Membership.Role.TUTOR).user
    cohort_a1.tutors.add(tutor_a1)
    participant_a1 = factories.EnrolmentFactory(cohort=cohort_a1).participant
    participant_a2 = factories.EnrolmentFactory(cohort=cohort_a2).participant
    examiner = factories.MembershipFactory(
        provider=provider_a, role=Membership.Role.EXAMINER, ends_on=dt.date.today() + dt.timedelta(days=365)
    )
    examiner.cohorts.add(cohort_a1)
    mentor = factories.MentorshipFactory(enrolment=participant_a1.enrolments.get()).mentor
    return Cast(
        provider_a,
        provider_b,
        cohort_a1,
        cohort_a2,
        cohort_b1,
        admin_a,
        admin_b,
        tutor_a1,
        participant_a1,
        participant_a2,
        examiner.user,
        mentor,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    """A redis-server on ``port`` (no persistence), ready to take connections."""
    process = subprocess.Popen(
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    pytest.fail("redis-server did not start")


def need_redis_server() -> None:
    """Skip without the redis-server binary, except in CI, where it fails."""
    if shutil.which("redis-server") is None:
        if IN_CI:
            pytest.fail("redis-server is required in CI (CI=true) but is not installed.")
        pytest.skip("redis-server is not installed")


@pytest.fixture(scope="session")
def redis_url():
    """A throwaway redis-server on a free port."""
    need_redis_server()
    port = free_port()
    process = start_redis(port)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)
