"""The core (CLI, generator, renderer, checks) must not import Sphinx or docutils.

Importing Sphinx costs about a second and ties the command line to the site
build; only ``casetools.sphinxext`` may use it. A fresh interpreter is needed:
in the test process, other tests have long since imported Sphinx.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PROBE = """
import sys
import casetools.cli, casetools.caseworld.generate, casetools.caseworld.render, casetools.cli.check
leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("sphinx", "docutils"))
assert 'sphinx' not in sys.modules and 'docutils' not in sys.modules, leaked
print("ok")
"""


def test_the_core_does_not_import_sphinx() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "ok\n"


LAYER_PROBE = """
import importlib, pkgutil, sys
import casetools.caseworld, casetools.library
for pkg in (casetools.caseworld, casetools.library):
    for info in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + "."):
        importlib.import_module(info.name)
adapters = ("casetools.cli", "casetools.handouts", "casetools.sphinxext", "casetools.export")
leaked = sorted(m for m in sys.modules if m.startswith(adapters))
print(",".join(leaked) or "none")
"""


def test_the_core_layers_import_no_adapter() -> None:
    """caseworld and library are the core: the adapters build on them, never the reverse."""
    proc = subprocess.run(
        [sys.executable, "-c", LAYER_PROBE],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "none\n"
