"""Write an export file whole or not at all.

The target is checked before any question is rendered (so a typo in ``--out``
costs no time), and the bytes go to a temporary file in the same folder that
is renamed over the target only when complete: an interrupted export never
leaves a half-written bank that an LMS would half-import.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from casetools.errors import UsageError


def check_target(target: Path) -> Path:
    """Create the target's folder if needed and prove a file can be written there."""
    if target.is_dir():
        msg = f"--out {target} is a folder; give a file name"
        raise UsageError(msg)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=target.parent):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        msg = f"cannot write {target}: {reason}"
        raise UsageError(msg) from None
    return target


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)  # noqa: PTH101 - mkstemp creates 0600; an export is a normal file
        Path(tmp).replace(target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        msg = f"cannot write {target}: {exc.strerror or type(exc).__name__}"
        raise UsageError(msg) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
