"""The portal under gunicorn on loopback: requests/s with wrk, and a web worker's memory around a big upload."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 10  # seconds, for every request the benchmark makes


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def gunicorn(workers: int):
    """gunicorn serving the bench database; yields (base URL, master pid)."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
        "DATABASE_URL": _database_url(),
        "DEBUG": "false",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "gunicorn", "nasenco.wsgi", "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/healthz", timeout=TIMEOUT)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def session_for(email: str) -> str:
    from django.test import Client

    from nasenco.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def cookie_for(email: str) -> str:
    return f"{settings.SESSION_COOKIE_NAME}={session_for(email)}"


def wrk(base: str, url: str, cookie: str, seconds: int = 8) -> float | None:
    """Requests per second over ``seconds`` with 4 connections; None without wrk or if any response failed."""
    if not shutil.which("wrk"):
        return None
    requests.get(base + url, headers={"Cookie": cookie}, timeout=TIMEOUT).raise_for_status()
    out = subprocess.run(
        ["wrk", "-t2", "-c4", f"-d{seconds}s", "-H", f"Cookie: {cookie}", base + url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise AssertionError(f"{url}: wrk saw failed responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def big_pdf(path: Path, megabytes: float) -> Path:
    """A real PDF of about ``megabytes``: a page per 1 MB greyscale image, like a scanned document."""
    side = 1024
    pages = int(megabytes)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None]
    kids = []
    for _ in range(pages):
        image = os.urandom(side * side)
        objects.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (side, side, len(image)) + image + b"\nendstream"
        )
        draw = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
        objects.append(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (len(objects) - 1, len(objects))
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, b" ".join(b"%d 0 R" % k for k in kids))
    with path.open("wb") as out:
        out.write(b"%PDF-1.7\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
        out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return path


def _worker_of(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def _peak_kib(pid: int) -> int:
    """The process's high-water mark of resident memory (VmHWM)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))


def upload_growth(email: str, pdf: Path) -> dict:
    """One web worker: a small upload to warm it, then ``pdf``; how much its peak resident memory grew."""
    from nasenco.files.samples import SMALL_PDF

    with gunicorn(workers=1) as (base, master):
        session = requests.Session()  # keeps the CSRF cookie the form sets
        session.cookies.set(settings.SESSION_COOKIE_NAME, session_for(email))
        worker = _worker_of(master)

        def send(name: str, content) -> float:
            form = session.get(f"{base}/portfolio/evidence/new/", timeout=TIMEOUT)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
            start = time.perf_counter()
            response = session.post(
                f"{base}/portfolio/evidence/new/",
                data={
                    "csrfmiddlewaretoken": token,
                    "title": f"Upload {name}",
                    "kind": "policy",
                    "activity_date": "2026-01-12",
                    "reflection": "A scanned policy.",
                    "pupils_not_identifiable": "on",
                },
                files={"files": (name, content, "application/pdf")},
                headers={"Referer": f"{base}/portfolio/evidence/new/"},
                timeout=120,
                allow_redirects=False,
            )
            assert response.status_code == 302, (response.status_code, response.text[:2000])
            return time.perf_counter() - start

        for n in range(3):
            send(f"small-{n}.pdf", SMALL_PDF)
        before = _peak_kib(worker)
        with pdf.open("rb") as content:
            seconds = send(pdf.name, content)
        after = _peak_kib(worker)
    return {"mib": pdf.stat().st_size / 1_048_576, "growth_mib": (after - before) / 1024, "seconds": seconds}
