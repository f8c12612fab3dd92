"""A fresh process, as a newly started web or Celery worker: render one document and report time and memory.

python -m tests.benchmarks.fresh certificate AWARD_ID [--warmed]
python -m tests.benchmarks.fresh portfolio PORTFOLIO_ID

Prints one JSON line: first render ms, warm median ms (certificate), peak resident MiB of the process.
"""

import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.settings")

import django

django.setup()


def _peak_mib() -> float:
    """This process's own high-water mark of resident memory. Not getrusage's ru_maxrss: Linux carries
    that over from the process that started this one (the benchmark, holding the national dataset)."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def main(kind: str, pk: int, warmed: bool) -> dict:
    if warmed:  # what deploy/gunicorn.conf.py and the Celery worker do when a worker starts
        from nasenco.warm import worker_ready

        worker_ready()
    if kind == "certificate":
        from assessment.documents import certificate_pdf
        from assessment.models import Award

        award = Award.objects.select_related("enrolment__cohort__provider", "enrolment__participant").get(pk=pk)
        render = lambda: certificate_pdf(award)  # noqa: E731
    else:
        from portfolio.exports import portfolio_pdf
        from portfolio.models import Portfolio

        portfolio = Portfolio.objects.select_related("enrolment__participant", "enrolment__cohort").get(pk=pk)
        render = lambda: portfolio_pdf(portfolio)  # noqa: E731
    start = time.perf_counter()
    pdf = render()
    first = (time.perf_counter() - start) * 1000
    warm = []
    for _ in range(5 if kind == "certificate" else 0):
        start = time.perf_counter()
        render()
        warm.append((time.perf_counter() - start) * 1000)
    return {
        "first_ms": first,
        "warm_ms": statistics.median(warm) if warm else None,
        "kib": len(pdf) / 1024,
        "peak_mib": _peak_mib(),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), "--warmed" in sys.argv)))
