"""netweave.insights never imports Django (nor anything that would pull it in)."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import netweave.insights

PACKAGE = Path(netweave.insights.__file__).parent
MODULES = sorted(f"netweave.insights.{info.name}" for info in pkgutil.iter_modules([str(PACKAGE)]))


def test_every_module_imports_without_django_in_a_fresh_interpreter():
    code = (
        "import importlib, json, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'django' "
        "or m.startswith('django.'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PACKAGE.parent.parent)},
    )
    assert json.loads(out.stdout) == []
    assert len(MODULES) >= 15


def test_no_source_file_names_django():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
                names = [getattr(arg, "value", "") for arg in node.args[:1]]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "django"]
    assert offenders == []
