"""Seed -> variant: draw a coherent case world from the casebook.

Each part of the variant reads its own :class:`~casetools.caseworld.draw.Stream`, so a
new part added later never changes the parts that exist. Where a draw turns
out infeasible (no child age fits both parents, too many agencies), the part
is drawn again from a stream with the attempt number in its name: still a
pure function of the seed.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import TypeVar

from casetools.caseworld import codes
from casetools.caseworld import conditions as cond
from casetools.caseworld.conditions import Facts
from casetools.caseworld.draw import Stream
from casetools.caseworld.model import (
    MINOR_AGE,
    DomainScore,
    Household,
    Person,
    Profile,
    Reaction,
    Referral,
    Role,
    Variant,
    Wish,
)
from casetools.caseworld.world import World

T = TypeVar("T")

AGENCY_COUNT = (4, 6)
PROBLEM_COUNT = (3, 5)
CONFLICT_COUNT = (2, 3)
MAX_LINKS = 4
REACTION_COUNT = 4
MAX_ATTEMPTS = 200
PROBLEM_LEVELS = ((1, 15), (2, 45), (3, 40))
OK_LEVELS = ((4, 60), (5, 40))


class Infeasible(Exception):  # noqa: N818 - internal control flow, never shown to users
    """This attempt cannot give a coherent part; draw again."""


def retry(seed: int, field: str, draw: Callable[[Stream], T]) -> T:
    """Draw ``field`` until it is feasible, each attempt from its own stream."""
    for attempt in count():
        if attempt >= MAX_ATTEMPTS:
            msg = f"no coherent {field} for seed {seed} after {MAX_ATTEMPTS} attempts"
            raise RuntimeError(msg)
        try:
            return draw(Stream(seed, field if attempt == 0 else f"{field}#{attempt}"))
        except Infeasible:
            continue
    raise AssertionError("unreachable")


def generate(world: World, seed: int) -> Variant:
    """Return the variant for ``seed``."""
    code = codes.encode(seed)
    household = retry(seed, "household", lambda s: draw_household(world, s))
    profile, agencies = retry(seed, "lasso", lambda s: draw_lasso(world, household, s))
    facts = Facts(household, profile, frozenset(agencies))
    return Variant(
        code=code,
        seed=seed,
        household=household,
        profile=profile,
        agencies=agencies,
        conflicts=draw_conflicts(world, facts, Stream(seed, "conflicts")),
        wish=draw_wish(world, facts, Stream(seed, "wish")),
        referral=draw_referral(world, facts, Stream(seed, "referral")),
        barrier=draw_barrier(world, facts, Stream(seed, "barrier")),
    )


def draw_household(world: World, s: Stream) -> Household:
    """Draw the members, their names and ages, and the household's context."""
    comp = s.choice(world.compositions)
    gender_ids = list(world.gender_weights)
    weights = [world.gender_weights[g] for g in gender_ids]
    pool = s.choice(world.name_pools)
    used: set[str] = set()

    def given(gender: str, from_pool: str) -> str:
        names = next(p for p in world.name_pools if p.id == from_pool).given
        options = [n for n in (*names.get(gender, ()), *names["neutral"]) if n not in used]
        if not options:  # e.g. a nonbinary member after all neutral names are taken
            raise Infeasible
        name = s.choice(options)
        used.add(name)
        return name

    family = s.choice(pool.family)
    low, high = world.ages["client"]
    if comp.extra_adult == "adult_child":
        low = max(low, 2 * MINOR_AGE)
    client_age = s.between(low, high)
    gender = s.weighted(gender_ids, weights)
    members = [Person("client", given(gender, pool.id), family, gender, client_age)]
    parent_ages = [client_age]
    if comp.partner:
        partner_pool = pool if s.chance(800) else s.choice(world.name_pools)
        p_gender = s.weighted(gender_ids, weights)
        p_age = client_age + s.between(*world.ages["partner_offset"])
        if p_age < MINOR_AGE + 2:
            raise Infeasible
        members.append(
            Person(
                "partner",
                given(p_gender, partner_pool.id),
                s.choice(partner_pool.family),
                p_gender,
                p_age,
            )
        )
        parent_ages.append(p_age)
    gap_low, gap_high = world.ages["parent_gap"]
    child_low = max(0, max(parent_ages) - gap_high)
    child_high = min(MINOR_AGE - 1, min(parent_ages) - gap_low)
    if child_low > child_high:
        raise Infeasible
    for _ in range(s.between(*comp.children)):
        c_gender = s.weighted(gender_ids, weights)
        members.append(
            _child(s, "child", given(c_gender, pool.id), family, c_gender, child_low, child_high)
        )
    extra = _extra_adult(world, s, comp.extra_adult, parent_ages, given, pool.id, family)
    if extra is not None:
        members.append(extra)
    contexts = world.migration_contexts
    migration = s.weighted(contexts, [m.weight for m in contexts])
    years = None
    if migration.years_in_nl is not None:
        years_high = min(migration.years_in_nl[1], client_age - MINOR_AGE)
        if years_high < migration.years_in_nl[0]:  # the client is too young for this context
            raise Infeasible
        years = s.between(migration.years_in_nl[0], years_high)
    income = s.weighted(world.incomes, [i.weight for i in world.incomes])
    return Household(
        composition=comp.id,
        name_pool=pool.id,
        members=tuple(members),
        migration=migration.id,
        years_in_nl=years,
        income=income.id,
        trade=s.below(len(world.trades)),
    )


