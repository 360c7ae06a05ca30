"""The work behind ``casetools check``: validation, coherence, variety and fairness in one run.

Violations come from a list of sources (each a function ``(world, variant,
markdown) -> list[str]``): the generator's own rules, and the independent audit
(:mod:`casetools.audit`), which reads the variant as a lecturer would, from its
data and its Dutch text, without the generator's rules.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from rich.console import Console
from rich.table import Table

from casetools.audit import audit
from casetools.caseworld import fairness
from casetools.caseworld.generate import generate
from casetools.caseworld.model import Variant
from casetools.caseworld.render import render_markdown
from casetools.caseworld.rules import violations
from casetools.caseworld.views import build_view
from casetools.caseworld.world import World, load_world
from casetools.library.exercises import load_library
from casetools.library.render import render_exercise
from casetools.paths import course_root, world_dir

EXERCISE_SEEDS = 500
SHOWN_VIOLATIONS = 20
MAX_REFERRAL_SHARE = 0.10

Source = Callable[[World, Variant, str], list[str]]
SOURCES: list[tuple[str, Source]] = []


def add_source(name: str, source: Source) -> None:
    """Register another source of violations (for example the independent audit)."""
    SOURCES.append((name, source))


def _rules(world: World, variant: Variant, markdown: str) -> list[str]:
    # looked up at call time, so a test can patch ``violations`` in this module
    return violations(world, variant)


def _audit(world: World, variant: Variant, markdown: str) -> list[str]:
    return [str(v) for v in audit(dataclasses.asdict(variant), markdown)]


add_source("regels", _rules)
add_source("audit", _audit)


def skeleton(variant: Variant) -> tuple[object, ...]:
    """What makes two variants the same situation apart from names and numbers."""
    return (
        variant.wish.wish,
        variant.wish.offer,
        variant.referral.referral,
        variant.barrier,
        variant.conflicts,
    )


@dataclass
class Variety:
    """Distinct skeletons and the largest share of any referral, wish and barrier."""

    count: int = 0
    skeletons: set[tuple[object, ...]] = field(default_factory=set)
    referrals: Counter[str] = field(default_factory=Counter)
    wishes: Counter[str] = field(default_factory=Counter)
    barriers: Counter[str] = field(default_factory=Counter)

    def add(self, variant: Variant) -> None:
        """Count one variant."""
        self.count += 1
        self.skeletons.add(skeleton(variant))
        self.referrals[variant.referral.referral] += 1
        self.wishes[variant.wish.wish] += 1
        self.barriers[variant.barrier] += 1

    def largest(self, counter: Counter[str]) -> tuple[str, float]:
        """The most frequent entry and its share."""
        name, n = counter.most_common(1)[0]
        return name, n / self.count


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
    variety = Variety()
    broken: Counter[str] = Counter()
    shown = 0
    started = time.perf_counter()
    for seed in range(count):
        variant = generate(world, seed)
        markdown = render_markdown(world, variant)
        for name, source in SOURCES:
            for message in source(world, variant, markdown):
                broken[name] += 1
                if shown < SHOWN_VIOLATIONS:
                    shown += 1
                    console.print(
                        f"[bold]Incoherente variant {variant.code}[/bold] (seed {seed}): {message}"
                    )
        variety.add(variant)
        words[seed] = len(markdown.split())
        variants.append(variant)
    elapsed = time.perf_counter() - started
    if broken:
        counts = ", ".join(f"{name}: {n}" for name, n in broken.items())
        console.print(
            f"{count} varianten gegenereerd: {sum(broken.values())} schendingen ({counts})."
        )
        return 1
    names = " en ".join(name for name, _ in SOURCES)
    console.print(
        f"{count} varianten gegenereerd in {elapsed:.1f} s: 0 schendingen ({names}); "
        "alle samenhangregels kloppen."
    )
    _print_variety(console, variety)
    if variety.largest(variety.referrals)[1] > MAX_REFERRAL_SHARE and count >= 1000:  # noqa: PLR2004
        console.print(
            f"Te weinig variatie: een verwijzing komt in meer dan {MAX_REFERRAL_SHARE:.0%} voor."
        )
        return 1
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


def _print_variety(console: Console, variety: Variety) -> None:
    console.print(
        f"Variatie: {len(variety.skeletons)} verschillende casusskeletten "
        "(wens, aanbod, verwijzing, knelpunt, set conflicten)."
    )
    for label, counter in (
        ("verwijzing", variety.referrals),
        ("wens", variety.wishes),
        ("knelpunt", variety.barriers),
    ):
        name, share = variety.largest(counter)
        console.print(
            f"Grootste aandeel {label}: {name} in {share:.1%} van de varianten "
            f"({len(counter)} verschillende)."
        )


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
        f"{len(tested)} toetsen van probleemtype tegen naampool (binnen huishoudens met de "
        "Nederlandse nationaliteit: verblijfsstatus volgt herkomst) en gender van de cliënt, "
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
