"""``python -m tests.integration.travelled_celery -A nasenco worker …``: a real Celery worker whose clock
starts where the test's clock is (``NASENCO_TEST_NOW``, ISO 8601) and ticks on, so a suite run as if it
were another day (``NASENCO_TEST_TODAY``) has its workers on that day too."""

import datetime as dt
import os
import sys

import time_machine

if os.environ.get("NASENCO_TEST_NOW"):
    time_machine.travel(dt.datetime.fromisoformat(os.environ["NASENCO_TEST_NOW"]), tick=True).start()

from celery.__main__ import main  # imported after the clock moves, so Celery reads the moved clock

sys.exit(main())
