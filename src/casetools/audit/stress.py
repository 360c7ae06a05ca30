"""Run the audit over many seeds: the numbers behind ``python -m casetools.audit --stress N``.

The generator is imported here, lazily, and only to produce output; the audit
itself reads that output like any other reader.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from casetools.audit.invariants import INVARIANTS, Violation, check
from casetools.audit.knowledge import knowledge
from casetools.audit.reader import read

EXAMPLES_PER_INVARIANT = 3


@dataclass
class StressReport:
    """Counts per invariant over a run of seeds, with a few examples each."""

    variants: int = 0
    variants_with_violation: int = 0
    per_invariant: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[Violation]] = field(default_factory=dict)
    unjudged_names: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        """Number of (variant, invariant) pairs that failed."""
        return sum(self.per_invariant.values())

    def add(self, violations: list[Violation]) -> None:
        """Count one variant's violations (an invariant counts once per variant)."""
        self.variants += 1
        if violations:
            self.variants_with_violation += 1
        for name in {v.invariant for v in violations}:
            self.per_invariant[name] += 1
        for v in violations:
            bucket = self.examples.setdefault(v.invariant, [])
            if len(bucket) < EXAMPLES_PER_INVARIANT and all(e.code != v.code for e in bucket):
                bucket.append(v)

    def share(self, count: int) -> str:
        """``count`` as a percentage of the audited variants."""
        return f"{100 * count / self.variants:5.1f} %" if self.variants else "    - "

    def lines(self) -> list[str]:
        """The report as text: one line per invariant, then examples."""
        with_any = self.variants_with_violation
        head = f"{self.variants} variants audited, {with_any} with violations"
        out = [f"{head} ({self.share(with_any).strip()})"]
        width = max(len(n) for n in INVARIANTS)
        for name in INVARIANTS:
            count = self.per_invariant[name]
            out.append(f"  {name:<{width}}  {count:>7}  {self.share(count)}")
        if self.unjudged_names:
            common = ", ".join(n for n, _ in self.unjudged_names.most_common(8))
            out.append(
                f"names the audit does not know (not judged): "
                f"{len(self.unjudged_names)} distinct, e.g. {common}"
            )
        out += [f"  e.g. {v}" for name in INVARIANTS for v in self.examples.get(name, [])]
        return out


def audit_seeds(seeds: Iterable[int], root: Path | None = None) -> StressReport:
    """Generate, render and audit every seed; return the counts."""
    from casetools.caseworld.generate import generate
    from casetools.caseworld.render import render_json, render_markdown
    from casetools.caseworld.world import load_world
    from casetools.paths import course_root, world_dir

    world = load_world(world_dir(root or course_root()))
    known = knowledge()
    report = StressReport()
    for seed in seeds:
        variant = generate(world, seed)
        facts = read(json.loads(render_json(variant)), render_markdown(world, variant))
        report.add(check(facts))
        for m in facts.members:
            if not known.knows_given(m.given):
                report.unjudged_names[m.given] += 1
    return report
