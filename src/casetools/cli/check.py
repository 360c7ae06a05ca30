"""The work behind ``casetools check``: validation, coherence and fairness in one run."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table

from casetools.caseworld import fairness
from casetools.caseworld.generate import generate
from casetools.caseworld.render import render_markdown
from casetools.caseworld.rules import violations
from casetools.caseworld.views import build_view
from casetools.caseworld.world import load_world
from casetools.library.exercises import load_library
from casetools.library.render import render_exercise
from casetools.paths import course_root, world_dir

EXERCISE_SEEDS = 500


def run_check(count: int, out: TextIO) -> int:
    """Check ``count`` variants (seeds 0..count-1); return the exit status."""
    console = Console(file=out, highlight=False, width=110)
    root = course_root()
    world = load_world(world_dir(root))
    library = load_library(root / "exercises")
    console.print(f"Casebook geldig: {len(world.agencies)} instanties, {len(world.conflicts)} conflicten, "
                  f"{len(world.barriers)} knelpunten, {len(world.name_pools)} naampools.")  # fmt: skip
    variants = []
    words: dict[int, int] = {}
    for seed in range(count):
        variant = generate(world, seed)
        broken = violations(world, variant)
        if broken:
            console.print(
                f"[bold]Incoherente variant {variant.code}[/bold] (seed {seed}): {'; '.join(broken)}"
            )
            return 1
        words[seed] = len(render_markdown(world, variant).split())
        variants.append(variant)
    console.print(f"{count} varianten gegenereerd: alle samenhangregels kloppen.")
    exercise_seeds = min(count, EXERCISE_SEEDS)
    on_variant = [e for e in library.exercises if e.uses_variant]
    for ex in library.exercises:
        if not ex.uses_variant:
            render_exercise(ex, None, "student")
            render_exercise(ex, None, "teacher")
    for variant in variants[:exercise_seeds]:
        view = build_view(world, variant)
        for ex in on_variant:
            render_exercise(ex, view, "student")
            render_exercise(ex, view, "teacher")
    console.print(
        f"{len(library.exercises)} opgaven geldig; de {len(on_variant)} opgaven op een casusvariant "
        f"zijn voor {exercise_seeds} varianten gerenderd, voor student en docent."
    )
    report = fairness.report(variants, lambda v: words[v.seed])
    _print_report(console, report)
    return 0 if report.fair else 1


def _print_report(console: Console, report: fairness.Report) -> None:
    table = Table(title=f"Werklast over {report.count} varianten")
    for column in ("maat", "min", "gemiddeld", "max", "sd", "variatiecoëfficiënt", "oordeel"):
        table.add_column(column, justify="left" if column in ("maat", "oordeel") else "right")
    for s in report.spreads:
        verdict = "vergelijkbaar" if s.balanced else f"te ongelijk (> {fairness.MAX_CV:.2f})"
        table.add_row(
            s.name,
            f"{s.minimum:g}",
            f"{s.mean:.2f}",
            f"{s.maximum:g}",
            f"{s.stdev:.2f}",
            f"{s.cv:.3f}",
            verdict,
        )
    console.print(table)
    tested = [t for t in report.tests if t.p_value is not None]
    skipped = len(report.tests) - len(tested)
    dependent = [t for t in tested if not t.independent]
    threshold = report.tests[0].threshold if report.tests else 0.0
    lowest = min(tested, key=lambda t: t.p_value or 0.0, default=None)
    console.print(
        f"Onafhankelijkheid (chi-kwadraat, Bonferroni: p < {threshold:.2e} telt als afhankelijk): "
        f"{len(tested)} toetsen van probleemtype tegen naampool en gender van de cliënt, "
        f"{skipped} overgeslagen wegens te kleine verwachte aantallen."
    )
    if lowest is not None:
        console.print(
            f"Laagste p-waarde: {lowest.p_value:.4f} ({lowest.problem} tegen {lowest.against})."
        )
    if dependent:
        for t in dependent:
            console.print(
                f"[bold]Afhankelijk:[/bold] {t.problem} tegen {t.against} (p = {t.p_value:.2e})"
            )
    else:
        console.print("Geen probleemtype hangt samen met naampool of gender.")
    console.print("Oordeel: " + ("eerlijk verdeeld." if report.fair else "NIET eerlijk verdeeld."))