def _child(
    s: Stream, role: Role, name: str, family: str, gender: str, low: int, high: int
) -> Person:
    return Person(role, name, family, gender, s.between(low, high))


def _extra_adult(
    world: World,
    s: Stream,
    kind: str,
    parent_ages: list[int],
    given: Callable[[str, str], str],
    pool: str,
    family: str,
) -> Person | None:
    """Draw the co-resident adult who is not a partner (an adult child or a grandparent)."""
    gender_ids = list(world.gender_weights)
    weights = [world.gender_weights[g] for g in gender_ids]
    gap_low, gap_high = world.ages["parent_gap"]
    if kind == "adult_child":
        a_high = min(parent_ages) - gap_low
        a_low = max(MINOR_AGE, max(parent_ages) - gap_high)
        if a_low > a_high:
            raise Infeasible
        gender = s.weighted(gender_ids, weights)
        return _child(s, "adult_child", given(gender, pool), family, gender, a_low, a_high)
    if kind == "grandparent":
        gender = s.weighted(gender_ids, weights)
        age = parent_ages[0] + s.between(*world.ages["grandparent_gap"])
        family_pool = next(p for p in world.name_pools if p.id == pool)
        return Person("grandparent", given(gender, pool), s.choice(family_pool.family), gender, age)
    return None


def draw_lasso(world: World, household: Household, s: Stream) -> tuple[Profile, tuple[str, ...]]:
    """Draw the domain profile and the agencies it brings; both must fit together."""
    domains = list(world.domains)
    problems: list[str] = []
    for _ in range(s.between(*PROBLEM_COUNT)):
        pick = s.weighted(domains, [d.weight for d in domains])
        problems.append(pick.id)
        domains.remove(pick)
    levels = {}
    for d in world.domains:
        table = PROBLEM_LEVELS if d.id in problems else OK_LEVELS
        levels[d.id] = s.weighted([lv for lv, _ in table], [w for _, w in table])
    links = [link.id for link in world.links if link.source in problems and link.target in problems]
    if not links:
        raise Infeasible
    if len(links) > MAX_LINKS:
        chosen = set(s.sample(links, MAX_LINKS))
        links = [link for link in links if link in chosen]
    profile = Profile(tuple(DomainScore(d.id, levels[d.id]) for d in world.domains), tuple(links))
    facts = Facts(household, profile)
    eligible = [a for a in world.agencies if cond.all_hold(a.requires, facts)]
    mandatory = [a.id for a in eligible if any(cond.holds(t, facts) for t in a.triggers)]
    optional = [a.id for a in eligible if a.id not in mandatory]
    target = s.between(*AGENCY_COUNT)
    if len(mandatory) > target or len(mandatory) + len(optional) < target:
        raise Infeasible
    present = set(mandatory) | set(s.sample(optional, target - len(mandatory)))
    agencies = tuple(a.id for a in world.agencies if a.id in present)
    full = Facts(household, profile, frozenset(agencies))
    conflicts = [c for c in world.conflicts if set(c.between) <= present]
    has_referral = any(
        cond.all_hold(r.requires, full) and {r.source, r.target} <= present for r in world.referrals
    )
    has_wish = any(cond.all_hold(w.requires, full) for w in world.wishes)
    has_barrier = any(cond.all_hold(b.requires, full) for b in world.barriers)
    if len(conflicts) < CONFLICT_COUNT[0] or not (has_referral and has_wish and has_barrier):
        raise Infeasible
    return profile, agencies


def draw_conflicts(world: World, facts: Facts, s: Stream) -> tuple[str, ...]:
    """Pick two or three conflicts between agencies that are present."""
    available = [c.id for c in world.conflicts if set(c.between) <= facts.agencies]
    chosen = set(s.sample(available, min(len(available), s.between(*CONFLICT_COUNT))))
    return tuple(c for c in available if c in chosen)


def draw_wish(world: World, facts: Facts, s: Stream) -> Wish:
    """Pick the wish, who holds it, the offer and one factor of each kind."""
    wish = s.choice([w for w in world.wishes if cond.all_hold(w.requires, facts)])
    members = facts.household.members
    holder = next((i for i, m in enumerate(members) if m.role == "partner"), 0)
    usable = {f.id: f.kind for f in world.factors if cond.all_hold(f.requires, facts)}
    factors = tuple(
        s.choice([f for f in wish.factors if usable.get(f) == kind])
        for kind in ("personal", "social", "environmental")
    )
    return Wish(wish=wish.id, holder=holder, offer=s.choice(wish.offers), factors=factors)


def draw_referral(world: World, facts: Facts, s: Stream) -> Referral:
    """Pick the wrong referral and four reactions, at least one of each tag."""
    options = [
        r
        for r in world.referrals
        if cond.all_hold(r.requires, facts) and {r.source, r.target} <= facts.agencies
    ]
    referral = s.choice(options)
    picked = [
        s.choice([r for r in world.reactions if r.tag == tag])
        for tag in ("single_loop", "double_loop", "defensive")
    ]
    rest = [r for r in world.reactions if r not in picked]
    picked.append(s.choice(rest))
    others = [a for a in facts.agencies if a != referral.source]
    speakers = [referral.source, *s.sample(sorted(others), REACTION_COUNT - 1)]
    pairs = s.shuffled(list(zip(picked, speakers, strict=True)))
    return Referral(referral.id, tuple(Reaction(r.id, a) for r, a in pairs))


def draw_barrier(world: World, facts: Facts, s: Stream) -> str:
    """Pick a systemic barrier that can arise in this household."""
    return s.choice([b.id for b in world.barriers if cond.all_hold(b.requires, facts)])
