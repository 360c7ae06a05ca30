"""Export speed: milliseconds per question for Moodle XML and for the QTI packages.

Run with ``.venv/bin/python benchmarks/bench_export.py [--codes N]``. Timed: for
N gallery codes (default 30) times every exercise built on a case variant,
drawing the variants, rendering every question and writing the Moodle XML
document or both QTI zips (2.1 and 3.0) in memory. Loading the case world, the
library and the bibliography is set-up and not timed. The best of three runs (and the first),
with the Markdown cache emptied before each. No assertion: target <= 5 ms per
question; the peer figure is R/exams ``exams2moodle`` at 37 ms on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from casetools.caseworld.generate import generate
from casetools.caseworld.views import build_view
from casetools.caseworld.world import load_world
from casetools.export.bank import BankQuestion, build_bank
from casetools.export.html import block_html
from casetools.export.moodle import moodle_xml
from casetools.export.qti import qti_package
from casetools.library.citations import bibliography, plain_citations
from casetools.library.exercises import load_library

REPO = Path(__file__).resolve().parent.parent
FIRST_SEED = 1
RUNS = 3


def bench(
    codes: int, write: Callable[[Sequence[BankQuestion]], object]
) -> tuple[float, float, int]:
    """Best and first (cold) time per question in ms, and the number of questions."""
    world = load_world(REPO / "casebook" / "world")
    exercises = [
        e for e in load_library(REPO / "exercises").exercises if e.uses_variant and not e.quiz
    ]
    bib = bibliography(REPO / "course" / "references.bib")
    times, count = [], 0
    for _ in range(RUNS):
        block_html.cache_clear()
        start = time.perf_counter()
        cases = [
            build_view(world, generate(world, s)) for s in range(FIRST_SEED, FIRST_SEED + codes)
        ]
        questions = build_bank(exercises, cases, lambda text: plain_citations(text, bib))
        write(questions)
        times.append(time.perf_counter() - start)
        count = len(questions)
    return min(times) * 1000 / count, times[0] * 1000 / count, count


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--codes", type=int, default=30, help="variant codes (default 30)")
    args = parser.parse_args(argv)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    for name, write in (
        ("moodle", moodle_xml),
        ("qti 2.1+3.0", lambda qs: (qti_package(qs, "2.1"), qti_package(qs, "3.0"))),
    ):
        ms, cold, count = bench(args.codes, write)
        print(
            f"export {name}: {ms:.2f} ms/question, first run {cold:.2f} ({count} questions = {args.codes} codes x "
            f"variant exercises, 1 process, {cores} cores; target <= 5 ms, R/exams 37 ms)"
        )


if __name__ == "__main__":
    main()
