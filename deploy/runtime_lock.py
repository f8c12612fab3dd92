"""Write requirements-runtime.lock: the pinned packages production needs, and nothing the tests need.

    .venv/bin/python deploy/runtime_lock.py

It walks the dependencies of pyproject's [project].dependencies as installed in the environment and keeps
their pins from requirements.lock (the development lock, which stays the one pip installs for `make`).
A test fails when the two locks disagree."""

import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
HEADER = "# Production packages only (deploy/runtime_lock.py); development and tests use requirements.lock.\n"


def runtime_names() -> set[str]:
    """Canonical names of every package the runtime dependencies need, extras included."""
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    seen: dict[str, set[str]] = {}
    todo = [Requirement(line) for line in wanted]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        extras = set(requirement.extras)
        if name in seen and extras <= seen[name]:
            continue
        try:
            dist = distribution(requirement.name)
        except PackageNotFoundError:
            continue  # not for this platform or Python
        seen[name] = seen.get(name, set()) | extras
        for line in dist.requires or []:
            needed = Requirement(line)
            if needed.marker and not any(needed.marker.evaluate({"extra": e}) for e in seen[name] | {""}):
                continue
            todo.append(needed)
    return set(seen)


def runtime_lock() -> str:
    pins = [line for line in (ROOT / "requirements.lock").read_text().splitlines() if line and line[0] != "#"]
    names = runtime_names()
    return HEADER + "".join(f"{pin}\n" for pin in pins if canonicalize_name(pin.split("==")[0]) in names)


if __name__ == "__main__":
    (ROOT / "requirements-runtime.lock").write_text(runtime_lock())
    sys.stdout.write("requirements-runtime.lock written\n")
