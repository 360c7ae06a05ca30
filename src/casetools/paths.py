"""Where the course lives: the folder with ``casebook/`` and ``exercises/``.

The CLI is run from a course checkout. ``CASETOOLS_ROOT`` wins; otherwise the
current folder or one of its parents that holds ``casebook/world``; otherwise
the checkout this package was installed from (the editable install that
``make`` creates).
"""

from __future__ import annotations

import os
from pathlib import Path

from casetools.errors import UsageError

MARKER = Path("casebook") / "world"


def course_root(start: Path | None = None) -> Path:
    """Find the course root, or explain how to point at it."""
    env = os.environ.get("CASETOOLS_ROOT")
    if env:
        root = Path(env)
        if not (root / MARKER).is_dir():
            msg = f"CASETOOLS_ROOT={env} has no {MARKER} folder"
            raise UsageError(msg)
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_dir():
            return folder
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / MARKER).is_dir():
        return checkout
    msg = f"no course found: run casetools inside the course folder or set CASETOOLS_ROOT (looked for {MARKER})"
    raise UsageError(msg)


def world_dir(root: Path) -> Path:
    """The case-world data folder of a course."""
    return root / MARKER
