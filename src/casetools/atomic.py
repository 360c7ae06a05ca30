"""Output files written whole or not at all, to a target checked before any work starts.

Every command that writes (handouts, lesson kits, LMS exports) checks its target first,
so a typo in ``--out`` costs no rendering time, and then writes to a temporary file in
the same folder that is renamed over the target only when complete: an interrupted run
never leaves a half-written PDF that a trainer prints or a bank that an LMS half-imports.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from casetools.errors import UsageError


def _probe(folder: Path) -> None:
    """Create ``folder`` if needed and write a throw-away file there (raises OSError)."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=folder):
        pass


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def writable_folder(folder: Path) -> Path:
    """Create ``folder`` if needed and prove it can be written, or say which folder fails."""
    try:
        _probe(folder)
    except OSError as exc:
        msg = f"cannot write to the output folder {folder}: {_reason(exc)}"
        raise UsageError(msg) from None
    return folder


def check_target(target: Path) -> Path:
    """Create the target's folder if needed and prove a file can be written there."""
    if target.is_dir():
        msg = f"--out {target} is a folder; give a file name"
        raise UsageError(msg)
    try:
        _probe(target.parent)
    except OSError as exc:
        msg = f"cannot write {target}: {_reason(exc)}"
        raise UsageError(msg) from None
    return target


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        Path(tmp).chmod(0o666 & ~_umask())  # mkstemp makes 0600; the output is an ordinary file
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        msg = f"cannot write {target}: {_reason(exc)}"
        raise UsageError(msg) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
