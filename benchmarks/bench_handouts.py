"""Wall time, CPU time and peak memory of the handout packs a trainer prints for a workshop.

Run with ``.venv/bin/python benchmarks/bench_handouts.py [--count N]``. Each pack
is made by the real command (``python -m casetools handouts ...``) in a fresh
process, so the figures include start-up, as a trainer would see them; peak
memory is that process's maximum resident set size. Target: the roleplay pack
of 30 variants plus its answer key in at most 20 s on the project's 2-core
machine. "Its answer key" is the answer-key pack for the same codes without
``--exercise``: the role-play debrief key per code. For comparison the script
also times the key with the role-play exercises on a variant, and with
``--full-key`` the key of every exercise on a variant (about 45 pages per
variant). No assertion: the figures are for comparing changes on one machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 20.0


@dataclass(frozen=True)
class Run:
    """One pack made by one process."""

    pack: str
    wall: float
    cpu: float
    peak_mib: float
    pages: int
    size_kib: float


def run_pack(pack: str, count: int, out: Path, extra: Sequence[str] = ()) -> Run:
    """Make one pack in a child process and measure it with ``wait4``."""
    cmd = [sys.executable, "-m", "casetools", "handouts", pack, "--count", str(count),
           "--out", str(out), *extra]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        sys.exit(f"{pack}: exit {proc.returncode}\n{stderr}")
    target = out / f"{pack}.pdf"
    return Run(
        pack, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
        _pages(target), target.stat().st_size / 1024,
    )  # fmt: skip


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def roleplay_exercises() -> list[str]:
    """The role-play exercises built on a variant: the keys that go with a role-play kit."""
    from casetools.library.exercises import load_library

    library = load_library(REPO / "exercises")
    return [e.id for e in library.exercises if e.kind == "role-play" and e.uses_variant]


def variant_exercises() -> list[str]:
    """Every exercise built on a variant."""
    from casetools.library.exercises import load_library

    return [e.id for e in load_library(REPO / "exercises").exercises if e.uses_variant]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=30, help="variants per pack (default 30)")
    parser.add_argument(
        "--full-key", action="store_true", help="also time the answer key of every exercise"
    )
    args = parser.parse_args(argv)
    key_args = [arg for ex in roleplay_exercises() for arg in ("--exercise", ex)]
    with tempfile.TemporaryDirectory(prefix="bench-handouts-") as tmp:
        runs = [
            run_pack("roleplay", args.count, Path(tmp)),
            run_pack("answer-key", args.count, Path(tmp)),
        ]
        extra = [
            (
                run_pack("answer-key", args.count, Path(tmp), key_args),
                f" ({len(key_args) // 2} role-play exercises)",
            )
        ]
        if args.full_key:
            every = [a for ex in variant_exercises() for a in ("--exercise", ex)]
            extra.append(
                (run_pack("answer-key", args.count, Path(tmp), every), " (every exercise)")
            )
    for r, label in [(runs[0], ""), (runs[1], " (debrief key)"), *extra]:
        print(
            f"handouts {r.pack} --count {args.count}{label}: {r.wall:.1f} s wall, "
            f"{r.cpu:.1f} s cpu, peak {r.peak_mib:.0f} MiB, {r.pages} pages "
            f"({r.cpu / r.pages * 1000:.0f} ms cpu/page), {r.size_kib:.0f} KiB"
        )
    total = sum(r.wall for r in runs)
    verdict = "within" if total <= TARGET_SECONDS else "over"
    print(
        f"handouts roleplay + its answer key: {total:.1f} s wall ({verdict} the {TARGET_SECONDS:.0f} s target)"
    )


if __name__ == "__main__":
    main()
