"""Shared state for ``seed_scale``: the national dataset's sizes, and loading rows with PostgreSQL COPY.

The dataset is what one portal would hold if every provider in England ran on it: about 30 providers,
1,500 cohorts, 40,000 participants, 400,000 evidence items, 160,000 submissions and 300,000 emails, with
"small" a tenth of it. The **biggest objects** are the same at both sizes, so a page showing one of them
shows the same rows at both sizes and only the nation's data around it grows:

- Scale provider 00 with 120 cohorts of 25 (3,000 places), the last 10 open for applications;
- its tutor of 12 cohorts (``tutor.twelve@scale-00.example``);
- its cohort "Scale 00000", 25 participants, each with four pieces of work marked;
- the participant ``sixty@scale-00.example`` on that cohort with 60 evidence items.

Every other cohort belongs to one of 29 background providers and is never open, so the public list of open
cohorts is the same at both sizes. Rows are numbered from the cohort's index, so a run is deterministic
(dates count from the academic year the run falls in) and ``full`` after ``small`` adds only the difference.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

SIZES = {"small": 150, "full": 1500}  # cohorts in the dataset
PROVIDERS = 30
BIG_COHORTS = 120  # Scale provider 00's: 3,000 places
BIG_PLACES = 25
TWELVE = 12  # cohorts taught by tutor.twelve
OPEN = 10  # of Scale provider 00's cohorts, taking applications
OPEN_ELSEWHERE = 10  # one in this many of the other providers' cohorts is open too
DAYS = 8  # orientation and seven teaching days
EVIDENCE_EACH = 10
SIXTY = 60
COMPONENTS = 4
EMAILS_EACH = 7  # per place; the first five are reminders


def places_in(index: int) -> int:
    """Participants on the ``index``-th scale cohort: 25 on the big provider's, 25–29 elsewhere."""
    return BIG_PLACES if index < BIG_COHORTS else 25 + index % 5


def is_open(index: int) -> bool:
    """Taking applications: ten of the big provider's cohorts, and one in ten of everyone else's (which, as
    the nation grows, reaches every provider: the public eligibility checker lists them all)."""
    return BIG_COHORTS - OPEN <= index < BIG_COHORTS or (index >= BIG_COHORTS and index % OPEN_ELSEWHERE == 9)


def provider_of(index: int) -> int:
    return 0 if index < BIG_COHORTS else 1 + (index - BIG_COHORTS) % (PROVIDERS - 1)


@dataclass
class Scale:
    size: str
    today: dt.date = field(default_factory=timezone.localdate)
    objects: dict = field(default_factory=dict)  # what earlier apps made, for later ones
    counts: dict = field(default_factory=dict)  # rows added per table

    @property
    def target(self) -> int:
        return SIZES[self.size]

    @property
    def year_start(self) -> dt.date:
        """1 September of the academic year today falls in."""
        year = self.today.year if self.today.month >= 9 else self.today.year - 1
        return dt.date(year, 9, 1)

    def first_day(self, index: int) -> dt.date:
        """Cohorts start over five academic years: the four before this one and this one (the open ones next)."""
        if is_open(index):
            return self.year_start + dt.timedelta(days=365 + 7 * (index % OPEN))
        return self.year_start + dt.timedelta(days=365 * (index % 5 - 4) + 7 * (index % 30))

    def next_ids(self, table: str, n: int) -> range:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608 - our own table names
            start = cursor.fetchone()[0] + 1
        return range(start, start + n)

    def copy(self, table: str, columns: list[str], rows) -> int:
        """Load ``rows`` (tuples in ``columns`` order, ids included) with COPY, then move the id sequence on."""
        quoted = ", ".join(f'"{c}"' for c in columns)
        count = 0
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            if "id" in columns:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
                )
        self.counts[table] = self.counts.get(table, 0) + count
        return count
