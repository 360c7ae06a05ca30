"""How many variants per second one core generates and renders to Markdown.

Run with ``.venv/bin/python benchmarks/bench_variants.py [--seeds N]``. A single
process, no assertion: the figure is for comparing changes on one machine.
Two rates are printed: per second of CPU time of this process (what one core
does, also on a machine shared with other jobs) and per second of wall time
(what a user waits on this machine now).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from casetools.caseworld.generate import generate
from casetools.caseworld.render import render_markdown
from casetools.caseworld.world import load_world

REPO = Path(__file__).resolve().parent.parent
WARM_UP = 200


def bench(seeds: int) -> tuple[float, float]:
    """Return variants per CPU second and per wall second over ``seeds`` seeds after warm-up."""
    world = load_world(REPO / "casebook" / "world")
    for seed in range(WARM_UP):  # fill caches: templates, labels, imports
        render_markdown(world, generate(world, seed))
    cpu, wall = time.process_time(), time.perf_counter()
    for seed in range(WARM_UP, WARM_UP + seeds):
        render_markdown(world, generate(world, seed))
    return seeds / (time.process_time() - cpu), seeds / (time.perf_counter() - wall)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=5000, help="variants to time (default 5000)")
    args = parser.parse_args(argv)
    cpu, wall = bench(args.seeds)
    print(
        f"variants: {cpu:.0f}/s of CPU time, {wall:.0f}/s of wall time "
        f"(generate+render md, {args.seeds} seeds, 1 core)"
    )


if __name__ == "__main__":
    main()
