"""The conditions that data files may name in ``requires`` and ``triggers``.

This is the one place where the coherence vocabulary is defined: the
generator uses these predicates to decide what may appear, and
:mod:`casetools.caseworld.rules` uses the same predicates to check finished variants.
A condition string is ``atom`` or ``atom:argument``; ``a+b`` means both and
``a|b`` means either (``+`` binds tighter).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from casetools.caseworld.model import (
    AOW_AGE,
    CHILDCARE_AGE,
    COST_SHARER_AGE,
    MINOR_AGE,
    SCHOOL_AGE,
    Household,
    Profile,
)


@dataclass(frozen=True, slots=True)
class Facts:
    """What is known about a variant while it is being generated.

    ``memo`` keeps the value of each atom once computed: the generator asks
    the same questions of one household hundreds of times.
    """

    household: Household
    profile: Profile | None = None
    agencies: frozenset[str] = frozenset()
    memo: dict[tuple[str, str], bool] = field(default_factory=dict, compare=False, hash=False)


def _has_minor_child(f: Facts) -> bool:
    return any(m.age < MINOR_AGE for m in f.household.children)


def _has_school_age_child(f: Facts) -> bool:
    low, high = SCHOOL_AGE
    return any(low <= m.age <= high for m in f.household.children)


def _coresident_adult_27(f: Facts) -> bool:
    return any(
        m.role in ("adult_child", "grandparent") and m.age >= COST_SHARER_AGE
        for m in f.household.members
    )


def _level(f: Facts, domain: str) -> int:
    if f.profile is None:
        msg = "a domain condition was evaluated before the profile was drawn"
        raise RuntimeError(msg)
    return f.profile.level(domain)


def _child_under_12(f: Facts) -> bool:
    return any(m.age < CHILDCARE_AGE for m in f.household.children)


def _has_role(role: str) -> Callable[[Facts], bool]:
    return lambda f: any(m.role == role for m in f.household.members)


def _grandparent_aow(f: Facts) -> bool:
    return any(m.role == "grandparent" and m.age >= AOW_AGE for m in f.household.members)


def _no_coresident_adult(f: Facts) -> bool:
    return not any(m.role in ("adult_child", "grandparent") for m in f.household.members)


PLAIN: dict[str, Callable[[Facts], bool]] = {
    "child_under_12": _child_under_12,
    "has_grandparent": _has_role("grandparent"),
    "has_partner": _has_role("partner"),
    "grandparent_aow": _grandparent_aow,
    "no_coresident_adult": _no_coresident_adult,
    "permit_holder": lambda f: f.household.migration == "permit_children_not_dutch",
    "eu_citizen": lambda f: f.household.migration == "eu_citizens",
    "small_business": lambda f: f.household.income == "small_business",
    "wage_and_pension": lambda f: f.household.income == "wage_and_pension",
    "has_minor_child": _has_minor_child,
    "has_school_age_child": _has_school_age_child,
    "migrated": lambda f: f.household.migration != "dutch_nationals",
    "children_not_dutch": lambda f: (
        f.household.migration != "dutch_nationals" and bool(f.household.children)
    ),
    "social_assistance": lambda f: f.household.income == "social_assistance",
    "low_wage": lambda f: f.household.income == "low_wage",
    "coresident_adult_27": _coresident_adult_27,
}
WITH_DOMAIN: dict[str, Callable[[Facts, str], bool]] = {
    "problem": lambda f, d: _level(f, d) <= 3,  # noqa: PLR2004
    "severe": lambda f, d: _level(f, d) <= 2,  # noqa: PLR2004
}
WITH_AGENCY: dict[str, Callable[[Facts, str], bool]] = {
    "present": lambda f, a: a in f.agencies,
}

Atom = tuple[str, str]  # (name, argument or "")
Condition = tuple[tuple[Atom, ...], ...]  # OR of ANDs


def parse(text: str, domains: Collection[str], agencies: Collection[str]) -> Condition:
    """Parse a condition string, or raise ``ValueError`` with a readable reason."""
    alternatives = []
    for alternative in text.split("|"):
        atoms = []
        for raw in alternative.split("+"):
            name, _, arg = raw.strip().partition(":")
            plain = name in PLAIN and not arg
            if (
                plain
                or (name in WITH_DOMAIN and arg in domains)
                or (name in WITH_AGENCY and arg in agencies)
            ):
                atoms.append((name, arg))
            else:
                known = sorted(
                    [
                        *PLAIN,
                        *(f"{n}:<domain>" for n in WITH_DOMAIN),
                        *(f"{n}:<agency>" for n in WITH_AGENCY),
                    ]
                )
                msg = f"unknown condition {raw.strip()!r} (known: {', '.join(known)})"
                raise ValueError(msg)
        alternatives.append(tuple(atoms))
    return tuple(alternatives)


def holds(condition: Condition, facts: Facts) -> bool:
    """Evaluate a parsed condition against the facts (plain loops: this is the hot path)."""
    memo = facts.memo
    for alternative in condition:
        for atom in alternative:
            value = memo.get(atom)
            if value is None:
                value = _atom(atom, facts)
            if not value:
                break
        else:
            return True
    return False


def all_hold(conditions: Collection[Condition], facts: Facts) -> bool:
    """True when every condition holds (an empty list always holds)."""
    for condition in conditions:  # noqa: SIM110 - a loop beats all() with a generator here
        if not holds(condition, facts):
            return False
    return True


def _atom(atom: Atom, facts: Facts) -> bool:
    name, arg = atom
    if name in PLAIN:
        value = PLAIN[name](facts)
    elif name in WITH_DOMAIN:
        value = WITH_DOMAIN[name](facts, arg)
    else:
        value = WITH_AGENCY[name](facts, arg)
    facts.memo[atom] = value
    return value
