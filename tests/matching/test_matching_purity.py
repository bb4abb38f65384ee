"""netweave.matching never imports Django: it runs in a fresh interpreter without it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import netweave.matching

SRC = Path(netweave.matching.__file__).parent.parent.parent


def test_matching_imports_without_django_in_a_fresh_interpreter() -> None:
    code = (
        "import json, sys, netweave.matching\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'django')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(SRC)},
    )
    assert json.loads(out.stdout) == []
