"""Wall time, CPU time and peak memory of the handout packs a trainer prints, against Typst's limit.

Run with ``.venv/bin/python benchmarks/bench_handouts.py [--count N]``. Each pack
is made by the real command (``python -m casetools handouts ...``) in a fresh
process, so the figures include start-up, as a trainer would see them; peak
memory is that process's maximum resident set size. "Its answer key" is the
answer-key pack for the same codes without ``--exercise``: the role-play
debrief key per code.

The limit: the same number of pages as pack + key, compiled in the same run
as one bare Typst document through the same Python binding, in a fresh
process (a heading, four paragraphs and a table per page, DejaVu Sans, Dutch
hyphenation, "pagina x van y"). Target: pack + key within 2x of that. For
comparison the script also times the key with the role-play exercises, and
with ``--full-key`` the key of every exercise on a variant. R/exams
(``exams2pdf``) is timed only if ``Rscript`` with the exams package is on the
PATH; otherwise the script says so. No assertion: the figures are for
comparing changes on one machine; every line names the machine's core count.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_RATIO = 2.0
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

BARE_DOCUMENT = """
#set document(title: "bare")
#set page(paper: "a4", margin: (top: 21mm, bottom: 19mm, x: 17mm),
  footer: context [Fictieve casus #h(1fr) pagina #counter(page).get().first() van #counter(page).final().first()])
#set text(font: "DejaVu Sans", size: 9.2pt, lang: "nl", hyphenate: true)
#set par(justify: true)
#for i in range(int(sys.inputs.pages)) {
  if i > 0 { pagebreak() }
  heading(level: 1)[Rolkaart #(i + 1): de consulent van de gemeentelijke schuldhulpverlening]
  for _ in range(4) { par(lorem(90)) }
  table(columns: (30%, 1fr, 1fr), table.header[instantie][eis][botst met],
    ..range(5).map(r => ([Gemeente, afdeling Werk en Inkomen], lorem(8), lorem(6))).flatten())
}
"""
BARE_SCRIPT = """
import sys, typst
from casetools.handouts.pdf import font_dirs
pdf = typst.compile(sys.argv[1].encode(), font_paths=font_dirs(), ignore_system_fonts=True,
                    sys_inputs={"pages": sys.argv[2]})
open(sys.argv[3], "wb").write(pdf)
"""


@dataclass(frozen=True)
class Run:
    """One pack (or the bare document) made by one process."""

    label: str
    wall: float
    cpu: float
    peak_mib: float
    pages: int
    size_kib: float

    def line(self) -> str:
        return (
            f"{self.label}: {self.wall:.2f} s wall, {self.cpu:.2f} s cpu, peak {self.peak_mib:.0f} MiB, "
            f"{self.pages} pages = {self.wall / self.pages * 1000:.1f} ms wall/page, "
            f"{self.cpu / self.pages * 1000:.1f} ms cpu/page, {self.size_kib:.0f} KiB ({CORES} cores)"
        )


def measure(label: str, cmd: Sequence[str], target: Path) -> Run:
    """Run ``cmd`` in a child process and measure it with ``wait4``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{label}: exit {os.waitstatus_to_exitcode(status)}\n{stderr}")
    return Run(label, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               _pages(target), target.stat().st_size / 1024)  # fmt: skip


def run_pack(pack: str, count: int, out: Path, extra: Sequence[str] = (), label: str = "") -> Run:
    """Make one pack with the real command."""
    out.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "casetools", "handouts", pack, "--count", str(count),
           "--out", str(out), *extra]  # fmt: skip
    return measure(f"handouts {pack} --count {count}{label}", cmd, out / f"{pack}.pdf")


def run_bare(pages: int, out: Path) -> Run:
    """Compile ``pages`` pages of one bare Typst document in a fresh process."""
    target = out / "bare.pdf"
    cmd = [sys.executable, "-c", BARE_SCRIPT, BARE_DOCUMENT, str(pages), str(target)]
    return measure(f"bare Typst, one document of {pages} pages", cmd, target)


def run_r_exams(count: int, out: Path) -> str:
    """Time R/exams exams2pdf for ``count`` copies of four exercises, if R is installed."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        return "R/exams exams2pdf: not measured (Rscript is not installed on this machine)"
    probe = subprocess.run([rscript, "-e", "library(exams)"], capture_output=True, check=False)
    if probe.returncode != 0:
        return "R/exams exams2pdf: not measured (the R package exams is not installed)"
    script = (
        f'library(exams); exams2pdf(c("tstat.Rmd","boxplots.Rmd","deriv.Rmd","lm.Rmd"), '
        f'n = {count}, dir = "{out}", name = "exam")'
    )
    start = time.perf_counter()
    subprocess.run([rscript, "-e", script], capture_output=True, check=True)
    wall = time.perf_counter() - start
    pages = sum(_pages(p) for p in out.glob("exam*.pdf"))
    return f"R/exams exams2pdf n={count}: {wall:.1f} s wall, {pages} pages = {wall / max(pages, 1) * 1000:.0f} ms/page ({CORES} cores)"


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def _exercise_args(role_play_only: bool) -> list[str]:
    from casetools.library.exercises import load_library

    library = load_library(REPO / "exercises")
    chosen = [e.id for e in library.exercises
              if e.uses_variant and (e.kind == "role-play" or not role_play_only)]  # fmt: skip
    return [arg for ex in chosen for arg in ("--exercise", ex)]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=30, help="variants per pack (default 30)")
    parser.add_argument(
        "--full-key", action="store_true", help="also time the answer key of every exercise"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-handouts-") as tmp:
        out = Path(tmp)
        pack = run_pack("roleplay", args.count, out)
        key = run_pack("answer-key", args.count, out, label=" (debrief key)")
        bare = run_bare(pack.pages + key.pages, out)
        extra = [run_pack("answer-key", args.count, out / "rp", _exercise_args(True),
                          " (role-play exercises)")]  # fmt: skip
        if args.full_key:
            extra.append(run_pack("answer-key", args.count, out / "all", _exercise_args(False),
                                  " (every exercise)"))  # fmt: skip
        r_line = run_r_exams(args.count, out / "r")
    for run in (pack, key, *extra, bare):
        print(f"handouts: {run.line()}")
    wall, cpu = pack.wall + key.wall, pack.cpu + key.cpu
    pages = pack.pages + key.pages
    ratio, cpu_ratio = wall / bare.wall, cpu / bare.cpu
    verdict = "within" if max(ratio, cpu_ratio) <= TARGET_RATIO else "over"
    print(
        f"handouts: roleplay + its key: {wall:.2f} s wall, {cpu:.2f} s cpu for {pages} pages "
        f"({wall / pages * 1000:.1f} ms wall/page, {cpu / pages * 1000:.1f} ms cpu/page); "
        f"bare Typst, same pages: {bare.wall:.2f} s wall, {bare.cpu:.2f} s cpu; ratio "
        f"{ratio:.2f}x wall, {cpu_ratio:.2f}x cpu ({verdict} the {TARGET_RATIO:.0f}x target; "
        f"{CORES} cores)"
    )
    print(f"handouts: {r_line}")


if __name__ == "__main__":
    main()
