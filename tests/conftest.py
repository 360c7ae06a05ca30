"""Shared fixtures: sphinx.testing roots and one clean build of the real course."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

REPO = Path(__file__).resolve().parent.parent
EDITIONS = ("student", "teacher")


@dataclass(frozen=True)
class EditionBuild:
    """One ``sphinx-build`` run of the course."""

    edition: str
    outdir: Path
    doctreedir: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Everything the build printed."""
        return f"{self.stdout}\n{self.stderr}"


@dataclass(frozen=True)
class BuiltSite:
    """Both editions of the course, built from scratch with warnings as errors."""

    student: EditionBuild
    teacher: EditionBuild
    seconds: float

    def edition(self, name: str) -> EditionBuild:
        """Return the build of edition ``name``."""
        return {"student": self.student, "teacher": self.teacher}[name]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``test-<name>`` projects."""
    return Path(__file__).resolve().parent / "roots"


def _start(edition: str, tmp: Path) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable, "-m", "sphinx", "-E", "-W", "-n", "--keep-going", "-b", "html",
        "-D", f"casetools_edition={edition}", "-d", str(tmp / "doctrees" / edition),
        str(REPO), str(tmp / "html" / edition),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with (tmp / f"{edition}.out").open("wb") as out, (tmp / f"{edition}.err").open("wb") as err:
        return subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=err, env=env)


def _finish(edition: str, tmp: Path, proc: subprocess.Popen[bytes]) -> EditionBuild:
    returncode = proc.wait()
    stdout, stderr = (
        (tmp / f"{edition}.{ext}").read_text(encoding="utf-8", errors="replace")
        for ext in ("out", "err")
    )
    outdir, doctreedir = tmp / "html" / edition, tmp / "doctrees" / edition
    return EditionBuild(edition, outdir, doctreedir, returncode, stdout, stderr)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Build the real course, both editions side by side, into a fresh temp dir.

    The casetools extension writes the variant gallery into the source tree
    when the builder starts, so the teacher build starts only once the student
    build is past that point ("building [...]"); the two never write the same
    source files at once.
    """
    tmp = tmp_path_factory.mktemp("site")
    start = time.perf_counter()
    student = _start("student", tmp)
    deadline = start + 600
    while student.poll() is None and b"building [" not in (tmp / "student.out").read_bytes():
        assert time.perf_counter() < deadline, "the student build did not get going"
        time.sleep(0.1)
    teacher = _start("teacher", tmp)
    return BuiltSite(
        _finish("student", tmp, student),
        _finish("teacher", tmp, teacher),
        time.perf_counter() - start,
    )
