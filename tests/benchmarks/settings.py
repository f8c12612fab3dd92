"""The portal's settings with the benchmark's floors added to the URLs (for the bench run and gunicorn)."""

from nasenco.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
