"""Fairness over many variants: comparable workloads, and no problem tied to a person.

Two questions a teacher should be able to ask before handing out codes:
do all students get about the same amount of work, and does any problem
type travel with a name pool or a gender? The first is answered with the
spread of workload measures; the second with chi-square tests of
independence (Bonferroni-corrected), skipping tables whose expected counts
are too small for the test to mean anything.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from scipy.stats import chi2_contingency

from casetools.caseworld.model import Variant

MIN_EXPECTED = 5.0
FAMILY_ALPHA = 0.001
MAX_CV = 0.30
SAME_STATUS = "dutch_nationals"


@dataclass(frozen=True)
class Spread:
    """The distribution of one workload measure."""

    name: str
    minimum: float
    mean: float
    maximum: float
    stdev: float

    @property
    def cv(self) -> float:
        """Coefficient of variation: spread relative to the mean."""
        return self.stdev / self.mean if self.mean else 0.0

    @property
    def balanced(self) -> bool:
        """Whether the spread is small enough to call workloads comparable."""
        return self.cv <= MAX_CV


@dataclass(frozen=True)
class Independence:
    """One chi-square test: a problem type against a personal characteristic."""

    problem: str
    against: str
    p_value: float | None  # None: too few observations for a valid test
    threshold: float

    @property
    def independent(self) -> bool:
        """No evidence of dependence at the corrected threshold (or untestable)."""
        return self.p_value is None or self.p_value >= self.threshold


@dataclass(frozen=True)
class Report:
    """Everything ``casetools check`` prints about fairness."""

    count: int
    spreads: tuple[Spread, ...]
    tests: tuple[Independence, ...]

    @property
    def fair(self) -> bool:
        """All workloads balanced and no dependence found."""
        return all(s.balanced for s in self.spreads) and all(t.independent for t in self.tests)


def spread(name: str, values: list[float]) -> Spread:
    """Summarise one measure."""
    return Spread(
        name, min(values), statistics.fmean(values), max(values), statistics.pstdev(values)
    )


def problem_types(variant: Variant) -> dict[str, str]:
    """The problem types of a variant, as categorical values."""
    types = {f"problem:{s.domain}": str(s.level <= 3) for s in variant.profile.scores}  # noqa: PLR2004
    types |= {f"agency:{a}": "True" for a in variant.agencies}
    types["barrier"] = variant.barrier
    types["wish"] = variant.wish.wish
    types["referral"] = variant.referral.referral
    types["migration"] = variant.household.migration
    types["income"] = variant.household.income
    return types


def characteristics(variant: Variant) -> dict[str, str]:
    """The personal characteristics no problem may depend on."""
    return {
        "name_pool": variant.household.name_pool,
        "client_gender": variant.household.client.gender,
    }


def report(variants: Iterable[Variant], words: Callable[[Variant], int]) -> Report:
    """Build the fairness report for a set of variants."""
    rows = list(variants)
    spreads = (
        spread("instanties", [len(v.agencies) for v in rows]),
        spread("leefgebieden op 1-3", [len(v.profile.problem_domains) for v in rows]),
        spread("conflicten", [len(v.conflicts) for v in rows]),
        spread("woorden", [words(v) for v in rows]),
    )
    problems = [problem_types(v) for v in rows]
    persons = [characteristics(v) for v in rows]
    # Legal status follows origin by design (an EU household needs no permit, only a
    # household without Dutch nationality meets Burgerzaken). So the name pool is
    # tested among households of the same legal status, the Dutch nationals, where
    # nothing but the names differs; gender is tested over all households.
    same_status = [i for i, v in enumerate(rows) if v.household.migration == SAME_STATUS]
    names = sorted({k for p in problems for k in p if k != "migration"})
    pairs = [(n, c) for n in names for c in ("name_pool", "client_gender")]
    threshold = FAMILY_ALPHA / len(pairs)
    tests = []
    for n, c in pairs:
        idx = same_status if c == "name_pool" else range(len(rows))
        values = [problems[i].get(n, "False") for i in idx]
        tests.append(Independence(n, c, _chi2(values, [persons[i][c] for i in idx]), threshold))
    return Report(len(rows), spreads, tuple(tests))


def _chi2(problem: list[str], person: list[str]) -> float | None:
    table_counts = Counter(zip(problem, person, strict=True))
    rows = sorted(set(problem))
    cols = sorted(set(person))
    if len(rows) < 2 or len(cols) < 2:  # noqa: PLR2004
        return None
    table = [[table_counts[(r, c)] for c in cols] for r in rows]
    total = sum(map(sum, table))
    row_sums = [sum(r) for r in table]
    col_sums = [sum(table[i][j] for i in range(len(rows))) for j in range(len(cols))]
    if min(rs * cs / total for rs in row_sums for cs in col_sums) < MIN_EXPECTED:
        return None
    return float(chi2_contingency(table).pvalue)
