"""The README's production table names every setting the code reads from the environment."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READS = re.compile(
    r'env(?:\.[a-z_]+)?\(\s*"([A-Z][A-Z0-9_]+)"|"([A-Z][A-Z0-9_]+)" in env|environ\.get\("([A-Z][A-Z0-9_]+)"'
)


def test_every_environment_setting_the_code_reads_is_in_the_readme():
    read = set()
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        read |= {name for match in READS.findall(path.read_text()) for name in match if name}
    assert {"DATABASE_URL", "REDIS_URL", "STORAGE_PUBLIC_URL", "LOG_FORMAT"} <= read  # the scan sees them
    readme = (ROOT / "README.md").read_text()
    production = readme[readme.index("## Running in production") : readme.index("## How the code is laid out")]
    missing = sorted(name for name in read if not re.search(rf"`{name}[`=]", production))
    assert not missing, f"settings read by the code but not in the README's production table: {missing}"
